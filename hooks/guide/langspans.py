"""Markdown extension for the hand-written pages in docs/: mark text in the other script with its language
(WCAG 3.1.2), as markup.Marker does for the generated pages.

On Russian pages, runs of Latin-script words ("help polish", "Clare's Law", "PLR") become
<span lang="en">; on English pages, runs of Cyrillic words ("ПДН", "ВПР") become <span lang="ru">.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from .markup import RUNS

SKIP = {"code", "pre", "script", "style"}
_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")  # Markdown's stash markers: never split them


class _Marker(Treeprocessor):
    def __init__(self, md, other: str):
        super().__init__(md)
        self.other = other
        self.pattern = RUNS[other]

    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        if element.tag in SKIP or element.get("lang"):
            return
        children = list(element)
        if element.text:
            element.text = self._split(element, element.text, 0)
        for child in children:
            self._walk(child)
            if child.tail:
                index = list(element).index(child) + 1
                child.tail = self._split(element, child.tail, index)

    def _split(self, parent: etree.Element, text: str, index: int) -> str:
        """Move runs of the other script out of ``text`` into spans inserted at ``index``; return the head."""
        held = [m.span() for m in _PLACEHOLDER.finditer(text)]
        matches = [m for m in self.pattern.finditer(text)
                   if not any(start < m.end() and m.start() < end for start, end in held)]
        if not matches:
            return text
        head = text[: matches[0].start()]
        for n, match in enumerate(matches):
            span = etree.Element("span", {"lang": self.other})
            span.text = match.group(0)
            end = matches[n + 1].start() if n + 1 < len(matches) else len(text)
            span.tail = text[match.end(): end]
            parent.insert(index + n, span)
        return head


class OtherLanguageSpans(Extension):
    """Use with the page's language: OtherLanguageSpans(page_lang="ru") marks Latin runs as English."""

    def __init__(self, page_lang: str, **kwargs):
        self.other = "en" if page_lang == "ru" else "ru"
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(_Marker(md, self.other), "guide_lang_spans", 0)
