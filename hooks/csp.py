"""MkDocs hook: fill in the Content Security Policy of every page (see hooks/guide/csp.py)."""

from __future__ import annotations

from guide import csp

_serving = False


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"  # the dev server adds its live-reload script to every page it sends


def on_post_page(output: str, **_) -> str:
    return csp.fill(output, live_reload=_serving)


def on_post_template(output_content: str, **_) -> str:
    return csp.fill(output_content, live_reload=_serving)
