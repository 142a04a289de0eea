"""Lists that grow with the data come in pages (A to Z, topic and audience hubs, documents,
pathways): every entry is on exactly one page, the pages are linked in order, each has its twin in
the other language, and no page of the site is heavier than 20 KB gzipped, except the pages made to
be printed as one document (the printed guide, the signposting packs). Built from the real data
doubled (116 services), which is enough to page the A to Z and the audience hubs."""

from __future__ import annotations

import gzip
import re
import sys

import pytest

from conftest import ROOT, make_project
from htmlsite import SitePage, pages, target_file

sys.path.insert(0, str(ROOT / "tools"))

from synth import synthesise  # noqa: E402

from guide.pages import PER_PAGE  # noqa: E402

SERVICE_LINK = re.compile(r"^/(?:ru/)?services/([a-z0-9-]+)/$")


@pytest.fixture(scope="module")
def doubled(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("doubled") / "proj")
    cat = synthesise(ROOT / "data", project.data, 2)
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project.site, cat


def _chain(site, url: str) -> list[SitePage]:
    """A list's pages, from its first page along the "next" links; checks each "previous" link."""
    chain = [SitePage(site, target_file(site, url))]
    while nxt := chain[-1].links("article a[rel=next]"):
        page = SitePage(site, target_file(site, nxt[0]))
        assert page.links("article a[rel=prev]") == [chain[-1].url], f"{page.url}: previous page is wrong"
        assert page.url not in [p.url for p in chain], f"{page.url}: the pages go round in a loop"
        chain.append(page)
    return chain


def _services_listed(chain: list[SitePage]) -> list[str]:
    return [m.group(1) for page in chain for url in page.links("article a[href]")
            if (m := SERVICE_LINK.match(url)) and not m.group(1).startswith("page-")]


@pytest.mark.parametrize("prefix", ["/", "/ru/"])
def test_the_a_to_z_lists_every_service_once_over_its_pages(doubled, prefix):
    site, cat = doubled
    chain = _chain(site, prefix + "services/")
    assert len(chain) == -(-len(cat.services) // PER_PAGE) > 1
    listed = _services_listed(chain)
    assert sorted(listed) == sorted(cat.services)  # each once, none missing
    titles = [page.soup.title.string for page in chain]
    assert len(set(titles)) == len(titles), "each page of a list needs its own title"


@pytest.mark.parametrize("prefix", ["/", "/ru/"])
def test_every_audience_hub_lists_all_its_services_over_its_pages(doubled, prefix):
    site, cat = doubled
    paged = 0
    for hub in cat.audiences:
        chain = _chain(site, f"{prefix}for/{hub.id}/")
        paged += len(chain) > 1
        wanted = {s.id for s in cat.services.values() if set(hub.audiences) & set(s.audiences)}
        assert sorted(_services_listed(chain)) == sorted(wanted), hub.id
    assert paged, "the doubled data should page at least one audience hub"


def test_every_page_of_a_list_switches_language_to_the_same_page(doubled):
    site, _ = doubled
    for page in _chain(site, "/services/") + _chain(site, "/print/guide/") + _chain(site, "/pack/plrs/"):
        switch = {a["hreflang"]: page.resolve(a["href"]) for a in page.soup.select("a.guide-lang__link[hreflang]")}
        assert switch == {"ru": page.twin_url}
        assert target_file(site, page.twin_url) is not None


# Made to be printed as one document (one PDF with its outline): one page however long, so not paged.
PRINTED = re.compile(r"^/(?:ru/)?(?:print/guide|pack/[a-z0-9-]+(?:/page-[0-9]+)?)/$")


def test_the_printed_guide_holds_every_service_on_one_page(doubled):
    site, cat = doubled
    for prefix in ("/", "/ru/"):
        chain = _chain(site, prefix + "print/guide/")
        assert len(chain) == 1
        held = [el["id"].removeprefix("service-") for el in chain[0].soup.select("section.guide-printed")]
        assert sorted(held) == sorted(cat.services)
        # Pages made to be printed carry no "Terms used on this page" list.
        assert chain[0].soup.select("#terms") == []


def test_no_page_is_heavier_than_20_kb_gzipped(doubled):
    site, _ = doubled
    heavy = {page.url: round(size / 1024, 1) for page in pages(site) if not PRINTED.match(page.url)
             and (size := len(gzip.compress(page.path.read_bytes(), 9))) > 20 * 1024}
    assert heavy == {}


def test_a_ready_pack_holds_every_service_of_its_hub_once_over_its_pages(doubled):
    site, cat = doubled
    for hub in cat.audiences:
        chain = _chain(site, f"/pack/{hub.id}/")
        held = [el["data-service"] for page in chain for el in page.soup.select(".guide-pack__handouts .guide-handout")]
        wanted = {s.id for s in cat.services.values() if set(hub.audiences) & set(s.audiences)}
        assert sorted(held) == sorted(wanted), hub.id
        assert len(chain) == -(-len(wanted) // PER_PAGE)
