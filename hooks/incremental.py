"""MkDocs hook: quicker rebuilds. Under `mkdocs serve --dirty` (make serve), only the generated pages
that changed are rebuilt; in every build, compiled theme templates are kept in memory.

MkDocs counts a page made from text in memory as always modified, so a dirty build would still
render every generated page. Here such a page is left as built last time when the core
(hooks/guide/incremental.py) finds it unchanged. Pages in the navigation are always rebuilt, so that
the navigation shows their titles.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from guide.incremental import COMPILED_TEMPLATES, BuildMemory, nav_uris, surroundings

# ----------------------------------------------------------------------------
# State kept between the builds of one `mkdocs serve`
# ----------------------------------------------------------------------------

_memory: BuildMemory | None = None


class _DirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build may show stale navigation; the navigation pages are always
    rebuilt here, and under `strict: true` the warning would abort every rebuild."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


# ----------------------------------------------------------------------------
# Events
# ----------------------------------------------------------------------------


def on_startup(*, command: str, dirty: bool) -> None:
    global _memory
    if command == "serve" and dirty:
        _memory = BuildMemory()
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())


@event_priority(-120)  # after generate.py has added the generated pages
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    if _memory is None:
        return files
    lang = _language(config)
    around = surroundings(Path(config.config_file_path), config.extra, lang, ("overrides", "docs"))
    in_nav = set(nav_uris(config.nav or []))
    for file in files:
        if file.generated_by is None or not file.is_documentation_page():
            continue
        page = getattr(file, "guide_page", None)
        state = page.fingerprint() if page is not None else file.content_string
        if _memory.unchanged(lang, file.dest_uri, state, around) and file.src_uri not in in_nav:
            file.is_modified = _unchanged  # MkDocs skips this page in a dirty build
    return files


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    """The theme's templates, compiled once (the theme environment is new for every build)."""
    env.bytecode_cache = COMPILED_TEMPLATES
    return env


def on_post_build(*, config: MkDocsConfig) -> None:
    if _memory is not None:
        _memory.finished(_language(config))


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _unchanged() -> bool:
    return False


def _language(config: MkDocsConfig) -> str:
    i18n = config.plugins["i18n"]
    return i18n.current_language or i18n.default_language
