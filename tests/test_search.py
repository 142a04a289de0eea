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


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_query_finds_its_page_in_the_top_3_and_nothing_in_the_other_language(browser, served, lang):
    page = browser.new_page()
    page.goto(served + _prefix(lang) + "search/")
    root = served + _prefix(lang)
    misses, reciprocal = [], []
    for item in QUERIES[lang]:
        hrefs = [h.split("#")[0] for h in _type(page, item["q"])]
        wanted = root + item["page"]
        rank = hrefs.index(wanted) + 1 if wanted in hrefs else None
        reciprocal.append(1 / rank if rank else 0)
        if not rank or rank > 3:
            misses.append((item["q"], item["page"], hrefs[:3]))
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
