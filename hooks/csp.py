"""MkDocs hook: the Content Security Policy of every page, and the hosting headers file (hooks/guide/csp.py)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from guide import csp

_serving = False


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"  # the dev server adds its live-reload script to every page it sends


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.extra["csp"] = csp.policy(live_reload=_serving)
    return config


@event_priority(-110)  # after mkdocs-static-i18n has re-created the files (-100)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    if files.get_file_from_path("_headers") is None:
        files.append(File.generated(config, "_headers", content=csp.headers_file()))
    return files
