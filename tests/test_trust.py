"""Who runs the site: the footer on every page (publisher, "Report a problem with this page", accessibility
statement, privacy, About), the pages it links, and what the privacy page promises about the reader's browser."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

import guide
from guide import trust

from conftest import ROOT, SITE_URL
from htmlsite import SitePage, pages, target_file

SEED_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
NEW_PAGES = ("about/", "accessibility/", "privacy/")
LANG_PREFIX = {"en": "", "ru": "ru/"}


class _EnvLoader(yaml.SafeLoader):
    """mkdocs.yml as a build without environment variables reads it: !ENV [NAME, ..., default] is the default."""


_EnvLoader.add_constructor("!ENV", lambda loader, node: (
    loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None))


@pytest.fixture(scope="module")
def extra() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)["extra"]


@pytest.fixture(scope="module")
def ui():
    return guide.load(ROOT / "data").ui


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _footer(page: SitePage):
    footers = page.soup.select("footer")
    assert len(footers) == 1, f"{page.url}: {len(footers)} footers"
    return footers[0]


def _footer_links(page: SitePage) -> dict[str, str]:
    """Footer link text -> href."""
    return {_flat(a.get_text()): a["href"] for a in _footer(page).select("ul a[href]")}


def _visible_text(page: SitePage) -> str:
    soup = __import__("copy").copy(page.soup)
    for hidden in soup.select("script, style, template, head"):
        hidden.decompose()
    return soup.get_text(" ")


# ----------------------------------------------------------------------------
# The core: settings and the report link
# ----------------------------------------------------------------------------


def test_report_link_carries_the_page_address_by_mail_or_tracker():
    address = "https://guide.example.org/ru/services/fraud/?x=1&y=2"
    mail = trust.report_href("mailto:editors@example.org", address, subject="Problem: Fraud & scams",
                             page_word="Page", what_word="What is wrong")
    parts = urlsplit(mail)
    query = parse_qs(parts.query)
    assert (parts.scheme, parts.path) == ("mailto", "editors@example.org")
    assert query["subject"] == ["Problem: Fraud & scams"]
    assert query["body"][0].startswith(f"Page: {address}\r\n") and "What is wrong:" in query["body"][0]
    assert " " not in mail and "+" not in mail  # spaces as %20: mail programs do not read + as a space
    tracker = trust.report_href("https://tracker.example.org/new?title=Problem", address,
                                subject="s", page_word="p", what_word="w")
    assert parse_qs(urlsplit(tracker).query) == {"title": ["Problem"], "page": [address]}
    placed = trust.report_href("https://tracker.example.org/new?body={page}", address,
                               subject="s", page_word="p", what_word="w")
    assert parse_qs(urlsplit(placed).query) == {"body": [address]}
    assert trust.report_href("", address, subject="s", page_word="p", what_word="w") is None


def test_bad_settings_give_one_clear_line_each(extra):
    good = trust.settings(extra, {}, mkdocs_yml=ROOT / "mkdocs.yml")
    assert good.report_url == "" and set(good.publisher) == {"en", "ru"}
    bad = {**extra, "report_url": "ftp://example.org/report", "publisher": {"en": "Someone", "ru": " "}}
    with pytest.raises(trust.SettingsError) as caught:
        trust.settings(bad, {"GUIDE_PUBLISHER_EN": "Someone"}, mkdocs_yml=ROOT / "mkdocs.yml")
    lines = caught.value.report().splitlines()
    assert lines[0] == "3 problems in mkdocs.yml:", lines
    text = "\n".join(lines)
    assert re.search(r"mkdocs\.yml:\d+: field 'extra\.report_url': 'ftp://example\.org/report' is neither", text)
    assert "GUIDE_REPORT_URL" in text and "GUIDE_PUBLISHER_RU" in text
    assert re.search(r"mkdocs\.yml:\d+: field 'extra\.publisher\.ru': empty", text)
    for url in ("mailto:not an address", "mailto:", "https://", "javascript:alert(1)", 'https://x.org/"><b>'):
        with pytest.raises(trust.SettingsError):
            trust.settings({**extra, "report_url": url}, {})


# ----------------------------------------------------------------------------
# The real site: every page, both languages
# ----------------------------------------------------------------------------


def test_every_page_has_the_footer_with_the_publisher_and_four_links_in_its_language(real_site, extra, ui):
    checked = 0
    for page in pages(real_site):
        footer = _footer(page)
        assert footer.get("lang") == page.lang, page.url
        assert footer.find_parent("article") is None and footer.find_parent("main") is None, page.url
        assert _flat(footer.select_one(".guide-footer__publisher").get_text()) == _flat(extra["publisher"][page.lang])
        links = _footer_links(page)
        words = {name: getattr(ui, name).en if page.lang == "en" else getattr(ui, name).ru
                 for name in ("footer_report", "footer_accessibility", "footer_privacy", "footer_about")}
        assert set(links) == set(words.values()), (page.url, links)
        prefix = "/" + LANG_PREFIX[page.lang]
        assert page.resolve(links[words["footer_accessibility"]]) == prefix + "accessibility/", page.url
        assert page.resolve(links[words["footer_privacy"]]) == prefix + "privacy/", page.url
        assert page.resolve(links[words["footer_about"]]) == prefix + "about/", page.url
        # No report address in this build: the link goes to the About page's "Report a problem" section.
        report = links[words["footer_report"]]
        assert page.resolve(report) == prefix + "about/" and report.endswith("#" + trust.REPORT_ANCHOR), page.url
        checked += 1
    assert checked > 500
    about = (real_site / "about" / "index.html").read_text(encoding="utf-8")
    assert f'id="{trust.REPORT_ANCHOR}"' in about


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_accessibility_and_privacy_pages_exist_in_both_languages_and_are_in_the_navigation(real_site, extra, lang):
    prefix = LANG_PREFIX[lang]
    other = "ru" if lang == "en" else "en"
    for name in ("accessibility", "privacy"):
        path = real_site / prefix / name / "index.html"
        assert path.exists(), path
        page = SitePage(real_site, path)
        assert page.soup.html["lang"] == lang
        h1 = page.soup.select_one("article h1").get_text()
        assert bool(re.search("[а-яА-Я]", h1)) == (lang == "ru"), h1
        switch = {a["hreflang"]: page.resolve(a["href"]) for a in page.soup.select("a.guide-lang__link[hreflang]")}
        assert switch[other] == page.twin_url and target_file(real_site, page.twin_url)
        nav = [page.resolve(a["href"]) for a in page.soup.select("nav.md-nav--primary a.md-nav__link[href]")]
        assert f"/{prefix}{name}/" in nav, nav
    statement = SitePage(real_site, real_site / prefix / "accessibility" / "index.html")
    text = _flat(statement.soup.select_one("article").get_text())
    for fact in ("WCAG 2.2", "AA", "axe-core", "Lighthouse", "W3C"):
        assert fact in text, fact
    assert statement.soup.select_one('article time[datetime="2026-11-30"]'), "date prepared"
    assert f"/{prefix}about/" in statement.links("article a[href]"), "how to report a problem"
    privacy = SitePage(real_site, real_site / prefix / "privacy" / "index.html")
    assert f"/{prefix}staying-safe-online/" in privacy.links("article a[href]")
    assert extra["exit_page_url"] in [a["href"] for a in privacy.soup.select("article a[href]")]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_about_names_the_publisher_every_source_by_title_and_how_to_report(real_site, extra, lang):
    page = SitePage(real_site, real_site / LANG_PREFIX[lang] / "about" / "index.html")
    article = page.soup.select_one("article")
    text = _flat(article.get_text())
    assert _flat(extra["publisher"][lang]) in text
    sources = yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))
    for source in sources:
        assert _flat(source["title"][lang]) in text, source["title"][lang]
    section = article.find(id=trust.REPORT_ANCHOR)
    assert section is not None and section.name == "h2"
    assert not article.select('a[href^="mailto:"]') and "@" not in text, "no address is configured: none shown"


def test_no_seed_file_name_in_the_footer_or_on_the_trust_pages(real_site):
    """Readers never see a source file's name. (The facts box of generated pages is the lead's: this test
    covers the footer of every page and the whole of the About, accessibility and privacy pages.)"""
    for page in pages(real_site):
        assert not SEED_NAME.search(_footer(page).get_text(" ")), page.url
    for prefix in LANG_PREFIX.values():
        for path in NEW_PAGES:
            page = SitePage(real_site, real_site / prefix / path / "index.html")
            assert not SEED_NAME.search(_visible_text(page)), page.url


# ----------------------------------------------------------------------------
# A deployment's own settings (environment variables)
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("report_url, site_url", [
    ("mailto:editors@example.org", SITE_URL),
    ("https://tracker.example.org/new?title=Problem&body={page}", ""),
])
def test_configured_report_address_carries_each_page_address(site_factory, ui, report_url, site_url):
    project = site_factory()
    publisher = {"en": "Published by Example Parish Council.", "ru": "Издаёт приходской совет Example."}
    result = project.build(GUIDE_REPORT_URL=report_url, GUIDE_SITE_URL=site_url,
                           GUIDE_PUBLISHER_EN=publisher["en"], GUIDE_PUBLISHER_RU=publisher["ru"])
    assert result.returncode == 0, result.stderr
    checked = 0
    for page in pages(project.site):
        footer = _footer(page)
        assert _flat(footer.select_one(".guide-footer__publisher").get_text()) == publisher[page.lang]
        href = footer.select_one("a[data-guide-report]")["href"]
        address = (site_url.rstrip("/") if site_url else "") + page.url
        parts = urlsplit(href)
        query = parse_qs(parts.query)
        if report_url.startswith("mailto:"):
            assert parts.path == "editors@example.org", href
            subject = ui.report_subject.en if page.lang == "en" else ui.report_subject.ru
            assert query["subject"][0].startswith(subject), href
            assert address in query["body"][0], (href, address)
        else:
            assert href.startswith("https://tracker.example.org/new?"), href
            assert query == {"title": ["Problem"], "body": [address]}, href
        checked += 1
    assert checked > 40
    for prefix in LANG_PREFIX.values():
        about = SitePage(project.site, project.site / prefix / "about" / "index.html")
        assert report_url.split("?")[0] in [a["href"].split("?")[0] for a in about.soup.select("article a[href]")]
        assert _flat(publisher[about.lang]) in _flat(about.soup.select_one("article").get_text())


def test_bad_settings_stop_the_build_with_one_line_each(site_factory):
    project = site_factory()
    result = project.build(GUIDE_REPORT_URL="ftp://example.org/report", GUIDE_PUBLISHER_EN="Someone")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    lines = output.splitlines()
    assert lines[0] == "2 problems in mkdocs.yml:" and lines[-1].startswith("Build failed"), output
    problems = lines[1:-1]
    assert len(problems) == 2 and all(re.match(r"  mkdocs\.yml:\d+: field 'extra\.", p) for p in problems), output
    assert any("GUIDE_REPORT_URL" in line for line in problems)
    assert any("GUIDE_PUBLISHER_RU" in line for line in problems)


# ----------------------------------------------------------------------------
# In the browser
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["services/clares-law/", "ru/privacy/"])
def test_footer_is_readable_on_a_phone_and_left_out_of_print(browser, served, path):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(served + path)
    footer = page.locator("footer.guide-footer")
    footer.scroll_into_view_if_needed()
    assert footer.is_visible()
    layout = page.evaluate("""() => {
        const footer = document.querySelector('footer.guide-footer');
        return {
          scroll: document.scrollingElement.scrollWidth,
          links: [...footer.querySelectorAll('a')].map(a => { const r = a.getBoundingClientRect();
            return [a.textContent.trim(), r.left, r.right, r.height, parseFloat(getComputedStyle(a).fontSize)]; }),
          text: parseFloat(getComputedStyle(footer.querySelector('.guide-footer__publisher')).fontSize),
        }; }""")
    assert layout["scroll"] <= 390, layout
    for text, left, right, height, size in layout["links"]:
        assert left >= 0 and right <= 390 and height >= 24 and size >= 14, (text, left, right, height, size)
    assert layout["text"] >= 14
    page.emulate_media(media="print")
    assert not footer.is_visible()
    page.close()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_axe_finds_nothing_on_the_new_pages_and_the_footer(browser, served, lang):
    from axe_playwright_python.sync_playwright import Axe

    from test_accessibility import _violations

    axe, page, found = Axe(), browser.new_page(), {}
    for path in (*NEW_PAGES, "services/fgm/"):
        page.goto(served + LANG_PREFIX[lang] + path)
        found[path] = _violations(axe, page)
        page.focus("footer a[data-guide-report]")  # scrolls down: the header swaps its title in, animated
        page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")
        found[path + " (footer link focused)"] = _violations(axe, page)
    page.close()
    assert {k: v for k, v in found.items() if v} == {}


def test_the_site_stores_nothing_in_the_browser(browser, served):
    """What the privacy page says: no cookies, and nothing in local or session storage, after reading pages in
    both languages, opening the menu on a phone, switching language and searching."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for path in ("", "services/clares-law/", "ru/topics/safety/", "services/fgm/", "ru/privacy/"):
        page.goto(served + path)
        page.wait_for_load_state("networkidle")
    page.click("label.md-header__button[for='__drawer']")
    page.goto(served + "search/?q=fraud")
    page.wait_for_selector("#guide-search-results li")
    page.fill("#guide-search-q", "domestic abuse")
    page.wait_for_load_state("networkidle")
    stored = page.evaluate("() => [Object.keys(localStorage), Object.keys(sessionStorage)]")
    assert stored == [[], []]
    assert context.cookies() == []
    context.close()
