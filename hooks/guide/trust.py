"""Who runs the site: the publisher statement, the address for reports and the "Report a problem with this page"
link of the footer, and the values the hand-written pages (About, privacy) take from them.

The settings live in mkdocs.yml ``extra`` (``publisher`` with ``en`` and ``ru``, ``report_url``); a deployment
sets its own with the environment variables GUIDE_PUBLISHER_EN and GUIDE_PUBLISHER_RU (both or neither) and
GUIDE_REPORT_URL (a ``mailto:`` address or an ``https://`` address such as an issue tracker's "new issue" page;
``{page}`` in it marks where the page's address goes, otherwise it is added as ``page=``). With no report address,
the footer link goes to the About page's "Report a problem" section, which says there is none.

Nothing is sent anywhere by the site: the link only opens the reader's mail program or the tracker's page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from .errors import Problem
from .markup import escape

LANGUAGES = ("en", "ru")
REPORT_ANCHOR = "report-a-problem"  # the About page's section (the same id in both languages)
PAGE_PLACEHOLDER = "{page}"
ENV_PUBLISHER = {lang: f"GUIDE_PUBLISHER_{lang.upper()}" for lang in LANGUAGES}
ENV_REPORT = "GUIDE_REPORT_URL"

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_UNSAFE = re.compile(r"[\s\"'<>`{}|\\^]")  # never in an address printed into a page (outside {page})


@dataclass(frozen=True)
class Settings:
    publisher: dict[str, str]  # language -> the statement of who publishes the site
    report_url: str  # "" when none is configured


class SettingsError(Exception):
    """The site's settings (mkdocs.yml extra, or the environment variables that set it) are wrong."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        return "\n".join([f"{count} problem{'s' if count != 1 else ''} in mkdocs.yml:",
                          *(f"  {p}" for p in self.problems)])


def settings(extra: Mapping, env: Mapping[str, str], mkdocs_yml: Path | None = None) -> Settings:
    """The publisher and report address from mkdocs.yml ``extra`` (environment variables already applied by
    MkDocs' !ENV), checked; ``env`` is only read to catch a publisher set for one language and not the other."""
    lines = _key_lines(mkdocs_yml)
    problems: list[Problem] = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem("mkdocs.yml", lines.get(field), None, f"extra.{field}", message))

    raw = extra.get("publisher")
    publisher: dict[str, str] = {}
    if not isinstance(raw, Mapping):
        problem("publisher", "missing: say who publishes this site, with en and ru (or set "
                             f"{ENV_PUBLISHER['en']} and {ENV_PUBLISHER['ru']})")
    else:
        for lang in LANGUAGES:
            value = raw.get(lang)
            if not isinstance(value, str) or not value.strip():
                problem(f"publisher.{lang}", f"empty: say who publishes this site, in {lang} "
                                             f"({ENV_PUBLISHER[lang]} sets it)")
            else:
                publisher[lang] = " ".join(value.split())
    set_in_env = [lang for lang in LANGUAGES if env.get(ENV_PUBLISHER[lang], "").strip()]
    for lang in LANGUAGES:
        if set_in_env and lang not in set_in_env:
            given = ", ".join(ENV_PUBLISHER[other] for other in set_in_env)
            problem(f"publisher.{lang}", f"{given} is set but {ENV_PUBLISHER[lang]} is not: set both, so that "
                                         "both languages name the same publisher")

    report_url = str(extra.get("report_url") or "").strip()
    wrong = _report_url_problem(report_url)
    if wrong:
        problem("report_url", f"{report_url!r} is neither a mailto: address nor an https:// address: {wrong} "
                              f"({ENV_REPORT} sets it; leave it empty for none)")
    if problems:
        raise SettingsError(problems)
    return Settings(publisher=publisher, report_url=report_url)


def _report_url_problem(url: str) -> str | None:
    if not url:
        return None
    if url.startswith("mailto:"):
        address, _, query = url[len("mailto:"):].partition("?")
        if not _EMAIL.match(address):
            return "write mailto:name@example.org"
        return "it holds a space, a quote or a bracket" if _UNSAFE.search(query) else None
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        return "write mailto:name@example.org or https://host/path"
    if _UNSAFE.search(url.replace(PAGE_PLACEHOLDER, "")):
        return "it holds a space, a quote or a bracket"
    return None


def _key_lines(mkdocs_yml: Path | None) -> dict[str, int]:
    """Line numbers of extra.publisher, its languages and extra.report_url in mkdocs.yml (for the messages)."""
    found: dict[str, int] = {}
    if mkdocs_yml is None or not mkdocs_yml.exists():
        return found
    top = child = None
    child_indent = None
    for number, line in enumerate(mkdocs_yml.read_text(encoding="utf-8").splitlines(), 1):
        key = re.match(r"^(\s*)([A-Za-z_]+):", line)
        if not key:
            continue
        indent, name = len(key.group(1)), key.group(2)
        if indent == 0:
            top, child, child_indent = name, None, None
        elif top == "extra" and (child_indent is None or indent == child_indent):
            child, child_indent = name, indent
            if name in ("publisher", "report_url"):
                found.setdefault(name, number)
        elif top == "extra" and child == "publisher" and name in LANGUAGES:
            found.setdefault(f"publisher.{name}", number)
    for lang in LANGUAGES:
        if "publisher" in found:
            found.setdefault(f"publisher.{lang}", found["publisher"])
    return found


# ----------------------------------------------------------------------------
# The report link
# ----------------------------------------------------------------------------


def report_href(base: str, address: str, *, subject: str, page_word: str, what_word: str) -> str | None:
    """The "Report a problem with this page" link for the page at ``address`` (absolute when the site's address
    is known), or None when no report address is configured.

    mailto: gets a subject and a body naming the page (RFC 6068: %20 for spaces, CRLF line breaks); any other
    address gets the page's address where it says {page}, or as a ``page`` query parameter."""
    if not base:
        return None
    if base.startswith("mailto:"):
        body = f"{page_word}: {address}\r\n\r\n{what_word}:\r\n"
        params = [("body", body)] if "subject=" in base else [("subject", subject), ("body", body)]
        return base + ("&" if "?" in base else "?") + "&".join(f"{k}={quote(v, safe='')}" for k, v in params)
    if PAGE_PLACEHOLDER in base:
        return base.replace(PAGE_PLACEHOLDER, quote(address, safe=""))
    return base + ("&" if "?" in base else "?") + "page=" + quote(address, safe="")


def page_address(url: str, canonical_url: str | None) -> str:
    """The address a report names: the page's full address when the site's address is set, else its path."""
    return canonical_url or "/" + url.lstrip("/")


def report_display(base: str) -> str:
    """The report address as a reader reads it: the mail address, or the web address without its query."""
    if base.startswith("mailto:"):
        return base[len("mailto:"):].partition("?")[0]
    return base.partition("?")[0]


# ----------------------------------------------------------------------------
# Values for the hand-written pages
# ----------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|])")


def markdown_text(text: str) -> str:
    """Plain text for a Markdown page: nothing in it becomes markup (HTML escaped, Markdown's marks backslashed)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(escape(re.sub(r"\s+", " ", text))))


def fill(markdown: str, values: Mapping[str, str]) -> str:
    """A hand-written page with its {name} placeholders (only the names in ``values``) filled in."""
    for name, value in values.items():
        markdown = markdown.replace("{" + name + "}", value)
    return markdown


def report_contact(base: str, href: str | None, with_address: str, without: str) -> str:
    """The About page's sentence on where to send a report, as Markdown: ``with_address`` has {address}, where a
    link to the configured address goes; ``without`` says there is none."""
    if not base or not href:
        return markdown_text(without)
    link = f"[{markdown_text(report_display(base))}]({href.replace(')', '%29').replace('(', '%28')})"
    before, _, after = with_address.partition("{address}")
    return markdown_text(before) + link + markdown_text(after)
