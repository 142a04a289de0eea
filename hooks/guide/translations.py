"""Translations pinned to their source, and the term base.

Every reader-facing text is a :class:`~guide.model.Text` (or :class:`~guide.model.TextList`): one value
per language. One of the two is the original, in the source language of its record; the other is a
translation of it. ``checked`` beside them is the fingerprint of the original that the translation was
last checked against, so an edited original shows up as a stale translation until someone checks it
again (``python -m guide checked``).

- :func:`units` lists every translated text with its file, record, field and source language;
- :func:`stale` those whose original changed since they were checked (or that never were);
- :func:`stale_pages` which pages, per language, should say that their translation may be out of date;
- :func:`warnings` what ``make check`` prints: stale translations and terms not rendered as the term
  base (data/terms.yml) requires;
- :func:`stamp` marks translations as checked, rewriting only the stamps.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from pydantic import BaseModel, RootModel

from . import plan
from .errors import Problem, dotted
from .loader import SINGLE_FILES, Catalogue, _rel, read_yaml
from .model import LANGUAGES, Name, Term, TermRendering, Text, TextList
from .pathways import steps

LANGUAGE_NAMES = {"en": "English", "ru": "Russian"}
DEFAULT_SOURCE = "en"  # files and records without a source: ui.yml, home.yml, audiences, pathways...
NOT_TRANSLATED = {"terms"}  # the term base holds renderings, not translations

CHECKED, CHANGED, NEVER = "checked", "changed", "never"


# ----------------------------------------------------------------------------
# Fingerprints
# ----------------------------------------------------------------------------


def normalise(text: str) -> str:
    """The text as compared: Unicode NFC, white space collapsed to single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def fingerprint(value: str | list[str]) -> str:
    """First 8 hex digits of the SHA-256 of the normalised text (or list of texts, one a line)."""
    text = "\n".join(normalise(v) for v in value) if isinstance(value, list) else normalise(value)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


# ----------------------------------------------------------------------------
# Units: every translated text
# ----------------------------------------------------------------------------


def other(lang: str) -> str:
    return next(lang_ for lang_ in LANGUAGES if lang_ != lang)


@dataclass(eq=False)
class Unit:
    """One translated text: where it is, what its original is, and whether it was checked."""

    file: str  # data/services/advice/fraud.yml
    kind: str  # service, document, pathway, or the kind of a single file (ui, sections, glossary...)
    record: str | None  # record id (or the file's stem for ui.yml and home.yml)
    loc: tuple  # path to the Text in the file, e.g. ("channels", 0, "label")
    source: str  # the language of the original
    text: Text | TextList = field(repr=False)
    index: int | None = None  # position of the record in a list file (sections.yml...)

    @property
    def target(self) -> str:
        return other(self.source)

    @property
    def field(self) -> str:
        return dotted(self.loc)

    @property
    def original(self) -> str | list[str]:
        return getattr(self.text, self.source)

    @property
    def translation(self) -> str | list[str]:
        return getattr(self.text, self.target)

    @property
    def is_list(self) -> bool:
        return isinstance(self.text, TextList)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.original)

    @property
    def state(self) -> str:
        """checked, changed (the original changed since the stamp) or never (no stamp)."""
        if self.text.checked is None:
            return NEVER
        return CHECKED if self.text.checked == self.fingerprint else CHANGED

    @property
    def uid(self) -> str:
        """Stable id of the unit for translation tools: file and field path."""
        return f"{self.file}#{self.field}"


def _texts(value: Any, loc: tuple = ()) -> Iterator[tuple[tuple, Text | TextList]]:
    if isinstance(value, TextList):
        if value.en or value.ru:
            yield loc, value
    elif isinstance(value, Text):
        yield loc, value
    elif isinstance(value, RootModel):
        yield from _texts(value.root, loc)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), loc + (name,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, loc + (i,))


def source_language(cat: Catalogue, item: Any) -> str:
    """The language of a record's original: its source's language in sources.yml, else English."""
    language = getattr(item, "language", None)  # an entry of sources.yml is its own source
    if language in LANGUAGES and getattr(item, "file", None) in cat.sources:
        return language
    source = getattr(item, "source", None)
    known = cat.sources.get(getattr(source, "file", None) or "")
    return known.language if known is not None else DEFAULT_SOURCE


def records(cat: Catalogue) -> Iterator[tuple[str, str, str | None, Any, tuple, int | None]]:
    """(file, kind, record id, record, location prefix, index) for everything that holds texts."""
    root = cat.root
    singles = {kind: _rel(root / name, root) for name, kind in SINGLE_FILES.items()}
    yield singles["ui"], "ui", "ui", cat.ui, (), None
    yield singles["home"], "home", "home", cat.home, (), None
    lists = {
        "sections": cat.sections,
        "audiences": cat.audiences,
        "jurisdictions": list(cat.jurisdictions.values()),
        "sources": list(cat.sources.values()),
        "organisations": list(cat.organisations.values()),
        "glossary": cat.glossary,
    }
    for kind, items in lists.items():
        for i, item in enumerate(items):
            yield singles[kind], kind, getattr(item, "id", None) or getattr(item, "file", None), item, (i,), i
    for kind, group in (("service", cat.services), ("document", cat.documents), ("pathway", cat.pathways)):
        for rid, record in group.items():
            yield cat.files[rid], kind, rid, record, (), None


def units(cat: Catalogue) -> list[Unit]:
    """Every translated text in the catalogue, file by file, in file order."""
    out = []
    for file, kind, rid, record, prefix, index in records(cat):
        lang = source_language(cat, record)
        out += [Unit(file, kind, rid, prefix + loc, lang, text, index) for loc, text in _texts(record)]
    return out


def record_units(cat: Catalogue, record: Any) -> list[Unit]:
    """The translated texts of one service, document or pathway."""
    lang = source_language(cat, record)
    file = cat.files.get(getattr(record, "id", ""), "")
    kind = type(record).__name__.lower()
    return [Unit(file, kind, record.id, loc, lang, text) for loc, text in _texts(record)]


def stale(cat: Catalogue, lang: str | None = None) -> list[Unit]:
    """Translations (into ``lang``, or any language) whose original changed since they were checked,
    or that were never checked. Each has ``record``, ``field``, ``target`` and ``state``."""
    return [u for u in units(cat) if u.state != CHECKED and (lang is None or u.target == lang)]


def stale_pages(cat: Catalogue, lang: str) -> dict[str, str]:
    """Page (plan source path, e.g. services/fraud.md) -> "changed" or "never", for the pages in
    ``lang`` that show a translation not checked against the current original. Texts used on every
    page (ui.yml, jurisdictions, organisations, sources) are left to ``make check``."""
    pages: dict[str, str] = {}
    steps_of: dict[str, dict[str, list[str]]] = {}  # pathway id -> node id -> its step pages
    for unit in stale(cat, lang):
        for uri in _pages_of(cat, unit, steps_of):
            if pages.get(uri) != CHANGED:
                pages[uri] = unit.state
    return pages


def _pages_of(cat: Catalogue, unit: Unit, steps_of: dict[str, dict[str, list[str]]]) -> list[str]:
    loc = unit.loc
    if unit.kind == "service":
        return [plan.service_uri(unit.record), plan.handout_uri(unit.record)]
    if unit.kind == "home":
        return [plan.home_uri()]
    if unit.kind == "sections":
        return [plan.section_uri(unit.record)]
    if unit.kind == "audiences":
        return [plan.audience_uri(unit.record)]
    if unit.kind == "glossary":
        return [plan.glossary_uri()]
    if unit.kind == "document":
        doc = cat.documents[unit.record]
        head = loc[0]
        where = {
            "sections": lambda: plan.doc_section_uri(doc.id, doc.sections[loc[1]].id),
            "roles": lambda: plan.role_uri(doc.id, doc.roles[loc[1]].id),
            "flows": lambda: plan.exchange_uri(doc.id),
            "timeline": lambda: plan.timeline_uri(doc.id),
            "timeline_title": lambda: plan.timeline_uri(doc.id),
            "forms": lambda: plan.form_uri(doc.id, doc.forms[loc[1]].id),
            "topic_groups": lambda: plan.topics_group_uri(doc.id, doc.topic_groups[loc[1]].id),
            "topics": lambda: plan.topics_group_uri(doc.id, doc.topics[loc[1]].group),
        }
        uris = [where[head]()] if head in where else []
        if head not in where or loc[-1] == "title" and len(loc) <= 3:
            uris.append(plan.document_uri(doc.id))  # titles are listed on the document's own page
        return uris
    if unit.kind == "pathway":
        pathway = cat.pathways[unit.record]
        if pathway.id not in steps_of:
            by_node: dict[str, list[str]] = {}
            for step in steps(pathway):
                by_node.setdefault(step.node_id, []).append(plan.step_uri(step))
            steps_of[pathway.id] = by_node
        node = pathway.nodes[loc[1]].id if loc[0] == "nodes" else pathway.start
        return [plan.tree_uri(pathway.id), *steps_of[pathway.id].get(node, [])]
    return []


# ----------------------------------------------------------------------------
# Warnings for `make check`
# ----------------------------------------------------------------------------


class _Lines:
    """Line numbers of places in data files, read only for the files that have a warning."""

    def __init__(self, cat: Catalogue):
        self.base = Path(cat.root).parent
        self.root = Path(cat.root)
        self.docs: dict[str, Any] = {}

    def of(self, file: str, loc: tuple) -> int | None:
        if file not in self.docs:
            self.docs[file] = read_yaml(self.base / file, self.root)[0]
        doc = self.docs[file]
        return doc.line_of(loc) if doc is not None else None


def _the(lang: str) -> str:
    return f"the {LANGUAGE_NAMES[lang]}"


def _count(found: list[Unit]) -> str:
    targets = " and ".join(sorted({LANGUAGE_NAMES[u.target] for u in found}))
    return f"{len(found)} {targets} text{'s' if len(found) != 1 else ''}"


def _unit_warning(u: Unit, lines: _Lines) -> Problem:
    where = u.loc + (u.target,)
    if u.state == CHANGED:
        message = f"{LANGUAGE_NAMES[u.source]} changed since {_the(u.target)} was checked"
    else:
        message = f"{_the(u.target)} was never checked against {_the(u.source)}"
    return Problem(u.file, lines.of(u.file, where), u.record, dotted(where), message)


def warnings(cat: Catalogue) -> list[Problem]:
    """Stale and unchecked translations, and terms not rendered as data/terms.yml requires.

    These are warnings: the site still builds. Each stale text gets a line. Texts never checked get a
    line each too, except that a file, or a record, in which nothing has been checked yet gets one."""
    lines = _Lines(cat)
    out: list[Problem] = []
    by_file: dict[str, list[Unit]] = {}
    for unit in units(cat):
        by_file.setdefault(unit.file, []).append(unit)
    for file, found in by_file.items():
        if all(u.state == NEVER for u in found):
            out.append(Problem(file, None, None, None, f"no translation checked yet ({_count(found)}); "
                                                       f"after review: make checked FILE={file}"))
            continue
        by_record: dict[tuple, list[Unit]] = {}
        for u in found:
            by_record.setdefault((u.record, u.index), []).append(u)
        for (record, index), group in by_record.items():
            if len(group) > 1 and all(u.state == NEVER for u in group):
                place = (index,) if index is not None else ("id",)
                command = f"make checked FILE={file}" + (f" RECORD={record}" if index is not None else "")
                out.append(Problem(file, lines.of(file, place), record, None,
                                   f"no translation checked yet ({_count(group)}); after review: {command}"))
                continue
            out += [_unit_warning(u, lines) for u in group if u.state != CHECKED]
    for unit, term in term_problems(cat):
        where = unit.loc + (unit.target,)
        want = getattr(term, unit.target)
        found_as = getattr(term, unit.source).term
        out.append(Problem(unit.file, lines.of(unit.file, where), unit.record, dotted(where),
                           f"{_the(unit.source)} uses the term '{found_as}' but {_the(unit.target)} does not "
                           f"render it as '{want.term}' (data/terms.yml: {term.id})"))
    return sorted(out, key=lambda p: (p.file, p.line or 0, p.field or "", p.message))


# ----------------------------------------------------------------------------
# Term base
# ----------------------------------------------------------------------------

STEM_ENDING = 4  # a word ending in * matches its stem plus up to this many letters (Russian endings)


def fold(text: str) -> str:
    """Text as terms are matched: NFC, case-folded, ё as е, white space collapsed."""
    return normalise(text).casefold().replace("ё", "е")


@lru_cache(maxsize=None)
def _pattern(form: str) -> re.Pattern:
    words = []
    for word in fold(form).split(" "):
        stem = word.endswith("*")
        words.append(re.escape(word.rstrip("*")) + (rf"\w{{0,{STEM_ENDING}}}" if stem else ""))
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def uses(rendering: TermRendering, text: str) -> bool:
    """Whether ``text`` uses the term in any of its accepted forms."""
    folded = fold(text)
    return any(_pattern(form).search(folded) for form in rendering.patterns())


def term_problems(cat: Catalogue) -> list[tuple[Unit, Term]]:
    """(text, term) for every text whose original uses a term of the term base while its translation
    does not use the required rendering. Lists (keywords, glossary match forms) and names (model.Name: kept as
    written, e.g. what a reader types on an English website) are not checked."""
    out = []
    for unit in units(cat):
        if unit.is_list or isinstance(unit.text, Name):
            continue
        for term in cat.terms:
            if term.language != unit.source:
                continue
            if uses(getattr(term, unit.source), unit.original) and not uses(getattr(term, unit.target),
                                                                                unit.translation):
                out.append((unit, term))
    return out


# ----------------------------------------------------------------------------
# Marking translations checked
# ----------------------------------------------------------------------------


def select(found: Iterable[Unit], field: str | None = None, record: str | None = None) -> list[Unit]:
    """Units under a field path (``summary``, ``channels[0]``, ``channels``) and/or of one record."""
    out = []
    for unit in found:
        if record is not None and unit.record != record:
            continue
        if field is not None:
            path = unit.field
            if unit.index is not None:  # in list files the path starts with [i]; accept it without
                path_without = dotted(unit.loc[1:])
                if not (_under(path, field) or _under(path_without, field)):
                    continue
            elif not _under(path, field):
                continue
        out.append(unit)
    return out


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")


def stamp(cat: Catalogue, files: Iterable[str] | None = None, field: str | None = None,
          record: str | None = None, reformat: bool = False) -> tuple[dict[str, int], list[Problem]]:
    """Mark translations checked against their current original: write ``checked`` for every text of
    ``files`` (data-relative paths as in Unit.file; all files when None), optionally only under
    ``field`` or of ``record``. Returns (file -> number of stamps written, problems)."""
    from .yamledit import LayoutError, RoundTrip  # ruamel.yaml only when editing

    wanted = None if files is None else set(files)
    by_file: dict[str, list[Unit]] = {}
    for unit in units(cat):
        if wanted is None or unit.file in wanted:
            by_file.setdefault(unit.file, []).append(unit)
    problems = [Problem(f, None, None, None, "has no translated texts (is it a data file?)")
                for f in sorted((wanted or set()) - set(by_file))]
    written: dict[str, int] = {}
    base = Path(cat.root).parent
    for file, found in by_file.items():
        chosen = select(found, field, record)
        if not chosen:
            what = " and ".join(filter(None, [field and f"field '{field}'", record and f"record '{record}'"]))
            problems.append(Problem(file, None, record, field, f"no translated text matches {what}"))
            continue
        try:
            doc = RoundTrip(base / file, reformat=reformat)
        except LayoutError as exc:
            problems.append(Problem(file, None, None, None, str(exc)))
            continue
        count = sum(doc.set_stamp(u.loc, u.fingerprint) for u in chosen)
        if doc.save():
            written[file] = count
    return written, problems
