"""Wording of the Northamptonshire (UK) content: safety routing, contact numbers and terms.

Data-driven: every rule runs over every text of every UK record (services, UK pathways, UK glossary
entries, home page, hubs, sections, interface labels), so a new record is checked as soon as it is
added. The Russian, Minnesota and EU documents and their pathways have their own wording rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

import guide
from guide.model import BaseModel, OutcomeNode, PhoneChannel, Text, TextList

from conftest import ROOT

UK = "uk-northamptonshire"


@pytest.fixture(scope="module")
def catalogue() -> guide.Catalogue:
    return guide.load(ROOT / "data")


def _flat(text: str) -> str:
    """Line breaks inside a paragraph are spaces to the reader."""
    return re.sub(r"\s+", " ", text)


def _texts(model, where: str) -> Iterator[tuple[str, str, str]]:
    """(where, en, ru) for every Text and TextList inside ``model``; glossary match forms are skipped."""
    if isinstance(model, Text):
        yield where, _flat(model.en), _flat(model.ru)
    elif isinstance(model, TextList):
        yield where, "; ".join(model.en), "; ".join(model.ru)
    elif isinstance(model, BaseModel):
        for name in type(model).model_fields:
            if name != "match":
                yield from _texts(getattr(model, name), f"{where}.{name}")
    elif isinstance(model, list):
        for i, item in enumerate(model):
            yield from _texts(item, f"{where}[{getattr(item, 'id', i)}]")


def uk_texts(catalogue) -> Iterator[tuple[str, str, str]]:
    for sid, svc in catalogue.services.items():
        yield from _texts(svc, f"services/{sid}")
    for pid, pathway in catalogue.pathways.items():
        if pathway.jurisdiction == UK:
            yield from _texts(pathway, f"pathways/{pid}")
    for term in catalogue.glossary:
        if term.jurisdiction == UK:
            yield from _texts(term, f"glossary[{term.id}]")
    yield from _texts(catalogue.home, "home")
    yield from _texts(catalogue.audiences, "audiences")
    yield from _texts(catalogue.sections, "sections")
    yield from _texts(catalogue.ui, "ui")


def uk_outcomes(catalogue) -> Iterator[tuple[str, OutcomeNode]]:
    for pathway in catalogue.pathways.values():
        if pathway.jurisdiction == UK:
            for node in pathway.nodes:
                if isinstance(node, OutcomeNode):
                    yield pathway.id, node


def _says(node: OutcomeNode, lang: str, needle: str) -> bool:
    return any(needle in getattr(t, lang) for t in [node.text, *node.next_steps])


# ----------------------------------------------------------------------------
# Safety routing
# ----------------------------------------------------------------------------


def test_outcomes_that_link_a_sensitive_service_are_sensitive(catalogue):
    """A page that sends a reader to a sensitive service carries 'Exit this page' too."""
    sensitive = {sid for sid, svc in catalogue.services.items() if svc.sensitive}
    wrong = [f"{pid}/{node.id}" for pid, node in uk_outcomes(catalogue)
             if set(node.services) & sensitive and not node.sensitive]
    assert wrong == []


def test_sensitive_outcomes_say_to_call_999_if_someone_is_in_danger(catalogue):
    wrong = [f"{pid}/{node.id} ({lang})" for pid, node in uk_outcomes(catalogue) if node.sensitive
             for lang in ("en", "ru") if not _says(node, lang, "999")]
    assert wrong == []


def test_every_route_to_a_missing_person_form_also_says_what_to_do_when_someone_is_missing(catalogue):
    """Where a pathway offers the Herbert or Philomena form, one of its outcomes linking that form
    covers a person who is already missing: call 999 if they may be in danger."""
    wrong = []
    for form in ("herbert-protocol", "philomena-protocol"):
        by_pathway: dict[str, list[OutcomeNode]] = {}
        for pid, node in uk_outcomes(catalogue):
            if form in node.services:
                by_pathway.setdefault(pid, []).append(node)
        for pid, nodes in by_pathway.items():
            if not any(_says(n, "en", "999") and "missing" in n.text.en + "".join(s.en for s in n.next_steps)
                       for n in nodes):
                wrong.append(f"{pid}: {form}")
    assert wrong == []


def test_a_phone_number_appears_only_where_a_linked_service_gives_it(catalogue):
    """999 is the emergency number every page gives. Any other number (101) is stated only by the
    services whose record has it as a channel, or by pathway outcomes and home-page routes that
    link one of those services."""
    numbers: dict[str, set[str]] = {}
    for sid, svc in catalogue.services.items():
        for channel in svc.channels:
            if isinstance(channel, PhoneChannel) and channel.number != "999":
                numbers.setdefault(channel.number, set()).add(sid)

    def owners(where: str) -> set[str]:
        if where.startswith("services/"):
            return {where.split("/")[1].split(".")[0]}
        for pid, node in uk_outcomes(catalogue):
            if where.startswith(f"pathways/{pid}.nodes[{node.id}]"):
                return set(node.services)
        for route in catalogue.home.emergency:
            if where.startswith(f"home.emergency[{route.id}]"):
                return set(route.services)
        return set()

    wrong = []
    for where, en, ru in uk_texts(catalogue):
        for number, services in numbers.items():
            pattern = rf"(?<![\d:.,]){re.escape(number)}(?!\d)(?![:.,]\d)"
            if (re.search(pattern, en) or re.search(pattern, ru)) and not owners(where) & services:
                wrong.append(f"{where}: {number}")
    assert wrong == []


def test_the_police_only_ask_for_the_form_if_the_person_is_reported_missing(catalogue):
    """The guide's condition ('will only ask ... if') is kept wherever the copy is mentioned."""
    wrong = []
    for where, en, ru in uk_texts(catalogue):
        if "ask for a copy" in en and "only ask for a copy" not in en:
            wrong.append(f"{where} (en)")
        if "попросит копию" in ru and "только если" not in ru:
            wrong.append(f"{where} (ru)")
    assert wrong == []


# ----------------------------------------------------------------------------
# Words a reader understands
# ----------------------------------------------------------------------------

# Labels about this site's own printable guide, not the police's service guide.
OWN_GUIDE = ("ui.print_guide_title", "ui.print_guide_intro", "ui.print_guide_summary", "ui.print_guide_link",
             "ui.print_pdf")


def test_readers_are_told_whose_guide_says_what(catalogue):
    """'The guide does not give ...' means nothing to a resident: name Northamptonshire Police's
    service guide, in both languages."""
    wrong = []
    for where, en, ru in uk_texts(catalogue):
        if where.startswith(OWN_GUIDE):
            continue
        if re.search(r"\b(the|this) guide\b", en, re.IGNORECASE):
            wrong.append(f"{where} (en)")
        for match in re.finditer(r"[Сс]правочник\w*", ru):
            if not re.match(r"( услуг)? полиции Нортгемптоншира", ru[match.end():]):
                wrong.append(f"{where} (ru): {ru[max(0, match.start() - 30):match.end() + 30]!r}")
    assert wrong == []


def test_non_english_999_tells_russian_speakers_exactly_what_to_say(catalogue):
    """Wherever the Russian text gives the 'help polish' example, it also gives 'help russian'
    and says that the words are said in English."""
    wrong = [where for where, en, ru in uk_texts(catalogue)
             if "help polish" in ru and not ("help russian" in ru and "по-английски" in ru)]
    assert wrong == []


# ----------------------------------------------------------------------------
# One rendering per term (the term base of the UK content)
# ----------------------------------------------------------------------------

# (what the English says, what the Russian must say, what the Russian must not say)
TERMS = [
    (r"\bparish council", r"совет\w* поселени|parish council", None),
    (r"\bparish meeting", r"собрани\w* жителей поселени|parish meeting", None),
    (r"\bparish(es)?\b", r"поселени|parish", None),
    (r"\bcuckooing\b", r"кукушкинг", r"кукушкин(?!г)"),
    (r"\bcoercive control\b", r"принуждающ\w* контрол", r"принудительн\w* контрол"),
    (r"\bInterfaith Association\b", r"Interfaith Association \(межрелигиозн", r"межконфессиональн"),
    (r"\bSNO ?van\b|\bSafer Nights? Out Van\b", r"SNO ?van", r"«[Бб]езопасн\w* вечер"),
    (r"\b[Bb]eat [Bb]us", r"Beat Bus", r"Beat bus|участковой полиции"),
    (r"\bhunting\b", r"незаконн\w* охот", None),
    (r"\bneighbourhood officer\b", r"участков\w* полицейск", None),
    (r"\bEconomic Crime Team\b", r"групп\w* по экономическим преступлениям", None),
    (r"\brural engagement trailer\b", r"выездн\w* прицеп", None),
    (r"\bdrink spiking\b", r"подмешивани\w* веществ", r"подмешивани\w* чего-то"),
    (r"\bfire starter evaluation form\b", r"анкет\w* оценки подростка, склонного к поджогам", None),
]
# Words the Russian must never use, whatever the English says.
NEVER = [
    # «приход» is a church parish; the guide means civil parish councils (the one explanation
    # of the rendering says it is «не церковный приход»).
    (r"(?<!церковный )\bприход(?:а|у|ом|е|ы|ов|ам|ами|ах)?\b|приходск", "church parish"),
    # Carers are not guardians: «опекун» only as often as the English says guardian.
    (r"опекун", "guardian"),
]


@pytest.mark.parametrize("en_term, ru_required, ru_forbidden", TERMS, ids=[t[0] for t in TERMS])
def test_one_russian_rendering_per_term(catalogue, en_term, ru_required, ru_forbidden):
    """Where the English names the term, the Russian uses its one rendering (search keywords may
    be any form, and what to search for on an English site, `look_for`, stays in English); the
    renderings given up are used nowhere."""
    wrong = []
    for where, en, ru in uk_texts(catalogue):
        keywords = where.endswith((".keywords", ".look_for"))
        if not keywords and re.search(en_term, en) and not re.search(ru_required, ru, re.IGNORECASE):
            wrong.append(f"{where}: {ru[:80]!r}")
        if ru_forbidden and re.search(ru_forbidden, ru):
            wrong.append(f"{where}: forbidden {ru_forbidden!r}")
    assert wrong == []


def test_russian_words_that_do_not_mean_what_the_guide_means(catalogue):
    wrong = []
    for where, en, ru in uk_texts(catalogue):
        for pattern, allowed_when in NEVER:
            found = list(re.finditer(pattern, ru, re.IGNORECASE))
            if len(found) > en.lower().count(allowed_when):
                wrong.append(f"{where}: {ru[:80]!r}")
    assert wrong == []


# Pairs that are two different words, each correct in its place.
YO_PAIRS = {"все", "всё", "чем", "чём", "всем", "всём", "тем", "тём", "лет", "лёт"}


def test_the_same_word_is_not_written_both_with_and_without_yo(catalogue):
    """Our own Russian writes ё consistently: no word appears both with ё and with е."""
    words: dict[str, set[str]] = {}
    for where, en, ru in uk_texts(catalogue):
        for word in re.findall(r"[а-яё]+", ru.lower()):
            words.setdefault(word, set()).add(where)
    clashes = sorted(w for w in words if "ё" in w and w not in YO_PAIRS and w.replace("ё", "е") in words)
    assert clashes == [], {w: sorted(words[w.replace("ё", "е")])[:3] for w in clashes}


def test_a_page_says_its_summary_once(catalogue):
    """The summary opens the page; the body then says what the summary does not, instead of saying it again."""
    import difflib

    repeated = []
    for svc in catalogue.services.values():
        for lang in ("en", "ru"):
            summary = getattr(svc.summary, lang)
            first = " ".join(getattr(svc.body, lang).strip().split("\n\n")[0].split())
            if difflib.SequenceMatcher(None, summary.lower(), first.lower()).ratio() >= 0.7:
                repeated.append(f"{svc.id} ({lang}): {first[:60]}")
    assert repeated == []
