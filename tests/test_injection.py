"""Data cannot inject markup: every text field, filled with XSS payloads, builds pages that run none."""

from __future__ import annotations

import itertools
from pathlib import Path

import yaml

from conftest import FIXTURES, make_project
from htmlsite import pages

PAYLOADS = [line for line in (Path(__file__).parent / "xss_payloads.txt").read_text().split("\n") if line.strip()]


def _poison(value, payloads):
    """Replace every per-language string (Text and keyword lists) with the next payload."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ("en", "ru") and isinstance(item, str):
                out[key] = next(payloads) + " " + item
            elif key in ("en", "ru") and isinstance(item, list):
                out[key] = [next(payloads) for _ in item] or item
            else:
                out[key] = _poison(item, payloads)
        return out
    if isinstance(value, list):
        return [_poison(item, payloads) for item in value]
    return value


def test_payloads_in_every_text_field_are_shown_as_text_and_never_run(tmp_path, browser):
    project = make_project(tmp_path / "xss", FIXTURES / "mini")
    payloads = itertools.cycle(PAYLOADS)
    for path in project.data.rglob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        # Labels refuse braces outside their placeholders (test_bad_data), so they get the payloads without.
        source = (p.replace("{", "").replace("}", "") for p in payloads) if path.name == "ui.yml" else payloads
        path.write_text(yaml.safe_dump(_poison(data, source), allow_unicode=True, sort_keys=False), "utf-8")
    result = project.build()
    assert result.returncode == 0, result.stderr

    executed = []
    page = browser.new_page()
    page.on("dialog", lambda dialog: (executed.append(page.url), dialog.dismiss()))
    site_pages = pages(project.site)
    assert len(site_pages) > 60
    for site_page in site_pages:
        page.goto(site_page.path.as_uri())
        assert page.evaluate("() => window.__xss === undefined"), site_page.url
        assert page.locator("body").is_visible(), f"{site_page.url}: a <style> payload hid the page"
    page.close()
    assert executed == []
    # The payloads are visible as text, not swallowed.
    service = (project.site / "services" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in service or "&lt;img" in service or "&lt;svg" in service
