"""Search, as a reader uses it: typed into the real search box in Chromium, in both languages."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, _QuietHandler

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))
METRICS = ROOT / ".cache" / "search-metrics.json"


def _prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def _results(page) -> list[str]:
    page.wait_for_function(
        "() => { const s = document.getElementById('guide-search-status').textContent;"
        " return s.length > 0 && !s.endsWith('…'); }"
    )
    return page.eval_on_selector_all("#guide-search-results a", "links => links.map(a => a.href)")


def _type(page, query: str) -> list[str]:
    page.fill("#guide-search-q", "")
    page.evaluate("document.getElementById('guide-search-status').textContent = ''")
    page.type("#guide-search-q", query)
    return _results(page)


def test_the_query_set_is_big_enough_and_half_russian():
    assert len(QUERIES["en"]) + len(QUERIES["ru"]) >= 40
    assert len(QUERIES["ru"]) >= len(QUERIES["en"]) >= 20


def _places(page, root: str) -> dict[str, set[str]]:
    """Each result address, with and without its #part -> the places its entries are about when not
    local ('' for local), from the index the page searches."""
    places: dict[str, set[str]] = {}
    for url, place in page.evaluate("window.guideSearchIndex.docs.map(d => [d.u, d.j || ''])"):
        for key in {root + url, root + url.split("#")[0]}:
            places.setdefault(key, set()).add(place)
    return places


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_query_finds_its_page_in_the_top_3_and_nothing_in_the_other_language(browser, served, lang):
    """Also: local first. When the page a query should find is local, no page about another place
    (Russia, Minnesota, the EU) is in the top 3; queries that name the place find it (in the set too)."""
    page = browser.new_page()
    page.goto(served + _prefix(lang) + "search/")
    root = served + _prefix(lang)
    places = _places(page, root)
    misses, reciprocal, elsewhere = [], [], []
    for item in QUERIES[lang]:
        full = _type(page, item["q"])
        hrefs = [h.split("#")[0] for h in full]
        wanted = root + item["page"]
        rank = hrefs.index(wanted) + 1 if wanted in hrefs else None
        reciprocal.append(1 / rank if rank else 0)
        if not rank or rank > 3:
            misses.append((item["q"], item["page"], hrefs[:3]))
        if places[wanted] == {""}:
            elsewhere += [(item["q"], h, places[h]) for h in full[:3] if places[h] != {""}]
        wrong = [h for h in hrefs if (h.startswith(served + "ru/")) != (lang == "ru")]
        assert wrong == [], f"{item['q']!r}: results in the other language {wrong}"
    page.close()
    hit_rate = 1 - len(misses) / len(QUERIES[lang])
    mrr = sum(reciprocal) / len(reciprocal)
    METRICS.parent.mkdir(exist_ok=True)
    metrics = json.loads(METRICS.read_text()) if METRICS.exists() else {}
    metrics[lang] = {"queries": len(QUERIES[lang]), "hit_rate_top3": round(hit_rate, 3), "mrr": round(mrr, 3)}
    METRICS.write_text(json.dumps(metrics, indent=2))
    assert misses == []
    assert elsewhere == [], "pages about another place outrank local ones"


NOTHING = {"en": "xqzv wpfk", "ru": "щщыъ ъыщщ"}  # no page has these


def _help_links(scope) -> list[str]:
    return scope.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_when_nothing_is_found_the_page_offers_999_and_who_to_contact(browser, served, lang):
    page = browser.new_page()
    page.goto(served + _prefix(lang) + "search/")
    help_box = page.locator("#guide-search-help")
    assert not help_box.is_visible()  # not before a search
    assert _type(page, NOTHING[lang]) == []
    assert help_box.is_visible()
    links = help_box.locator("a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    absolute = [page.evaluate("h => new URL(h, location.href).href", h) for h in hrefs]
    root = served + _prefix(lang)
    assert "tel:999" in hrefs
    assert help_box.locator('a[href="tel:999"]').inner_text() == "999"
    ui = yaml.safe_load((ROOT / "data" / "ui.yml").read_text(encoding="utf-8"))
    emergency = ui["search_help_emergency"][lang].split("{number}")
    assert all(part.strip() in help_box.inner_text() for part in emergency)  # says 999 is the UK number
    assert root + "pathways/who-do-i-contact/" in absolute
    assert root + "services/live-chat/" in absolute
    assert not any(h.startswith("tel:") and h != "tel:999" for h in hrefs)  # 101 is not a general line
    for href in absolute:
        if href.startswith("http"):
            assert page.request.get(href).ok, href
    # A search that finds something hides the offer again.
    assert _type(page, QUERIES[lang][0]["q"])
    assert not help_box.is_visible()
    page.close()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_without_javascript_the_search_page_still_offers_999_and_who_to_contact(browser, served, lang):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + _prefix(lang) + "search/")
    shown = page.locator(".guide-search__help")
    assert shown.is_visible()
    hrefs = _help_links(shown)
    assert "tel:999" in hrefs
    assert any(h.endswith("pathways/who-do-i-contact/") for h in hrefs)
    context.close()


# Words of the pages, in no synonym group: every result for one must contain it (no typo matches).
EXACT = {"en": ["horse", "cadets", "arson"], "ru": ["лошадь", "поджог", "кадеты"]}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_word_of_the_pages_finds_only_pages_with_that_word_not_typo_matches(browser, served, lang):
    page = browser.new_page()
    page.goto(served + _prefix(lang) + "search/")
    root = served + _prefix(lang)
    docs = page.evaluate("window.guideSearchIndex.docs.map(d => [d.u, [d.t, d.k, d.s, d.x].join(' ')])")
    text = {root + url: body.lower().replace("ё", "е") for url, body in docs}
    for word in EXACT[lang]:
        found = _type(page, word)
        assert found, word
        stem = word[:4]
        assert [h for h in found if stem not in text[h]] == [], word
    page.close()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_header_search_box_leads_to_results_and_search_keeps_working_offline(browser, served, lang):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served + _prefix(lang))
    page.fill("#guide-header-q", QUERIES[lang][0]["q"])
    page.press("#guide-header-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    assert served + _prefix(lang) + QUERIES[lang][0]["page"] in [h.split("#")[0] for h in _results(page)][:3]
    context.set_offline(True)  # the index is loaded: no more network needed
    for item in QUERIES[lang][1:4]:
        assert served + _prefix(lang) + item["page"] in [h.split("#")[0] for h in _type(page, item["q"])][:3]
    context.close()


class _SubPathHandler(_QuietHandler):
    """Serves the site under /guide/ only, as on a host where the site is not at the root."""

    def translate_path(self, path):
        if not path.startswith("/guide/"):
            return str(Path(self.directory) / "__nothing_here__")
        return super().translate_path(path[len("/guide"):])


def test_search_works_when_the_site_is_served_from_a_sub_path(browser, real_site):
    handler = functools.partial(_SubPathHandler, directory=str(real_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/guide/"
    try:
        page = browser.new_page()
        for lang in ("en", "ru"):
            page.goto(base + _prefix(lang) + "search/")
            item = QUERIES[lang][0]
            assert base + _prefix(lang) + item["page"] in [h.split("#")[0] for h in _type(page, item["q"])][:3]
        page.close()
    finally:
        server.shutdown()
