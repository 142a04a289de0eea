"""Decide which pages exist and render each to Markdown, per language.

The page plan is independent of MkDocs: a list of :class:`Page` with a
language-neutral source path (``services/clares-law.md``) and Markdown text
(front matter + body). The hooks turn it into MkDocs files.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml
from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .incremental import COMPILED_TEMPLATES
from .loader import Catalogue
from .model import LANGUAGES, OutcomeNode, Service
from .pathways import Step
from .pathways import steps as walk
from .plan import (
    home_uri,
    topics_uri,
    section_uri,
    audience_uri,
    az_uri,
    service_uri,
    handout_uri,
    print_uri,
    documents_uri,
    document_uri,
    doc_section_uri,
    role_uri,
    exchange_uri,
    timeline_uri,
    form_uri,
    topics_group_uri,
    glossary_uri,
    search_uri,
    pathways_uri,
    step_uri,
    tree_uri,
    document_uris,
    paged_uri,
)

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: 20 times faster

TEMPLATES = Path(__file__).parent / "templates"
DATE_LOCALES = {"en": "en_GB", "ru": "ru_RU"}  # British, not US, English dates


@dataclass(frozen=True)
class Page:
    """One generated page in one language."""

    src_uri: str  # language-neutral, e.g. "services/clares-law.md"
    lang: str
    markdown: str
    indexed: bool = True  # False: noindex, left out of the sitemap and search
    terms: bool = True  # False: no "Terms used on this page" (the glossary itself, pages made to be printed)


# ----------------------------------------------------------------------------
# Lists that grow with the data come in pages
# ----------------------------------------------------------------------------

# Entries per list page. The longest real entries (Russian) take about 0.15 KB gzipped each, so a
# page of 75 stays near 16 KB, under the 20 KB budget, at any data size; every list of the real
# guide fits on one page.
PER_PAGE = 75
HOME_PATHWAYS = 8  # the home page names this many pathways, then links them all


@dataclass(frozen=True)
class Pager:
    """Where one page of a list sits among the others."""

    number: int
    count: int
    first_uri: str
    text: str  # "Page 2 of 3", in the page's language

    def uri_of(self, number: int) -> str:
        return paged_uri(self.first_uri, number)


def _group(entries: list[tuple[Any, Any]]) -> list[tuple[Any, list[Any]]]:
    """Consecutive (group, item) pairs as [(group, [items])]."""
    groups: list[tuple[Any, list[Any]]] = []
    for group, item in entries:
        if groups and groups[-1][0] == group:
            groups[-1][1].append(item)
        else:
            groups.append((group, [item]))
    return groups


# ----------------------------------------------------------------------------
# Rendering
# ----------------------------------------------------------------------------


def _sort_key(title: str) -> str:
    return title.casefold().replace("ё", "е")


class _Renderer:
    def __init__(self, cat: Catalogue, lang: str):
        self.cat = cat
        self.lang = lang
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            bytecode_cache=COMPILED_TEMPLATES,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,  # output is Markdown, not HTML
        )
        self.env.filters["t"] = self.t
        self.env.filters["inline"] = inline
        self.env.filters["md"] = md_safe
        self.env.filters["indent_block"] = indent_block
        self.env.filters["attr"] = lambda text: inline(text).replace('"', "&quot;")
        self.env.filters["cell"] = lambda text: inline(text).replace("|", "\\|")
        self.env.filters["service_title"] = lambda sid: inline(self.t(cat.services[sid].title))
        self.env.filters["timing_label"] = lambda timing: self.label("timing_" + timing.replace("-", "_"))
        self.ui = {name: getattr(cat.ui, name) for name in type(cat.ui).model_fields}
        self.term_patterns = [
            (term, [(form, re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])"))
                    for form in getattr(term.match, lang)])
            for term in cat.glossary
        ]

    def t(self, text: Any) -> str:
        """The current language of a Text, made safe for Markdown (see md_safe)."""
        return md_safe(getattr(text, self.lang))

    def label(self, key: str) -> str:
        return self.t(self.ui[key])

    def raw(self, text: Any) -> str:
        """The current language of a Text, unescaped: for values the templates escape themselves."""
        return getattr(text, self.lang)

    def date(self, value) -> str:
        return format_date(value, format="long", locale=DATE_LOCALES[self.lang])

    def source_line(self, source, section: str | None = None) -> str:
        """Document, date, file and pages, and section: "Title, 2 November 2020 (file, p. 3), “I”"."""
        head = self.source_head(source)
        return f"{head}, {self.raw(self.ui['quote_open'])}{section or source.section}{self.raw(self.ui['quote_close'])}"

    def source_head(self, source) -> str:
        """Document, date, file and pages: "Title, 2 November 2020 (file, p. 3)"."""
        doc = self.cat.sources[source.file]
        title = self.raw(doc.title) + (f", {self.date(doc.date)}" if doc.date else "")
        pages = ""
        if source.pages:
            word = self.raw(self.ui["pages" if any(c in source.pages for c in "-,") else "page"])
            pages = f", {word} {source.pages.replace('-', '–')}"
        return f"{title} ({source.file}{pages})"

    def refs(self, items: Iterable[Any]) -> str:
        """Clause numbers of items as printed in the source, in order, once each: "2.1.3, 2.2.2.1"."""
        seen: list[str] = []
        for item in items:
            if item.ref and item.ref not in seen:
                seen.append(item.ref)
        return ", ".join(seen)

    def sorted_services(self, services: Iterable[Service]) -> list[Service]:
        return sorted(services, key=lambda s: _sort_key(self.t(s.title)))

    def render(self, template: str, src_uri: str, meta: dict[str, Any], indexed: bool = True,
               terms: bool = True, **context: Any) -> Page:
        def link(target: str) -> str:
            return posixpath.relpath(target, posixpath.dirname(src_uri) or ".")

        body = self.env.get_template(template).render(
            cat=self.cat, lang=self.lang, label=self.label, link=link, uris=_URIS,
            date=self.date, source_line=self.source_line, sorted_services=self.sorted_services,
            glossary_anchor=glossary_anchor, walk_start=lambda pw: Step(pw, ()),
            section_link=lambda doc, sid: section_link(doc, sid, link), section_of=section_of,
            **context,
        )
        meta = {**meta, **{k: html_attr_safe(unescape_md(meta[k])) for k in ("title", "description") if k in meta}}
        front = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
        return Page(src_uri, self.lang, f"---\n{front}---\n\n{body}", indexed, terms)

    def paged(self, template: str, uri: str, meta: dict[str, Any], entries: list[tuple[Any, Any]],
              **context: Any) -> list[Page]:
        """A list in pages of PER_PAGE entries. ``entries`` are (group, item) pairs in order; each page
        gets its share as ``groups`` ([(group, [items])], a group going on across pages) and a ``pager``.
        Other keywords go to render() (``indexed``, ``terms``, template context)."""
        chunks = [entries[i:i + PER_PAGE] for i in range(0, len(entries), PER_PAGE)] or [[]]
        out = []
        for number, chunk in enumerate(chunks, 1):
            where = {"number": number, "count": len(chunks)}
            pager = Pager(number, len(chunks), uri, md_safe(fill(self.raw(self.ui["page_of"]), where)))
            page_meta = meta if number == 1 else {
                **meta, "title": meta["title"] + " " + md_safe(fill(self.raw(self.ui["title_page_of"]), where))}
            out.append(self.render(template, paged_uri(uri, number), page_meta, groups=_group(chunk),
                                   pager=pager, **context))
        return out

    def facts(self, jurisdiction: str, source=None, reviewed=None, section: str | None = None,
              refs: str = "") -> dict[str, Any]:
        place = self.cat.jurisdictions[jurisdiction]
        facts: dict[str, Any] = {"jurisdiction": self.raw(place.name)}
        if place.notice is not None:
            facts["notice"] = self.raw(place.notice)
        if source is not None:
            facts["source"] = self.source_head(source)
            # Sections and clause numbers are named as printed, in the source's own language.
            source_lang = self.cat.sources[source.file].language
            if refs:
                facts.update(section_label=self.raw(self.ui["clauses"]), section=refs, section_lang=source_lang)
            else:
                facts.update(section=section or source.section, section_lang=self.lang if section else source_lang)
        if reviewed is not None:
            facts["reviewed"] = reviewed.isoformat()
            facts["reviewed_text"] = self.date(reviewed)
        return facts

_URIS: dict[str, Callable[..., str]] = {
    "home": home_uri,
    "topics": topics_uri,
    "section": section_uri,
    "audience": audience_uri,
    "az": az_uri,
    "service": service_uri,
    "handout": handout_uri,
    "print": print_uri,
    "documents": documents_uri,
    "document": document_uri,
    "doc_section": doc_section_uri,
    "role": role_uri,
    "exchange": exchange_uri,
    "timeline": timeline_uri,
    "form": form_uri,
    "topics_group": topics_group_uri,
    "glossary": glossary_uri,
    "pathways": pathways_uri,
    "search": search_uri,
    "step": step_uri,
    "tree": tree_uri,
}

HOME_JURISDICTION = "uk-northamptonshire"  # the guide's own place: pages about it name no other


_MD_UNSAFE = str.maketrans({"<": "&lt;", ">": "&gt;", "{": "\\{", "}": "\\}", "[": "\\[", "]": "\\]"})


def fill(label: str, values: dict[str, Any]) -> str:
    """A label's {name} slots filled in; any other brace in the label (data text) stays as written."""
    for name, value in values.items():
        label = label.replace("{" + name + "}", str(value))
    return label


def md_safe(text: str) -> str:
    """Data text allows Markdown emphasis, lists and paragraphs, nothing more: no raw HTML, no links or
    images (links come from typed channels and organisations), no attribute lists, no abbreviations."""
    return str(text).translate(_MD_UNSAFE)


def unescape_md(text: str) -> str:
    """Undo md_safe for values that are not Markdown (front matter)."""
    return (str(text).replace("&lt;", "<").replace("&gt;", ">").replace("\\{", "{").replace("\\}", "}")
            .replace("\\[", "[").replace("\\]", "]"))


def html_attr_safe(text: str) -> str:
    """For front matter values that the theme prints unescaped (title, description)."""
    return html.escape(str(text), quote=True).replace("&#x27;", "'")


def inline(text: str) -> str:
    """One line for a Markdown inline position (text already made safe by md_safe)."""
    return " ".join(str(text).split())


def indent_block(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in str(text).splitlines())


def build(cat: Catalogue, lang: str) -> list[Page]:
    """All generated pages for one language."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    r = _Renderer(cat, lang)
    latest = max(x.reviewed for x in [*cat.services.values(), *cat.documents.values(), *cat.pathways.values()])
    home_facts = r.facts(HOME_JURISDICTION, reviewed=latest)
    several_facts = r.facts("several", reviewed=latest)  # pages that draw on every source
    pages = [
        r.render("home.md.j2", home_uri(), {"title": r.t(cat.home.title), "description": inline(r.t(cat.home.lead)),
                                              "facts": home_facts}, home=cat.home,
                 pathways=list(cat.pathways.values())[:HOME_PATHWAYS]),
        r.render("topics.md.j2", topics_uri(), {"title": r.label("all_topics"), "facts": home_facts}),
    ]
    pages += r.paged("az.md.j2", az_uri(), {"title": r.label("all_services"), "facts": home_facts},
                     [(r.raw(s.title)[:1].upper(), s) for s in r.sorted_services(cat.services.values())])
    for section in cat.sections:
        pages += r.paged(
            "section.md.j2", section_uri(section.id),
            {"title": r.t(section.title), "description": inline(r.t(section.summary)),
             "facts": r.facts(cat.sources[section.source.file].jurisdiction, section.source,
                              max((x.reviewed for x in cat.services_in(section.id)), default=latest))},
            [(None, s) for s in r.sorted_services(cat.services_in(section.id))], section=section,
        )
    for hub in cat.audiences:
        pages += r.paged(
            "audience.md.j2", audience_uri(hub.id),
            {"title": r.t(hub.title), "description": inline(r.t(hub.summary)), "facts": home_facts},
            _audience_entries(r, hub), hub=hub,
        )
    for svc in cat.services.values():
        meta = {
            "title": r.t(svc.title),
            "description": inline(r.t(svc.summary)),
            "facts": r.facts(svc.jurisdiction, svc.source, svc.reviewed),
            "record": svc.id,
        }
        if svc.sensitive:
            meta["sensitive"] = True
        pages.append(r.render("service.md.j2", service_uri(svc.id), meta, svc=svc))
        pages.append(r.render("handout.md.j2", handout_uri(svc.id),
                              {**meta, "noindex": True, "search": {"exclude": True}, "printable": True},
                              indexed=False, terms=False, svc=svc))
    print_entries = [(sec, x) for sec in cat.sections
                     for x in r.sorted_services(x for x in cat.services.values() if x.section == sec.id)]
    print_entries += [("forms", (d, f)) for d in cat.documents.values() for f in d.forms]
    pages += r.paged("print-guide.md.j2", print_uri(),
                     {"title": r.label("print_guide_title"), "noindex": True, "search": {"exclude": True},
                      "facts": several_facts}, print_entries, indexed=False, terms=False)
    pages += r.paged("documents.md.j2", documents_uri(),
                     {"title": r.label("documents_title"), "description": r.label("documents_summary"),
                      "facts": several_facts}, [(None, d) for d in cat.documents.values()])
    for doc in cat.documents.values():
        pages += _document_pages(r, doc)
    pages.append(r.render("glossary.md.j2", glossary_uri(),
                          {"title": r.label("glossary_title"), "description": r.label("glossary_summary"),
                           "facts": several_facts}, terms=False,
                          entries=sorted(cat.glossary, key=lambda g: _sort_key(r.t(g.term)))))
    pages += r.paged("pathways.md.j2", pathways_uri(),
                     {"title": r.label("pathways_title"), "description": r.label("pathways_summary"),
                      "facts": home_facts}, [(None, p) for p in cat.pathways.values()])
    for pw in cat.pathways.values():
        pages += _pathway_pages(r, pw)
    pages.append(r.render("search.md.j2", search_uri(),
                          {"title": r.label("search_title"), "template": "guide-search.html", "noindex": True,
                           "search": {"exclude": True}, "facts": several_facts}, indexed=False))
    return [_with_glossary(r, page) for page in pages]


def _audience_entries(r: _Renderer, hub) -> list[tuple[Any, Any]]:
    """An audience hub's list: its pathways, its services by section, then its documents."""
    wanted = set(hub.audiences)
    entries: list[tuple[Any, Any]] = [("pathways", p) for p in r.cat.pathways.values() if wanted & set(p.audiences)]
    for section in r.cat.sections:
        members = [s for s in r.cat.services.values() if s.section == section.id and wanted & set(s.audiences)]
        entries += [(section, s) for s in r.sorted_services(members)]
    entries += [("documents", d) for d in r.cat.documents.values() if wanted & set(d.audiences)]
    return entries


def section_link(doc, section_id: str, link: Callable[[str], str]) -> str:
    """Link to a section of a document's text: its top-level part's page, with an anchor below it."""
    for top in doc.sections:
        if top.id == section_id:
            return link(doc_section_uri(doc.id, top.id))
        if any(s.id == section_id for s in top.walk()):
            return link(doc_section_uri(doc.id, top.id)) + f"#s-{section_id}"
    raise KeyError(section_id)


def section_of(doc, section_id: str):
    return next(sec for sec in doc.all_sections() if sec.id == section_id)


def _leads_to_sensitive(step: Step) -> bool:
    """A sensitive outcome, or a question from which one can be reached (the exit button goes on both)."""
    node = step.node
    if isinstance(node, OutcomeNode):
        return node.sensitive
    return any(_leads_to_sensitive(step.after(option)) for option in node.options)


def _pathway_pages(r: _Renderer, pw) -> list[Page]:
    """One page per step (question or outcome), and the reviewer's view of the whole tree."""
    out = []
    for step in walk(pw):
        node = step.node
        outcome = isinstance(node, OutcomeNode)
        meta: dict[str, Any] = {
            "title": r.t(node.title) if outcome else r.t(pw.title) if step.is_start else r.t(node.text),
            "description": inline(r.t(pw.summary)),
            "facts": r.facts(pw.jurisdiction, reviewed=pw.reviewed),
            "pathway": pw.id,
        }
        if not step.is_start:
            meta["noindex"] = True
            meta["search"] = {"exclude": True}
        if _leads_to_sensitive(step):
            meta["sensitive"] = True
        out.append(r.render("outcome.md.j2" if outcome else "question.md.j2", step_uri(step), meta,
                            indexed=step.is_start, pw=pw, step=step, node=node, root=Step(pw, ())))
    out.append(r.render("tree.md.j2", tree_uri(pw.id),
                        {"title": f"{r.label('tree_title')}: {r.t(pw.title)}", "noindex": True,
                         "search": {"exclude": True}, "facts": r.facts(pw.jurisdiction, reviewed=pw.reviewed)},
                        indexed=False, pw=pw, root=Step(pw, ())))
    return out


def _document_pages(r: _Renderer, doc) -> list[Page]:
    """The document page and its role, exchange, timeline, form and topic pages."""

    def meta(title: str, refs: str = "", **extra: Any) -> dict[str, Any]:
        facts = r.facts(doc.jurisdiction, doc.source, doc.reviewed, r.raw(r.ui["whole_document"]), refs)
        return {"title": title, "description": inline(r.t(doc.summary)), "facts": facts, "document": doc.id, **extra}

    out = [r.render("document.md.j2", document_uri(doc.id), meta(r.t(doc.title)), doc=doc)]
    for sec in doc.sections:  # the text, one page per top-level part, so no page grows too long
        title = (f"{sec.ref} " if sec.ref else "") + r.t(sec.title)
        out.append(r.render("doc-section.md.j2", doc_section_uri(doc.id, sec.id),
                            meta(title, sec.ref or ""), doc=doc, section=sec))
    periods = {p.id: p for p in doc.periods}
    for role in doc.roles:
        groups = [(periods[pid], [d for d in role.duties if d.period == pid]) for pid in periods]
        groups = [(p, duties) for p, duties in groups if duties]
        loose = [d for d in role.duties if d.period is None]
        out.append(r.render("role.md.j2", role_uri(doc.id, role.id),
                            meta(r.t(role.title), r.refs(role.duties)),
                            doc=doc, role=role, groups=groups, loose=loose))
    if doc.flows:
        roles = {x.id: x for x in doc.roles}
        senders = [x for x in doc.roles if any(f.sender == x.id for f in doc.flows)]
        receivers = [x for x in doc.roles if any(f.receiver == x.id for f in doc.flows)]
        out.append(r.render("exchange.md.j2", exchange_uri(doc.id),
                            meta(f"{r.label('exchange_title')}: {r.t(doc.short_title)}", r.refs(doc.flows)),
                            doc=doc, roles=roles, senders=senders, receivers=receivers))
    if doc.timeline:
        title = r.t(doc.timeline_title) if doc.timeline_title else r.label("timeline_title")
        out.append(r.render("timeline.md.j2", timeline_uri(doc.id), meta(title, r.refs(doc.timeline)),
                            doc=doc, title=title, roles={x.id: x for x in doc.roles}))
    for form in doc.forms:
        out.append(r.render("form.md.j2", form_uri(doc.id, form.id),
                            meta(r.t(form.title), form.ref or "", printable=True), doc=doc, form=form))
    for group in doc.topic_groups:
        topics = [t for t in doc.topics if t.group == group.id]
        out.append(r.render("topics-group.md.j2", topics_group_uri(doc.id, group.id),
                            meta(r.t(group.title), r.refs(topics)), doc=doc, group=group, topics=topics))
    return out


# ----------------------------------------------------------------------------
# Glossary links: every page that uses a term explains it and links it
# ----------------------------------------------------------------------------


def glossary_anchor(term_id: str) -> str:
    return f"term-{term_id}"


def _with_glossary(r: _Renderer, page: Page) -> Page:
    if not page.terms:
        return page
    front, body = page.markdown.split("\n---\n", 1)
    used = []
    for term, forms in r.term_patterns:
        # A plain substring test first: most pages use few terms, and the regex is the slow part.
        found = [form for form, pattern in forms if form in body and pattern.search(body)]
        if found:
            used.append((term, found))
    if not used:
        return page
    extra = r.env.get_template("terms.md.j2").render(
        used=used, label=r.label, t=r.t,
        link=lambda target: posixpath.relpath(target, posixpath.dirname(page.src_uri) or "."),
        uris=_URIS, glossary_anchor=glossary_anchor,
    )
    return replace(page, markdown=page.markdown.rstrip("\n") + "\n\n" + extra)
