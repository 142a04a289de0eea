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
from typing import Annotated, Any, ClassVar, Iterator, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    field_validator,
)

from .text import placeholder_problem

# ----------------------------------------------------------------------------
# Building blocks
# ----------------------------------------------------------------------------

LANGUAGES: tuple[str, ...] = ("en", "ru")

# Typed values have their real shape, so none of them can carry markup. Each pattern has the hint
# that ``make check`` prints when a value does not match it (PATTERN_HINTS).
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_HOST = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOMAIN = rf"{_HOST}(?:\.{_HOST})*\.[A-Za-z]{{2,63}}"
# https://host[:port][/path?query#fragment]: no spaces, quotes, backticks, brackets or <>
URL_PATTERN = rf"^https://{_DOMAIN}(?::[0-9]{{1,5}})?(?:[/?#][A-Za-z0-9._~%!$&+,;=:@/?#-]*)?$"
EMAIL_PATTERN = rf"^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@{_DOMAIN}$"
PHONE_PATTERN = r"^[0-9][0-9 ]{1,19}$"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
PAGES_PATTERN = r"^[0-9]+(-[0-9]+)?(, ?[0-9]+(-[0-9]+)?)*$"
SEED_PATTERN = r"^[0-9]{3}_[0-9a-f]{16}\.txt$"
# Clause and document numbers as printed: 2.2.2.1, XIV.D, V.A.6.b, "Приложение 2, п. 1.2",
# "6.4.7; 6.4.8", "от 24.06.99 N 120-ФЗ", "№ 1282", "Minn. Stat. § 121A.031",
# "393 U.S. 503 (1969)", "7120/10 (CO EUR-PREP 8, JAI 182)": letters (Latin, Cyrillic), digits,
# spaces and . , ; / ( ) - № §; starts with a letter, digit, № or §, ends with one or . or ).
_REF_CHARS = "0-9A-Za-zА-Яа-яЁё№§"
STAMP_PATTERN = r"^[0-9a-f]{8}$"
TERM_PATTERN = r"^[^\s*]+\*?( [^\s*]+\*?)*$"
REF_PATTERN = rf"^[{_REF_CHARS}](?:[{_REF_CHARS} .,;/()-]*[{_REF_CHARS}.)])?$"

# pattern -> (what the value must be, its shape): "must be an email address, got 'x': write ..."
PATTERN_HINTS: dict[str, tuple[str, str]] = {
    SLUG_PATTERN: ("must be an id of lower-case letters, digits and hyphens", ""),
    URL_PATTERN: ("must be a full https:// address",
                  "write https://host.domain/path, without spaces, quotes, brackets or <>"),
    EMAIL_PATTERN: ("must be an email address", "write name@host.domain, without spaces, quotes, brackets or <>"),
    PHONE_PATTERN: ("must be a phone number of digits and spaces", ""),
    TIME_PATTERN: ("must be a 24-hour time HH:MM", ""),
    PAGES_PATTERN: ("must be a page or pages like 8, 10-11 or 4-6, 11", ""),
    SEED_PATTERN: ("must be a seed file name like 004_4f057458d05a7ef0.txt", ""),
    STAMP_PATTERN: ("must be a stamp of 8 hex digits, written by `make checked`", ""),
    TERM_PATTERN: ("must be words separated by single spaces, * only at the end of a word", ""),
    REF_PATTERN: ("must be a number as printed in the source",
                  "letters, digits, spaces and . , ; / ( ) - № §, e.g. 2.2.2.1, XIV.D or Приложение 2, п. 1.2"),
}

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description="Stable id: lower-case letters, digits and hyphens."),
]

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]

HttpsUrl = Annotated[
    str,
    StringConstraints(pattern=URL_PATTERN, max_length=2000),
    Field(description="A full https:// address of a real host; no spaces, quotes, brackets or <>."),
]

Email = Annotated[
    str,
    StringConstraints(pattern=EMAIL_PATTERN, max_length=320),
    Field(description="An email address: name@host.domain, no spaces, quotes, brackets or <>."),
]

PhoneNumber = Annotated[
    str,
    StringConstraints(pattern=PHONE_PATTERN),
    Field(description="Digits and spaces as dialled, e.g. 999 or 101."),
]

ClockTime = Annotated[
    str,
    StringConstraints(pattern=TIME_PATTERN),
    Field(description="24-hour time, HH:MM."),
]

PageRange = Annotated[
    str,
    StringConstraints(pattern=PAGES_PATTERN),
    Field(description="Page or pages in the source, e.g. 8 or 10-11 or 4-6, 11."),
]

SeedFile = Annotated[
    str,
    StringConstraints(pattern=SEED_PATTERN),
    Field(description="File name of the source document in shared/seeds/."),
]


def _not_in_the_future(value: dt.date) -> dt.date:
    """Review and change dates record what has happened: never after today (the build machine's date)."""
    today = dt.date.today()
    if value > today:
        raise ValueError(f"is in the future ({value.isoformat()}, today is {today.isoformat()}): "
                         "write the date it happened")
    return value


ReviewDate = Annotated[
    dt.date,
    AfterValidator(_not_in_the_future),
    Field(description="Date the record was last checked against its source; not after today."),
]

MAX_KEYWORDS = 80  # per language; the real data has at most 32
MAX_KEYWORD_LENGTH = 100  # characters; the real data's longest is 45

Keyword = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_KEYWORD_LENGTH)]

LanguageCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}$"),
    Field(description="ISO 639-1 or ISO 639-3 language code, e.g. bfi for British Sign Language."),
]

Audience = Literal["plr", "resident", "parent", "teacher"]
Kind = Literal["direct-access", "information", "contact"]


class Strict(BaseModel):
    """Base for every model: unknown fields are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


Stamp = Annotated[
    str,
    StringConstraints(pattern=STAMP_PATTERN),
    Field(description=(
        "Which version of the original this translation was checked against: the first 8 hex digits of "
        "the SHA-256 of the source-language text with its white space collapsed. Written by `make checked` "
        "or `make xliff-import`, not by hand. `make check` warns when the original no longer matches it."
    )),
]

SOURCE_LANGUAGE_NOTE = (
    "The source language of a record is the `language` of its `source.file` in data/sources.yml "
    "(English for the Northamptonshire guide, the EU strategy and Minnesota policy 524; Russian for the two "
    "Russian documents); records and files without a source (ui.yml, home.yml, audiences, organisations, "
    "jurisdictions, pathways) are English-source. The other language is a translation of it."
)


class Text(Strict):
    """Reader-facing text, once per site language. Both are required."""

    model_config = ConfigDict(json_schema_extra={"description": (
        "Reader-facing text, once per site language; both are required. " + SOURCE_LANGUAGE_NOTE
        + " `checked` records which version of the original the translation was checked against."
    )})

    en: NonEmpty
    ru: NonEmpty
    checked: Stamp | None = None


class Prose(Text):
    """Reader-facing prose, once per site language: paragraphs, lists (- or 1.), **bold**, *emphasis* and
    ## headings. Nothing else: HTML, links and images stay literal text."""


class Name(Text):
    """A name, acronym or code, once per language: it may read the same in both (e.g. CEPOL)."""


class Label(Text):
    """An interface label in both languages. It uses every placeholder listed in x-placeholders
    (written {name}), no other, and no brace anywhere else."""

    placeholders: ClassVar[tuple[str, ...]] = ()

    @field_validator("en", "ru")
    @classmethod
    def _only_declared_placeholders(cls, value: str) -> str:
        problem = placeholder_problem(value, cls.placeholders)
        if problem:
            raise ValueError(problem)
        return value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        schema = handler.resolve_ref_schema(handler(core_schema))
        names = "|".join(cls.placeholders)
        pattern = rf"^[^{{}}]*(\{{({names})\}}[^{{}}]*)*$" if names else r"^[^{}]*$"
        for lang in LANGUAGES:
            schema["properties"][lang]["pattern"] = pattern
        schema["x-placeholders"] = list(cls.placeholders)
        return schema


class PageNumberLabel(Label):
    """An interface label that takes {number} (this page) and {count} (how many pages)."""

    placeholders = ("number", "count")


class NumberLabel(Label):
    """An interface label that takes {number}: where a phone number (a tel: link) goes."""

    placeholders = ("number",)


class KeyLabel(Label):
    """An interface label that takes {key}: where the name of the key (Shift) goes."""

    placeholders = ("key",)


class LinkLabel(Label):
    """The words of a link to an organisation's home page: {site} (the organisation's `site_name`) and {what}
    (the channel's `look_for`, what to find there)."""

    placeholders = ("site", "what")


class AddressLabel(Label):
    """An interface label that takes {address}: where a link to an address (mail or web) goes."""

    placeholders = ("address",)


class TextList(Strict):
    """A list of short strings per language (e.g. search keywords)."""

    model_config = ConfigDict(json_schema_extra={"description": (
        "A list of short strings per language (e.g. search keywords). " + SOURCE_LANGUAGE_NOTE
        + " `checked` records which version of the original list the other list was checked against."
    )})

    en: Annotated[list[Keyword], Field(max_length=MAX_KEYWORDS)] = Field(default_factory=list)
    ru: Annotated[list[Keyword], Field(max_length=MAX_KEYWORDS)] = Field(default_factory=list)
    checked: Stamp | None = None


class NameList(TextList):
    """Names, acronyms or codes per language: the two lists may be the same."""


class Source(Strict):
    """Where the facts come from: seed file plus page(s) and section."""

    file: SeedFile
    pages: PageRange | None = None
    section: NonEmpty = Field(description="Heading of the section in the source, as printed there.")


class Change(Strict):
    """A dated note, in both languages, of what changed in the record for readers."""

    date: Annotated[dt.date, AfterValidator(_not_in_the_future)] = Field(description="When the change was made.")
    note: Text = Field(description="What changed, for readers, in a sentence or two.")


def _newest_first(changes: list[Change]) -> list[Change]:
    for before, after in zip(changes, changes[1:]):
        if after.date > before.date:
            raise ValueError(f"must be listed newest first ({after.date.isoformat()} comes after "
                             f"{before.date.isoformat()})")
    return changes


Changes = Annotated[
    list[Change],
    AfterValidator(_newest_first),
    Field(description=(
        "What changed for readers, newest first. Distinct from `reviewed`: a review that changed nothing is "
        "not news and gets no note. Shown on the page, on the \"What's new\" page and in the Atom feed."
    )),
]


# ----------------------------------------------------------------------------
# Contact channels (HSDS: phone, contact, schedule), one model per type
# ----------------------------------------------------------------------------


class _Channel(Strict):
    label: Text | None = Field(None, description=(
        "What the channel is for, e.g. 'Report suspicious activity'. Shown as text beside the link or number, "
        "never as the link's words (a link says where it goes: see `look_for`)."))
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
    look_for: Name | None = Field(None, description=(
        "What to find on the organisation's site, since the link opens its home page: the page as the source "
        "names it (or the service's name where it names none), e.g. Herbert Protocol. The link says "
        "'<site>: search for <look_for>' (ui.yml `link_search`; live chat: `link_look_for`). Keep in English "
        "what the reader must type on an English site (the Russian may then be the same). Required wherever the "
        "organisation has a `url`."))


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


class ServiceLanguage(Strict):
    """HSDS language: a language the source says the service is delivered in. Not a language
    reached only through an interpreter: that is the service's `interpretation`."""

    code: LanguageCode
    name: Text
    note: Text | None = Field(None, description="How the service is delivered in this language.")


# ----------------------------------------------------------------------------
# Records
# ----------------------------------------------------------------------------


class Service(Strict):
    """One service, scheme, team or operation of the guide (data/services/<section>/<id>.yml)."""

    id: Slug
    title: Text
    summary: Text = Field(description="One or two sentences: what it is and who it is for.")
    body: Prose = Field(description="What the guide says that the fields below do not.")
    section: Slug = Field(description="Id in sections.yml; must match the folder.")
    also_in: list[Slug] = Field(default_factory=list, description="Other sections that list it.")
    audiences: Annotated[list[Audience], Field(min_length=1)]
    kind: Kind
    channels: list[Channel] = Field(default_factory=list)
    eligibility: Eligibility | None = None
    organisation: Slug | None = Field(
        None, description="Id in organisations.yml of the organisation that runs the service, where it is not "
        "the publisher of its source (see `publisher` in sources.yml).")
    languages: list[ServiceLanguage] = Field(
        default_factory=list, description="Languages the source says the service is delivered in (HSDS "
        "languages). Leave empty where the source states none.")
    interpretation: Text | None = Field(
        None, description="Interpreting or translation the source says is available (HSDS interpretation_services).")
    how_to_apply: list[Text] = Field(default_factory=list, description="Steps, in order.")
    what_happens: list[Text] = Field(default_factory=list, description="What happens next, in order.")
    what_you_need: list[Text] = Field(default_factory=list, description="HSDS required document.")
    related: list[Slug] = Field(default_factory=list)
    keywords: TextList = Field(default_factory=TextList, description="Names and words people search for.")
    sensitive: bool = Field(False, description="About abuse or harm: reader may be at risk.")
    jurisdiction: Slug
    source: Source
    reviewed: ReviewDate
    changes: Changes = Field(default_factory=list)


class Section(Strict):
    id: Slug
    title: Text
    summary: Text
    source: Source
    sensitive_records: bool = Field(
        False, description="About abuse or harm: every record in it (as its section or in also_in) must set "
                           "sensitive: true, so its page has 'Exit this page'.")


class Sections(RootModel[list[Section]]):
    pass


class AudienceHub(Strict):
    id: Slug
    title: Text
    summary: Text
    intro: Prose
    audiences: Annotated[list[Audience], Field(min_length=1)]
    elsewhere: bool = Field(False, description=(
        "Also list the documents and pathways of other places (Russia, Minnesota, the EU) for these audiences, "
        "under their own heading. Off: the hub lists only what applies in the guide's own place."))


class AudienceHubs(RootModel[list[AudienceHub]]):
    pass


class EmergencyLine(Strict):
    """What to do in an emergency where a page's rules apply: shown at the top of every such page."""

    number: PhoneNumber = Field(description="The emergency number there, e.g. 999 (a tel: link on the page).")
    line: Text = Field(description="One short sentence that says to call it, e.g. 'In an emergency, call 999.'; "
                                   "name the country where the page may be read elsewhere.")
    more: Text | None = Field(None, description=(
        "What else a reader there can do in an emergency (e.g. other languages, sign language), for handouts."))
    source: Source = Field(description="Where the sources give this number.")


class Jurisdiction(Strict):
    id: Slug
    name: Text
    notice: Text | None = Field(None, description="Shown prominently on pages whose rules apply elsewhere.")
    emergency: EmergencyLine | None = Field(None, description=(
        "The emergency line of pages whose rules apply here. None where the sources give no emergency number "
        "for this place: those pages show none (never another country's number unqualified)."))


class Jurisdictions(RootModel[list[Jurisdiction]]):
    pass


class SourceDocument(Strict):
    file: SeedFile
    title: Text
    date: dt.date | None = None
    jurisdiction: Slug
    language: Literal["en", "ru"]
    publisher: Slug | None = Field(
        None, description="Id in organisations.yml of the organisation that published the source. It runs the "
        "services the source lists, unless a service names another `organisation`.")


class SourceDocuments(RootModel[list[SourceDocument]]):
    pass


class Organisation(Strict):
    model_config = ConfigDict(json_schema_extra={"dependentRequired": {"url": ["site_name"]}})

    id: Slug
    name: Name
    description: Text = Field(description="What the organisation is or does, as the sources say (open data).")
    url: HttpsUrl | None = Field(None, description="Public home page. None when the guide gives no address.")
    site_name: Name | None = Field(None, description=(
        "What its site is called at the start of a link, e.g. 'Northamptonshire Police website' or 'App Store'. "
        "Required with `url`."))


class Organisations(RootModel[list[Organisation]]):
    pass


class EmergencyRoute(Strict):
    id: Slug
    title: Text
    text: Prose
    services: list[Slug] = Field(default_factory=list)


class Home(Strict):
    """The home page: the emergency routes and one primary action on the first screen, then the ways in."""

    title: Text
    lead: Text
    emergency_title: Text
    emergency: Annotated[list[EmergencyRoute], Field(min_length=1, description=(
        "The first route is the emergency call (a large call button for the guide's place's emergency number); "
        "the others are short routes with links to their services."))]
    start: Slug = Field(description="Id of the pathway offered as the page's primary action (Who do I contact?).")
    ways_in_title: Text
    by_audience_title: Text
    by_topic_title: Text
    more_title: Text = Field(description="Heading of the other ways in: A to Z, search, pathways, glossary...")
    elsewhere_title: Text = Field(description="Heading of the material for other countries.")
    elsewhere_text: Text = Field(description="Says that this material does not apply in the guide's own place.")
    search_title: Text
    search_text: Text


class Ui(Strict):
    """Labels used by templates. Every label exists in both languages."""

    site_short_name: Label = Field(description="The site's name in the header: short enough for a phone.")
    call_words: TextList = Field(description="Words before a phone number in text that make it a number to call "
                                             "(it becomes a tel: link), e.g. call, calling.")
    applies_to: Label
    source: Label
    page: Label
    pages: Label
    last_reviewed: Label
    kind: Label
    kind_direct_access: Label
    kind_information: Label
    kind_contact: Label
    audiences: Label
    audience_plr: Label
    audience_resident: Label
    audience_parent: Label
    audience_teacher: Label
    who_it_is_for: Label
    minimum_age: Label
    maximum_age: Label
    how_to_contact: Label
    how_to_apply: Label
    what_happens: Label
    what_you_need: Label
    related: Label
    also_listed_in: Label
    in_this_section: Label
    all_topics: Label
    all_topics_summary: Label
    all_services: Label
    all_services_summary: Label
    channel_phone: Label
    channel_text_relay: Label
    channel_email: Label
    channel_online_form: Label
    channel_website: Label
    channel_app: Label
    channel_live_chat: Label
    channel_bsl_video: Label
    channel_in_person: Label
    hours: Label
    no_address: Label
    available_from: Label
    link_search: LinkLabel = Field(description=(
        "Words of a link to an organisation's home page: {site} is its site_name, {what} what to search for there."))
    link_look_for: LinkLabel = Field(description=(
        "Words of a link to a home page where the reader looks for something on the page itself (live chat)."))
    sections_title: Label
    print_guide_title: Label
    print_guide_summary: Label
    print_guide_intro: Label
    print_guide_link: Label
    print_contents: Label
    print_published_by: Label
    print_based_on: Label
    print_each_part: Label
    print_pdf: Label
    print_button: Label
    print_hint: Label
    forms_title: Label
    handout_link: Label
    handout_more: Label
    handout_about: Label
    handout_emergency: Label
    handout_scan: Label
    handout_no_address: Label = Field(description="Beside the page's path on a handout built without the site's "
                                                  "address (no QR code).")
    handout_pdf: Label
    pack_title: Label
    pack_summary: Label
    pack_intro: Label
    pack_needs_js: Label
    pack_ready: Label
    pack_empty: Label
    pack_not_found: Label
    pack_failed: Label
    pack_loading: Label
    pack_pick: Label
    pack_add: Label
    pack_make: Label
    pack_ready_link: Label
    open_data_note: Label
    open_data_updated_by: Label
    whole_document: Label
    exit_page: Label
    exit_hint: KeyLabel
    exit_press_two: Label
    exit_press_one: Label
    exit_activated: Label
    safe_online: Label
    search_title: Label
    search_label: Label
    search_button: Label
    search_results: Label
    search_none: Label
    search_needs_js: Label
    quote_open: Label
    quote_close: Label
    search_kind_service: Label
    search_kind_pathway: Label
    search_kind_document: Label
    search_kind_glossary: Label
    search_kind_role: Label
    search_kind_section: Label
    search_kind_audience: Label
    search_kind_topic: Label
    search_kind_part: Label
    pathways_title: Label
    pathways_summary: Label
    pathways_all: Label
    page_previous: Label
    page_next: Label
    page_of: PageNumberLabel
    title_page_of: PageNumberLabel
    pathways_for_you: Label
    call_now: NumberLabel = Field(description="The words of a large call button, e.g. 'Call {number}'.")
    on_this_page: Label
    elsewhere_title: Label = Field(description="Heading of a hub's material for other countries.")
    answers_so_far: Label
    change: Label
    start_again: Label
    based_on_answers: Label
    services_to_use: Label
    documents_to_read: Label
    have_ready: Label
    pathway_999_title: Label
    pathway_999: Label
    tree_title: Label
    tree_summary: Label
    question_label: Label
    outcome_label: Label
    clauses: Label
    clause: Label
    documents_title: Label
    documents_summary: Label
    document_number: Label
    document_date: Label
    document_parts: Label
    document_text: Label
    roles_title: Label
    role_lead: Label
    other_duties: Label
    modality_must: Label
    modality_must_not: Label
    modality_may: Label
    modality_recommended: Label
    when: Label
    exchange_title: Label
    exchange_summary: Label
    who_tells: Label
    who_is_told: Label
    what: Label
    how_soon: Label
    timing_immediately: Label
    timing_promptly: Label
    timing_quarterly: Label
    timing_by_agreement: Label
    timing_on_request: Label
    timing_other: Label
    timeline_title: Label
    local_services: Label
    legal_refs: Label
    glossary_title: Label
    glossary_summary: Label
    terms_on_page: Label
    documents_for_you: Label
    search_help_title: Label
    search_help_emergency: NumberLabel = Field(description="{number} marks where the linked emergency number goes.")
    search_help_other: Label
    # Translations and change history (hooks/guide/translations.py, hooks/guide/changes.py)
    translation_stale: Label = Field(description=(
        "Notice on a page whose original changed after its translation was checked; the en text is for "
        "English pages translated from Russian, the ru text for Russian pages translated from English."))
    translation_unchecked: Label = Field(description="Notice on a page whose translation was never checked.")
    whats_new_title: Label
    whats_new_summary: Label
    whats_new_none: Label
    last_updated: Label = Field(description="Label before the date of a record's newest change note.")
    changes_title: Label = Field(description="Heading of the change notes on a record's page.")
    feed_title: Label
    feed_subtitle: Label
    feed_author: Label
    feed_link: Label
    # Who runs the site: the footer of every page and the About page (hooks/guide/trust.py)
    footer_title: Label = Field(description="Heading of the footer's links, for screen readers only.")
    footer_report: Label
    footer_about: Label
    footer_accessibility: Label
    footer_privacy: Label
    report_subject: Label = Field(description="Subject of the email a reader writes to report a problem; the "
                                              "page's title follows it.")
    report_page: Label = Field(description="In that email, before the page's address.")
    report_what: Label = Field(description="In that email, where the reader says what is wrong.")
    report_contact: AddressLabel = Field(description="About page: where to send a report; {address} is a link to "
                                                     "the configured address (mkdocs.yml extra.report_url).")
    report_contact_none: Label = Field(description="About page, when no report address is configured.")


# ----------------------------------------------------------------------------
# Documents: procedures and policies (data/documents/<id>.yml)
# ----------------------------------------------------------------------------

ClauseRef = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=60, pattern=REF_PATTERN),
    Field(description="Clause, section or appendix number as printed in the source, e.g. 2.2.2.1 or XIV."),
]

DocNumber = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120, pattern=REF_PATTERN),
    Field(description="The document's own number(s) as printed, e.g. 07-6607, 12/5351."),
]

Quote = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=400),
    Field(description="The exact words of the source (in its own language) that state a number, time or "
                      "deadline; tests check they appear in the source."),
]

Modality = Literal["must", "must-not", "may", "recommended"]


class DocSection(Strict):
    """One part of the document's own structure, in its order."""

    id: Slug
    ref: ClauseRef | None = None
    title: Text
    body: Prose | None = Field(None, description="What this part of the document says.")
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
    """Something a role must, must not, may or is recommended to do."""

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
    text: Prose
    ref: ClauseRef | None = None


class Form(Strict):
    """A checklist, form or set of instructions to print and use (A4)."""

    id: Slug
    kind: Literal["checklist", "form", "instructions"]
    ref: ClauseRef | None = Field(None, description="Appendix number as printed.")
    title: Text
    intro: Prose | None = None
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
    title: Name = Field(description="May be a proper name the same in both languages (Sitcen, CEPOL).")
    body: Prose
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
    number: DocNumber | None = None
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
    reviewed: ReviewDate
    changes: Changes = Field(default_factory=list)

    def all_sections(self) -> Iterator[DocSection]:
        """Every section of the document's text, at every depth, in document order."""
        for section in self.sections:
            yield from section.walk()


class GlossaryTerm(Strict):
    id: Slug
    term: Name = Field(description="The term as written in each language, e.g. PLR / PLR, ПДН / PDN (ПДН).")
    expansion: Text = Field(description="What the abbreviation stands for.")
    definition: Text
    match: NameList = Field(description="Exact forms that mark a use of the term in page text, per language.")
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
    text: Prose = Field(description="What to do, after 'Based on your answers'.")
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
    reviewed: ReviewDate
    changes: Changes = Field(default_factory=list)


# ----------------------------------------------------------------------------
# Term base: required renderings of terms (data/terms.yml)
# ----------------------------------------------------------------------------

TermPattern = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=TERM_PATTERN),
    Field(description=(
        "Words that mark a use of the term, matched as whole words, ignoring case and ё/е. A word ending in * "
        "also matches that stem with up to four more letters, which covers Russian case endings: "
        "'совет* поселени*' matches совет поселения, совета поселения, советами поселений..."
    )),
]


class TermRendering(Strict):
    """A term in one language: its required wording and the forms that count as using it."""

    term: NonEmpty = Field(description="The required rendering, as written in running text.")
    forms: list[TermPattern] = Field(default_factory=list, description=(
        "Every form that counts as a use (inflected forms, or stems ending in *). Empty: the term itself."))

    def patterns(self) -> list[str]:
        return list(self.forms) or [self.term]


class Term(Strict):
    """A source term and its required rendering in the other language."""

    id: Slug
    language: Literal["en", "ru"] = Field(description=(
        "The language the term comes from. Texts whose source language this is are checked: when the "
        "original uses the term, the translation must use the rendering in the other language."))
    en: TermRendering
    ru: TermRendering
    note: NonEmpty | None = Field(None, description="Why this rendering, for translators and editors.")


class Terms(RootModel[list[Term]]):
    pass


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

    jurisdiction: Slug = Field(description="Id in jurisdictions.yml whose emergency number is offered first.")
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
    "terms": Terms,
    "search": SearchSettings,
}
