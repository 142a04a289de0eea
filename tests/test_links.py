"""Links and numbers a reader can act on: every link says where it goes, every number to call can be tapped.

The organisations' links open their home pages (Northamptonshire Police's service guide gives no other
address), so a link's words name the site it opens and what to find there, from data (``site_name``,
``look_for``, ui.yml ``link_search``), and never promise a form or report the home page does not open.
Driven by data/ and the built site (``real_site``), in both languages; page content only (``article``: the
999 banner above it is the theme's).
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
import yaml

import guide
from guide.model import AppChannel, LiveChatChannel, Organisation, PhoneChannel, TextRelayChannel
from guide.text import fill

from conftest import ROOT
from htmlsite import SitePage, pages

LANGS = ("en", "ru")

# Words that promise an action a home page cannot do by itself. A link to a home page must not say them.
PROMISES = {
    "en": re.compile(r"\b(fill (in|out)|complete (the|a|an|our|this|your) \w*\s?form|report (it |this )?online|"
                     r"apply (online|here|now)|sign up|book (a|an|your)|register|download|notify|submit)\b", re.I),
    "ru": re.compile(r"(заполн|подать заявк|подайте заявк|запиш|записат|зарегистр|скача|сообщит\w* онлайн|"
                     r"уведомит\w* онлайн|отправ)", re.I),
}
# Verbs that ask the reader to call, besides ui.yml's call_words (so a missing call word is still caught).
CALL_STEMS = {
    "en": r"(?:call|ring|dial|phone)\w*",
    "ru": r"(?:по)?звон\w*|набер\w*|по номеру|по телефону",
}


@pytest.fixture(scope="module")
def cat() -> guide.Catalogue:
    return guide.load(ROOT / "data")


@pytest.fixture(scope="module")
def site(real_site) -> list[SitePage]:
    return pages(real_site)


def words(el) -> str:
    return " ".join(el.get_text().split())


def t(text, lang: str) -> str:
    return getattr(text, lang)


def home_pages(cat) -> dict[str, Organisation]:
    return {org.url: org for org in cat.organisations.values() if org.url}


def link_key(channel) -> str:
    return "link_look_for" if isinstance(channel, LiveChatChannel) else "link_search"


def expected_links(cat, svc, lang: str) -> Counter:
    """(address, words) of every link the service's channels make, from data."""
    out: Counter = Counter()
    for ch in svc.channels:
        orgs = [getattr(ch, "organisation", None), *(ch.stores if isinstance(ch, AppChannel) else [])]
        for i, oid in enumerate(o for o in orgs if o):
            org = cat.organisations[oid]
            if org.url:
                key = link_key(ch) if i == 0 else "link_search"
                out[(org.url, fill(t(getattr(cat.ui, key), lang), site=t(org.site_name, lang),
                                              what=t(ch.look_for, lang)))] += 1
    return out


def label_pattern(template: str, site: str) -> re.Pattern:
    """A link label as a pattern: its {site} as given, its {what} anything non-empty."""
    parts = re.split(r"(\{site\}|\{what\})", template)
    body = "".join(re.escape(site) if p == "{site}" else "(?P<what>.*\\S.*)" if p == "{what}" else re.escape(p)
                   for p in parts)
    return re.compile(body)


def article(page: SitePage):
    art = page.soup.select_one("article")
    assert art is not None, page.url
    return art


def external_links(page: SitePage):
    """Links to other sites, except "Exit this page", which opens a neutral site on purpose (safety)."""
    return [a for a in article(page).select("a[href]")
            if urlsplit(a["href"]).scheme in ("http", "https") and "guide-exit__button" not in a.get("class", [])]


def jurisdiction_of(cat, page: SitePage) -> str:
    shown = page.soup.select_one("[data-jurisdiction]").get_text(strip=True)
    found = [j.id for j in cat.jurisdictions.values() if t(j.name, page.lang) == shown]
    if not found and "; " in shown:  # a publication of several parts (the printed guide) names each part's place
        found = ["several"]
    assert found, f"{page.url}: unknown jurisdiction {shown!r}"
    return found[0]


def numbers_for(cat, jurisdiction: str) -> set[str]:
    """Digits of the numbers data gives for a place: its emergency number and its services' phone and text relay
    numbers. A page about several places may give any of them."""
    numbers = {re.sub(r"\D", "", ch.number) for svc in cat.services.values()
               if jurisdiction in (svc.jurisdiction, "several")
               for ch in svc.channels if isinstance(ch, (PhoneChannel, TextRelayChannel))}
    emergency = cat.jurisdictions[jurisdiction].emergency
    if emergency is not None:
        numbers.add(re.sub(r"\D", "", emergency.number))
    return numbers


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------


def test_every_site_name_names_its_organisation(cat):
    """A link starts with the site's name; in English it contains the organisation's own name (before any
    explanation in brackets), so a reader knows whose site opens."""
    wrong = [f"{org.id}: {org.site_name.en!r} does not name {org.name.en!r}"
             for org in cat.organisations.values() if org.url
             if org.name.en.split(" (")[0].casefold() not in org.site_name.en.casefold()]
    assert wrong == [], "\n".join(wrong)


def test_what_to_look_for_promises_nothing(cat):
    """look_for is what to find on a site, not an action the link would do."""
    wrong = [f"{sid} channels[{i}] ({lang}): {t(ch.look_for, lang)!r}"
             for sid, svc in cat.services.items() for i, ch in enumerate(svc.channels)
             if getattr(ch, "look_for", None) for lang in LANGS if PROMISES[lang].search(t(ch.look_for, lang))]
    assert wrong == [], "\n".join(wrong)


@pytest.fixture
def mini(site_factory):
    return site_factory()


def _edit(path, change) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_link_to_a_home_page_without_what_to_look_for_gets_one_clear_message(mini):
    alpha = mini.data / "services" / "domestic-abuse" / "alpha.yml"
    _edit(alpha, lambda doc: doc["channels"][2].pop("look_for"))
    with pytest.raises(guide.DataError) as caught:
        guide.load(mini.data)
    [problem] = caught.value.problems
    assert (problem.file, problem.record, problem.field) == (
        "data/services/domestic-abuse/alpha.yml", "alpha", "channels[2].look_for"), str(problem)
    assert "set look_for" in problem.message, str(problem)
    assert "type: website" in alpha.read_text(encoding="utf-8").splitlines()[problem.line - 1], str(problem)


def test_an_organisation_with_an_address_but_no_site_name_gets_one_clear_message(mini):
    orgs = mini.data / "organisations.yml"
    _edit(orgs, lambda doc: doc[0].pop("site_name"))
    with pytest.raises(guide.DataError) as caught:
        guide.load(mini.data)
    [problem] = caught.value.problems
    assert (problem.file, problem.record, problem.field) == ("data/organisations.yml", "northants-police",
                                                             "[0].site_name"), str(problem)
    assert "no site_name" in problem.message, str(problem)
    assert "northants-police" in orgs.read_text(encoding="utf-8").splitlines()[problem.line - 1], str(problem)


# ----------------------------------------------------------------------------
# Links on the built site
# ----------------------------------------------------------------------------


def test_every_external_link_names_the_site_it_opens_and_what_to_find_there(cat, site):
    homes = home_pages(cat)
    wrong = []
    for page in site:
        for a in external_links(page):
            text, href = words(a), a["href"]
            org = homes.get(href)
            if org is None:  # hand-written pages: the words name the host ("Open Referral" for openreferral.org)
                host = urlsplit(href).hostname.removeprefix("www.").split(".")[0]
                if host not in re.sub(r"[^a-z0-9]", "", text.lower()):
                    wrong.append(f"{page.url}: {text!r} -> {href}")
                continue
            site_name = t(org.site_name, page.lang)
            if not any(label_pattern(t(getattr(cat.ui, key), page.lang), site_name).fullmatch(text)
                       for key in ("link_search", "link_look_for")):
                wrong.append(f"{page.url}: {text!r} -> {href} does not say '{site_name}: ...what to find...'")
    assert wrong == [], "\n".join(wrong)


def test_no_link_to_a_home_page_promises_a_form_or_a_report(cat, site):
    homes = home_pages(cat)
    wrong = [f"{page.url}: {words(a)!r}" for page in site for a in external_links(page)
             if a["href"] in homes and PROMISES[page.lang].search(words(a))]
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGS)
def test_each_channel_shows_its_purpose_and_links_what_the_data_says(cat, real_site, lang):
    """A service page has one entry per channel: its purpose as text, and the links its data makes, with the
    words composed from the organisation's site name and what to look for (stores too, for an app)."""
    prefix = "" if lang == "en" else "ru/"
    wrong = []
    for sid, svc in cat.services.items():
        page = SitePage(real_site, real_site / prefix / "services" / sid / "index.html")
        entries = article(page).select("li.guide-channel")
        if len(entries) != len(svc.channels):
            wrong.append(f"{sid}: {len(entries)} entries for {len(svc.channels)} channels")
            continue
        homes = home_pages(cat)
        shown = Counter((a["href"], words(a)) for li in entries for a in li.select("a[href]") if a["href"] in homes)
        if shown != expected_links(cat, svc, lang):
            wrong.append(f"{sid}: links {sorted(shown)} != {sorted(expected_links(cat, svc, lang))}")
        for li, ch in zip(entries, svc.channels):
            linked = " ".join(words(a) for a in li.select("a"))
            if ch.label and t(ch.label, lang) not in words(li).replace(linked, ""):
                wrong.append(f"{sid}: purpose {t(ch.label, lang)!r} not shown as text")
    assert wrong == [], "\n".join(wrong)


# ----------------------------------------------------------------------------
# Numbers to call
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_phone_channels_are_big_tap_to_call_links(cat, real_site, lang):
    prefix = "" if lang == "en" else "ru/"
    wrong = []
    for sid, svc in cat.services.items():
        page = SitePage(real_site, real_site / prefix / "services" / sid / "index.html")
        calls = {(a["href"], words(a)) for a in article(page).select("a.guide-call[href]")}
        for ch in svc.channels:
            if isinstance(ch, (PhoneChannel, TextRelayChannel)):
                if ("tel:" + re.sub(r"\D", "", ch.number), ch.number) not in calls:
                    wrong.append(f"{sid}: {ch.number} is not a guide-call tel: link")
    assert wrong == [], "\n".join(wrong)


def _text_with_links(root) -> tuple[str, list[str | None], list[str]]:
    """The text of ``root`` and, for each character, the number its tel: link dials (or None) and where it is:
    "heading" or "link" (another link: where a tel: link cannot go) or ""."""
    text, tel, where = [], [], []
    for s in root.find_all(string=True):
        if s.find_parent(["script", "style"]):
            continue
        a = s.find_parent("a", href=True)
        dials = re.sub(r"\D", "", a["href"]) if a and a["href"].startswith("tel:") else None
        place = ("heading" if s.find_parent(["h1", "h2", "h3", "h4", "h5", "h6"]) else
                 "link" if a and dials is None else "")
        text.append(str(s))
        tel += [dials] * len(s)
        where += [place] * len(s)
    return "".join(text), tel, where


def test_every_number_the_text_asks_you_to_call_is_a_tap_to_call_link(cat, site):
    """'call 999', 'звоните 101': the number is a tel: link. In a heading (no links there) the page links it
    elsewhere; in a link to another page (links do not nest) that page is checked."""
    wrong = []
    for page in site:
        numbers = numbers_for(cat, jurisdiction_of(cat, page))
        if not numbers:
            continue
        verbs = "|".join([*map(re.escape, t(cat.ui.call_words, page.lang)), CALL_STEMS[page.lang]])
        shapes = "|".join(sorted({r"\s?".join(n) for n in numbers}, key=len, reverse=True))
        pattern = re.compile(rf"(?<![\w-])(?:{verbs})\s+(?:the\s+)?({shapes})(?![\w-])", re.I)
        text, tel, where = _text_with_links(article(page))
        linked = {d for d in tel if d}
        for m in pattern.finditer(text):
            number = re.sub(r"\D", "", m.group(1))
            span = range(m.start(1), m.end(1))
            if all(tel[i] == number for i in span):
                continue
            if all(where[i] == "link" for i in span):
                continue
            if all(where[i] == "heading" for i in span) and number in linked:
                continue
            wrong.append(f"{page.url}: {m.group(0)!r}")
    assert wrong == [], "\n".join(wrong)


def test_every_tap_to_call_link_dials_a_number_the_data_gives_for_the_page(cat, site):
    wrong = []
    for page in site:
        numbers = numbers_for(cat, jurisdiction_of(cat, page))
        for a in article(page).select('a[href^="tel:"]'):
            dials = a["href"].removeprefix("tel:")
            if dials not in numbers or re.sub(r"\D", "", words(a)) != dials:
                wrong.append(f"{page.url}: {words(a)!r} dials {dials} (data gives {sorted(numbers)})")
    assert wrong == [], "\n".join(wrong)
