"""MkDocs hook: validate data/ and add the generated pages, per language.

Thin adapter over the plain-Python core in ``hooks/guide``, which renders every generated page to HTML.
mkdocs-static-i18n builds once per language and re-creates every file from disk in its own ``on_files``
(priority -100), so the generated pages are added after it, for its ``current_language``, with their locale,
alternates and sitemap entry set here. MkDocs puts each page's HTML into the theme's layout as it is: no
Python-Markdown runs over generated pages (hand-written pages in docs/ still go through it).
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

import guide
from guide import changes, markup, opendata, pages, plan, search
from guide.langspans import OtherLanguageSpans

# ----------------------------------------------------------------------------
# State for the current build
# ----------------------------------------------------------------------------

_catalogue: guide.Catalogue | None = None


class _GeneratedPage(Page):
    """A page whose HTML the core has already rendered (the file carries it as ``guide_page``)."""

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = dict(self.file.guide_page.meta)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        done = self.file.guide_page
        self.content = str(done.html)
        self.toc = get_toc(done.toc)
        self.present_anchor_ids = set(markup.anchor_ids(done.html))
        self.links_to_anchors = {}


# ----------------------------------------------------------------------------
# Events
# ----------------------------------------------------------------------------


@event_priority(-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check data/ (every language build); expose UI labels to templates."""
    global _catalogue
    lang = _language(config)
    if lang == _default_language(config) or _catalogue is None:
        try:
            _catalogue = guide.load(Path(config.config_file_path).parent / "data")
        except guide.DataError as exc:
            raise PluginError(exc.report()) from None
    _relative_language_links(config)
    config.markdown_extensions[:] = [e for e in config.markdown_extensions if not isinstance(e, OtherLanguageSpans)]
    config.markdown_extensions.append(OtherLanguageSpans(page_lang=lang))
    # Interface words for the theme's templates, escaped once here (the theme prints them as they are).
    ui = _catalogue.ui
    config.extra["ui"] = pages.theme_safe({name: getattr(getattr(ui, name), lang) for name in type(ui).model_fields})
    config.extra["guide_emergency"] = pages.emergency_line(_catalogue, lang)  # pages in docs/: the guide's place
    return config


@event_priority(-110)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add every generated page for the language being built."""
    lang = _language(config)
    i18n = config.plugins["i18n"]
    site = pages.Site(
        name=config.site_name, url=config.site_url or "",
        prefix=_localised("", lang, i18n.default_language),  # "" or "ru/"
        pdfs=bool(config.extra.get("pdfs")),  # GUIDE_PDFS: make publish prints the PDFs into this build
    )
    for page in pages.build(_catalogue, lang, directory_urls=config.use_directory_urls, site=site):
        file = File.generated(config, page.src_uri, content=page.html)
        file.guide_page = page
        file.dest_uri = _localised(file.dest_uri, lang, i18n.default_language)
        file.locale = file.locale_alternate_of = lang
        file.alternates = {
            other: file if other == lang else _alternate(config, page.src_uri, other, i18n.default_language)
            for other in i18n.build_languages
        }
        files.append(file)
        if page.indexed:  # steps of a pathway are noindex: not in the sitemap
            i18n.i18n_files_per_language.setdefault(lang, []).append(file)
    for name, text in opendata.files(_catalogue).items():  # the same files at the root in every build
        files.append(File.generated(config, f"open-data/{name}", content=text))
    search.DIRECTORY_URLS = config.use_directory_urls
    index = File.generated(config, "search/index.js", content=search.index_script(_catalogue, lang))
    index.dest_uri = _localised("search/index.js", lang, i18n.default_language)
    files.append(index)
    # The Atom feed of changes at the language's root, like the search index (absolute links with GUIDE_SITE_URL).
    feed = File.generated(config, plan.feed_path(), content=changes.atom(
        _catalogue, lang, site_url=config.site_url or None, directory_urls=config.use_directory_urls))
    feed.dest_uri = _localised(plan.feed_path(), lang, i18n.default_language)
    files.append(feed)
    config.extra["guide_urls"] = {
        name: _localised(plan.url_of(uri, config.use_directory_urls), lang, i18n.default_language)
        for name, uri in (("search", plan.search_uri()), ("safe_online", "staying-safe-online.md"))}
    config.extra["guide_urls"]["feed"] = feed.dest_uri
    return files


def on_pre_page(page: Page, *, config: MkDocsConfig, files: Files) -> Page:
    if getattr(page.file, "guide_page", None) is not None:
        page.__class__ = _GeneratedPage
    return page


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Hand-written pages: where they apply, and their emergency line, from data (front matter facts.place)."""
    if getattr(page.file, "guide_page", None) is None:
        page.meta = pages.hand_written_meta(_catalogue, _language(config), page.meta)
    return markdown


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _language(config: MkDocsConfig) -> str:
    return config.plugins["i18n"].current_language or _default_language(config)


def _default_language(config: MkDocsConfig) -> str:
    return config.plugins["i18n"].default_language


def _localised(dest_uri: str, lang: str, default: str) -> str:
    return dest_uri if lang == default else posixpath.join(lang, dest_uri)


def _relative_language_links(config: MkDocsConfig) -> None:
    """Language switcher links relative to the site root ("ru/" not "/ru/"): a site opened from a
    folder or served from a sub-path has no "/" of its own."""
    i18n = config.plugins["i18n"]
    for alternates in (config.extra.get("alternate") or [], i18n.extra_alternate or []):
        for alt in alternates:
            alt["link"] = alt["link"].lstrip("/") or "./"


def _alternate(config: MkDocsConfig, src_uri: str, lang: str, default: str) -> File:
    """A stand-in for the page's twin in another language (for switcher and sitemap)."""
    twin = File(src_uri, None, config.site_dir, config.use_directory_urls)
    twin.dest_uri = _localised(twin.dest_uri, lang, default)
    twin.locale = lang
    return twin
