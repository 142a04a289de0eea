"""Decide which pages exist and render each to Markdown, per language.

The page plan is independent of MkDocs: a list of :class:`Page` with a
language-neutral source path (``services/clares-law.md``) and Markdown text
(front matter + body). The hooks turn it into MkDocs files.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml
from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .loader import Catalogue
from .model import LANGUAGES, Service

TEMPLATES = Path(__file__).parent / "templates"
DATE_LOCALES = {"en": "en_GB", "ru": "ru_RU"}  # British, not US, English dates


@dataclass(frozen=True)
class Page:
    """One generated page in one language."""

    src_uri: str  # language-neutral, e.g. "services/clares-law.md"
    lang: str
    markdown: str


# ----------------------------------------------------------------------------
# Where pages live
# ----------------------------------------------------------------------------


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


def all_uris(cat: Catalogue) -> list[str]:
    """Every generated page, language-neutral; the same set exists in every language."""
    return [
        home_uri(),
        topics_uri(),
        az_uri(),
        *(section_uri(s.id) for s in cat.sections),
        *(audience_uri(a.id) for a in cat.audiences),
        *(service_uri(s) for s in cat.services),
    ]


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
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,  # output is Markdown, not HTML
        )
        self.env.filters["t"] = self.t
        self.env.filters["inline"] = inline
        self.env.filters["indent_block"] = indent_block
        self.ui = {name: getattr(cat.ui, name) for name in type(cat.ui).model_fields}

    def t(self, text: Any) -> str:
        """Pick the current language from a Text."""
        return getattr(text, self.lang)

    def label(self, key: str) -> str:
        return self.t(self.ui[key])

    def date(self, value) -> str:
        return format_date(value, format="long", locale=DATE_LOCALES[self.lang])

    def source_line(self, source) -> str:
        doc = self.cat.sources[source.file]
        pages = ""
        if source.pages:
            word = self.label("pages" if any(c in source.pages for c in "-,") else "page")
            pages = f", {word} {source.pages.replace('-', '–')}"
        return f"{self.t(doc.title)} ({source.file}{pages}), «{source.section}»" if self.lang == "ru" else \
            f"{self.t(doc.title)} ({source.file}{pages}), “{source.section}”"

    def sorted_services(self, services: Iterable[Service]) -> list[Service]:
        return sorted(services, key=lambda s: _sort_key(self.t(s.title)))

    def render(self, template: str, src_uri: str, meta: dict[str, Any], **context: Any) -> Page:
        def link(target: str) -> str:
            return posixpath.relpath(target, posixpath.dirname(src_uri) or ".")

        body = self.env.get_template(template).render(
            cat=self.cat, lang=self.lang, label=self.label, link=link, uris=_URIS,
            date=self.date, source_line=self.source_line, sorted_services=self.sorted_services,
            **context,
        )
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
        return Page(src_uri, self.lang, f"---\n{front}---\n\n{body}")

    def facts(self, jurisdiction: str, source=None, reviewed=None) -> dict[str, Any]:
        facts: dict[str, Any] = {"jurisdiction": self.t(self.cat.jurisdictions[jurisdiction].name)}
        if source is not None:
            facts["source"] = self.source_line(source)
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
}

_HOME_JURISDICTION = "uk-northamptonshire"


def inline(text: str) -> str:
    """Plain text for a Markdown inline position: one line, no raw HTML."""
    return " ".join(str(text).replace("<", "&lt;").replace(">", "&gt;").split())


def indent_block(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in str(text).splitlines())


def build(cat: Catalogue, lang: str) -> list[Page]:
    """All generated pages for one language."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    r = _Renderer(cat, lang)
    home_facts = r.facts(_HOME_JURISDICTION, reviewed=max(s.reviewed for s in cat.services.values()))
    pages = [
        r.render("home.md.j2", home_uri(), {"title": r.t(cat.home.title), "description": inline(r.t(cat.home.lead)),
                                              "facts": home_facts}, home=cat.home),
        r.render("topics.md.j2", topics_uri(), {"title": r.label("all_topics"), "facts": home_facts}),
        r.render("az.md.j2", az_uri(), {"title": r.label("all_services"), "facts": home_facts},
                 services=r.sorted_services(cat.services.values())),
    ]
    for section in cat.sections:
        pages.append(r.render(
            "section.md.j2", section_uri(section.id),
            {"title": r.t(section.title), "description": inline(r.t(section.summary)),
             "facts": r.facts(cat.sources[section.source.file].jurisdiction, section.source)},
            section=section, services=r.sorted_services(cat.services_in(section.id)),
        ))
    for hub in cat.audiences:
        wanted = set(hub.audiences)
        groups = []
        for section in cat.sections:
            members = [s for s in cat.services.values() if s.section == section.id and wanted & set(s.audiences)]
            if members:
                groups.append((section, r.sorted_services(members)))
        pages.append(r.render(
            "audience.md.j2", audience_uri(hub.id),
            {"title": r.t(hub.title), "description": inline(r.t(hub.summary)), "facts": home_facts},
            hub=hub, groups=groups,
        ))
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
    return pages
