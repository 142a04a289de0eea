"""Content Security Policy: scripts only from the site itself or by hash.

The policy is written in the page template (overrides/main.html) with a placeholder where the hashes
of the page's own inline scripts go; this fills it in, page by page (the theme's inline scripts differ
with the page's depth).
"""

from __future__ import annotations

import base64
import hashlib
import re

PLACEHOLDER = "__GUIDE_SCRIPT_HASHES__"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_BLOCK = re.compile(r"type=[\"']application/(ld\+)?json[\"']", re.I)


def script_hashes(html: str) -> list[str]:
    """CSP source expressions for every inline script that runs (not JSON data blocks)."""
    out = []
    for attrs, body in _INLINE_SCRIPT.findall(html):
        if _DATA_BLOCK.search(attrs):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in out:
            out.append(source)
    return out


def fill(html: str, live_reload: bool = False) -> str:
    """The policy with the page's script hashes. ``live_reload`` (mkdocs serve only): the dev server
    adds an inline script that differs with every request, so it cannot be hashed; inline scripts are
    allowed instead (a policy that lists hashes would make browsers ignore 'unsafe-inline')."""
    if PLACEHOLDER not in html:
        return html
    sources = "'unsafe-inline'" if live_reload else " ".join(script_hashes(html))
    return html.replace(PLACEHOLDER, sources, 1)
