"""Decide which pages exist and render each to HTML, per language.

Independent of MkDocs: a list of :class:`Page` with a language-neutral source path
(``services/clares-law.md``, see plan.py), the page body as HTML, its table of contents and the values the
theme prints (title, description, facts...). The hook hands them to MkDocs, which puts them in the theme's
page layout without running Python-Markdown over them.

The page templates are in ``overrides/guide/``. Their Jinja environment escapes every expression
(``autoescape`` with :func:`markup.escape`); its ``finalize`` picks the page's language of a :class:`Text` and
renders a :class:`Prose` through :func:`markup.prose`. So nothing from data/ reaches a page unescaped, whatever
its type, and no template has to remember a filter.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable, Iterable

import segno
from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import changes, markup, translations
from .incremental import COMPILED_TEMPLATES
from .loader import Catalogue
from .model import LANGUAGES, OutcomeNode, Prose, Service, Text
from .pathways import Step
from .pathways import steps as walk
from . import plan
from .text import fill
from .plan import (
    audience_uri,
    az_uri,
    doc_section_uri,
    document_uri,
    documents_uri,
    exchange_uri,
    feed_path,
    form_uri,
    glossary_anchor,
    guide_pdf_path,
    handout_pdf_path,
    pack_uri,
    ready_pack_uri,
    relative_file,
    url_of,
    PER_PAGE,
    glossary_uri,
    handout_uri,
    home_uri,
    paged_uri,
    pathways_uri,
    print_uri,
    relative_file_url,
    relative_url,
    role_uri,
    search_uri,
    section_uri,
    service_uri,
    step_uri,
    timeline_uri,
    topics_group_uri,
    topics_uri,
    tree_uri,
    whats_new_uri,
)

TEMPLATES = Path(__file__).resolve().parents[2] / "overrides" / "guide"
DATE_LOCALES = {"en": "en_GB", "ru": "ru_RU"}  # British, not US, English dates


@dataclass(frozen=True)
class Site:
    """What the pages need to know about the build they are part of (the hook fills it from mkdocs.yml)."""

    name: str = ""  # the site's name in the page's language
    url: str = ""  # the deployed site's address (GUIDE_SITE_URL), ending in "/"; "" when not set
    prefix: str = ""  # this language's folder below the site's root: "" or "ru/"
    pdfs: bool = False  # the build will have the PDFs in it (make publish): only then are they linked

    def address(self, path: str) -> str:
        """The full address of a path of this language (needs ``url``), or "" without one."""
        return self.url + self.prefix + path if self.url else ""


@dataclass(frozen=True)
class Page:
    """One generated page in one language."""

    src_uri: str  # language-neutral, e.g. "services/clares-law.md"
    lang: str
    html: Markup  # the page body
    meta: dict[str, Any]  # for the theme: title, description, facts, sensitive...; text already escaped
    toc: list[dict] = field(default_factory=list)  # headings: level, id, name, children
    indexed: bool = True  # False: noindex, left out of the sitemap and search

    def fingerprint(self) -> str:
        """Changes whenever anything the reader sees on this page changes (for rebuilding only what changed)."""
        state = json.dumps([self.meta, self.toc], sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256((state + "\n" + self.html).encode("utf-8")).hexdigest()


def theme_safe(value: Any) -> Any:
    """Values handed to the theme, which prints them as they are: text escaped once, here."""
    if isinstance(value, dict):
        return {k: theme_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [theme_safe(v) for v in value]
    if isinstance(value, str):
        return markup.escape(value)
    return value


# ----------------------------------------------------------------------------
# Lists that grow with the data come in pages
# ----------------------------------------------------------------------------

# Entries per list page (plan.PER_PAGE). The longest real entries (Russian) take about 0.15 KB gzipped
# each, so a page of 75 stays near 16 KB, under the 20 KB budget, at any data size; every list of the
# real guide fits on one page.
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
    def __init__(self, cat: Catalogue, lang: str, templates: Path = TEMPLATES, directory_urls: bool = True,
                 site: Site = Site()):
        self.cat = cat
        self.lang = lang
        self.site = site
        self.directory_urls = directory_urls
        self.env = Environment(
            loader=FileSystemLoader(templates),
            bytecode_cache=COMPILED_TEMPLATES,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=True,  # every {{ expression }} is escaped (markupsafe, as markup.escape)
            finalize=self._finalize,
        )
        self.env.filters["inline"] = self._inline
        self.env.filters["demote"] = demote
        self.env.filters["timing_label"] = lambda timing: self.label("timing_" + timing.replace("-", "_"))
        self.ui = {name: getattr(cat.ui, name) for name in type(cat.ui).model_fields}
        self.terms = {form: term for term in cat.glossary for form in getattr(term.match, lang)}
        self.expansions = {form: getattr(term.expansion, lang) for form, term in self.terms.items()}
        self.sensitive_uris = {uri for s in cat.services.values() if s.sensitive
                               for uri in (service_uri(s.id), handout_uri(s.id))}
        # Pages showing a translation not checked against its current original: "changed" or "never".
        self.stale = translations.stale_pages(cat, lang)
        # jurisdiction -> numbers a reader may call there: its emergency number, its services' phone numbers
        self.numbers: dict[str, set[str]] = {j.id: {j.emergency.number} if j.emergency else set()
                                             for j in cat.jurisdictions.values()}
        for svc in cat.services.values():
            for ch in svc.channels:
                if ch.type in ("phone", "text-relay"):
                    self.numbers[svc.jurisdiction].add(ch.number)
        if "several" in self.numbers:  # pages drawing on several places (the printed guide) may give any of them
            self.numbers["several"] = set().union(*self.numbers.values())

    # -- values in templates ------------------------------------------------

    def _finalize(self, value: Any) -> Any:
        """Every {{ expression }}: a Text shows in the page's language, Prose is rendered; then it is escaped."""
        if isinstance(value, Prose):
            return markup.prose(getattr(value, self.lang))
        if isinstance(value, Text):
            return getattr(value, self.lang)
        return value

    def _inline(self, value: Any) -> Any:
        """A Prose (or Text) on one line, for a list item, heading or cell."""
        if isinstance(value, Prose):
            return markup.prose_inline(getattr(value, self.lang))
        return self._finalize(value)

    def t(self, text: Any) -> str:
        """The page's language of a Text, as plain text (escaped when it is printed)."""
        return getattr(text, self.lang)

    def label(self, key: str) -> str:
        return self.t(self.ui[key])

    def label_with(self, key: str, **values: Any) -> str:
        """A label with its placeholders filled (a Text value in the page's language), as plain text."""
        return fill(self.label(key), **{k: self.t(v) if isinstance(v, Text) else str(v) for k, v in values.items()})

    def date(self, value) -> str:
        return format_date(value, format="long", locale=DATE_LOCALES[self.lang])

    def source_line(self, source, section: str | None = None) -> str:
        """Document, date, file and pages, and section: "Title, 2 November 2020 (file, p. 3), “I”"."""
        head = self.source_head(source)
        return f"{head}, {self.label('quote_open')}{section or source.section}{self.label('quote_close')}"

    def source_head(self, source) -> str:
        """Document, date and pages, for readers (never the file name): "Title, 2 November 2020, p. 3"."""
        doc = self.cat.sources[source.file]
        title = self.t(doc.title) + (f", {self.date(doc.date)}" if doc.date else "")
        pages = ""
        if source.pages:
            word = self.label("pages" if any(c in source.pages for c in "-,") else "page")
            pages = f", {word} {source.pages.replace('-', '–')}"
        return f"{title}{pages}"

    def refs(self, items: Iterable[Any]) -> str:
        """Clause numbers of items as printed in the source, in order, once each: "2.1.3, 2.2.2.1"."""
        seen: list[str] = []
        for item in items:
            if item.ref and item.ref not in seen:
                seen.append(item.ref)
        return ", ".join(seen)

    def sorted_services(self, services: Iterable[Service]) -> list[Service]:
        return sorted(services, key=lambda s: _sort_key(self.t(s.title)))

    # -- pages --------------------------------------------------------------

    def render(self, template: str, src_uri: str, meta: dict[str, Any], indexed: bool = True,
               terms: bool = True, **context: Any) -> Page:
        """One page. ``meta`` holds plain values (title, description, facts...); they are escaped here for the
        theme. The page gets Exit this page when ``meta['sensitive']`` says so or it links a sensitive record, and
        ``meta['translation']`` ("changed" or "never") when it shows a translation not checked against its original."""
        linked: set[str] = set()

        def link(target: str) -> str:
            linked.add(target)
            return relative_url(src_uri, target, self.directory_urls)

        def pdf(path: str) -> str:
            """Link to a PDF of this language, or "" when the build has none (templates then link nothing)."""
            return relative_file(src_uri, path, self.directory_urls) if self.site.pdfs else ""

        body = self.env.get_template(template).render(
            site=self.site, pdf=pdf, pdfs=_PDFS, address=self.address, qr=qr_svg, home_place=HOME_JURISDICTION,
            page_facts=meta.get("facts") or {},
            facts_of=lambda svc: self.facts(svc.jurisdiction, svc.source, svc.reviewed),
            handout_size=self.handout_size,
            cat=self.cat, lang=self.lang, label=self.label, label_with=self.label_with, link=link, uris=_URIS, date=self.date,
            source_line=self.source_line, sorted_services=self.sorted_services,
            file_link=lambda path: relative_file_url(src_uri, path, self.directory_urls),
            glossary_anchor=glossary_anchor, walk_start=lambda pw: Step(pw, ()),
            section_link=lambda doc, sid: section_link(doc, sid, link), section_of=section_of,
            **context,
        )
        place = (meta.get("facts") or {}).get("place", HOME_JURISDICTION)
        notice = self.cat.jurisdictions[place].notice
        if notice is not None:  # a page whose rules apply elsewhere says so under its title
            body = body.replace("</h1>", "</h1>\n" + self.env.get_template("notice.html").render(
                place=self.cat.jurisdictions[place], label=self.label), 1)
        marker = self.marker(place, terms=terms)
        body = marker.mark(body)
        if marker.used:
            used = list({id(term): term for term in (self.terms[form] for form in marker.used)}.values())
            extra = self.env.get_template("terms.html").render(
                used=used, label=self.label, link=link, uris=_URIS, glossary_anchor=glossary_anchor)
            body += markup.Marker(self.lang).mark(extra)
        body, toc = markup.headings(body)
        meta = dict(meta)
        if src_uri in self.stale:
            meta["translation"] = self.stale[src_uri]
        if meta.pop("sensitive", False) or linked & self.sensitive_uris:
            meta["sensitive"] = True
        own_emergency = meta.pop("own_emergency", False)  # the page shows the emergency call itself
        meta = theme_safe(meta)
        meta["emergency"] = Markup("") if own_emergency else self.emergency_line(place)
        return Page(src_uri, self.lang, body, meta, toc, indexed)

    # How much a handout holds decides its type size, so that a short one fills its A4 page in large type and a
    # long one still fits the page with its QR code. The measure: characters of text (Russian sets about a third
    # longer than English), plus part of a line for each list item, paragraph or channel and a heading's room
    # for each heading. Calibrated by printing every handout of the guide at each size (the largest that fits
    # one page): the guide's handouts measure about 500 to 3,000. tools/pdf.py still prints one that runs over
    # a page a little smaller, and says so.
    HANDOUT_SHORT, HANDOUT_LONG, HANDOUT_LONGEST = 1150, 1600, 2900
    TEXT_WIDTH = {"en": 0.75, "ru": 1.0}

    def handout_size(self, svc: Service) -> str:
        """"short", "long", "longest" or "" (the usual size) for a service's handout."""
        size = self.handout_measure(svc)
        if size > self.HANDOUT_LONG:
            return "longest" if size > self.HANDOUT_LONGEST else "long"
        return "short" if size <= self.HANDOUT_SHORT else ""

    def handout_measure(self, svc: Service) -> int:
        texts = [svc.summary, *svc.how_to_apply, *svc.what_you_need, *svc.what_happens]
        if svc.eligibility and svc.eligibility.description:
            texts.append(svc.eligibility.description)
        for ch in svc.channels:
            texts += [t for t in (getattr(ch, "label", None), getattr(ch, "notes", None)) if t is not None]
        body = self.t(svc.body)
        lines = (len(svc.how_to_apply) + len(svc.what_you_need) + len(svc.what_happens) + len(svc.channels)
                 + body.count("\n\n") + body.count("\n- "))
        headings = sum(bool(x) for x in (svc.how_to_apply, svc.what_you_need, svc.what_happens, svc.channels,
                                         svc.eligibility)) + body.count("#")
        chars = sum(len(self.t(t)) for t in texts) + len(body)
        return round(chars * self.TEXT_WIDTH.get(self.lang, 1.0) + 30 * lines + 120 * headings)

    def address(self, uri: str) -> str:
        """Where a page of this language is: its full address when the site's address is set, else its path
        below the site's root (services/fraud/, ru/services/fraud/)."""
        path = url_of(uri, self.directory_urls)
        return self.site.address(path) or self.site.prefix + path

    def _call_words(self) -> list[str]:
        return getattr(self.cat.ui.call_words, self.lang)

    def marker(self, place: str, terms: bool = False) -> markup.Marker:
        """Marks text of a page whose rules apply in ``place``: other-language words, numbers to call there,
        and (``terms``) glossary terms."""
        return markup.Marker(self.lang, terms=self.expansions if terms else {},
                             numbers=self.numbers.get(place, ()), call_words=self._call_words())

    def emergency_line(self, place: str) -> Markup:
        """The emergency line at the top of a page whose rules apply in ``place``, with the number to tap;
        empty where the sources give no emergency number for that place."""
        emergency = self.cat.jurisdictions[place].emergency
        return self.marker(place).mark(markup.escape(self.t(emergency.line))) if emergency else Markup("")

    def paged(self, template: str, uri: str, meta: dict[str, Any], entries: list[tuple[Any, Any]],
              **context: Any) -> list[Page]:
        """A list in pages of PER_PAGE entries. ``entries`` are (group, item) pairs in order; each page
        gets its share as ``groups`` ([(group, [items])], a group going on across pages) and a ``pager``.
        Other keywords go to render() (``indexed``, ``terms``, template context)."""
        chunks = [entries[i:i + PER_PAGE] for i in range(0, len(entries), PER_PAGE)] or [[]]
        out = []
        for number, chunk in enumerate(chunks, 1):
            where = {"number": str(number), "count": str(len(chunks))}
            pager = Pager(number, len(chunks), uri, fill(self.label("page_of"), **where))
            page_meta = meta if number == 1 else {
                **meta, "title": meta["title"] + " " + fill(self.label("title_page_of"), **where)}
            if number > 1 and uri in self.stale:  # the later pages of a list show the same texts
                page_meta = {**page_meta, "translation": self.stale[uri]}
            out.append(self.render(template, paged_uri(uri, number), page_meta, groups=_group(chunk),
                                   pager=pager, **context))
        return out

    def facts(self, jurisdiction: str, source=None, reviewed=None, section: str | None = None,
              refs: str = "") -> dict[str, Any]:
        place = self.cat.jurisdictions[jurisdiction]
        facts: dict[str, Any] = {"place": jurisdiction, "jurisdiction": self.t(place.name)}
        if source is not None:
            facts["source"] = self.source_head(source)
            # Sections and clause numbers are named as printed, in the source's own language.
            source_lang = self.cat.sources[source.file].language
            if refs:
                facts.update(section_label=self.label("clauses"), section=refs, section_lang=source_lang)
            else:
                facts.update(section=section or source.section, section_lang=self.lang if section else source_lang)
        if reviewed is not None:
            facts["reviewed"] = reviewed.isoformat()
            facts["reviewed_text"] = self.date(reviewed)
        return facts


_PDFS: dict[str, Callable[..., str]] = {"guide": guide_pdf_path, "handout": handout_pdf_path}

_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def demote(fragment: str, levels: int = 1) -> Markup:
    """A rendered fragment with every heading ``levels`` lower (h1 -> h2...; h6 stays h6): a page printed inside
    another one (a handout in a pack, a service in the printed guide) keeps one outline."""
    return Markup(_HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + levels)}", str(fragment)))


@functools.lru_cache(maxsize=None)  # a service's code is on its handout and in every pack that holds it
def qr_svg(address: str) -> Markup:
    """A QR code (SVG, drawn here by segno, no network) that opens ``address``, a full address the core made
    from the site's address and a page's path; never text from data/. Hidden from screen readers: the address
    is printed beside it."""
    if not address.startswith(("https://", "http://")):
        raise ValueError(f"a QR code needs a full address, not {address!r}")
    code = segno.make(address, error="m", micro=False)
    svg = code.svg_inline(omitsize=True, border=4, dark="#000", light="#fff", svgclass="guide-qr__code")
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" ', 1))


def guide_order(cat: Catalogue, services: Iterable[Service]) -> list[Service]:
    """Services in the order of the guide: by section (sections.yml), then by the page of the source they are
    on, then by title (several services share a page)."""
    sections = {s.id: i for i, s in enumerate(cat.sections)}

    def first_page(svc: Service) -> int:
        found = re.match(r"\d+", svc.source.pages or "")
        return int(found.group(0)) if found else 0

    return sorted(services, key=lambda s: (sections.get(s.section, len(sections)), first_page(s), s.id))


_URIS: dict[str, Callable[..., str]] = {
    "home": home_uri,
    "topics": topics_uri,
    "section": section_uri,
    "audience": audience_uri,
    "az": az_uri,
    "service": service_uri,
    "handout": handout_uri,
    "print": print_uri,
    "pack": pack_uri,
    "ready_pack": ready_pack_uri,
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
    "whats_new": whats_new_uri,
    "feed": feed_path,
}

HOME_JURISDICTION = plan.HOME  # the guide's own place: pages about it name no other


def emergency_line(cat: Catalogue, lang: str, place: str = "") -> Markup:
    """The emergency line for a page the core does not render (docs/): the guide's own place's."""
    return _Renderer(cat, lang).emergency_line(place or HOME_JURISDICTION)


def hand_written_meta(cat: Catalogue, lang: str, meta: dict[str, Any]) -> dict[str, Any]:
    """What a hand-written page (docs/) shows about where it applies: its front matter names the place by id
    (facts.place); its name and emergency line come from data/jurisdictions.yml, as on generated pages."""
    facts = meta.get("facts")
    if not isinstance(facts, dict) or "place" not in facts:
        return meta
    place = cat.jurisdictions[facts["place"]]
    return {**meta, "facts": {**facts, "jurisdiction": markup.escape(getattr(place.name, lang))},
            "emergency": _Renderer(cat, lang).emergency_line(place.id)}


def build(cat: Catalogue, lang: str, templates: Path = TEMPLATES, directory_urls: bool = True,
          site: Site = Site()) -> list[Page]:
    """All generated pages for one language."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    r = _Renderer(cat, lang, templates, directory_urls, site)
    latest = max(x.reviewed for x in [*cat.services.values(), *cat.documents.values(), *cat.pathways.values()])
    home_facts = r.facts(HOME_JURISDICTION, reviewed=latest)
    several_facts = r.facts("several", reviewed=latest)  # pages that draw on every source
    pages = [
        _home(r, home_facts),
        r.render("topics.html", topics_uri(), {"title": r.label("all_topics"), "facts": home_facts}),
    ]
    pages += r.paged("az.html", az_uri(), {"title": r.label("all_services"), "facts": home_facts},
                     [(r.t(s.title)[:1].upper(), s) for s in r.sorted_services(cat.services.values())])
    for section in cat.sections:
        pages += r.paged(
            "section.html", section_uri(section.id),
            {"title": r.t(section.title), "description": r.t(section.summary),
             "facts": r.facts(cat.sources[section.source.file].jurisdiction, section.source,
                              max((x.reviewed for x in cat.services_in(section.id)), default=latest))},
            [(None, s) for s in r.sorted_services(cat.services_in(section.id))], section=section,
        )
    for hub in cat.audiences:
        pages += r.paged(
            "audience.html", audience_uri(hub.id),
            {"title": r.t(hub.title), "description": r.t(hub.summary), "facts": home_facts},
            _audience_entries(r, hub), hub=hub,
        )
    for svc in cat.services.values():
        meta = {
            "title": r.t(svc.title),
            "description": r.t(svc.summary),
            "facts": r.facts(svc.jurisdiction, svc.source, svc.reviewed),
            "record": svc.id,
            "sensitive": svc.sensitive,
        }
        pages.append(r.render("service.html", service_uri(svc.id), meta, svc=svc))
        # Printed pages show where they apply, their source and review date themselves (own_facts).
        pages.append(r.render("handout.html", handout_uri(svc.id),
                              {**meta, "noindex": True, "printable": True, "own_facts": True},
                              indexed=False, terms=False, svc=svc))
    pages += _paper_pages(r, latest, home_facts, several_facts)
    pages += r.paged("documents.html", documents_uri(),
                     {"title": r.label("documents_title"), "description": r.label("documents_summary"),
                      "facts": several_facts}, [(None, d) for d in cat.documents.values()])
    for doc in cat.documents.values():
        pages += _document_pages(r, doc)
    pages.append(r.render("glossary.html", glossary_uri(),
                          {"title": r.label("glossary_title"), "description": r.label("glossary_summary"),
                           "facts": several_facts}, terms=False,
                          entries=sorted(cat.glossary, key=lambda g: _sort_key(r.t(g.term)))))
    pages += r.paged("pathways.html", pathways_uri(),
                     {"title": r.label("pathways_title"), "description": r.label("pathways_summary"),
                      "facts": home_facts}, [(None, p) for p in cat.pathways.values()])
    for pw in cat.pathways.values():
        pages += _pathway_pages(r, pw)
    pages += r.paged("whats-new.html", whats_new_uri(),
                     {"title": r.label("whats_new_title"), "description": r.label("whats_new_summary"),
                      "facts": several_facts},
                     [(u.date, u) for u in changes.updates(changes.recent(cat, lang, directory_urls=directory_urls))])
    # The search page can list any record, sensitive ones included.
    found = cat.search.nothing_found
    help = SimpleNamespace(emergency=cat.jurisdictions[found.jurisdiction].emergency,
                           pathway=cat.pathways[found.pathway], services=[cat.services[s] for s in found.services],
                           sections=[cat.section(s) for s in found.sections])
    pages.append(r.render("search.html", search_uri(),
                          {"title": r.label("search_title"), "template": "guide-search.html", "noindex": True,
                           "facts": several_facts, "sensitive": True}, indexed=False, help=help))
    return pages


def _home(r: _Renderer, facts: dict[str, Any]) -> Page:
    """The home page: the start pathway as its primary action, the other pathways of the guide's own place, and
    the pathways and documents of other places apart. It carries its own emergency call, not the line above."""
    cat = r.cat
    start = cat.pathways[cat.home.start]
    ours = [p for p in cat.pathways.values() if p.jurisdiction == HOME_JURISDICTION and p.id != start.id]
    elsewhere = [x for x in [*cat.pathways.values(), *cat.documents.values()] if x.jurisdiction != HOME_JURISDICTION]
    return r.render("home.html", home_uri(),
                    {"title": r.t(cat.home.title), "description": r.t(cat.home.lead), "facts": facts,
                     "own_emergency": True},
                    home=cat.home, start=start, pathways=ours[:HOME_PATHWAYS],
                    more_pathways=len(ours) > HOME_PATHWAYS or len(cat.pathways) > len(ours) + 1,
                    elsewhere=elsewhere[:HOME_PATHWAYS], emergency=cat.jurisdictions[HOME_JURISDICTION].emergency)


def _paper_pages(r: _Renderer, latest: dt.date, home_facts: dict, several_facts: dict) -> list[Page]:
    """What is made to be printed as a whole: the printed guide and the signposting packs. Each is one page
    (one document when printed), however long: the PDF of the guide is printed from it with its outline."""
    cat = r.cat
    ordered = guide_order(cat, cat.services.values())
    parts = [(sec, [s for s in ordered if s.section == sec.id]) for sec in cat.sections]
    parts = [(sec, members) for sec, members in parts if members]
    forms = [(d, f) for d in cat.documents.values() for f in d.forms]
    places = list(dict.fromkeys([cat.sources[s.source.file].jurisdiction for s in ordered]
                                + [d.jurisdiction for d, _ in forms]))
    guide_sources = list(dict.fromkeys(s.source.file for s in ordered))
    out = [r.render("print-guide.html", print_uri(),
                    {"title": r.label("print_guide_title"), "description": r.label("print_guide_summary"),
                     "noindex": True, "printable": True, "own_facts": True, "facts": several_facts,
                     "sensitive": any(s.sensitive for s in ordered), "hide": ["toc"]},
                    indexed=False, terms=False, parts=parts, forms=forms, places=places, reviewed=latest,
                    guide_sources=[cat.sources[f] for f in guide_sources])]
    # The pack put together in the browser can hold any service: it keeps Exit this page, as search does.
    out.append(r.render("pack.html", pack_uri(),
                        {"title": r.label("pack_title"), "description": r.label("pack_summary"), "noindex": True,
                         "printable": True, "own_facts": True, "facts": home_facts, "sensitive": True,
                         "hide": ["toc"]},
                        indexed=False, terms=False, hub=None, groups=[], pager=None))
    for hub in cat.audiences:
        # in the hub's own order (by section, then by title), in pages of PER_PAGE handouts as the hub's list is
        members = [x for _, x in _audience_entries(r, hub) if isinstance(x, Service)]
        out += r.paged(
            "pack.html", ready_pack_uri(hub.id),
            {"title": f"{r.label('pack_title')}: {r.t(hub.title)}", "description": r.t(hub.summary),
             "noindex": True, "printable": True, "own_facts": True, "hide": ["toc"],  # their contents are listed
             "facts": r.facts(HOME_JURISDICTION, reviewed=max((s.reviewed for s in members), default=latest)),
             "sensitive": any(s.sensitive for s in members)},
            [(None, s) for s in members], indexed=False, terms=False, hub=hub)
    return out


def _audience_entries(r: _Renderer, hub) -> list[tuple[Any, Any]]:
    """An audience hub's list (plan.audience_entries), services sorted by title within each section."""
    out: list[tuple[Any, Any]] = []
    for group, items in _group(plan.audience_entries(r.cat, hub)):
        out += [(group, x) for x in (items if isinstance(group, str) else r.sorted_services(items))]
    return out


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


def _leads_to_sensitive(step: Step, sensitive_services: set[str]) -> bool:
    """A sensitive outcome (marked so, or linking a sensitive service), or a question from which one can be
    reached: a reader may be describing abuse there, so Exit this page goes on both."""
    node = step.node
    if isinstance(node, OutcomeNode):
        return node.sensitive or bool(sensitive_services & set(node.services))
    return any(_leads_to_sensitive(step.after(option), sensitive_services) for option in node.options)


def _pathway_pages(r: _Renderer, pw) -> list[Page]:
    """One page per step (question or outcome), and the reviewer's view of the whole tree."""
    sensitive_services = {s.id for s in r.cat.services.values() if s.sensitive}
    out = []
    for step in walk(pw):
        node = step.node
        outcome = isinstance(node, OutcomeNode)
        meta: dict[str, Any] = {
            "title": r.t(node.title) if outcome else r.t(pw.title) if step.is_start else r.t(node.text),
            "description": r.t(pw.summary),
            "facts": r.facts(pw.jurisdiction, reviewed=pw.reviewed),
            "pathway": pw.id,
            "sensitive": _leads_to_sensitive(step, sensitive_services),
        }
        if not step.is_start:
            meta["noindex"] = True
        out.append(r.render("outcome.html" if outcome else "question.html", step_uri(step), meta,
                            indexed=step.is_start, pw=pw, step=step, node=node, root=Step(pw, ())))
    out.append(r.render("tree.html", tree_uri(pw.id),
                        {"title": f"{r.label('tree_title')}: {r.t(pw.title)}", "noindex": True,
                         "facts": r.facts(pw.jurisdiction, reviewed=pw.reviewed),
                         "sensitive": any(_leads_to_sensitive(s, sensitive_services) for s in walk(pw))},
                        indexed=False, pw=pw, root=Step(pw, ())))
    return out


def _document_pages(r: _Renderer, doc) -> list[Page]:
    """The document page and its role, exchange, timeline, form and topic pages."""

    def meta(title: str, refs: str = "", **extra: Any) -> dict[str, Any]:
        facts = r.facts(doc.jurisdiction, doc.source, doc.reviewed, r.label("whole_document"), refs)
        return {"title": title, "description": r.t(doc.summary), "facts": facts, "document": doc.id, **extra}

    def heading(ref, title) -> str:
        return (f"{ref} " if ref else "") + r.t(title)

    out = [r.render("document.html", document_uri(doc.id), meta(r.t(doc.short_title)), doc=doc)]
    for sec in doc.sections:  # the text, one page per top-level part, so no page grows too long
        out.append(r.render("doc-section.html", doc_section_uri(doc.id, sec.id),
                            meta(heading(sec.ref, sec.title), sec.ref or ""), doc=doc, section=sec))
    periods = {p.id: p for p in doc.periods}
    for role in doc.roles:
        groups = [(periods[pid], [d for d in role.duties if d.period == pid]) for pid in periods]
        groups = [(p, duties) for p, duties in groups if duties]
        loose = [d for d in role.duties if d.period is None]
        out.append(r.render("role.html", role_uri(doc.id, role.id),
                            meta(r.t(role.title), r.refs(role.duties)),
                            doc=doc, role=role, groups=groups, loose=loose))
    if doc.flows:
        roles = {x.id: x for x in doc.roles}
        senders = [x for x in doc.roles if any(f.sender == x.id for f in doc.flows)]
        receivers = [x for x in doc.roles if any(f.receiver == x.id for f in doc.flows)]
        out.append(r.render("exchange.html", exchange_uri(doc.id),
                            meta(f"{r.label('exchange_title')}: {r.t(doc.short_title)}", r.refs(doc.flows)),
                            doc=doc, roles=roles, senders=senders, receivers=receivers))
    if doc.timeline:
        title = r.t(doc.timeline_title) if doc.timeline_title else r.label("timeline_title")
        out.append(r.render("timeline.html", timeline_uri(doc.id), meta(title, r.refs(doc.timeline)),
                            doc=doc, title=title, roles={x.id: x for x in doc.roles}))
    for form in doc.forms:
        out.append(r.render("form.html", form_uri(doc.id, form.id),
                            meta(r.t(form.title), form.ref or "", printable=True, own_facts=True), doc=doc, form=form))
    for group in doc.topic_groups:
        topics = [t for t in doc.topics if t.group == group.id]
        out.append(r.render("topics-group.html", topics_group_uri(doc.id, group.id),
                            meta(r.t(group.title), r.refs(topics)), doc=doc, group=group, topics=topics))
    return out
