"""Safe to visit: "Exit this page" wherever a reader may be reading about abuse or harm, and nowhere else."""

from __future__ import annotations

import pytest

import guide
from guide import plan
from guide.pathways import steps

from conftest import ROOT
from htmlsite import SitePage, pages

EXIT_URL = "https://www.bbc.co.uk/weather"


@pytest.fixture(scope="module")
def sensitive_urls():
    """Pages where a reader may be reading about abuse or harm: the pages of sensitive records, pathway steps
    from which a sensitive outcome (marked so, or linking a sensitive service) can be reached, and search."""
    cat = guide.load(ROOT / "data")
    records = {s.id for s in cat.services.values() if s.sensitive}
    urls = {f"/services/{sid}/" for sid in records} | {f"/services/{sid}/handout/" for sid in records}
    for pathway in cat.pathways.values():
        sensitive_outcomes = {n.id for n in pathway.nodes
                              if getattr(n, "sensitive", False) or records & set(getattr(n, "services", []))}
        for step in steps(pathway):
            below = {s.node_id for s in steps(pathway) if s.trail[: len(step.trail)] == step.trail}
            if below & sensitive_outcomes:
                url = "/" + plan.step_uri(step).removesuffix(".md").removesuffix("index")
                urls.add(url if url.endswith("/") else url + "/")
        if any(n.id in sensitive_outcomes for n in pathway.nodes):
            urls.add(f"/pathway-trees/{pathway.id}/")
    assert len(urls) > 20
    # Pages that hold the text of sensitive records: the printed guide, the ready signposting pack of an
    # audience hub that has one, and the pack put together from its address, which can hold any (as search can).
    urls |= {"/print/guide/", "/pack/"} | {
        f"/pack/{hub.id}/" for hub in cat.audiences
        if any(set(hub.audiences) & set(cat.services[sid].audiences) for sid in records)}
    return urls | {"/search/"}, {f"/services/{sid}/" for sid in records}


def test_exit_button_is_on_every_page_that_is_about_or_links_a_sensitive_record(real_site, sensitive_urls):
    """Exit this page wherever a reader may be reading about abuse: the record's own pages, and every page that
    lists or links it (hubs, the A to Z, audience hubs, related services, pathway outcomes, print pages, trees),
    so that Back after Exit never lands on a page without it. Nowhere else."""
    about, records = sensitive_urls
    with_exit = 0
    for page in pages(real_site):
        url = page.url.removeprefix("/ru")
        links = {link.removeprefix("/ru").split("#")[0] for link in page.links("article a[href]")}
        link = page.soup.select_one("[data-guide-exit] a[data-guide-exit-link]")
        if url in about or links & records:
            with_exit += 1
            assert link is not None, page.url
            assert link["href"] == EXIT_URL and "noreferrer" in link["rel"], page.url
            assert page.soup.select_one('meta[name="referrer"][content="no-referrer"]'), page.url
            safe = page.soup.select_one("[data-guide-exit] .guide-exit__hint a")
            assert page.resolve(safe["href"]).removeprefix("/ru") == "/staying-safe-online/", page.url
        else:
            assert link is None, page.url
    assert with_exit > 100  # hubs and lists included, in both languages


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_shift_three_times_hides_the_page_announces_and_replaces_it(browser, served, lang):
    context = browser.new_context()
    context.route(EXIT_URL, lambda route: route.fulfill(status=200, content_type="text/html", body="<p>weather</p>"))
    page = context.new_page()
    prefix = "" if lang == "en" else "ru/"
    page.goto(served + prefix)
    page.goto(served + prefix + "services/clares-law/")
    status = page.locator("[data-guide-exit-status]")
    page.keyboard.press("Shift")
    expected_two = page.locator("[data-guide-exit]").get_attribute("data-press-two")
    assert status.text_content() == expected_two
    page.keyboard.press("Shift")
    with page.expect_navigation():
        page.keyboard.press("Shift")
    assert page.url == EXIT_URL
    page.go_back()
    assert page.url == served + prefix, "Back must not return to the sensitive page"
    context.close()


def test_exit_button_hides_the_page_at_once_and_is_hidden_in_print(browser, served):
    context = browser.new_context()
    context.route(EXIT_URL, lambda route: route.abort())  # stay on the page to see what it did
    page = context.new_page()
    page.goto(served + "ru/services/fgm/")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.emulate_media(media="print")
    assert not page.locator("[data-guide-exit-link]").is_visible()
    page.emulate_media(media="screen")
    activated = page.locator("[data-guide-exit]").get_attribute("data-activated")
    # Read the page in the same task as the click: before the browser has even left it.
    state = page.evaluate("""() => {
        document.querySelector('[data-guide-exit-link]').click();
        return {
            exiting: document.documentElement.classList.contains('guide-exiting'),
            shown: [...document.body.children].filter(e => getComputedStyle(e).display !== 'none')
                .map(e => e.className),
            announced: document.querySelector('[role=alert].guide-exit-overlay').textContent,
        };
    }""")
    assert state == {"exiting": True, "shown": ["guide-exit-overlay"], "announced": activated}
    context.close()


def test_staying_safe_online_page_exists_in_both_languages(real_site):
    for prefix in ("", "ru/"):
        page = SitePage(real_site, real_site / prefix / "staying-safe-online" / "index.html")
        assert page.soup.select_one("h1") and page.soup.select_one("[data-jurisdiction]")


# ----------------------------------------------------------------------------
# Content Security Policy
# ----------------------------------------------------------------------------

PAGE_TYPES = ["", "services/clares-law/", "topics/safety/", "for/plrs/", "services/", "documents/",
              "documents/talitsa-vpr-2023/", "documents/talitsa-vpr-2023/roles/expert/",
              "documents/ru-school-police-cooperation/exchange/", "documents/talitsa-vpr-2023/forms/observer-report/",
              "glossary/", "pathways/who-do-i-contact/", "pathway-trees/who-do-i-contact/", "search/?q=fraud",
              "staying-safe-online/", "about/"]


def _policy(text: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in text.split(";"))


def test_every_page_allows_scripts_from_the_site_only_and_runs_no_inline_script(real_site):
    """No hashes, no 'unsafe-inline': the policy approves the script files we ship, never what a page contains."""
    for page in pages(real_site):
        meta = page.soup.select_one('meta[http-equiv="Content-Security-Policy"]')
        assert meta is not None, page.url
        policy = _policy(meta["content"])
        assert policy["script-src"] == "'self'" and policy["default-src"] == "'self'", page.url
        assert "http" not in meta["content"] and "unsafe" not in meta["content"], page.url
        inline = [s for s in page.soup.select("script:not([src])") if s.get("type") != "application/json"]
        assert inline == [], f"{page.url}: inline script {inline[:1]}"


def test_the_host_headers_carry_the_policy_and_forbid_framing(real_site):
    """_headers (Netlify, Cloudflare Pages): the pages' policy plus frame-ancestors, nosniff, no referrer."""
    text = (real_site / "_headers").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "/*"
    headers = dict(line.strip().split(": ", 1) for line in lines[1:] if line.strip())
    policy = _policy(headers["Content-Security-Policy"])
    assert policy.pop("frame-ancestors") == "'none'"
    page = pages(real_site)[0].soup.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    assert policy == _policy(page)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_page_type_breaks_its_policy(browser, served, lang):
    page = browser.new_page()
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    prefix = "" if lang == "en" else "ru/"
    for path in PAGE_TYPES:
        page.goto(served + prefix + path)
        page.wait_for_load_state("networkidle")
    page.close()
    assert violations == []
