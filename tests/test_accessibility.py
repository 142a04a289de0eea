"""WCAG 2.2 AA: axe-core finds nothing on any page type in either language; keyboard use works;
text in the other language says so."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from htmlsite import pages

PAGE_TYPES = {
    "home": "", "service": "services/clares-law/", "topic hub": "topics/safety/", "audience hub": "for/plrs/",
    "a-z": "services/", "documents": "documents/", "document": "documents/talitsa-vpr-2023/",
    "role": "documents/talitsa-vpr-2023/roles/expert/",
    "exchange matrix": "documents/ru-school-police-cooperation/exchange/",
    "checklist": "documents/talitsa-vpr-2023/forms/monitoring-checklist/",
    "form": "documents/talitsa-vpr-2023/forms/observer-report/", "glossary": "glossary/",
    "pathway question": "pathways/who-do-i-contact/topic/", "pathway outcome": "pathways/who-do-i-contact/call-999/",
    "pathway tree": "pathway-trees/who-do-i-contact/", "search open": "search/?q=fraud",
    "search nothing found": "search/?q=xqzvwpfk",
    "staying safe": "staying-safe-online/", "about": "about/",
    "what's new": "whats-new/", "service with change notes": "services/fraud/",
    "handout": "services/herbert-protocol/handout/", "printed guide": "print/guide/",
    "pack": "pack/?s=fraud,clares-law", "ready pack": "pack/teachers/",
}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def _violations(axe, page) -> list:
    result = axe.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                                         "wcag22aa", "best-practice"]}})
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_axe_finds_no_violation_on_any_page_type(browser, served, axe, lang):
    page = browser.new_page()
    prefix = "" if lang == "en" else "ru/"
    found = {}
    for name, path in PAGE_TYPES.items():
        page.goto(served + prefix + path)
        if name == "search open":
            page.wait_for_selector("#guide-search-results li")
        if name == "search nothing found":
            page.wait_for_selector("#guide-search-help", state="visible")
        if name == "pack":
            page.wait_for_selector("[data-guide-pack-ready]")
        found[name] = _violations(axe, page)
    page.goto(served + prefix + "services/fgm/")
    page.focus("[data-guide-exit-link]")
    found["exit button focused"] = _violations(axe, page)
    page.close()
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_keyboard_skip_link_visible_focus_and_no_trap(browser, served, lang):
    page = browser.new_page()
    page.goto(served + ("" if lang == "en" else "ru/") + "services/clares-law/")
    page.keyboard.press("Tab")
    first = page.evaluate("() => [document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert "md-skip" in first[0] and first[1].startswith("#"), first
    page.keyboard.press("Enter")
    seen, outlines = [], []
    for _ in range(60):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
            return [e.tagName + (e.getAttribute('href') || e.id || ''),
                    s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none'
                    || s.textDecorationLine.includes('underline') || s.backgroundColor !== 'rgba(0, 0, 0, 0)']; }""")
        seen.append(info[0])
        outlines.append(info[1])
    assert len(set(seen)) > 20, "focus does not move through the page (trap?)"
    assert all(outlines), [s for s, ok in zip(seen, outlines) if not ok][:5]
    page.close()


def test_text_in_the_other_script_carries_its_language(real_site):
    latin = re.compile(r"[A-Za-z]{2,}")
    cyrillic = re.compile(r"[А-Яа-яЁё]{2,}")
    for page in pages(real_site):
        article = page.soup.select_one("article")
        if article is None:
            continue
        other, wanted = (latin, "en") if page.lang == "ru" else (cyrillic, "ru")
        for text in article.find_all(string=other):
            if text.parent.name in ("code", "script", "style"):
                continue
            if not other.search(re.sub(r"\S+\.txt|https?://\S+", "", text)):
                continue  # file names and addresses are not text in a language
            marked = any(p.get("lang") == wanted for p in text.parents if hasattr(p, "get"))
            assert marked, f"{page.url}: {text.strip()[:60]!r} is not marked lang={wanted}"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_page_type_reflows_at_320_pixels_without_scrolling_sideways(browser, served, lang):
    """WCAG 1.4.10: at 320 CSS pixels wide (400% zoom on a 1280-pixel screen) nothing needs a sideways scroll."""
    page = browser.new_page(viewport={"width": 320, "height": 640})
    wide = []
    for name, path in PAGE_TYPES.items():
        page.goto(served + ("" if lang == "en" else "ru/") + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide.append((name, width))
    page.close()
    assert wide == []
