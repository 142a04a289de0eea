"""MkDocs hook: who runs the site (hooks/guide/trust.py).

Checks the publisher and report address (mkdocs.yml extra, set by a deployment's GUIDE_PUBLISHER_EN,
GUIDE_PUBLISHER_RU and GUIDE_REPORT_URL) and hands the footer (overrides/partials/footer.html) its words and links
for the language being built, escaped, with words in the other script marked; gives every page its "Report a
problem with this page" link; fills {publisher}, {report_contact} and {exit_page} in the hand-written pages.
"""

from __future__ import annotations

import os
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from guide import markup, plan, trust

FOOTER_WORDS = ("footer_title", "footer_report", "footer_about", "footer_accessibility", "footer_privacy")
FOOTER_PAGES = ("about", "accessibility", "privacy")

_settings: trust.Settings | None = None


@event_priority(-120)  # after generate.py has put the interface words into config.extra.ui (-110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _settings
    try:
        _settings = trust.settings(config.extra, os.environ, Path(config.config_file_path))
    except trust.SettingsError as exc:
        raise PluginError(exc.report()) from None
    lang = _language(config)
    mark = markup.Marker(lang=lang).mark
    footer = {name: mark(config.extra["ui"][name]) for name in FOOTER_WORDS}
    footer["lang"] = lang
    footer["publisher"] = mark(markup.escape(_settings.publisher[lang]))
    for name in FOOTER_PAGES:
        footer[f"{name}_url"] = _localised(plan.url_of(f"{name}.md", config.use_directory_urls), config)
    footer["report_anchor"] = trust.REPORT_ANCHOR
    config.extra["guide_footer"] = footer
    return config


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Hand-written pages: the publisher, where to send a report and where "Exit this page" goes."""
    lang = _language(config)
    return trust.fill(markdown, {
        "publisher": trust.markdown_text(_settings.publisher[lang]),
        "report_contact": trust.report_contact(_settings.report_url, _report_href(page, config),
                                               _word(config, "report_contact"), _word(config, "report_contact_none")),
        "exit_page": f"<{config.extra['exit_page_url']}>",
    })


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    context["guide_report_href"] = _report_href(page, config)
    return context


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _report_href(page: Page, config: MkDocsConfig) -> str | None:
    return trust.report_href(
        _settings.report_url, trust.page_address(page.url, page.canonical_url),
        subject=f"{_word(config, 'report_subject')}: {page.title or ''}".rstrip(": "),
        page_word=_word(config, "report_page"), what_word=_word(config, "report_what"))


def _word(config: MkDocsConfig, name: str) -> str:
    """An interface word as plain text (config.extra.ui holds it escaped for the theme)."""
    return Markup(config.extra["ui"][name]).unescape()


def _language(config: MkDocsConfig) -> str:
    i18n = config.plugins["i18n"]
    return i18n.current_language or i18n.default_language


def _localised(url: str, config: MkDocsConfig) -> str:
    lang = _language(config)
    return url if lang == config.plugins["i18n"].default_language else f"{lang}/{url}"
