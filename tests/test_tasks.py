"""Readers' tasks, walked from the home page on a phone (390×844) without search: what they tap and what they see.

Each walk follows links by their visible words, as a reader would, and counts the taps.
"""

from __future__ import annotations

import re

import pytest

import guide
from conftest import ROOT

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, served):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page, served
    context.close()


class Walk:
    """A reader's walk: taps on links by their words, counted."""

    def __init__(self, page, url: str):
        self.page = page
        self.taps = 0
        page.goto(url)

    def tap(self, words: str) -> None:
        link = self.page.locator("article a", has_text=re.compile(re.escape(words))).first
        link.scroll_into_view_if_needed()
        link.click()  # a tap on a phone
        self.page.wait_for_load_state()
        self.taps += 1

    @property
    def title(self) -> str:
        return self.page.locator("article h1").inner_text()


def _on_first_screen(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


@pytest.fixture(scope="module")
def cat():
    return guide.load(ROOT / "data")


def test_a_tel_999_link_and_the_999_bsl_route_are_on_the_first_screen(phone, cat):
    page, base = phone
    for lang, prefix in (("en", ""), ("ru", "ru/")):
        page.goto(base + prefix)
        call = page.locator('article a.guide-call__button[href="tel:999"]')
        assert _on_first_screen(page, call), lang
        bsl = page.locator("article .guide-routes a", has_text=getattr(cat.home.emergency[2].title, lang))
        assert bsl.get_attribute("href").endswith("services/999-bsl-sign-video/")
        assert _on_first_screen(page, bsl), lang
        start = page.locator("article a.guide-start")
        assert _on_first_screen(page, start), f"{lang}: Who do I contact? is below the first screen"


def test_herbert_protocol_in_at_most_three_taps(phone, cat):
    page, base = phone
    walk = Walk(page, base)
    walk.tap(cat.section("children-and-vulnerable-people").title.en)
    walk.tap(cat.services["herbert-protocol"].title.en)
    assert walk.title == cat.services["herbert-protocol"].title.en and walk.taps <= 3


def test_clares_law_who_can_apply_and_where_the_link_goes_in_at_most_two_taps(phone, cat):
    page, base = phone
    svc = cat.services["clares-law"]
    walk = Walk(page, base)
    walk.tap(cat.section("domestic-abuse").title.en)
    walk.tap(svc.title.en)
    assert walk.title == svc.title.en and walk.taps <= 2
    article = page.locator("article")
    assert article.locator("h2", has_text=cat.ui.who_it_is_for.en).count() == 1
    assert svc.eligibility.description.en.split(",")[0] in article.inner_text()
    # The web link's own words say where it goes.
    site = cat.organisations["northants-police"]
    link = article.locator(".guide-channels a[href^='https://']").first
    assert site.name.en in link.inner_text(), link.inner_text()
    assert _on_first_screen(page, link), "the primary action is below the first screen"


def test_the_russian_teachers_pupil_misses_school_answer_in_at_most_three_taps(phone, cat):
    page, base = phone
    pathway = cat.pathways["ru-teacher-report"]
    nodes = {n.id: n for n in pathway.nodes}
    start = nodes[pathway.start]
    pupil = next(o for o in start.options if o.next == "pupil-did")
    truancy = next(o for o in nodes["pupil-did"].options if o.next == "truancy-deviant")
    walk = Walk(page, base + "ru/")
    walk.tap(pathway.title.ru)
    walk.tap(pupil.label.ru)
    walk.tap(truancy.label.ru[:40])
    assert walk.title == nodes["truancy-deviant"].title.ru and walk.taps <= 3
    assert page.locator(".guide-emergency-banner").count() == 0  # no UK 999 for a teacher in Russia
