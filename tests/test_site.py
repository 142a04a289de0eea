"""The built site: the pages a reader can reach, in both languages, with nothing broken."""

from __future__ import annotations

import re
from collections import deque
from xml.etree import ElementTree

import pytest

import guide

from conftest import ROOT, SITE_URL
from htmlsite import pages, target_file
from test_data import GUIDE_SERVICES

SECTIONS = [
    "contact-information", "northamptonshire-talking", "advice", "voice", "citizens-in-policing", "safety",
    "road-safety", "animals", "violence-against-women-and-girls", "children-and-vulnerable-people",
    "domestic-abuse",
]

# Golden list of the pages of the mini fixture site, per language.
MINI_PAGES = [
    "index.html",
    "about/index.html",
    "accessibility/index.html",
    "privacy/index.html",
    "topics/index.html",
    *(f"topics/{s}/index.html" for s in SECTIONS),
    "for/plrs/index.html",
    "for/residents-and-parents/index.html",
    "for/teachers/index.html",
    "services/index.html",
    "services/alpha/index.html",
    "services/beta/index.html",
    "services/non-english-999/index.html",
    "services/999-bsl-sign-video/index.html",
    "pathways/index.html",
    "pathways/mini-path/index.html",
    "pathways/mini-path/call-999/index.html",
    "pathways/mini-path/topic/index.html",
    "pathways/mini-path/topic/partner/index.html",
    "pathways/mini-path/topic/team/index.html",
    "pathway-trees/mini-path/index.html",
    "search/index.html",
    "whats-new/index.html",
    "staying-safe-online/index.html",
    "open-data/index.html",
    "print/guide/index.html",
    "pack/index.html",
    "pack/plrs/index.html",
    "pack/residents-and-parents/index.html",
    "pack/teachers/index.html",
    "services/alpha/handout/index.html",
    "services/beta/handout/index.html",
    "services/non-english-999/handout/index.html",
    "services/999-bsl-sign-video/handout/index.html",
    "glossary/index.html",
    "documents/index.html",
    "documents/mini-doc/index.html",
    "documents/mini-doc/text/general/index.html",
    "documents/mini-doc/roles/school/index.html",
    "documents/mini-doc/roles/police/index.html",
    "documents/mini-doc/exchange/index.html",
    "documents/mini-doc/timeline/index.html",
    "documents/mini-doc/forms/checklist/index.html",
    "documents/mini-doc/threats/index.html",
]


def test_mini_site_builds_exactly_the_expected_pages_in_both_languages(mini_site):
    built = sorted(p.relative_to(mini_site).as_posix() for p in mini_site.rglob("*.html"))
    expected = sorted(["404.html", *MINI_PAGES, *(f"ru/{p}" for p in MINI_PAGES)])
    assert built == expected


def test_every_service_of_the_guide_has_a_page_in_both_languages(real_site):
    for sid in GUIDE_SERVICES.values():
        for prefix, lang in (("", "en"), ("ru/", "ru")):
            page = real_site / prefix / "services" / sid / "index.html"
            assert page.is_file(), page
            html = page.read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in html, page
            h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
            assert bool(re.search("[а-яА-Я]", h1)) == (lang == "ru"), (page, h1)


def test_every_page_has_a_language_switcher_link_to_its_twin(real_site):
    checked = 0
    for page in pages(real_site):
        # One text link, in the other language's own words, to the same page in that language.
        switch = {a["hreflang"]: page.resolve(a["href"]) for a in page.soup.select("a.guide-lang__link[hreflang]")}
        other = "en" if page.lang == "ru" else "ru"
        assert switch == {other: page.twin_url}, page.url
        assert page.soup.select_one("a.guide-lang__link").get_text(strip=True) == {"en": "English", "ru": "Русский"}[other]
        assert target_file(real_site, page.twin_url), f"{page.url}: twin {page.twin_url} missing"
        checked += 1
    assert checked >= 2 * (len(GUIDE_SERVICES) + len(SECTIONS))


def test_sitemap_lists_every_page_with_its_hreflang_twin(real_site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.parse(real_site / "sitemap.xml").getroot()
    entries = {}
    for url in root.findall("s:url", ns):
        loc = re.sub(r"^https?://[^/]+", "", url.find("s:loc", ns).text)
        entries[loc] = {a.get("hreflang"): re.sub(r"^https?://[^/]+", "", a.get("href"))
                        for a in url.findall("x:link", ns)}
    for page in pages(real_site):
        if page.soup.select_one('meta[name="robots"][content="noindex"]'):
            assert page.url not in entries, f"{page.url} is noindex but in sitemap.xml"
            continue
        assert page.url in entries, f"{page.url} missing from sitemap.xml"
        assert entries[page.url] == {page.lang: page.url, ("ru" if page.lang == "en" else "en"): page.twin_url}


def test_canonical_links_follow_the_site_address(real_site):
    for page in pages(real_site):
        canonical = page.soup.select_one('link[rel="canonical"]')
        assert canonical is not None and canonical["href"] == SITE_URL.rstrip("/") + page.url, page.url


def test_with_no_site_address_there_are_no_canonical_links_no_sitemap_and_no_localhost(mini_site):
    assert not list(mini_site.rglob("sitemap.xml*"))
    for path in mini_site.rglob("*"):
        if path.suffix in {".html", ".xml", ".json", ".js", ".txt"} or path.name == "_headers":
            text = path.read_text(encoding="utf-8")
            assert "127.0.0.1" not in text and "localhost" not in text, path
            assert 'rel="canonical"' not in text, path


def test_no_broken_internal_link_anywhere(real_site):
    broken = []
    for page in pages(real_site):
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for el in page.soup.find_all(tag, attrs={attr: True}):
                url = page.resolve(el[attr])
                if url is None:
                    continue
                target = target_file(real_site, url)
                if target is None:
                    broken.append(f"{page.url} -> {el[attr]}")
                    continue
                fragment = el[attr].split("#", 1)[1] if "#" in el[attr] else ""
                if fragment and target.suffix == ".html" and f'id="{fragment}"' not in target.read_text("utf-8"):
                    broken.append(f"{page.url} -> {el[attr]} (no such anchor)")
    assert broken == []


def test_no_page_loads_anything_from_another_host(real_site):
    for page in pages(real_site):
        for el in page.soup.select("script[src], link[href]:not([rel~=alternate]):not([rel~=canonical]), img[src], "
                                   "iframe[src], source[src], video[src], audio[src]"):
            value = el.get("src") or el.get("href")
            assert page.resolve(value) is not None, f"{page.url} loads {value}"
        html = page.path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page.url


def test_every_page_states_its_jurisdiction(real_site):
    for page in pages(real_site):
        dd = page.soup.select_one("[data-jurisdiction]")
        assert dd is not None and dd.get_text(strip=True), page.url


def test_the_emergency_line_follows_the_page_jurisdiction(real_site):
    """UK pages say "call 999" with a number to tap; pages whose rules apply elsewhere (Russia, Minnesota, the EU)
    never show an unqualified 999: either nothing or a line that says it is the UK number."""
    cat = guide.load(ROOT / "data")
    names = {getattr(j.name, lang): j for j in cat.jurisdictions.values() for lang in ("en", "ru")}
    uk, elsewhere = 0, 0
    for page in pages(real_site):
        shown = page.soup.select_one("[data-jurisdiction]").get_text(strip=True)
        place = names.get(shown, cat.jurisdictions["several"])  # a publication of several parts names each
        banner = page.soup.select_one(".guide-emergency-banner")
        text = page.soup.select_one("article").get_text(" ") + (banner.get_text(" ") if banner else "")
        if place.id == "uk-northamptonshire":
            uk += 1
            calls = (banner or page.soup.select_one("article .guide-emergency")).select('a[href="tel:999"]')
            assert calls, page.url  # the line above the page, or on the home page its own emergency routes
        elif place.emergency is None:
            elsewhere += 1
            assert banner is None, page.url
            assert "999" not in text, f"{page.url}: a reader there would dial the UK number"
        else:  # pages drawing on several places: the line names the UK
            assert banner is not None and getattr(place.emergency.line, page.lang) in banner.get_text(), page.url
    assert uk > 100 and elsewhere > 50


def test_navigation_lists_hubs_not_records(real_site):
    for page in pages(real_site):
        nav = page.soup.select_one("nav.md-nav--primary")
        targets = {page.resolve(a["href"]) for a in nav.select("a[href]") if page.resolve(a["href"])}
        records = [t for t in targets if re.fullmatch(r"(/ru)?/services/[^/]+/", t)]
        assert records == [], f"{page.url} nav lists records {records}"
        assert len(targets) <= 2 * len(SECTIONS) + 10, page.url


@pytest.mark.parametrize("prefix", ["/", "/ru/"])
def test_home_page_opens_with_the_emergency_routes(real_site, prefix):
    """Before anything else: a button to call 999, then non-English 999, 999 BSL and the non-emergency routes, then
    the one primary action (Who do I contact?)."""
    home = next(p for p in pages(real_site) if p.url == prefix)
    article = home.soup.select_one("article")
    first_h2 = article.find("h2")
    assert first_h2.get("id") == "emergency"
    section = first_h2.find_parent("section")
    assert section.select_one('a.guide-call__button[href="tel:999"]')
    linked = {home.resolve(a["href"]) for a in section.select("a[href]")}
    for sid in ("non-english-999", "999-bsl-sign-video", "live-chat"):
        assert f"{prefix}services/{sid}/" in linked
    start = section.find_next("a", class_="guide-start")
    assert home.resolve(start["href"]) == f"{prefix}pathways/who-do-i-contact/"
    assert section.find_previous_sibling() is article.find("h1")  # nothing between the title and the routes


@pytest.mark.parametrize("prefix", ["/", "/ru/"])
def test_every_service_is_at_most_three_clicks_from_home(real_site, prefix):
    by_url = {p.url: p for p in pages(real_site)}
    depth = {prefix: 0}
    queue = deque([prefix])
    while queue:
        url = queue.popleft()
        if depth[url] == 3:
            continue
        for link in by_url[url].links("article a[href]"):
            link = link.split("#", 1)[0]
            if link in by_url and link not in depth:
                depth[link] = depth[url] + 1
                queue.append(link)
    for sid in GUIDE_SERVICES.values():
        assert f"{prefix}services/{sid}/" in depth, sid
