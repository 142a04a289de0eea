"""MkDocs hook: what the host serves with the site (hooks/guide/hosting.py): the Content Security Policy of
every page, the `_headers` file, and no sitemap when the site's address (GUIDE_SITE_URL) is not set."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from guide import hosting

_serving = False


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"  # the dev server adds its live-reload script to every page it sends


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.extra["csp"] = hosting.policy(live_reload=_serving)
    return config


@event_priority(-110)  # after mkdocs-static-i18n has re-created the files (-100)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    if files.get_file_from_path("_headers") is None:
        files.append(File.generated(config, "_headers", content=hosting.headers_file()))
    return files


@event_priority(-120)  # after mkdocs-static-i18n has built every language (-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    for name in hosting.unpublishable(config.site_url):
        for path in Path(config.site_dir).rglob(name):
            path.unlink()
