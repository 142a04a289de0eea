"""Content that stays true: change notes written by the round-trip editor, shown on record pages, on the
"What's new" page and in the Atom feeds; pages whose translation is stale or unchecked say so.

Everything that edits data works on throwaway copies, never on data/ itself.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

import guide
from guide import changes, plan
from guide.yamledit import RoundTrip

from conftest import FIXTURES, ROOT, make_project
from htmlsite import SitePage

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ALPHA = "data/services/domestic-abuse/alpha.yml"  # mini fixture, English source


# ----------------------------------------------------------------------------
# Writing change notes
# ----------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path) -> Path:
    """A folder with data/: the real single files (labels, sections, terms...) and the mini records."""
    data = tmp_path / "data"
    data.mkdir()
    for path in (ROOT / "data").glob("*.yml"):
        shutil.copy2(path, data / path.name)
    shutil.copytree(FIXTURES / "mini", data, dirs_exist_ok=True)
    return tmp_path


def test_a_change_note_is_added_first_and_nothing_else_in_the_file_moves(project):
    path = project / ALPHA
    before = path.read_text(encoding="utf-8")
    long_en, long_ru = "The age limit was corrected to sixteen. " * 6, "Исправлен возрастной порог. " * 8

    doc = RoundTrip(path)
    doc.add_change(dt.date(2026, 10, 1), "First published.", "Первая публикация.")
    doc.save()
    doc = RoundTrip(path)  # what was written reads back as it is (the editor refuses a layout it would change)
    doc.add_change(dt.date(2026, 11, 1), long_en, long_ru)
    doc.add_change(dt.date(2026, 11, 1), "Same day, later.", "Тот же день, позже.")
    doc.save()
    after = path.read_text(encoding="utf-8")

    kept, added = after.split("\nchanges:\n")
    assert kept + "\n" == before, "every line of the record is unchanged"
    assert not re.search(r"[&*]id\d", added), "no YAML anchors or aliases (the loader refuses them)"
    assert max(len(line) for line in added.splitlines()) <= 110, "long notes are folded like the other prose"
    record = guide.load(project / "data").services["alpha"]
    assert [(c.date.isoformat(), c.note.en) for c in record.changes] == [
        ("2026-11-01", "Same day, later."), ("2026-11-01", " ".join(long_en.split())),
        ("2026-10-01", "First published.")]
    assert record.changes[1].note.ru == " ".join(long_ru.split())


# ----------------------------------------------------------------------------
# Readers see what changed: record pages, "What's new", the feeds
# ----------------------------------------------------------------------------

SITE_URL = "https://guide.example.org/"
PLANTED = {  # file -> the notes appended to it, newest first (same-day notes keep their order)
    ALPHA: [("2026-11-20", "The age limit was corrected.", "Исправлен возрастной порог."),
            ("2026-11-20", "The phone line was added.", "Добавлена телефонная линия."),
            ("2026-10-01", "First published.", "Первая публикация.")],
    "data/documents/mini-doc.yml": [("2026-11-25", "A clause was added.", "Добавлен пункт.")],
    "data/pathways/mini-path.yml": [("2026-11-22", "A new answer about teams.", "Новый ответ о командах.")],
}
NEWEST_FIRST = ["A clause was added.", "A new answer about teams.", "The age limit was corrected.",
                "The phone line was added.", "First published."]


def _plant(root: Path) -> None:
    for file, notes in PLANTED.items():
        with (root / file).open("a", encoding="utf-8") as f:
            f.write("changes:\n" + "".join(f"  - date: {d}\n    note: {{en: {en}, ru: {ru}}}\n" for d, en, ru in notes))


@pytest.fixture(scope="module")
def planted_site(tmp_path_factory) -> Path:
    """The mini project with change notes planted in a service, a document and a pathway, built as deployed."""
    project = make_project(tmp_path_factory.mktemp("history") / "proj", FIXTURES / "mini")
    _plant(project.root)
    result = project.build(GUIDE_SITE_URL=SITE_URL)
    assert result.returncode == 0, result.stderr
    return project.site


@pytest.fixture(scope="module")
def ui() -> dict:
    cat = guide.load(ROOT / "data")
    return {name: getattr(cat.ui, name) for name in type(cat.ui).model_fields}


def _page(site: Path, url: str) -> SitePage:
    return SitePage(site, site / url.strip("/") / "index.html")


def _words(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_whats_new_lists_a_planted_change_newest_first_and_links_its_page(planted_site, ui, lang):
    root = "/" if lang == "en" else "/ru/"
    page = _page(planted_site, root + plan.url_of(plan.whats_new_uri()))
    column = 0 if lang == "en" else 1
    notes = {en: (en, ru)[column] for d, en, ru in [n for ns in PLANTED.values() for n in ns]}
    body = page.soup.select_one("article")
    assert page.soup.find("h1").get_text(strip=True) == getattr(ui["whats_new_title"], lang)
    text = _words(body)
    positions = [text.find(notes[en]) for en in NEWEST_FIRST]
    assert -1 not in positions and positions == sorted(positions), text
    # each note sits under a link to its record's page, which exists, in the same language
    item = next(li for li in body.select("ul.guide-updates > li") if notes["The age limit was corrected."] in _words(li))
    target = page.resolve(item.find("a")["href"])
    assert target == root + "services/alpha/" and (planted_site / target.strip("/") / "index.html").is_file()
    assert notes["The phone line was added."] in _words(item), "a record's notes of one day are listed together"
    # found from the home page and from the navigation
    home = _page(planted_site, root)
    assert page.url in home.links("article a[href]") and page.url in home.links("nav a[href]")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_record_page_shows_when_it_was_last_updated_and_its_notes(planted_site, ui, lang):
    root = "/" if lang == "en" else "/ru/"
    alpha = _page(planted_site, root + "services/alpha/").soup.select_one(".guide-history")
    assert alpha is not None
    updated = alpha.select_one(".guide-history__updated")
    assert getattr(ui["last_updated"], lang) in updated.get_text() and updated.time["datetime"] == "2026-11-20"
    notes = [_words(li) for li in alpha.select("li")]
    column = 1 if lang == "en" else 2
    assert [n.split(": ", 1)[1] for n in notes] == [x[column] for x in PLANTED[ALPHA]]
    # the review date stays in the facts box, apart from the change history
    assert _page(planted_site, root + "services/alpha/").soup.select_one(".guide-facts time")["datetime"] == "2026-11-01"
    # a record without notes has no history; a pathway shows it on its first question only
    assert _page(planted_site, root + "services/beta/").soup.select_one(".guide-history") is None
    assert _page(planted_site, root + "documents/mini-doc/").soup.select_one(".guide-history") is not None
    assert _page(planted_site, root + "pathways/mini-path/").soup.select_one(".guide-history") is not None
    assert _page(planted_site, root + "pathways/mini-path/topic/").soup.select_one(".guide-history") is None


def _atom_schema() -> etree.RelaxNG:
    import rnc2rng

    # rnc2rng declares the RFC's `local` prefix for the empty namespace, which XML forbids; it uses ns="" itself
    rng = rnc2rng.dumps(rnc2rng.load(str(ROOT / "tests" / "atom" / "atom.rnc"))).replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(rng.encode("utf-8")))


def test_the_atom_schema_rejects_a_broken_feed():
    schema = _atom_schema()
    assert not schema.validate(etree.fromstring(b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_built_feed_validates_as_atom_and_lists_the_change(planted_site, ui, lang):
    root = "" if lang == "en" else "ru/"
    feed_file = planted_site / root / plan.feed_path()
    feed = etree.parse(str(feed_file))
    schema = _atom_schema()
    assert schema.validate(feed), schema.error_log
    top = feed.getroot()
    assert top.get(XML_LANG) == lang and top.findtext(f"{ATOM}title") == getattr(ui["feed_title"], lang)
    assert top.findtext(f"{ATOM}updated").startswith("2026-11-25")
    column = 1 if lang == "en" else 2
    entries = {e.findtext(f"{ATOM}summary"): e for e in top.findall(f"{ATOM}entry")}
    assert len(entries) == 5
    alpha = entries[PLANTED[ALPHA][0][column]]
    assert alpha.find(f"{ATOM}link").get("href") == SITE_URL + root + "services/alpha/"  # absolute: GUIDE_SITE_URL
    self_link = next(link for link in top.findall(f"{ATOM}link") if link.get("rel") == "self")
    assert self_link.get("href") == SITE_URL + root + plan.feed_path()
    # every page's head, and the What's new page's body, point to this language's feed
    for url in ("/" + root, "/" + root + "services/alpha/", "/" + root + plan.url_of(plan.whats_new_uri())):
        page = _page(planted_site, url)
        head = page.soup.head.find("link", rel="alternate", type="application/atom+xml")
        assert page.resolve(head["href"]) == "/" + root + plan.feed_path(), url
    whats_new = _page(planted_site, "/" + root + plan.url_of(plan.whats_new_uri()))
    assert whats_new.resolve(whats_new.soup.select_one("article a.guide-feed")["href"]) == "/" + root + plan.feed_path()


# ----------------------------------------------------------------------------
# Stale and unchecked translations say so
# ----------------------------------------------------------------------------


def _noticed(site: Path) -> dict[str, str]:
    """Page URL -> the translation notice it shows ("changed" or "never")."""
    out = {}
    for path in sorted(site.rglob("index.html")):
        found = re.search(r'class="guide-translation"[^>]*data-translation="(\w+)"',
                          path.read_text(encoding="utf-8"))
        if found:
            out[SitePage(site, path).url] = found.group(1)
    return out


def test_a_stale_translation_shows_the_notice_on_exactly_the_pages_built_from_its_record(tmp_path, ui):
    project = make_project(tmp_path / "proj")  # the real data, every translation stamped as the lead will
    stamp = subprocess.run([sys.executable, "-m", "guide", "checked", "--all"], cwd=project.root,
                           capture_output=True, text=True, env={"PYTHONPATH": str(project.root / "hooks"),
                                                                 "PATH": "/usr/bin:/bin"})
    assert stamp.returncode == 0, stamp.stderr
    path = project.root / "data/services/advice/fraud.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count("Action Fraud is") >= 1
    path.write_text(text.replace("Action Fraud is", "Action Fraud, the national centre, is", 1), encoding="utf-8")
    result = project.build(GUIDE_SITE_URL="")
    assert result.returncode == 0, result.stderr

    noticed = _noticed(project.site)
    assert noticed == {"/ru/services/fraud/": "changed", "/ru/services/fraud/handout/": "changed"}
    page = _page(project.site, "/ru/services/fraud/").soup.select_one(".guide-translation")
    assert _words(page) == " ".join(ui["translation_stale"].ru.split())


def test_a_translation_never_checked_says_so_in_the_readers_language(planted_site, ui):
    noticed = _noticed(planted_site)  # nothing in the mini project is stamped
    assert noticed["/ru/services/alpha/"] == "never" and "/services/alpha/" not in noticed  # English original
    assert noticed["/documents/mini-doc/"] == "never" and "/ru/documents/mini-doc/" not in noticed  # Russian original
    english = _page(planted_site, "/documents/mini-doc/").soup.select_one(".guide-translation")
    assert _words(english) == " ".join(ui["translation_unchecked"].en.split())


# ----------------------------------------------------------------------------
# Hand-written pages follow the data
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "docs").glob("*.md")))
def test_hand_written_pages_name_no_source_file_and_no_church_parish(page):
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", text), "readers see documents by title, never a file name"
    if page.endswith(".ru.md"):  # parish: «поселение», as data/terms.yml renders it (never a church parish)
        assert not re.search(r"(?<!церковный )\bприход|приходск", text, re.IGNORECASE)
