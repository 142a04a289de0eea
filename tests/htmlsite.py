"""Read a built site as a reader's browser would: pages, links, language twins."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

LANGS = ("en", "ru")


@dataclass
class SitePage:
    site: Path
    path: Path  # .../index.html

    @property
    def url(self) -> str:
        """Site-relative URL path with a leading slash, e.g. /ru/services/fraud/."""
        rel = self.path.relative_to(self.site).as_posix()
        return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)

    @property
    def lang(self) -> str:
        return "ru" if self.url.startswith("/ru/") else "en"

    @property
    def twin_url(self) -> str:
        return self.url[3:] if self.lang == "ru" else "/ru" + self.url

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.path.read_text(encoding="utf-8"), "html.parser")

    def resolve(self, href: str) -> str | None:
        """Site-relative path of an internal link, or None for other hosts and schemes."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return None
        if not parts.path:
            return self.url
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(self.url), unquote(parts.path)))
        if parts.path.endswith("/") and not joined.endswith("/"):
            joined += "/"
        return joined

    def links(self, selector: str = "a[href]") -> list[str]:
        return [self.resolve(a["href"]) for a in self.soup.select(selector) if self.resolve(a["href"])]


def pages(site: Path) -> list[SitePage]:
    return [SitePage(site, p) for p in sorted(site.rglob("index.html"))]


def target_file(site: Path, url: str) -> Path | None:
    """The file a site-relative URL serves, or None if nothing is there."""
    path = url.split("#", 1)[0]
    candidate = site / path.lstrip("/")
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None
