"""The Content Security Policy: scripts, styles, images and fonts from this site only.

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
