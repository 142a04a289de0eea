"""The four procedure and policy documents: complete, faithful to their numbers, in both languages."""

from __future__ import annotations

import re

import pytest

import guide
from guide import plan
from guide.model import BaseModel, Text

from conftest import ROOT, seeds_dir

# What each source contains, listed from the source documents themselves (not from data/).
EXPECTED = {
    "ru-school-police-cooperation": {
        "file": "000_9835526f55c2b58b.txt",
        "jurisdiction": "russia-federal",
        "sections": ["I", "1.1", "1.2", "1.3", "II", "2.1", "2.1.1", "2.1.2", "2.1.3", "2.2", "2.2.1", "2.2.2",
                     "2.2.2.1", "2.2.2.2", "2.2.2.3", "2.2.2.4", "2.2.2.5", "2.2.2.6", "2.2.3", "2.3", "2.3.1",
                     "2.3.2", "III", "3.1", "3.2", "3.3"],
        # the school and every police role the recommendations give duties to (Russian titles)
        "roles": ["Образовательная организация", "ПДН", "УУП", "уголовного розыска", "наркотик", "экстремизм",
                  "Госавтоинспекци"],
        "periods": 3,
        "timings": {"immediately", "quarterly", "by-agreement"},
    },
    "talitsa-vpr-2023": {
        "file": "001_03481b4a6a111b41.txt",
        "jurisdiction": "russia-talitsa",
        "sections": ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "2.3", "2.6", "Приложение 1",
                     "Приложение 2", "Приложение 3"],
        "roles": ["Управление образования", "Муниципальный координатор", "Школьный координатор", "Организатор",
                  "Эксперт", "Технический специалист", "Общественный наблюдатель"],
        "forms": {"checklist", "instructions", "form"},
    },
    "mn-policy-524": {
        "file": "002_dd2fe81962ff5673.txt",
        "jurisdiction": "usa-minnesota",
        "sections": ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
                     "XV", "XVI", "XVII"],
        "roles": ["Учащиеся", "Родители", "Суперинтендант", "Школьный округ"],
    },
    "eu-internal-security-strategy": {
        "file": "003_9670369ee4b67815.txt",
        "jurisdiction": "eu",
        "sections": ["1", "2", "3"],
        "guidelines": ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"],
        "topic_groups": ["threats", "principles", "guidelines", "next-steps"],
    },
}


@pytest.fixture(scope="module")
def catalogue():
    return guide.load(ROOT / "data")


def _sections(sections):
    for sec in sections:
        yield sec
        yield from _sections(sec.sections)


def _texts(model, path=""):
    if isinstance(model, Text):
        yield path, model
    elif isinstance(model, BaseModel):
        for name in type(model).model_fields:
            yield from _texts(getattr(model, name), f"{path}.{name}" if path else name)
    elif isinstance(model, list):
        for i, item in enumerate(model):
            yield from _texts(item, f"{path}[{i}]")


def _quotes(model):
    if isinstance(model, BaseModel):
        for name in type(model).model_fields:
            value = getattr(model, name)
            if name == "quote" and value:
                yield value
            else:
                yield from _quotes(value)
    elif isinstance(model, list):
        for item in model:
            yield from _quotes(item)


def _source(doc_id: str) -> str:
    return (seeds_dir() / EXPECTED[doc_id]["file"]).read_text(encoding="utf-8")


@pytest.mark.parametrize("doc_id", EXPECTED)
def test_document_has_every_section_role_and_part_of_its_source(catalogue, doc_id):
    doc = catalogue.documents[doc_id]
    want = EXPECTED[doc_id]
    assert doc.source.file == want["file"] and doc.jurisdiction == want["jurisdiction"]
    refs = {sec.ref for sec in _sections(doc.sections)}
    assert [r for r in want["sections"] if r not in refs] == []
    for fragment in want.get("roles", []):
        assert any(fragment in role.title.ru for role in doc.roles), f"no role for {fragment!r}"
    if "periods" in want:
        assert len(doc.periods) == want["periods"]
        assert all(d.period for d in doc.roles[0].duties if d.ref and d.ref.startswith("2."))
    if "timings" in want:
        assert want["timings"] <= {f.timing for f in doc.flows}
    if "forms" in want:
        assert {f.kind for f in doc.forms} == want["forms"]
        assert all(len(f.items) >= 5 for f in doc.forms)
    if "guidelines" in want:
        assert [t.ref for t in doc.topics if t.group == "guidelines"] == want["guidelines"]
        for group in want["topic_groups"]:
            assert any(t.group == group for t in doc.topics), group


@pytest.mark.parametrize("doc_id", EXPECTED)
def test_quoted_numbers_times_and_deadlines_are_exactly_in_the_source(catalogue, doc_id):
    """Every `quote` is the source's own words, so its number or deadline is exactly the source's."""
    source = " ".join(_source(doc_id).split())
    quotes = list(_quotes(catalogue.documents[doc_id]))
    missing = [q for q in quotes if " ".join(q.split()) not in source]
    assert missing == []


@pytest.mark.parametrize("doc_id", EXPECTED)
def test_numbers_are_the_same_in_both_languages_and_come_from_the_source(catalogue, doc_id):
    number = re.compile(r"\d+")
    in_source = set(number.findall(_source(doc_id)))
    for path, text in _texts(catalogue.documents[doc_id]):
        en, ru = set(number.findall(text.en)), set(number.findall(text.ru))
        assert en == ru, f"{doc_id} {path}: {sorted(en ^ ru)} differ between en and ru"
        assert en <= in_source, f"{doc_id} {path}: {sorted(en - in_source)} not in the source"


@pytest.mark.parametrize("doc_id", EXPECTED)
def test_web_addresses_in_documents_are_the_sources_own(catalogue, doc_id):
    source = _source(doc_id)
    for path, text in _texts(catalogue.documents[doc_id]):
        for url in re.findall(r"https?://[^\s)\"'»]+", text.en + " " + text.ru):
            assert url.rstrip(".,;") in source, f"{doc_id} {path}: {url}"


def test_every_document_page_exists_in_both_languages_and_states_its_jurisdiction(catalogue, real_site):
    for doc in catalogue.documents.values():
        for uri in plan.document_uris(doc):
            for prefix in ("", "ru/"):
                page = real_site / prefix / uri.removesuffix(".md").removesuffix("index") / "index.html"
                page = page if page.exists() else real_site / prefix / uri.replace(".md", "/index.html")
                assert page.is_file(), page
                html = page.read_text(encoding="utf-8")
                assert "data-jurisdiction" in html and "guide-notice" in html, page


def test_every_glossary_term_is_on_the_glossary_page_and_linked_where_used(catalogue, real_site):
    for prefix in ("", "ru/"):
        glossary = (real_site / prefix / "glossary" / "index.html").read_text(encoding="utf-8")
        for term in catalogue.glossary:
            assert f'id="{plan.glossary_anchor(term.id)}"' in glossary, term.id
    doc_page = (real_site / "ru/documents/ru-school-police-cooperation/index.html").read_text(encoding="utf-8")
    assert "<abbr" in doc_page and f"glossary/#{plan.glossary_anchor('pdn')}" in doc_page
