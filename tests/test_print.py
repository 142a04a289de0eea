"""Print: service pages, checklists and pathway outcomes print clean: content only, link addresses shown."""

from __future__ import annotations

import pytest

PRINTED = ["services/clares-law/", "documents/talitsa-vpr-2023/forms/monitoring-checklist/",
           "pathways/who-do-i-contact/call-999/"]


@pytest.mark.parametrize("path", PRINTED)
@pytest.mark.parametrize("prefix", ["", "ru/"])
def test_page_prints_without_navigation_and_with_link_addresses(browser, served, prefix, path):
    page = browser.new_page()
    page.goto(served + prefix + path)
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer',
        '.md-banner', '.guide-exit', '.guide-header-search'].map(s => {
            const e = document.querySelector(s);
            return [s, !e || getComputedStyle(e).display === 'none' || e.offsetParent === null];
        })""")
    assert all(ok for _, ok in hidden), hidden
    assert page.locator("article h1").is_visible()
    shown = page.evaluate("""() => [...document.querySelectorAll('article a[href^="http"]')]
        .map(a => [a.href, getComputedStyle(a, '::after').content])""")
    assert all(href in content for href, content in shown), shown
    width = page.evaluate("() => document.querySelector('article').getBoundingClientRect().width")
    assert width > 0.8 * page.viewport_size["width"] * 0.9
    page.close()
