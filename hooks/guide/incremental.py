"""Quicker rebuilds: which generated pages a rebuild can leave as they were (`mkdocs serve --dirty`,
make serve), and compiled templates kept between builds.

A page is unchanged when its content and everything it is rendered with (the configuration with
the interface words, the theme overrides, the hand-written pages) are the same as when it was last
built. What was built is remembered only once its build has finished.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Iterator

from jinja2 import BytecodeCache


class BuildMemory:
    """Fingerprints of the pages built so far, per output path."""

    def __init__(self) -> None:
        self._built: dict[str, str] = {}
        self._pending: dict[str, dict[str, str]] = {}  # per language, until its build has finished

    def unchanged(self, lang: str, dest_uri: str, state: str, surroundings: bytes) -> bool:
        """``state``: everything the page shows, e.g. its fingerprint (pages.Page.fingerprint)."""
        fingerprint = hashlib.sha256(surroundings + state.encode("utf-8")).hexdigest()
        self._pending.setdefault(lang, {})[dest_uri] = fingerprint
        return self._built.get(dest_uri) == fingerprint

    def finished(self, lang: str) -> None:
        self._built.update(self._pending.pop(lang, {}))


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory, so that each build (once per language, and again on every
    rebuild under mkdocs serve) does not compile them afresh; a changed template is (checksum)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _CompiledTemplates()


def surroundings(config_file: Path, extra: dict[str, Any], lang: str, folders: tuple[str, ...]) -> bytes:
    """A digest of what every page is rendered with, besides its own Markdown."""
    root = config_file.parent
    stamps = sorted((str(p), p.stat().st_mtime_ns) for folder in folders
                    for p in (root / folder).rglob("*") if p.is_file())
    chrome = {"config": config_file.read_text(encoding="utf-8"), "extra": extra, "lang": lang, "files": stamps}
    return hashlib.sha256(json.dumps(chrome, sort_keys=True, default=str).encode("utf-8")).digest()


def nav_uris(items: list[Any]) -> Iterator[str]:
    """Every page named in a MkDocs nav setting."""
    for item in items:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for value in item.values():
                yield from nav_uris(value if isinstance(value, list) else [value])
