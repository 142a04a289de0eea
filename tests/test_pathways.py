"""Pathways: every node reachable, short paths, pages a reader can walk with or without JavaScript.

Like GOV.UK smart-answer tests, these check routing and structure, not copy.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

import pytest

import guide
from guide import plan
from guide.plan import HOME
from guide.model import OutcomeNode, QuestionNode
from guide.pathways import MAX_QUESTIONS, steps

from conftest import ROOT
from htmlsite import SitePage

# The pathways the product needs (issue 4), and what each must be able to route to.
REQUIRED = {
    "who-do-i-contact": {"services": {
        "fraud", "call-blockers", "sar-form", "operation-snap", "street-safe", "clares-law", "sarahs-law",
        "herbert-protocol", "philomena-protocol", "operation-satin", "operation-kalon", "fgm", "forced-marriage",
        "honour-based-abuse", "adult-elder-abuse", "nuisance-abandoned-animals", "banned-dogs", "wildlife-crime",
        "retail-crime-team", "firearms-licensing", "voice", "live-chat", "community-speed-watch"}},
    "plr-signposting": {"services": {
        "community-speed-watch", "operation-snap", "operation-crooked", "beat-bus", "northamptonshire-talking"}},
    "ru-teacher-report": {"documents": {"ru-school-police-cooperation"}},
    "vpr-my-role": {"roles": {"school-coordinator", "organiser", "expert", "technical-specialist",
                              "public-observer", "municipal-coordinator"}},
    "mn-524-internet": {"sections": {"internet-use-agreement", "school-issued-devices"}},
}


@pytest.fixture(scope="module")
def catalogue():
    return guide.load(ROOT / "data")


def _outcomes(pathway):
    return [n for n in pathway.nodes if isinstance(n, OutcomeNode)]


def test_the_required_pathways_exist_and_route_where_they_must(catalogue):
    assert set(REQUIRED) <= set(catalogue.pathways)
    for pid, want in REQUIRED.items():
        outcomes = _outcomes(catalogue.pathways[pid])
        services = {s for o in outcomes for s in o.services}
        documents = {d.document for o in outcomes for d in o.documents}
        roles = {d.role for o in outcomes for d in o.documents if d.role}
        sections = {d.section for o in outcomes for d in o.documents if d.section}
        assert want.get("services", set()) <= services, (pid, want.get("services", set()) - services)
        assert want.get("documents", set()) <= documents, pid
        assert want.get("roles", set()) <= roles, (pid, want.get("roles", set()) - roles)
        assert want.get("sections", set()) <= sections, (pid, want.get("sections", set()) - sections)


def test_every_node_is_reached_and_no_path_asks_more_than_five_questions(catalogue):
    for pathway in catalogue.pathways.values():
        walked = list(steps(pathway))
        assert {s.node_id for s in walked} == {n.id for n in pathway.nodes}, pathway.id
        for step in walked:
            assert len(step.trail) <= MAX_QUESTIONS, (pathway.id, step.trail)
            if isinstance(step.node, QuestionNode):
                continue
            asked = sum(1 for asked, _ in step.answers())
            assert asked <= MAX_QUESTIONS


def test_pathways_about_harm_start_with_the_emergency_question(catalogue):
    for pathway in catalogue.pathways.values():
        if pathway.jurisdiction == "uk-northamptonshire":
            assert pathway.about_harm, f"{pathway.id}: UK pathways deal with harm and must start with 999"
        if pathway.about_harm:
            start = next(n for n in pathway.nodes if n.id == pathway.start)
            targets = {o.next for o in start.options}
            assert any(n.id in targets and getattr(n, "emergency", False) for n in pathway.nodes), pathway.id


def _page(site, lang, uri) -> SitePage:
    path = site / ("ru" if lang == "ru" else "") / uri.removesuffix(".md").removesuffix("index")
    path = path / "index.html"
    assert path.is_file(), path
    return SitePage(site, path)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_step_is_a_page_with_the_right_indexing_and_structure(catalogue, real_site, lang):
    sitemap = (real_site / "sitemap.xml").read_text(encoding="utf-8")
    for pathway in catalogue.pathways.values():
        for step in steps(pathway):
            page = _page(real_site, lang, plan.step_uri(step))
            noindex = page.soup.select_one('meta[name="robots"][content="noindex"]') is not None
            assert noindex != step.is_start, page.url
            assert (f"{page.url}</loc>" in sitemap) == step.is_start, page.url
            article = page.soup.select_one("article")
            if isinstance(step.node, OutcomeNode):
                assert article.find("h2").get("id") == "outcome", page.url
            else:
                assert len(article.select("a.guide-option")) == len(step.node.options), page.url
                if pathway.about_harm:
                    assert article.select_one(".admonition.danger"), f"{page.url}: no 999 warning"
            assert len(article.select("a.guide-change")) == len(step.trail), page.url
            assert article.select_one("a.guide-start-again, .guide-start-again a, p.guide-start-again a"), page.url


def test_pathway_start_pages_are_in_the_search_index(catalogue, real_site):
    for prefix in ("", "ru/"):
        script = (real_site / prefix / "search" / "index.js").read_text(encoding="utf-8")
        index = json.loads(script.split("=", 1)[1].strip().rstrip(";"))
        urls = {doc["u"] for doc in index["docs"]}
        for pathway in catalogue.pathways.values():
            assert f"pathways/{pathway.id}/" in urls
            assert not any(u.startswith(f"pathways/{pathway.id}/") and u != f"pathways/{pathway.id}/" for u in urls)


# ----------------------------------------------------------------------------
# In the browser: walk every path, change an answer, start again
# ----------------------------------------------------------------------------


def _walk(page, url: str, outcomes: list[str], loaded: bool = False) -> int:
    """Depth first over the option links; every step is loaded once, the first answer of each
    question by clicking it. Returns the number of steps seen."""
    if not loaded:
        page.goto(url, wait_until="domcontentloaded")
    options = page.locator("article a.guide-option")
    count = options.count()
    if count == 0:
        assert page.locator("article h2#outcome").count() == 1, page.url
        outcomes.append(page.url)
        return 1
    targets = [urljoin(page.url, options.nth(i).get_attribute("href")) for i in range(count)]
    with page.expect_navigation(wait_until="domcontentloaded"):
        options.first.click()
    assert page.url == targets[0]
    seen = 1 + _walk(page, targets[0], outcomes, loaded=True)
    for target in targets[1:]:
        seen += _walk(page, target, outcomes)
    return seen


@pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_walk_every_path_change_an_answer_and_start_again(catalogue, browser, served, lang, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    prefix = "ru/" if lang == "ru" else ""
    for pathway in catalogue.pathways.values():
        start = f"{prefix}pathways/{pathway.id}/"
        outcomes: list[str] = []
        seen = _walk(page, served + start, outcomes)
        assert seen == len(list(steps(pathway))), pathway.id
        # At the deepest outcome: change the first answer, then start again.
        deepest = max(outcomes, key=lambda url: url.count("/"))
        page.goto(deepest, wait_until="domcontentloaded")
        changes = page.locator("article a.guide-change")
        assert changes.count() >= 1
        with page.expect_navigation(wait_until="domcontentloaded"):
            changes.first.click()
        assert page.url == served + start
        page.goto(deepest, wait_until="domcontentloaded")
        with page.expect_navigation(wait_until="domcontentloaded"):
            page.locator("article a.guide-start-again").first.click()
        assert page.url == served + start
    context.close()


def test_home_and_audience_hubs_lead_into_the_pathways(catalogue, real_site):
    """Every pathway is linked from the home page. A hub links the pathways of its audiences that apply in the
    guide's own place; pathways of other places only on hubs that keep them apart (`elsewhere`), under that heading."""
    for prefix in ("", "ru/"):
        home = (real_site / prefix / "index.html").read_text(encoding="utf-8")
        for pathway in catalogue.pathways.values():
            assert re.search(rf'href="[./]*pathways/{pathway.id}/"', home), (prefix, pathway.id)
        for hub in catalogue.audiences:
            html = (real_site / prefix / "for" / hub.id / "index.html").read_text(encoding="utf-8")
            elsewhere = html.split('id="elsewhere"', 1)[1] if 'id="elsewhere"' in html else ""
            for pathway in catalogue.pathways.values():
                if not set(pathway.audiences) & set(hub.audiences):
                    continue
                if pathway.jurisdiction == HOME:
                    assert f"pathways/{pathway.id}/" in html, (prefix, hub.id, pathway.id)
                elif hub.elsewhere:
                    assert f"pathways/{pathway.id}/" in elsewhere, (prefix, hub.id, pathway.id)
                else:
                    assert f"pathways/{pathway.id}/" not in html, (prefix, hub.id, pathway.id)


def _outcomes_after(pathway, question_id):
    """The outcomes a reader reaches through the given question."""
    return {s.node.id: s.node for s in steps(pathway)
            if isinstance(s.node, OutcomeNode) and question_id in s.trail}


def test_harm_to_a_pupil_never_ends_on_no_time_limit_without_the_immediate_rule(catalogue):
    """ru-teacher-report: a teacher who saw cruelty by a parent must learn that violations of a pupil's rights
    are reported «незамедлительно по факту выявления» (3.2, first item)."""
    pathway = catalogue.pathways["ru-teacher-report"]
    for node in _outcomes_after(pathway, "around-pupil").values():
        if "no time limit" in node.text.en:
            assert "незамедлительно по факту выявления" in node.text.ru, node.id
            assert "immediately" in node.text.en and "first item" in node.text.en, node.id


def test_when_an_outcome_says_taking_part_is_compulsory_it_also_gives_the_trial_mode_rule(catalogue):
    for pathway in catalogue.pathways.values():
        for node in _outcomes(pathway):
            if "(compulsory) mode" in node.text.en:
                assert "trial" in node.text.en and "апробации" in node.text.ru, (pathway.id, node.id)
