"""The one way text from data/ becomes HTML.

Every value from data/ reaches a page through :func:`escape` (the page templates' Jinja environment escapes
every expression with it, see pages.py), or, for prose fields (:class:`~guide.model.Prose`), through
:func:`prose`, which renders a small Markdown subset (paragraphs, lists, emphasis, headings) and escapes every
piece of text with the same function. Nothing from data/ can add tags, attributes, links or scripts.

After a page is rendered, :class:`Marker` walks its text (never its tags or attributes) and adds what the page
itself decides: ``lang`` on words in the other script (WCAG 3.1.2), ``<abbr>`` on glossary terms, and ``tel:``
links on the numbers a reader may call.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from markdown_it import MarkdownIt
from markupsafe import Markup
from markupsafe import escape as _escape

# Runs of words in each script: on Russian pages Latin runs ("help polish", "Clare's Law") are English, on
# English pages Cyrillic runs ("ПДН") are Russian.
RUNS = {
    "en": re.compile(r"[A-Za-z][A-Za-z0-9'’\-]*(?:[ \u00a0]+[A-Za-z][A-Za-z0-9'’\-]*)*"),  # W3C, A4: one word
    "ru": re.compile(r"[А-Яа-яЁё][А-Яа-яЁё0-9\-]*(?:[ \u00a0]+[А-Яа-яЁё][А-Яа-яЁё0-9\-]*)*"),
}


def escape(value: object) -> Markup:
    """The escaping function: text for HTML, as element content or attribute value."""
    return _escape(value)


# ----------------------------------------------------------------------------
# Prose: the Markdown subset data may use
# ----------------------------------------------------------------------------


def _text_rule(self, tokens, idx, options, env) -> str:
    return str(escape(tokens[idx].content))


def _new_parser() -> MarkdownIt:
    # "zero" has paragraphs and text only; add the few blocks and inlines prose needs. No links, images,
    # autolinks, raw HTML, entities, code or tables: they stay literal text.
    md = MarkdownIt("zero").enable(["heading", "list", "emphasis", "escape", "newline"])
    md.add_render_rule("text", _text_rule)
    return md


_PARSER = _new_parser()


def prose(text: str) -> Markup:
    """Block prose from data: paragraphs, lists, emphasis and headings, every text piece escaped."""
    return Markup(_PARSER.render(str(text)))


def prose_inline(text: str) -> Markup:
    """One line of prose (emphasis only) for an inline position."""
    return Markup(_PARSER.renderInline(" ".join(str(text).split())))


# ----------------------------------------------------------------------------
# Marking text after rendering
# ----------------------------------------------------------------------------

_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?([a-zA-Z0-9]+)")
_RAW = {"script", "style", "code", "pre", "kbd", "abbr", "svg"}  # text left exactly as it is
_NO_LINKS = {"a", "button", "h1", "h2", "h3", "h4", "h5", "h6", "label", "summary", "title"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"}


@dataclass
class Marker:
    """Adds lang spans, glossary abbreviations and tel: links to the text of a rendered page.

    ``terms``: form -> expansion (plain text) for the page's language; ``numbers``: the phone numbers a reader
    may call on this page (digits and spaces as printed); ``call_words``: the words before a number that make it
    a number to call ("call", "звоните"...). ``used`` collects the glossary forms found, in order.
    """

    lang: str
    terms: dict[str, str] = field(default_factory=dict)
    numbers: Iterable[str] = ()
    call_words: Iterable[str] = ()
    used: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        other = "en" if self.lang == "ru" else "ru"
        self.other = other
        self._runs = RUNS[other]
        forms = sorted(self.terms, key=len, reverse=True)
        self._terms = (re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, forms)) + r")(?![\w-])")
                       if forms else None)
        self._firsts = {form[0] for form in forms}
        numbers = sorted({n for n in self.numbers if n}, key=len, reverse=True)
        words = sorted({w for w in self.call_words if w}, key=len, reverse=True)
        self._numbers = (re.compile(
            r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")[ \u00a0]+("
            + "|".join(re.escape(n).replace(r"\ ", "[ \u00a0]") for n in numbers) + r")(?![\w-])",
            re.IGNORECASE) if numbers and words else None)

    def mark(self, fragment: str, *, abbreviations: bool = True) -> Markup:
        out: list[str] = []
        raw = 0  # depth inside elements whose text is left alone
        unlinked = 0  # depth inside elements where a link must not go
        for piece in _TAG.split(str(fragment)):
            if not piece:
                continue
            if piece.startswith("<"):
                out.append(piece)
                name = _TAG_NAME.match(piece)
                if not name or piece.startswith("<!"):
                    continue
                tag = name.group(1).lower()
                if tag in _VOID or piece.endswith("/>"):
                    continue
                step = -1 if piece.startswith("</") else 1
                if tag in _RAW:
                    raw += step
                if tag in _NO_LINKS:
                    unlinked += step
                continue
            if raw or not piece.strip():
                out.append(piece)
                continue
            out.append(self._text(html.unescape(piece), links=not unlinked, abbreviations=abbreviations))
        return Markup("".join(out))

    def _text(self, text: str, *, links: bool, abbreviations: bool) -> str:
        found: list[tuple[int, int, str, str]] = []  # start, end, kind, value
        if links and self._numbers is not None and any(ch.isdigit() for ch in text):
            found += [(m.start(1), m.end(1), "tel", m.group(1)) for m in self._numbers.finditer(text)]
        if abbreviations and self._terms is not None and any(ch in self._firsts for ch in text):
            for m in self._terms.finditer(text):
                if not any(s < m.end() and m.start() < e for s, e, _, _ in found):
                    found.append((m.start(), m.end(), "abbr", m.group(0)))
        found.sort()
        out, at = [], 0
        for start, end, kind, value in found:
            out.append(self._spans(text[at:start]))
            if kind == "tel":
                digits = re.sub(r"\D", "", value)
                out.append(f'<a class="guide-tel" href="tel:{digits}">{escape(value)}</a>')
            else:
                if value not in self.used:
                    self.used.append(value)
                out.append(f'<abbr title="{escape(self.terms[value])}">{self._spans(value)}</abbr>')
            at = end
        out.append(self._spans(text[at:]))
        return "".join(out)

    def _spans(self, text: str) -> str:
        if not text:
            return ""
        out, at = [], 0
        for m in self._runs.finditer(text):
            out.append(str(escape(text[at:m.start()])))
            out.append(f'<span lang="{self.other}">{escape(m.group(0))}</span>')
            at = m.end()
        out.append(str(escape(text[at:])))
        return "".join(out)


# ----------------------------------------------------------------------------
# Headings: ids and the table of contents
# ----------------------------------------------------------------------------

_HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)
_ID = re.compile(r'\sid="([^"]*)"')


def slug(text: str) -> str:
    """An anchor id from heading text, any script: 'Who it is for' -> 'who-it-is-for'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[^\w]+", "-", text).strip("-_") or "section"


def headings(fragment: str) -> tuple[Markup, list[dict]]:
    """Give every heading an id and return the table of contents as nested tokens
    (level, id, name, children), as Python-Markdown's toc extension gives them."""
    taken = set(_ID.findall(fragment))
    flat: list[dict] = []

    def fix(m: re.Match) -> str:
        level, attrs, inner = int(m.group(1)), m.group(2), m.group(3)
        name = " ".join(html.unescape(_TAG.sub("", inner)).split())
        found = _ID.search(attrs)
        if found:
            anchor = found.group(1)
        else:
            base = anchor = slug(name)
            n = 1
            while anchor in taken:
                anchor = f"{base}_{n}"
                n += 1
            taken.add(anchor)
            attrs = f' id="{anchor}"' + attrs
        flat.append({"level": level, "id": html.unescape(anchor), "name": str(escape(name)), "children": []})
        return f"<h{level}{attrs}>{inner}</h{level}>"

    out = _HEADING.sub(fix, fragment)
    toc: list[dict] = []
    stack: list[dict] = []
    for token in flat:
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else toc).append(token)
        stack.append(token)
    return Markup(out), toc


def anchor_ids(fragment: str) -> list[str]:
    """Every id in a rendered fragment (the anchors other pages may link to)."""
    return [html.unescape(a) for a in _ID.findall(fragment)]
