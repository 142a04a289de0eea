"""The search index of one language, built from the data (not from HTML).

One JSON file per language, so a Russian reader only ever searches Russian
pages. Names and acronyms people type come from each record's `keywords`;
other words readers use come from the synonym groups of data/search.yml,
shipped with the index: the browser adds them to the query, not to the
entries, so a page with the words typed ranks above one with a synonym only,
the entries stay what the pages say and the index does not grow. Only the
groups' phrases ("non emergency") are marked in the entries as the browser
indexes them, since lunr has no phrase search. Entries of another
jurisdiction carry its name (`j`); the browser ranks them below local pages
unless the query names them.
The browser builds a lunr index from it when search is first used.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterable

from .loader import Catalogue
from .model import Text
from .pages import HOME_JURISDICTION
from . import plan
from .plan import (
    audience_uri,
    document_uri,
    exchange_uri,
    form_uri,
    timeline_uri,
    glossary_anchor,
    glossary_uri,
    role_uri,
    section_uri,
    service_uri,
    step_uri,
    topics_group_uri,
)
from .pathways import Step

# How much a page counts when it matches: a service's own page outranks pages that mention it.
BOOST = {"service": 4.0, "pathway": 3.0, "document": 2.5, "glossary": 2.0, "role": 1.5, "part": 1.5,
         "section": 1.2, "audience": 1.0, "topic": 1.0}

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`#>|]+|^\s*[-+]\s+|^\s*\d+\.\s+", re.M)


DIRECTORY_URLS = True  # set by the hook from MkDocs' use_directory_urls


def url_of(src_uri: str) -> str:
    return plan.url_of(src_uri, DIRECTORY_URLS)


def plain(markdown: str) -> str:
    """Markdown to one line of plain text."""
    return " ".join(_MARKUP.sub(" ", _LINK.sub(r"\1", markdown)).split())


def _t(text: Text | None, lang: str) -> str:
    return plain(getattr(text, lang)) if text is not None else ""


def _entry(kind: str, url: str, title: str, summary: str, text: str = "", keywords: Iterable[str] = (),
           place: str = "") -> dict[str, Any]:
    entry = {"u": url, "t": title, "s": summary, "x": text, "k": " ".join(keywords), "c": kind, "b": BOOST[kind]}
    if place:
        entry["j"] = place
    return entry


def entries(cat: Catalogue, lang: str) -> list[dict[str, Any]]:
    """Everything a reader can find, in one language."""
    def place(jurisdiction: str) -> str:
        return "" if jurisdiction == HOME_JURISDICTION else _t(cat.jurisdictions[jurisdiction].name, lang)

    out = []
    for svc in cat.services.values():
        channels = " ".join(_t(c.label, lang) + " " + _t(c.notes, lang) for c in svc.channels)
        steps = " ".join(_t(s, lang) for s in [*svc.how_to_apply, *svc.what_happens, *svc.what_you_need])
        out.append(_entry("service", url_of(service_uri(svc.id)), _t(svc.title, lang), _t(svc.summary, lang),
                          " ".join([_t(svc.body, lang), channels, steps]), getattr(svc.keywords, lang)))
    for sec in cat.sections:
        out.append(_entry("section", url_of(section_uri(sec.id)), _t(sec.title, lang), _t(sec.summary, lang)))
    for hub in cat.audiences:
        out.append(_entry("audience", url_of(audience_uri(hub.id)), _t(hub.title, lang), _t(hub.summary, lang)))
    for doc in cat.documents.values():
        where = place(doc.jurisdiction)
        headings = " ".join(_t(s.title, lang) for s in doc.all_sections())
        out.append(_entry("document", url_of(document_uri(doc.id)), _t(doc.title, lang), _t(doc.summary, lang),
                          headings, getattr(doc.keywords, lang), where))
        for role in doc.roles:
            out.append(_entry("role", url_of(role_uri(doc.id, role.id)), _t(role.title, lang),
                              _t(role.summary, lang), _t(doc.short_title, lang), place=where))
        if doc.flows:
            what = " ".join(_t(f.what, lang) for f in doc.flows)
            out.append(_entry("part", url_of(exchange_uri(doc.id)), f"{_t(cat.ui.exchange_title, lang)}: "
                              f"{_t(doc.short_title, lang)}", _t(cat.ui.exchange_summary, lang), what, place=where))
        if doc.timeline:
            title = _t(doc.timeline_title, lang) if doc.timeline_title else _t(cat.ui.timeline_title, lang)
            out.append(_entry("part", url_of(timeline_uri(doc.id)), title, _t(doc.short_title, lang),
                              " ".join(_t(s.text, lang) for s in doc.timeline), place=where))
        for form in doc.forms:
            out.append(_entry("part", url_of(form_uri(doc.id, form.id)), _t(form.title, lang),
                              _t(doc.short_title, lang), _t(form.intro, lang), place=where))
        for topic in doc.topics:
            url = url_of(topics_group_uri(doc.id, topic.group)) + f"#{topic.id}"
            out.append(_entry("topic", url, _t(topic.title, lang), _t(topic.body, lang)[:300],
                              _t(doc.short_title, lang), place=where))
    for pw in cat.pathways.values():
        questions = " ".join(_t(n.text, lang) for n in pw.nodes if n.type == "question")
        out.append(_entry("pathway", url_of(step_uri(Step(pw, ()))), _t(pw.title, lang), _t(pw.summary, lang),
                          questions, getattr(pw.keywords, lang), place(pw.jurisdiction)))
    for term in cat.glossary:
        url = url_of(glossary_uri()) + f"#{glossary_anchor(term.id)}"
        out.append(_entry("glossary", url, _t(term.term, lang), _t(term.expansion, lang),
                          _t(term.definition, lang), [*term.match.en, *term.match.ru], place(term.jurisdiction)))
    return out


def index_json(cat: Catalogue, lang: str) -> str:
    kinds = {kind: getattr(getattr(cat.ui, f"search_kind_{kind}"), lang) for kind in BOOST}
    synonyms = [getattr(group, lang) for group in cat.search.synonyms] if cat.search else []
    filler = getattr(cat.search.filler_words, lang) if cat.search else []
    return json.dumps({"lang": lang, "kinds": kinds, "synonyms": synonyms, "filler": filler,
                       "docs": entries(cat, lang)},
                      ensure_ascii=False, separators=(",", ":"))


def index_script(cat: Catalogue, lang: str) -> str:
    """The index as a script, so search also works on a site opened from a folder (file://)."""
    return f"window.guideSearchIndex = {index_json(cat, lang)};\n"
