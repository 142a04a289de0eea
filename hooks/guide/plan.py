"""The page plan: where every generated page lives.

Addresses are language-neutral source paths (``services/clares-law.md``); MkDocs and
mkdocs-static-i18n put them under ``/`` or ``/ru/``. Nothing here renders anything.
"""

from __future__ import annotations

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
    return "print/guide.md"


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


def step_uri(step) -> str:
    """A pathway step: pathways/<id>/index.md, then pathways/<id>/<node>/<node>.md for each answer."""
    if step.is_start:
        return f"pathways/{step.pathway.id}/index.md"
    return f"pathways/{step.pathway.id}/{'/'.join(step.trail)}.md"


def tree_uri(pathway_id: str) -> str:
    return f"pathway-trees/{pathway_id}.md"


def document_uris(doc) -> list[str]:
    """Every page generated for one document."""
    uris = [document_uri(doc.id)]
    uris += [doc_section_uri(doc.id, sec.id) for sec in doc.sections]
    uris += [role_uri(doc.id, r.id) for r in doc.roles]
    uris += [exchange_uri(doc.id)] if doc.flows else []
    uris += [timeline_uri(doc.id)] if doc.timeline else []
    uris += [form_uri(doc.id, f.id) for f in doc.forms]
    uris += [topics_group_uri(doc.id, g.id) for g in doc.topic_groups]
    return uris


def paged_uri(uri: str, number: int) -> str:
    """Page ``number`` of a list: services/index.md -> services/page-2.md, topics/safety.md ->
    topics/safety/page-2.md. Ids of the form page-<n> are reserved for this (see the loader)."""
    if number == 1:
        return uri
    folder = uri.removesuffix("index.md") if uri.endswith("index.md") else uri.removesuffix(".md") + "/"
    return f"{folder}page-{number}.md"




def url_of(src_uri: str, directory_urls: bool = True) -> str:
    """URL of a generated page inside its language: services/fraud.md -> services/fraud/ (or
    services/fraud.html when the site is built for opening from a folder)."""
    path = src_uri.removesuffix(".md")
    if not directory_urls:
        return path + ".html"
    if path == "index" or path.endswith("/index"):
        return path.removesuffix("index")
    return path + "/"
