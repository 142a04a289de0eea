"""Round-trip edits of data files: change a few values, keep every other byte.

ruamel.yaml reads a file with its comments, key order and scalar styles and writes it back. The data
files are laid out the way ruamel.yaml writes them (2-space mappings, nested lists as ``  - ``, lists
at the top of a file at column 0), so an unedited file comes back byte for byte; a file that would
not is refused rather than reformatted (see :class:`RoundTrip`).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

FOLD_WIDTH = 100  # where a new folded (>) text is wrapped; the data files wrap prose at about 100


class LayoutError(Exception):
    """The file cannot be written back without changing lines other than the edited ones."""


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never re-wrap a line
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.ignore_aliases = lambda data: True  # data files are plain YAML: never write an anchor
    return yaml


class RoundTrip:
    """One data file, loaded for editing. ``save()`` writes it back only if something changed."""

    def __init__(self, path: Path, reformat: bool = False):
        self.path = Path(path)
        self.original = self.path.read_text(encoding="utf-8")
        self.yaml = _yaml()
        try:
            self.data = self.yaml.load(self.original)
        except YAMLError as exc:
            raise LayoutError(f"cannot be read: {' '.join(str(exc).split())}") from None
        if not reformat and self.dumps() != self.original:
            raise LayoutError(
                "its layout would change on writing (ruamel.yaml would rewrite lines that were not edited); "
                "lay it out like the other data files (2-space indents, nested lists as '  - ') or pass --reformat")

    def dumps(self) -> str:
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        text = out.getvalue()
        if isinstance(self.data, list):
            # ruamel.yaml indents a top-level list like a nested one; the data files keep it at column 0
            text = "".join(line[2:] if line.startswith("  ") else line for line in text.splitlines(True))
        return text

    def save(self) -> bool:
        """Write the file if it changed; True if it was written."""
        text = self.dumps()
        if text == self.original:
            return False
        self.path.write_text(text, encoding="utf-8")
        self.original = text
        return True

    # ------------------------------------------------------------------ navigation

    def at(self, loc: tuple) -> Any:
        """The node at ``loc`` (keys and list indexes), or None if the file has no such place."""
        node = self.data
        for part in loc:
            if isinstance(part, int) and isinstance(node, CommentedSeq) and 0 <= part < len(node):
                node = node[part]
            elif isinstance(part, str) and isinstance(node, CommentedMap) and part in node:
                node = node[part]
            else:
                return None
        return node

    # ------------------------------------------------------------------ edits

    def set_stamp(self, loc: tuple, stamp: str) -> bool:
        """Set ``checked`` in the per-language mapping at ``loc``; True if it changed.

        A new stamp goes first in the mapping, so that no comment after the last text moves."""
        node = self.at(loc)
        if not isinstance(node, CommentedMap):
            raise KeyError(loc)
        if node.get("checked") == stamp:
            return False
        if "checked" in node:
            node["checked"] = stamp
        else:
            node.insert(0, "checked", stamp)
        return True

    def set_text(self, loc: tuple, lang: str, value: str | list[str]) -> bool:
        """Replace the text (or list of strings) of ``lang`` at ``loc``, keeping its YAML style."""
        node = self.at(loc)
        if not isinstance(node, CommentedMap):
            raise KeyError(loc)
        old = node.get(lang)
        if isinstance(value, list):
            if isinstance(old, CommentedSeq):
                if list(old) == value:
                    return False
                del old[:]
                old.extend(value)  # the same list keeps its flow or block style
            else:
                node[lang] = value
            return True
        if isinstance(old, str) and old.strip() == value.strip():
            return False
        node[lang] = styled_like(old, value)
        return True


    def add_change(self, date: dt.date, en: str, ru: str) -> None:
        """Put a change note first in the record's ``changes`` (they are newest first). A record without
        notes gets the list after ``reviewed``; long texts are written folded, like the other prose."""
        entry = CommentedMap()
        entry["date"] = date
        entry["note"] = CommentedMap([("en", _new_text(en, CHANGE_NOTE_INDENT)),
                                      ("ru", _new_text(ru, CHANGE_NOTE_INDENT))])
        if not isinstance(self.data, CommentedMap):
            raise LayoutError("is not a record (a mapping at the top of the file)")
        changes = self.data.get("changes")
        if changes is None:
            changes = CommentedSeq()
            keys = list(self.data)
            at = keys.index("reviewed") + 1 if "reviewed" in keys else len(keys)
            self.data.insert(at, "changes", changes)
        changes.insert(0, entry)


CHANGE_NOTE_INDENT = 8  # columns before the text of changes[i].note.<lang> in a folded block


def _new_text(text: str, indent: int) -> str:
    """A new text as the data files write prose: on one line when it fits, else folded (>-) at FOLD_WIDTH."""
    text = " ".join(text.split())
    if indent + len("ru: ") + len(text) <= FOLD_WIDTH:
        return text
    folded = FoldedScalarString(text)
    folded.fold_pos = _fold_positions(text, FOLD_WIDTH - indent)
    return folded


def styled_like(old: Any, new: str) -> str:
    """``new`` in the YAML style of ``old``: a block stays a block, quotes stay quotes."""
    new = new.strip()
    trailing = "\n" if isinstance(old, str) and old.endswith("\n") else ""
    if isinstance(old, LiteralScalarString):
        return LiteralScalarString(new + trailing)
    if isinstance(old, FoldedScalarString):
        if "\n" in new:
            return LiteralScalarString(new + trailing)
        folded = FoldedScalarString(new + trailing)
        folded.fold_pos = _fold_positions(new)
        return folded
    if "\n" in new:
        return LiteralScalarString(new)
    if isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(new)
    if isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(new)
    return new


def _fold_positions(text: str, width: int = FOLD_WIDTH) -> list[int]:
    """Indexes of the single spaces where a folded scalar breaks its lines (at most ``width`` wide)."""
    positions, start, last_space = [], 0, None
    for i, ch in enumerate(text):
        if ch == " " and 0 < i < len(text) - 1 and text[i - 1] != " " and text[i + 1] != " ":
            if i - start > width and last_space is not None:
                positions.append(last_space)
                start = last_space + 1
            last_space = i
    if len(text) - start > width and last_space is not None and last_space > start:
        positions.append(last_space)
    return positions
