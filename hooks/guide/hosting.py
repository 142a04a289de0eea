"""What the host serves with the site: the Content Security Policy, the headers file, and which files need
the site's own address.

The policy: scripts, styles, images and fonts from this site only.

Every script the pages run is a file of this site (the theme's inline scripts are replaced by files in
overrides/), so the policy needs no hashes and never approves what a page happens to contain. The same policy
goes into every page (a meta tag) and into the hosting headers (``_headers``), where it can also forbid framing:
``frame-ancestors`` is ignored in a meta tag.
"""

from __future__ import annotations

_DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("frame-src", "'none'"),
)


def policy(*, headers: bool = False, live_reload: bool = False) -> str:
    """The policy. ``headers``: for an HTTP header, which can also say that no other site may frame a page.
    ``live_reload`` (mkdocs serve only): the development server injects an inline script that changes with every
    request, so inline scripts are allowed there; built sites never allow them."""
    directives = [(name, value + (" 'unsafe-inline'" if live_reload and name == "script-src" else ""))
                  for name, value in _DIRECTIVES]
    if headers:
        directives.append(("frame-ancestors", "'none'"))
    return "; ".join(f"{name} {value}" for name, value in directives)


# Headers every page is served with, for hosts that read a _headers file (Netlify, Cloudflare Pages) and for the
# nginx snippet in the README.
def headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": policy(headers=True),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def headers_file() -> str:
    """The ``_headers`` file: the same headers for every path."""
    return "/*\n" + "".join(f"  {name}: {value}\n" for name, value in headers().items())


# Files that only make sense with the deployed site's full address (GUIDE_SITE_URL, mkdocs.yml site_url): a
# sitemap of relative addresses is not valid, and one with a made-up host (localhost) would tell search engines
# the site lives there. Canonical links need it too; MkDocs leaves them out when it is not set.
NEEDS_ADDRESS = ("sitemap.xml", "sitemap.xml.gz")


def unpublishable(site_url: str | None) -> tuple[str, ...]:
    """Names of built files to leave out of a site built with no address of its own."""
    return () if site_url else NEEDS_ADDRESS
