"""The page plan: where every generated page lives.

Addresses are language-neutral source paths (``services/clares-law.md``); MkDocs and
mkdocs-static-i18n put them under ``/`` or ``/ru/``. Nothing here renders anything.
"""

from __future__ import annotations

import inspect
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Iterator

from .errors import dotted
from .pathways import steps as walk

PER_PAGE = 75  # entries per page of a long list


def home_uri() -> str:
    return "index.md"


def topics_uri() -> str:
    return "topics/index.md"


def section_uri(section_id: str) -> str:
    return f"topics/{section_id}.md"


def audience_uri(hub_id: str) -> str:
    return f"for/{hub_id}.md"


def az_uri() -> str:
    return "services/index.md"


def service_uri(service_id: str) -> str:
    return f"services/{service_id}.md"


def handout_uri(service_id: str) -> str:
    return f"services/{service_id}/handout.md"


def print_uri() -> str:
    """The printed guide: one page holding the whole publication (cover, contents, every part)."""
    return "print/guide.md"


def pack_uri() -> str:
    """The signposting pack of the services named in its address (pack/?s=fraud,clares-law), put together in
    the reader's browser."""
    return "pack/index.md"


def ready_pack_uri(hub_id: str) -> str:
    """The ready-made signposting pack of an audience hub's services (works without JavaScript)."""
    return f"pack/{hub_id}.md"


# PDFs are files, not pages: `make publish` prints them into the built site, under each language's root
# (/pdf/guide-en.pdf, /ru/pdf/guide-ru.pdf, /ru/pdf/handouts/fraud.pdf).


def guide_pdf_path(lang: str) -> str:
    return f"pdf/guide-{lang}.pdf"


def handout_pdf_path(service_id: str) -> str:
    return f"pdf/handouts/{service_id}.pdf"


def documents_uri() -> str:
    return "documents/index.md"


def document_uri(doc_id: str) -> str:
    return f"documents/{doc_id}/index.md"


def doc_section_uri(doc_id: str, section_id: str) -> str:
    return f"documents/{doc_id}/text/{section_id}.md"


def role_uri(doc_id: str, role_id: str) -> str:
    return f"documents/{doc_id}/roles/{role_id}.md"


def exchange_uri(doc_id: str) -> str:
    return f"documents/{doc_id}/exchange.md"


def timeline_uri(doc_id: str) -> str:
    return f"documents/{doc_id}/timeline.md"


def form_uri(doc_id: str, form_id: str) -> str:
    return f"documents/{doc_id}/forms/{form_id}.md"


def topics_group_uri(doc_id: str, group_id: str) -> str:
    return f"documents/{doc_id}/{group_id}.md"


def glossary_uri() -> str:
    return "glossary.md"


def glossary_anchor(term_id: str) -> str:
    """The anchor of a term on the glossary page."""
    return f"term-{term_id}"


def search_uri() -> str:
    return "search.md"


def pathways_uri() -> str:
    return "pathways/index.md"


def pathway_uri(pathway_id: str) -> str:
    """A pathway's first page (its start step)."""
    return f"pathways/{pathway_id}/index.md"


def whats_new_uri() -> str:
    return "whats-new.md"


def feed_path() -> str:
    """The Atom feed of changes, a file (not a page) at the root of each language: /feed.xml, /ru/feed.xml."""
    return "feed.xml"


def relative_file_url(from_uri: str, path: str, directory_urls: bool = True) -> str:
    """The link from a page to a file at the root of its language (not a page), e.g. whats-new.md ->
    feed.xml is "../feed.xml" ("feed.xml" when the site is built for opening from a folder)."""
    here = url_of(from_uri, directory_urls)
    base = here.rsplit("/", 1)[0] if "/" in here else ""
    return posixpath.relpath(path, base or ".")


def whats_new_entries(cat) -> int:
    """Entries of the "What's new" list: one per record and day that has change notes."""
    records = [*cat.services.values(), *cat.documents.values(), *cat.pathways.values()]
    return sum(len({change.date for change in record.changes}) for record in records)


def step_uri(step) -> str:
    """A pathway step: pathways/<id>/index.md, then pathways/<id>/<node>/<node>.md for each answer."""
    if step.is_start:
        return f"pathways/{step.pathway.id}/index.md"
    return f"pathways/{step.pathway.id}/{'/'.join(step.trail)}.md"


def tree_uri(pathway_id: str) -> str:
    return f"pathway-trees/{pathway_id}.md"


def _document_parts(doc) -> Iterator[tuple[str, str, tuple, str | None]]:
    """(address, what the page is, field path of what makes it, id in the address) of every page
    generated for one document, in order."""
    yield document_uri(doc.id), "document page", ("id",), doc.id
    for i, sec in enumerate(doc.sections):
        yield doc_section_uri(doc.id, sec.id), "page of the document's text", ("sections", i, "id"), sec.id
    for i, role in enumerate(doc.roles):
        yield role_uri(doc.id, role.id), "role page", ("roles", i, "id"), role.id
    if doc.flows:
        yield exchange_uri(doc.id), "information-exchange page", ("flows",), None
    if doc.timeline:
        yield timeline_uri(doc.id), "timeline page", ("timeline",), None
    for i, form in enumerate(doc.forms):
        yield form_uri(doc.id, form.id), "form page", ("forms", i, "id"), form.id
    for i, group in enumerate(doc.topic_groups):
        yield topics_group_uri(doc.id, group.id), "topic group page", ("topic_groups", i, "id"), group.id


def document_uris(doc) -> list[str]:
    """Every page generated for one document."""
    return [uri for uri, *_ in _document_parts(doc)]


def paged_uri(uri: str, number: int) -> str:
    """Page ``number`` of a list: services/index.md -> services/page-2.md, topics/safety.md ->
    topics/safety/page-2.md. Ids of the form page-<n> are reserved for this (see the loader)."""
    if number == 1:
        return uri
    folder = uri.removesuffix("index.md") if uri.endswith("index.md") else uri.removesuffix(".md") + "/"
    return f"{folder}page-{number}.md"




def relative_file(from_uri: str, path: str, directory_urls: bool = True) -> str:
    """The link from a page to a file of the same language (a PDF): services/fraud/handout.md ->
    pdf/handouts/fraud.pdf is "../../../pdf/handouts/fraud.pdf"."""
    here = url_of(from_uri, directory_urls)
    base = here.rsplit("/", 1)[0] if "/" in here else ""
    return posixpath.relpath(path, base or ".")


def url_of(src_uri: str, directory_urls: bool = True) -> str:
    """URL of a generated page inside its language: services/fraud.md -> services/fraud/ (or
    services/fraud.html when the site is built for opening from a folder)."""
    path = src_uri.removesuffix(".md")
    if not directory_urls:
        return path + ".html"
    if path == "index" or path.endswith("/index"):
        return path.removesuffix("index")
    return path + "/"


def relative_url(from_uri: str, to_uri: str, directory_urls: bool = True) -> str:
    """The link from one page to another, as the reader's browser resolves it:
    services/index.md -> services/clares-law.md is "clares-law/" (or "clares-law.html")."""
    here, there = url_of(from_uri, directory_urls), url_of(to_uri, directory_urls)
    base = here.rsplit("/", 1)[0] if "/" in here else ""
    rel = posixpath.relpath(there or ".", base or ".")
    if there.endswith("/") or there == "":
        rel = "./" if rel == "." else rel + "/"
    return rel


# ----------------------------------------------------------------------------
# Every address of the site, with where it comes from
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    """One generated page's address and what it comes from."""

    uri: str  # source path, e.g. services/clares-law.md
    page: str  # what the page is, e.g. "service page" or "A to Z, page 2"
    file: str | None = None  # data file (None: a page every site has, e.g. the home page)
    record: str | None = None  # record id in that file
    loc: tuple = ()  # field path in that file of what makes the page, e.g. ("nodes", 3, "id")
    name: str | None = None  # the id that is part of the address, if any

    @property
    def url(self) -> str:
        """The page's final URL inside its language: services/x.md and services/x/index.md are both
        services/x/."""
        return url_of(self.uri)

    @property
    def field(self) -> str | None:
        return dotted(self.loc) or None


def _list_pages(uri: str, page: str, entries: int, per_page: int, **origin: Any) -> list[Address]:
    """A list's pages (see pages.Renderer.paged): one, or one per ``per_page`` entries."""
    count = max(1, -(-entries // per_page))
    return [Address(paged_uri(uri, n), page if n == 1 else f"{page}, page {n}", **origin)
            for n in range(1, count + 1)]


HOME = "uk-northamptonshire"  # the guide's own place: its hubs list what applies here, other places apart


def audience_entries(cat, hub) -> list[tuple[Any, Any]]:
    """What an audience hub lists, as (group, item) in order: its pathways for the guide's own place, its
    services by section, its documents for the guide's own place; then, on a hub for other places too
    (``hub.elsewhere``), the pathways and documents of other places under their own group "elsewhere".
    Services within a section are in data order here; the page sorts them by title in its language."""
    wanted = set(hub.audiences)
    ours = lambda x: x.jurisdiction == HOME  # noqa: E731
    entries: list[tuple[Any, Any]] = [("pathways", p) for p in cat.pathways.values()
                                      if wanted & set(p.audiences) and ours(p)]
    for section in cat.sections:
        entries += [(section, s) for s in cat.services.values()
                    if s.section == section.id and wanted & set(s.audiences)]
    entries += [("documents", d) for d in cat.documents.values() if wanted & set(d.audiences) and ours(d)]
    if hub.elsewhere:
        entries += [("elsewhere", x) for x in [*cat.pathways.values(), *cat.documents.values()]
                    if wanted & set(x.audiences) and not ours(x)]
    return entries


def addresses(cat, per_page: int = PER_PAGE) -> list[Address]:
    """Every page address the generated site will have (in each language), in the order pages.build
    makes them, each with its origin. ``cat`` is a loader.Catalogue; its pathways must be valid
    (every step is walked)."""
    out = [Address(home_uri(), "home page"), Address(topics_uri(), "list of topics")]
    out += _list_pages(az_uri(), "A to Z", len(cat.services), per_page)
    sections = cat.data_files[("sections", None)]
    for i, section in enumerate(cat.sections):
        out += _list_pages(section_uri(section.id), "topic page", len(cat.services_in(section.id)), per_page,
                           file=sections, record=section.id, loc=(i, "id"), name=section.id)
    audiences = cat.data_files[("audiences", None)]
    section_ids = [s.id for s in cat.sections]
    for i, hub in enumerate(cat.audiences):
        out += _list_pages(audience_uri(hub.id), "audience page", len(audience_entries(cat, hub)), per_page,
                           file=audiences, record=hub.id, loc=(i, "id"), name=hub.id)
    for svc in cat.services.values():
        origin = dict(file=cat.data_files[("service", svc.id)], record=svc.id, loc=("id",), name=svc.id)
        out += [Address(service_uri(svc.id), "service page", **origin),
                Address(handout_uri(svc.id), "printable handout", **origin)]
    out.append(Address(print_uri(), "printed guide"))
    out.append(Address(pack_uri(), "signposting pack"))
    for i, hub in enumerate(cat.audiences):
        wanted = set(hub.audiences)
        members = sum(1 for s in cat.services.values() if s.section in section_ids and wanted & set(s.audiences))
        out += _list_pages(ready_pack_uri(hub.id), "ready signposting pack", members, per_page,
                           file=audiences, record=hub.id, loc=(i, "id"), name=hub.id)
    out += _list_pages(documents_uri(), "list of documents", len(cat.documents), per_page)
    for doc in cat.documents.values():
        file = cat.data_files[("document", doc.id)]
        out += [Address(uri, page, file, doc.id, loc, name) for uri, page, loc, name in _document_parts(doc)]
    out.append(Address(glossary_uri(), "glossary"))
    out += _list_pages(pathways_uri(), "list of pathways", len(cat.pathways), per_page)
    for pw in cat.pathways.values():
        file = cat.data_files[("pathway", pw.id)]
        index = {}
        for i, node in enumerate(pw.nodes):
            index.setdefault(node.id, i)
        for step in walk(pw):
            if step.is_start:
                out.append(Address(step_uri(step), "pathway's first question", file, pw.id, ("id",), pw.id))
            else:
                out.append(Address(step_uri(step), "pathway step", file, pw.id,
                                   ("nodes", index[step.node_id], "id"), step.node_id))
        out.append(Address(tree_uri(pw.id), "pathway tree", file, pw.id, ("id",), pw.id))
    out += _list_pages(whats_new_uri(), "What's new", whats_new_entries(cat), per_page)
    out.append(Address(search_uri(), "search page"))
    return out


_PROBE = "\x00"  # stands for an id when asking the uri functions which path segments are fixed
_PAGED = re.compile(r"page-[0-9]+")  # paged_uri: page 2 of services/index.md is services/page-2.md


def fixed_segments() -> frozenset[str]:
    """Every folder or page name that the plan's own uri functions write, whatever the ids:
    topics, services, handout, documents, text, roles... and index."""
    probe_step = SimpleNamespace(is_start=False, pathway=SimpleNamespace(id=_PROBE), trail=(_PROBE, _PROBE))
    start_step = SimpleNamespace(is_start=True, pathway=SimpleNamespace(id=_PROBE), trail=())
    uris = [paged_uri(az_uri(), 1)]
    for name, function in globals().items():
        if not name.endswith("_uri") or name == "paged_uri" or not inspect.isfunction(function):
            continue
        if function is step_uri:
            uris += [step_uri(probe_step), step_uri(start_step)]
        else:
            uris.append(function(*[_PROBE] * len(inspect.signature(function).parameters)))
    segments = {part for uri in uris for part in uri.removesuffix(".md").split("/") if _PROBE not in part}
    return frozenset(segments | {"index"})


def reserved(name: str) -> str | None:
    """Why ``name`` cannot be an id that becomes part of an address, or None if it can."""
    if _PAGED.fullmatch(name):
        return "ids of the form page-<number> are kept for the pages of long lists"
    if name == "index":
        return "'index' is kept for the first page of each folder (services/ is the A to Z): choose another id"
    if name in _FIXED:
        return (f"'{name}' is a fixed part of the site's addresses ({', '.join(sorted(_FIXED))}): "
                "choose another id")
    return None


def address_problems(found: list[Address]) -> list[tuple[Address, str]]:
    """(where, message) for every id kept for the site's own addresses, and one for every address
    that two or more pages would share."""
    problems = [(a, why) for a in found if a.name is not None and (why := reserved(a.name))]
    by_url: dict[str, list[Address]] = defaultdict(list)
    for a in found:
        if a.name is None or reserved(a.name) is None:
            by_url[a.url].append(a)
    for url, group in by_url.items():
        origins = list({(a.file, a.loc): a for a in group}.values())
        if len(origins) < 2:
            continue
        same_list = {(a.file, tuple("#" if isinstance(p, int) else p for p in a.loc)) for a in origins}
        if len(same_list) == 1 and origins[0].file is not None:
            continue  # the same id twice in one list: the loader reports it as a duplicate id
        at = next((a for a in reversed(origins) if a.file is not None), origins[-1])
        others = "; ".join(_describe(a) for a in origins if a is not at)
        problems.append((at, f"its {at.page} would have the address {url or '/'}, which is also the {others}"))
    return problems


def _describe(a: Address) -> str:
    if a.file is None:
        return a.page
    return f"{a.page} of record '{a.record}' ({a.file}, field '{a.field}')"


_FIXED = fixed_segments()
