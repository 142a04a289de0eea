"""For the field: the site opened from a folder without a server; review dates and stale records. (On paper:
test_paper.py.)"""

from __future__ import annotations

import subprocess
import sys

from conftest import FIXTURES, make_project

from htmlsite import pages


def test_offline_copy_works_from_a_folder_with_search_and_no_other_host(tmp_path, browser):
    project = make_project(tmp_path / "offline", FIXTURES / "mini")
    result = project.build("site-offline", GUIDE_DIRECTORY_URLS="false")
    assert result.returncode == 0, result.stderr
    site = project.root / "site-offline"
    assert (site / "index.html").is_file() and (site / "services" / "alpha.html").is_file()
    context = browser.new_context()
    page = context.new_page()
    schemes = set()
    page.on("request", lambda request: schemes.add(request.url.split(":", 1)[0]))
    for prefix, query in (("", "alpha"), ("ru/", "альфа")):
        page.goto((site / prefix / "index.html").as_uri())
        page.locator("article a[href*='topics/']").first.click()
        page.wait_for_load_state()
        assert page.url.startswith("file://") and page.url.endswith(".html"), page.url
        page.fill("#guide-header-q", query)
        page.press("#guide-header-q", "Enter")
        page.wait_for_selector("#guide-search-results li")
        first = page.locator("#guide-search-results a").first
        assert first.get_attribute("href").endswith("services/alpha.html")
        first.click()
        page.wait_for_load_state()
        assert page.url == (site / prefix / "services" / "alpha.html").as_uri()
        assert page.locator("article h1").is_visible()
    assert schemes == {"file"}
    context.close()


def test_every_content_page_shows_when_it_was_last_reviewed(real_site):
    for page in pages(real_site):
        if page.url.startswith(("/pathway-trees/", "/ru/pathway-trees/")):
            continue
        assert page.soup.select_one(".guide-facts time[datetime]"), page.url


def test_build_warns_about_records_not_reviewed_for_a_year_and_report_lists_them(tmp_path):
    project = make_project(tmp_path / "stale", FIXTURES / "mini")
    beta = project.data / "services" / "advice" / "beta.yml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("reviewed: 2026-10-01", "reviewed: 2020-01-01"),
                    encoding="utf-8")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "not reviewed for 365 days" in result.stdout
    assert "data/services/advice/beta.yml: record 'beta' last reviewed 2020-01-01" in result.stdout
    assert "alpha" not in result.stdout.split("not reviewed", 1)[1]
    # what `make report` runs
    report = subprocess.run([sys.executable, "-m", "guide", "report", str(project.data)],
                            cwd=project.root / "hooks", capture_output=True, text=True)
    assert report.returncode == 0
    assert "record 'beta' last reviewed 2020-01-01" in report.stdout, report.stdout + report.stderr


def test_open_data_export_validates_against_its_schema_and_holds_every_service(real_site):
    import json

    import jsonschema

    from test_data import GUIDE_SERVICES

    schema = json.loads((real_site / "open-data" / "services.schema.json").read_text(encoding="utf-8"))
    for lang in ("en", "ru"):
        export = json.loads((real_site / "open-data" / f"services.{lang}.json").read_text(encoding="utf-8"))
        jsonschema.validate(export, schema)
        assert export["language"] == lang
        by_id = {s["x_guide"]["id"]: s for s in export["services"]}
        assert set(by_id) == set(GUIDE_SERVICES.values())
        assert by_id["non-english-999"]["phones"][0]["number"] == "999"
        assert by_id["live-chat"]["schedules"][0] == {**by_id["live-chat"]["schedules"][0],
                                                     "opens_at": "08:00", "closes_at": "19:00"}
        assert by_id["clares-law"]["minimum_age"] == 16
        assert [l["code"] for l in by_id["999-bsl-sign-video"]["languages"]] == ["bfi"]  # not the file's language
    for kind in ("service", "document", "pathway"):
        data_schema = json.loads((real_site / "open-data" / "data-schema" / f"{kind}.schema.json").read_text())
        assert data_schema["$schema"].startswith("https://json-schema.org/")
