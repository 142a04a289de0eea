"""MkDocs hook: fill in the Content Security Policy of every page (see hooks/guide/csp.py)."""

from __future__ import annotations

from guide import csp


def on_post_page(output: str, **_) -> str:
    return csp.fill(output)


def on_post_template(output_content: str, **_) -> str:
    return csp.fill(output_content)
