"""In Chromium (Debian's, driven by Playwright): what a reader's browser actually requests and does."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

PAGES = ["", "services/clares-law/", "topics/safety/", "for/plrs/", "services/", "about/"]


@pytest.mark.parametrize("lang_prefix", ["", "ru/"])
def test_pages_request_nothing_from_any_other_host_and_set_no_cookies(browser, served, lang_prefix):
    context = browser.new_context()
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    for path in PAGES:
        response = page.goto(served + lang_prefix + path)
        assert response.ok, path
        page.wait_for_load_state("networkidle")
    page.fill("#guide-header-q", "fraud")
    page.press("#guide-header-q", "Enter")  # the search page loads its index on first use
    page.wait_for_selector("#guide-search-results li")
    page.wait_for_load_state("networkidle")
    own = urlsplit(served).netloc
    assert hosts == {own}
    assert context.cookies() == []
    context.close()


@pytest.mark.parametrize("start, twin", [("services/fraud/", "ru/services/fraud/"),
                                         ("ru/topics/animals/", "topics/animals/")])
def test_language_switcher_lands_on_the_same_page_in_the_other_language(browser, served, start, twin):
    page = browser.new_page()
    page.goto(served + start)
    lang = "ru" if twin.startswith("ru/") else "en"
    page.click(f"a.guide-lang__link[hreflang={lang}]")  # a text link: "Русский" / "English"
    page.wait_for_load_state()
    assert page.url == served + twin
    assert page.locator("html").get_attribute("lang") == lang
    page.close()
