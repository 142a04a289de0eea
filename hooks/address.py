"""MkDocs hook: the site's own address (GUIDE_SITE_URL, mkdocs.yml site_url).

Canonical links and the sitemap need the deployed site's full address. With none set there are no canonical
links (MkDocs leaves them out) and no sitemap: a sitemap of relative addresses is not valid, and one with a
made-up host (a localhost address) would tell search engines the site lives there.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority


@event_priority(-120)  # after mkdocs-static-i18n has built every language (-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    if config.site_url:
        return
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        for path in Path(config.site_dir).rglob(name):
            path.unlink()
