"""The one schema for everything under ``data/``.

Every file in ``data/`` is validated against one of the models below; the
JSON Schema that editors use (``data/schema/*.schema.json``) is exported from
the same models by ``python -m guide schema``.

Field names for services follow Open Referral HSDS where it has one
(service, phone, schedule, eligibility, required document), but every piece
of reader-facing text is a :class:`Text`: one string per site language.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Iterator, Literal, Union
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    field_validator,
)

# ----------------------------------------------------------------------------
# Building blocks
# ----------------------------------------------------------------------------

LANGUAGES: tuple[str, ...] = ("en", "ru")

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
    Field(description="Stable id: lower-case letters, digits and hyphens."),
]

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]


def _https_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or " " in value:
        raise ValueError("must be a full https:// address")
    return value


HttpsUrl = Annotated[
    str,
    StringConstraints(pattern=r"^https://", max_length=2000),
    AfterValidator(_https_url),
    Field(description="A full https:// address."),
]

Email = Annotated[
    str,
    StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", max_length=320),
    Field(description="An email address."),
]

PhoneNumber = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9][0-9 ]{1,19}$"),
    Field(description="Digits and spaces as dialled, e.g. 999 or 101."),
]

ClockTime = Annotated[
    str,
    StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$"),
    Field(description="24-hour time, HH:MM."),
]

PageRange = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]+(-[0-9]+)?(, ?[0-9]+(-[0-9]+)?)*$"),
    Field(description="Page or pages in the source, e.g. 8 or 10-11 or 4-6, 11."),
]

SeedFile = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{3}_[0-9a-f]{16}\.txt$"),
    Field(description="File name of the source document in shared/seeds/."),
]

Audience = Literal["plr", "resident", "parent", "teacher"]
Kind = Literal["direct-access", "information", "contact"]


class Strict(BaseModel):
    """Base for every model: unknown fields are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Text(Strict):
    """Reader-facing text, once per site language. Both are required."""

    en: NonEmpty
    ru: NonEmpty


class TextList(Strict):
    """A list of short strings per language (e.g. search keywords)."""

    en: list[NonEmpty] = Field(default_factory=list)
    ru: list[NonEmpty] = Field(default_factory=list)


class Source(Strict):
    """Where the facts come from: seed file plus page(s) and section."""

    file: SeedFile
    pages: PageRange | None = None
    section: NonEmpty = Field(description="Heading of the section in the source, as printed there.")


# ----------------------------------------------------------------------------
# Contact channels (HSDS: phone, contact, schedule), one model per type
# ----------------------------------------------------------------------------


class _Channel(Strict):
    label: Text | None = Field(None, description="What the link or line says, e.g. 'Report online'.")
    notes: Text | None = Field(None, description="Anything the reader must know about this channel.")


class PhoneChannel(_Channel):
    type: Literal["phone"]
    number: PhoneNumber


class TextRelayChannel(_Channel):
    type: Literal["text-relay"]
    number: PhoneNumber


class EmailChannel(_Channel):
    type: Literal["email"]
    address: Email


class _Linked(_Channel):
    organisation: Slug = Field(description="Id in organisations.yml; its public home page is linked.")


class OnlineFormChannel(_Linked):
    type: Literal["online-form"]


class WebsiteChannel(_Linked):
    type: Literal["website"]


class AppChannel(_Linked):
    type: Literal["app"]
    stores: list[Slug] = Field(default_factory=list, description="Organisation ids of the app stores named.")


class Hours(Strict):
    """HSDS schedule: opening and closing time."""

    opens: ClockTime
    closes: ClockTime


class LiveChatChannel(_Linked):
    type: Literal["live-chat"]
    hours: Hours


class SignVideoChannel(_Linked):
    type: Literal["bsl-video"]


class InPersonChannel(_Channel):
    type: Literal["in-person"]
    place: Text
    organisation: Slug | None = None


Channel = Annotated[
    Union[
        PhoneChannel,
        TextRelayChannel,
        EmailChannel,
        OnlineFormChannel,
        WebsiteChannel,
        AppChannel,
        LiveChatChannel,
        SignVideoChannel,
        InPersonChannel,
    ],
    Field(discriminator="type"),
]

CHANNEL_TYPES: tuple[str, ...] = (
    "phone",
    "text-relay",
    "email",
    "online-form",
    "website",
    "app",
    "live-chat",
    "bsl-video",
    "in-person",
)


NODE_TYPES: tuple[str, ...] = ("question", "outcome")


class Eligibility(Strict):
    """HSDS eligibility: who can use the service."""

    minimum_age: int | None = Field(None, ge=0, le=120)
    maximum_age: int | None = Field(None, ge=0, le=120)
    description: Text | None = None


# ----------------------------------------------------------------------------
# Records
# ----------------------------------------------------------------------------


class Service(Strict):
    """One service, scheme, team or operation of the guide (data/services/<section>/<id>.yml)."""

    id: Slug
    title: Text
    summary: Text = Field(description="One or two sentences: what it is and who it is for.")
    body: Text = Field(description="Markdown: what the guide says that the fields below do not.")
    section: Slug = Field(description="Id in sections.yml; must match the folder.")
    also_in: list[Slug] = Field(default_factory=list, description="Other sections that list it.")
    audiences: Annotated[list[Audience], Field(min_length=1)]
    kind: Kind
    channels: list[Channel] = Field(default_factory=list)
    eligibility: Eligibility | None = None
    how_to_apply: list[Text] = Field(default_factory=list, description="Steps, in order.")
    what_happens: list[Text] = Field(default_factory=list, description="What happens next, in order.")
    what_you_need: list[Text] = Field(default_factory=list, description="HSDS required document.")
    related: list[Slug] = Field(default_factory=list)
    keywords: TextList = Field(default_factory=TextList, description="Names and words people search for.")
    sensitive: bool = Field(False, description="About abuse or harm: reader may be at risk.")
    jurisdiction: Slug
    source: Source
    reviewed: dt.date = Field(description="Date the record was last checked against its source.")


class Section(Strict):
    id: Slug
    title: Text
    summary: Text
    source: Source


class Sections(RootModel[list[Section]]):
    pass


class AudienceHub(Strict):
    id: Slug
    title: Text
    summary: Text
    intro: Text
    audiences: Annotated[list[Audience], Field(min_length=1)]


class AudienceHubs(RootModel[list[AudienceHub]]):
    pass


class Jurisdiction(Strict):
    id: Slug
    name: Text
    notice: Text | None = Field(None, description="Shown prominently on pages whose rules apply elsewhere.")


class Jurisdictions(RootModel[list[Jurisdiction]]):
    pass


class SourceDocument(Strict):
    file: SeedFile
    title: Text
    date: dt.date | None = None
    jurisdiction: Slug
    language: Literal["en", "ru"]


class SourceDocuments(RootModel[list[SourceDocument]]):
    pass


class Organisation(Strict):
    id: Slug
    name: Text
    url: HttpsUrl | None = Field(None, description="Public home page. None when the guide gives no address.")


class Organisations(RootModel[list[Organisation]]):
    pass


class EmergencyRoute(Strict):
    id: Slug
    title: Text
    text: Text
    services: list[Slug] = Field(default_factory=list)


class Home(Strict):
    title: Text
    lead: Text
    emergency_title: Text
    emergency: Annotated[list[EmergencyRoute], Field(min_length=1)]
    ways_in_title: Text
    by_audience_title: Text
    by_topic_title: Text
    search_title: Text
    search_text: Text


class Ui(Strict):
    """Labels used by templates. Every label exists in both languages."""

    emergency_banner: Text
    applies_to: Text
    source: Text
    page: Text
    pages: Text
    last_reviewed: Text
    kind: Text
    kind_direct_access: Text
    kind_information: Text
    kind_contact: Text
    audiences: Text
    audience_plr: Text
    audience_resident: Text
    audience_parent: Text
    audience_teacher: Text
    who_it_is_for: Text
    minimum_age: Text
    maximum_age: Text
    how_to_contact: Text
    how_to_apply: Text
    what_happens: Text
    what_you_need: Text
    related: Text
    also_listed_in: Text
    in_this_section: Text
    all_topics: Text
    all_topics_summary: Text
    all_services: Text
    all_services_summary: Text
    channel_phone: Text
    channel_text_relay: Text
    channel_email: Text
    channel_online_form: Text
    channel_website: Text
    channel_app: Text
    channel_live_chat: Text
    channel_bsl_video: Text
    channel_in_person: Text
    hours: Text
    no_address: Text
    available_from: Text
    sections_title: Text
    print_guide_title: Text
    print_guide_intro: Text
    forms_title: Text
    handout_link: Text
    handout_more: Text
    open_data_note: Text
    whole_document: Text
    exit_page: Text
    exit_hint: Text
    exit_press_two: Text
    exit_press_one: Text
    exit_activated: Text
    safe_online: Text
    search_title: Text
    search_label: Text
    search_button: Text
    search_results: Text
    search_none: Text
    search_help_title: Text
    search_help_emergency: Text = Field(description="{number} marks where the linked emergency number goes.")
    search_help_other: Text
    search_needs_js: Text
    quote_open: Text
    quote_close: Text
    search_kind_service: Text
    search_kind_pathway: Text
    search_kind_document: Text
    search_kind_glossary: Text
    search_kind_role: Text
    search_kind_section: Text
    search_kind_audience: Text
    search_kind_topic: Text
    search_kind_part: Text
    pathways_title: Text
    pathways_summary: Text
    pathways_all: Text
    page_previous: Text
    page_next: Text
    page_of: Text
    title_page_of: Text
    pathways_for_you: Text
    answers_so_far: Text
    change: Text
    start_again: Text
    based_on_answers: Text
    services_to_use: Text
    documents_to_read: Text
    have_ready: Text
    pathway_999_title: Text
    pathway_999: Text
    tree_title: Text
    tree_summary: Text
    question_label: Text
    outcome_label: Text
    clauses: Text
    clause: Text
    documents_title: Text
    documents_summary: Text
    document_number: Text
    document_date: Text
    document_parts: Text
    document_text: Text
    roles_title: Text
    role_lead: Text
    other_duties: Text
    modality_must: Text
    modality_must_not: Text
    modality_may: Text
    when: Text
    exchange_title: Text
    exchange_summary: Text
    who_tells: Text
    who_is_told: Text
    what: Text
    how_soon: Text
    timing_immediately: Text
    timing_promptly: Text
    timing_quarterly: Text
    timing_by_agreement: Text
    timing_on_request: Text
    timing_other: Text
    timeline_title: Text
    local_services: Text
    legal_refs: Text
    glossary_title: Text
    glossary_summary: Text
    terms_on_page: Text
    documents_for_you: Text

    @field_validator("search_help_emergency")
    @classmethod
    def _has_number(cls, value: Text) -> Text:
        for lang in LANGUAGES:
            if getattr(value, lang).count("{number}") != 1:
                raise ValueError(f"must contain {{number}} once in each language (missing in {lang})")
        return value


# ----------------------------------------------------------------------------
# Documents: procedures and policies (data/documents/<id>.yml)
# ----------------------------------------------------------------------------

ClauseRef = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
    Field(description="Clause, section or appendix number as printed in the source, e.g. 2.2.2.1 or XIV."),
]

Quote = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=400),
    Field(description="The exact words of the source (in its own language) that state a number, time or "
                      "deadline; tests check they appear in the source."),
]

Modality = Literal["must", "must-not", "may"]


class DocSection(Strict):
    """One part of the document's own structure, in its order."""

    id: Slug
    ref: ClauseRef | None = None
    title: Text
    body: Text | None = Field(None, description="Markdown: what this part of the document says.")
    sections: list["DocSection"] = Field(default_factory=list)

    def walk(self) -> Iterator["DocSection"]:
        """This section and every section below it, in document order."""
        yield self
        for child in self.sections:
            yield from child.walk()


class Period(Strict):
    id: Slug
    title: Text
    summary: Text | None = None
    ref: ClauseRef | None = None


class Duty(Strict):
    """Something a role must, must not or may do."""

    text: Text
    modality: Modality = "must"
    period: Slug | None = Field(None, description="Id of one of the document's periods.")
    when: Text | None = Field(None, description="Time or deadline, as the source states it.")
    quote: Quote | None = None
    ref: ClauseRef | None = None


class Role(Strict):
    id: Slug
    title: Text
    summary: Text
    duties: list[Duty] = Field(default_factory=list, description="In the order the source gives them.")


class Flow(Strict):
    """Information one party gives another: what, and how soon."""

    id: Slug
    sender: Slug = Field(description="Role id of who tells.")
    receiver: Slug = Field(description="Role id of who is told.")
    what: Text
    timing: Literal["immediately", "promptly", "quarterly", "by-agreement", "on-request", "other"]
    when: Text = Field(description="How soon, as the source states it.")
    quote: Quote | None = None
    ref: ClauseRef | None = None


class TimelineStep(Strict):
    """A step of a procedure, in order, with its time where the source gives one."""

    time: Text | None = None
    text: Text
    role: Slug | None = None
    quote: Quote | None = None
    ref: ClauseRef | None = None


class FormItem(Strict):
    kind: Literal["check", "field", "text", "heading"] = Field(
        description="check: a box to tick; field: a blank to fill in; text: printed text; heading: a sub-heading."
    )
    text: Text
    ref: ClauseRef | None = None


class Form(Strict):
    """A checklist, form or set of instructions to print and use (A4)."""

    id: Slug
    kind: Literal["checklist", "form", "instructions"]
    ref: ClauseRef | None = Field(None, description="Appendix number as printed.")
    title: Text
    intro: Text | None = None
    items: Annotated[list[FormItem], Field(min_length=1)]


class TopicGroup(Strict):
    id: Slug
    title: Text
    summary: Text | None = None


class Topic(Strict):
    """A threat, principle, guideline or instrument, linked to the local services it touches."""

    id: Slug
    group: Slug
    ref: ClauseRef | None = None
    title: Text
    body: Text
    services: list[Slug] = Field(default_factory=list, description="Service ids of local services it touches.")


class LegalRef(Strict):
    title: Text
    ref: ClauseRef | None = None


class Document(Strict):
    """A procedure or policy document (data/documents/<id>.yml)."""

    id: Slug
    title: Text
    short_title: Text
    summary: Text
    number: NonEmpty | None = Field(None, description="The document's own number(s) as printed.")
    date: dt.date | None = None
    jurisdiction: Slug
    audiences: Annotated[list[Audience], Field(min_length=1)]
    source: Source
    legal_refs: list[LegalRef] = Field(default_factory=list)
    sections: Annotated[list[DocSection], Field(min_length=1)]
    periods: list[Period] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    flows: list[Flow] = Field(default_factory=list)
    timeline: list[TimelineStep] = Field(default_factory=list)
    timeline_title: Text | None = None
    forms: list[Form] = Field(default_factory=list)
    topic_groups: list[TopicGroup] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)
    keywords: TextList = Field(default_factory=TextList)
    reviewed: dt.date

    def all_sections(self) -> Iterator[DocSection]:
        """Every section of the document's text, at every depth, in document order."""
        for section in self.sections:
            yield from section.walk()


class GlossaryTerm(Strict):
    id: Slug
    term: Text = Field(description="The term as written in each language, e.g. PLR / PLR, ПДН / PDN (ПДН).")
    expansion: Text = Field(description="What the abbreviation stands for.")
    definition: Text
    match: TextList = Field(description="Exact forms that mark a use of the term in page text, per language.")
    jurisdiction: Slug
    source: Source


class Glossary(RootModel[list[GlossaryTerm]]):
    pass


# ----------------------------------------------------------------------------
# Pathways: "who do I contact?" decision trees (data/pathways/<id>.yml)
# ----------------------------------------------------------------------------


class Option(Strict):
    label: Text
    next: Slug = Field(description="Id of the node this answer leads to.")


class DocumentLink(Strict):
    document: Slug
    role: Slug | None = None
    section: Slug | None = None


class QuestionNode(Strict):
    type: Literal["question"]
    id: Slug
    text: Text = Field(description="The question, one per page.")
    hint: Text | None = None
    options: Annotated[list[Option], Field(min_length=2)]


class OutcomeNode(Strict):
    type: Literal["outcome"]
    id: Slug
    title: Text
    text: Text = Field(description="Markdown: what to do, after 'Based on your answers'.")
    emergency: bool = Field(False, description="The call-999 outcome of a pathway about harm.")
    next_steps: list[Text] = Field(default_factory=list, description="What to do, in order.")
    services: list[Slug] = Field(default_factory=list, description="Service ids to link.")
    documents: list[DocumentLink] = Field(default_factory=list)
    have_ready: list[Text] = Field(default_factory=list, description="What to have ready.")
    sensitive: bool = False


Node = Annotated[Union[QuestionNode, OutcomeNode], Field(discriminator="type")]


class Pathway(Strict):
    """A decision tree that ends on the right service (data/pathways/<id>.yml)."""

    id: Slug
    title: Text
    summary: Text
    audiences: Annotated[list[Audience], Field(min_length=1)]
    jurisdiction: Slug
    about_harm: bool = Field(description="True: must start by asking about immediate danger.")
    start: Slug
    nodes: Annotated[list[Node], Field(min_length=2)]
    keywords: TextList = Field(default_factory=TextList)
    reviewed: dt.date


# ----------------------------------------------------------------------------
# Search: words readers type, and what the search page offers when nothing is found (data/search.yml)
# ----------------------------------------------------------------------------

SearchWord = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
    Field(description="A word or a short phrase as readers type it, e.g. scam or non emergency."),
]


class SynonymGroup(Strict):
    """Words readers use for one thing, in each language. A query with one of them also looks for the others
    (ranked below the words typed). Words, not facts: each must mean what the pages it leads to say."""

    en: Annotated[list[SearchWord], Field(min_length=1)]
    ru: Annotated[list[SearchWord], Field(min_length=1)]


class NothingFound(Strict):
    """What the search page offers when a search finds nothing (its words are in ui.yml)."""

    emergency_number: PhoneNumber = Field(description="The emergency number, linked as tel:, e.g. 999.")
    pathway: Slug = Field(description="Id of the pathway that helps readers find whom to contact.")
    services: list[Slug] = Field(default_factory=list, description="Service ids offered for non-emergencies.")
    sections: list[Slug] = Field(default_factory=list, description="Section ids offered for non-emergencies.")


class FillerWords(Strict):
    """Words readers add to a query that say nothing about what they look for, per language."""

    en: list[SearchWord] = Field(default_factory=list)
    ru: list[SearchWord] = Field(default_factory=list)


class SearchSettings(Strict):
    """data/search.yml."""

    synonyms: list[SynonymGroup] = Field(default_factory=list)
    filler_words: FillerWords = Field(default_factory=FillerWords,
                                      description="Left out of queries (the pages keep them), e.g. someone.")
    nothing_found: NothingFound


MODELS: dict[str, type[BaseModel]] = {
    "pathway": Pathway,
    "document": Document,
    "glossary": Glossary,
    "service": Service,
    "sections": Sections,
    "audiences": AudienceHubs,
    "jurisdictions": Jurisdictions,
    "sources": SourceDocuments,
    "organisations": Organisations,
    "home": Home,
    "ui": Ui,
    "search": SearchSettings,
}
