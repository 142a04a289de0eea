"""Translations pinned to their source, the translators' round trip, the term base and change history.

Everything that edits data works on copies (the mini fixture laid over the real single files), never
on data/ itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import xliff as tt

import guide
from guide import changes, opendata, plan, translations
from guide.__main__ import main as guide_main
from guide.translations import fingerprint
from guide.yamledit import LayoutError, RoundTrip

from conftest import FIXTURES, ROOT

DATA = ROOT / "data"
ALPHA = "data/services/domestic-abuse/alpha.yml"  # English source (the Northamptonshire guide)
BETA = "data/services/advice/beta.yml"
MINI_DOC = "data/documents/mini-doc.yml"  # Russian source (the 2020 joint letter)
STAMP_LINE = re.compile(r"^(\s*)(- )?checked: '?[0-9a-f]{8}'?$")
STAMP_IN_FLOW = re.compile(r"checked: '?[0-9a-f]{8}'?, ")
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path) -> Path:
    """A folder with data/: the real single files (labels, sections, terms...) and the mini records."""
    data = tmp_path / "data"
    data.mkdir()
    for path in DATA.glob("*.yml"):
        shutil.copy2(path, data / path.name)
    shutil.copytree(FIXTURES / "mini", data, dirs_exist_ok=True)
    return tmp_path


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def cli(root: Path, *args: str) -> Run:
    """`python -m guide ...` as the Makefile runs it, from the project root (in this process: the
    command line itself is run as a subprocess by test_the_feed_command_writes_the_feed)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = guide_main(list(args))
    return Run(code, out.getvalue(), err.getvalue())


def stamped(root: Path) -> Path:
    result = cli(root, "checked", "--all")
    assert result.returncode == 0, result.stderr
    return root


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in (root / "data").rglob("*.yml")}


def without_stamps(text: str) -> str:
    """The file as it was before stamps were written (stamps go first in their mapping)."""
    out: list[str] = []
    pending_dash: str | None = None
    for line in text.splitlines():
        match = STAMP_LINE.match(line)
        if match:
            if match.group(2):  # "- checked: x" opened a list item: the next line takes the dash
                pending_dash = match.group(1)
            continue
        line = STAMP_IN_FLOW.sub("", line)
        if pending_dash is not None:
            assert line.startswith(pending_dash + "  "), line
            line = pending_dash + "- " + line[len(pending_dash) + 2:]
            pending_dash = None
        out.append(line)
    return "\n".join(out) + "\n"


def edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (old, file)
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(root: Path, file: str, needle: str) -> int:
    lines = (root / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def warning_lines(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if line.startswith("  data/")]


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.splitlines(), after.splitlines()
    assert len(a) == len(b), "lines were added or removed"
    return [(x, y) for x, y in zip(a, b) if x != y]


# ----------------------------------------------------------------------------
# 1. Each record states its source language; fingerprints
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> guide.Catalogue:
    return guide.load(DATA)


def test_each_text_takes_the_source_language_of_its_record(real):
    sources = real.sources
    found = translations.units(real)
    assert found, "the real data has translated texts"
    for unit in found:
        record = {"service": real.services, "document": real.documents}.get(unit.kind, {}).get(unit.record)
        if record is not None:
            assert unit.source == sources[record.source.file].language, unit.uid
        elif unit.kind in {"pathway", "ui", "home", "audiences", "jurisdictions", "organisations"}:
            assert unit.source == "en", unit.uid
        assert unit.target != unit.source
    by_file = {}
    for unit in found:
        by_file.setdefault(unit.file, set()).add(unit.source)
    for doc in real.documents.values():
        assert by_file[real.files[doc.id]] == {sources[doc.source.file].language}, doc.id
    # both directions exist: Russian documents are translated into English
    assert {u.source for u in found} == {"en", "ru"}


def test_the_schema_and_the_open_data_state_the_source_language(real):
    schema = json.loads((DATA / "schema" / "service.schema.json").read_text(encoding="utf-8"))
    text = schema["$defs"]["Text"]
    assert "source language" in text["description"] and "sources.yml" in text["description"]
    assert text["properties"]["checked"]["anyOf"][0]["pattern"] == "^[0-9a-f]{8}$"
    export = opendata.export(real, "ru")
    for svc in export.services:
        record = real.services[svc.x_guide.id]  # svc.id is the HSDS uuid
        assert svc.x_guide.source_language == real.sources[record.source.file].language


def test_a_fingerprint_ignores_line_wrapping_but_not_words():
    text = "Ask the police whether your partner\nhas a history of violence."
    assert fingerprint(text) == fingerprint("Ask the police  whether your partner has a history of violence.\n")
    assert fingerprint(text) != fingerprint(text.replace("violence", "abuse"))
    assert re.fullmatch(r"[0-9a-f]{8}", fingerprint(text))
    assert fingerprint(["a b", "c"]) != fingerprint(["a", "b c"])


# ----------------------------------------------------------------------------
# 1. Stamps: marking checked, stale translations in `make check`
# ----------------------------------------------------------------------------


def test_marking_everything_checked_writes_only_the_stamps(project):
    before = snapshot(project)
    result = cli(project, "checked", "--all")
    assert result.returncode == 0, result.stderr
    after = snapshot(project)
    assert after.keys() == before.keys()
    for name, text in after.items():
        assert without_stamps(text) == without_stamps(before[name]), name
    cat = guide.load(project / "data")
    assert {u.state for u in translations.units(cat)} == {"checked"}
    check = cli(project, "check")
    assert check.returncode == 0 and "WARNING" not in check.stdout, check.stdout


def test_a_file_never_checked_gets_one_line(project):
    result = cli(project, "check")
    assert result.returncode == 0, result.stderr
    lines = [line for line in warning_lines(result.stdout) if line.startswith(ALPHA)]
    assert len(lines) == 1 and "no translation checked yet" in lines[0] and f"make checked FILE={ALPHA}" in lines[0]


def test_an_edited_original_is_listed_until_its_translation_is_checked_again(project):
    stamped(project)
    edit(project, ALPHA, "en: Alpha summary.", "en: Alpha summary now longer.")
    result = cli(project, "check")
    assert result.returncode == 0, result.stderr  # a warning, not an error: the site still builds
    line = line_of(project, ALPHA, "summary:")
    assert warning_lines(result.stdout) == [
        f"{ALPHA}:{line}: record 'alpha': field 'summary.ru': English changed since the Russian was checked"]

    cat = guide.load(project / "data")
    assert [(u.record, u.field, u.target, u.state) for u in translations.stale(cat)] == [
        ("alpha", "summary", "ru", "changed")]
    assert translations.stale_pages(cat, "ru") == {plan.service_uri("alpha"): "changed",
                                                   plan.handout_uri("alpha"): "changed"}
    assert translations.stale_pages(cat, "en") == {}

    before = (project / ALPHA).read_text(encoding="utf-8")
    result = cli(project, "checked", ALPHA, "--field", "summary")
    assert result.returncode == 0, result.stderr
    after = (project / ALPHA).read_text(encoding="utf-8")
    assert len(changed_lines(before, after)) == 1  # the summary's stamp, nothing else
    assert "WARNING" not in cli(project, "check").stdout


def test_a_russian_original_flags_its_english_translation(project):
    stamped(project)
    edit(project, MINI_DOC, "ru: Небольшая тестовая процедура.", "ru: Небольшая учебная процедура.")
    result = cli(project, "check")
    line = line_of(project, MINI_DOC, "summary:")
    assert warning_lines(result.stdout) == [
        f"{MINI_DOC}:{line}: record 'mini-doc': field 'summary.en': Russian changed since the English was checked"]
    cat = guide.load(project / "data")
    assert plan.document_uri("mini-doc") in translations.stale_pages(cat, "en")
    assert translations.stale_pages(cat, "ru") == {}


def test_a_stale_pathway_answer_marks_the_steps_that_show_it(project):
    stamped(project)
    edit(project, "data/pathways/mini-path.yml", "en: Choose one.", "en: Choose the closest one.")
    cat = guide.load(project / "data")
    from guide.pathways import steps

    pathway = cat.pathways["mini-path"]
    expected = {plan.step_uri(s) for s in steps(pathway) if s.node_id == "topic"} | {plan.tree_uri("mini-path")}
    assert len(expected) >= 2
    assert set(translations.stale_pages(cat, "ru")) == expected
    assert all(state == "changed" for state in translations.stale_pages(cat, "ru").values())


def test_reflowing_an_original_is_not_a_change(project):
    stamped(project)
    edit(project, ALPHA, "    Alpha body paragraph.\n", "    Alpha body\n    paragraph.\n")
    assert "WARNING" not in cli(project, "check").stdout


def test_a_new_text_without_a_stamp_is_listed_as_never_checked(project):
    stamped(project)
    edit(project, ALPHA, "  - type: phone\n    number: \"101\"\n",
         "  - type: phone\n    number: \"101\"\n    label: {en: Call us, ru: Позвоните нам}\n")
    result = cli(project, "check")
    line = line_of(project, ALPHA, "Call us")
    assert warning_lines(result.stdout) == [
        f"{ALPHA}:{line}: record 'alpha': field 'channels[0].label.ru': "
        "the Russian was never checked against the English"]


def test_a_new_record_in_a_checked_file_gets_one_line(project):
    stamped(project)
    glossary = project / "data" / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + (
        "- id: sar\n  term: {en: SAR, ru: SAR}\n  expansion: {en: subject access request, ru: запрос субъекта}\n"
        "  definition: {en: A request., ru: Запрос.}\n  match: {en: [SAR], ru: [SAR]}\n"
        "  jurisdiction: uk-northamptonshire\n"
        "  source: {file: 004_4f057458d05a7ef0.txt, pages: \"3\", section: Introduction}\n"), encoding="utf-8")
    result = cli(project, "check")
    line = line_of(project, "data/glossary.yml", "- id: sar")
    assert warning_lines(result.stdout) == [
        f"data/glossary.yml:{line}: record 'sar': no translation checked yet (4 Russian texts); "
        "after review: make checked FILE=data/glossary.yml RECORD=sar"]
    assert cli(project, "checked", "data/glossary.yml", "--record", "sar").returncode == 0
    assert "WARNING" not in cli(project, "check").stdout


def test_strict_check_fails_on_warnings_and_real_errors_still_fail(project):
    stamped(project)
    edit(project, ALPHA, "en: Alpha summary.", "en: Alpha summary now longer.")
    assert cli(project, "check", "--strict").returncode == 2
    text = (project / ALPHA).read_text(encoding="utf-8")
    (project / ALPHA).write_text(re.sub(r"checked: [0-9a-f]{8}", "checked: not-hex", text, count=1), encoding="utf-8")
    result = cli(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{ALPHA}:2: record 'alpha': field 'title.checked': must be a stamp of 8 hex digits" in result.stderr


def test_marking_a_field_that_does_not_exist_is_a_clear_error(project):
    result = cli(project, "checked", ALPHA, "--field", "summmary")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "no translated text matches field 'summmary'" in result.stderr


def test_a_file_whose_layout_would_change_is_left_alone(project):
    edit(project, ALPHA, "eligibility:\n  minimum_age: 16\n  description:", "eligibility:\n    minimum_age: 16\n    description:")
    before = (project / ALPHA).read_bytes()
    guide.load(project / "data")  # still valid data
    result = cli(project, "checked", ALPHA)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "layout would change" in result.stderr
    assert (project / ALPHA).read_bytes() == before


def test_every_real_data_file_round_trips_byte_for_byte():
    """So that `make checked-all` on the real data writes stamps and nothing else."""
    for path in sorted(DATA.rglob("*.yml")):
        if "schema" in path.parts:
            continue
        try:
            RoundTrip(path)
        except LayoutError as exc:
            pytest.fail(f"{path}: {exc}")


# ----------------------------------------------------------------------------
# 2. XLIFF for translators
# ----------------------------------------------------------------------------


def _units(path: Path) -> dict[str, tt.xliffunit]:
    store = tt.xlifffile.parsefile(str(path))
    return {u.getid().split("\x04")[-1]: u for u in store.getunits()}


def test_xliff_round_trip_changes_only_the_edited_field(project):
    stamped(project)
    edit(project, ALPHA, "en: Alpha summary.", "en: Alpha summary now longer.")
    edit(project, ALPHA, "    Alpha body paragraph.\n", "    Alpha body paragraph.\n\n    A second paragraph.\n")
    edit(project, ALPHA, "section: domestic-abuse\n", "# A comment that must survive.\nsection: domestic-abuse\n")
    out = project / "ru.xlf"
    result = cli(project, "xliff-export", "--lang", "ru", str(out))
    assert result.returncode == 0, result.stderr

    root = etree.parse(str(out)).getroot()
    assert root.tag == "{urn:oasis:names:tc:xliff:document:1.2}xliff" and root.get("version") == "1.2"
    files = root.findall("{urn:oasis:names:tc:xliff:document:1.2}file")
    assert {f.get("original") for f in files} >= {ALPHA}
    assert all(f.get("source-language") == "en" and f.get("target-language") == "ru" for f in files)
    units = _units(out)
    assert set(units) >= {f"{ALPHA}#summary", f"{ALPHA}#body"}
    assert all(re.fullmatch(r"data/[\w/.-]+\.yml#[\w.\[\]]+", uid) for uid in units)
    summary = units[f"{ALPHA}#summary"]
    assert summary.source == "Alpha summary now longer." and summary.target == "Краткое описание «Альфы»."
    assert not summary.isapproved()

    # the translator edits the body only
    store = tt.xlifffile.parsefile(str(out))
    for unit in store.getunits():
        if unit.getid().endswith(f"{ALPHA}#body"):
            unit.target = "Текст программы «Альфа».\n\nВторой абзац."
    out.write_bytes(bytes(store))

    before = snapshot(project)
    result = cli(project, "xliff-import", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{ALPHA}: body.ru updated" in result.stdout
    after = snapshot(project)
    assert {name for name in after if after[name] != before[name]} == {ALPHA}
    old, new = before[ALPHA].splitlines(), after[ALPHA].splitlines()
    body = line_of(project, ALPHA, "body:")
    # only the body's stamp and its Russian text changed; the block keeps its literal style
    assert old[:body] == new[:body]
    assert new[body].startswith("  checked: ") and new[body] != old[body]
    ru_at = new.index("  ru: |")
    assert new[ru_at + 1:ru_at + 4] == ["    Текст программы «Альфа».", "", "    Второй абзац."]
    assert old[old.index("  ru: |") + 2:] == new[ru_at + 4:]
    assert "# A comment that must survive." in after[ALPHA]

    cat = guide.load(project / "data")
    stale = {(u.record, u.field) for u in translations.stale(cat, "ru")}
    assert ("alpha", "body") not in stale and ("alpha", "summary") in stale


def test_xliff_import_stamps_a_translation_the_translator_approved_unchanged(project):
    stamped(project)
    edit(project, ALPHA, "en: Alpha summary.", "en: Alpha summary now longer.")
    out = project / "ru.xlf"
    assert cli(project, "xliff-export", "--lang", "ru", str(out)).returncode == 0
    store = tt.xlifffile.parsefile(str(out))
    for unit in store.getunits():
        unit.markapproved(True)
        unit.set_state_n(unit.S_UNREVIEWED)
    out.write_bytes(bytes(store))
    before = (project / ALPHA).read_text(encoding="utf-8")
    result = cli(project, "xliff-import", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{ALPHA}: summary.ru checked" in result.stdout
    diff = changed_lines(before, (project / ALPHA).read_text(encoding="utf-8"))
    assert len(diff) == 1 and "Краткое описание «Альфы»." in diff[0][1]
    assert translations.stale(guide.load(project / "data")) == []


def test_xliff_import_refuses_a_unit_whose_original_changed_since_export(project):
    stamped(project)
    edit(project, ALPHA, "en: Alpha summary.", "en: Alpha summary now longer.")
    out = project / "ru.xlf"
    assert cli(project, "xliff-export", "--lang", "ru", str(out)).returncode == 0
    store = tt.xlifffile.parsefile(str(out))
    for unit in store.getunits():
        unit.target = "Новый текст."
    out.write_bytes(bytes(store))
    edit(project, ALPHA, "en: Alpha summary now longer.", "en: Alpha summary changed again.")
    before = snapshot(project)
    result = cli(project, "xliff-import", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"{ALPHA}: record 'alpha': field 'summary.ru': the English changed after this file was exported"
            in result.stderr)
    assert snapshot(project) == before


def test_xliff_import_of_a_file_that_is_not_xliff_is_a_clear_error(project):
    bad = project / "bad.xlf"
    bad.write_text("this is not XML", encoding="utf-8")
    result = cli(project, "xliff-import", str(bad))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "is not an XLIFF file" in result.stderr


# ----------------------------------------------------------------------------
# 3. Term base
# ----------------------------------------------------------------------------


def test_every_required_rendering_counts_as_a_use_of_its_term(real):
    assert real.terms, "data/terms.yml has terms"
    for term in real.terms:
        for lang in ("en", "ru"):
            rendering = getattr(term, lang)
            assert translations.uses(rendering, rendering.term), (term.id, lang)


def test_a_planted_wrong_rendering_is_flagged_and_an_inflected_right_one_is_not(project):
    stamped(project)
    text = (project / ALPHA).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^summary: \{.*\}", "summary: {en: Ask your parish council., ru: Спросите совет прихода.}", text)
    (project / ALPHA).write_text(text, encoding="utf-8")
    cli(project, "checked", ALPHA, "--field", "summary")  # the stamp is not what is tested here
    result = cli(project, "check")
    line = line_of(project, ALPHA, "summary:")
    term = next(t for t in guide.load(project / "data").terms if t.id == "parish-council")
    assert warning_lines(result.stdout) == [
        f"{ALPHA}:{line}: record 'alpha': field 'summary.ru': the English uses the term 'parish council' "
        f"but the Russian does not render it as '{term.ru.term}' (data/terms.yml: parish-council)"]
    assert result.returncode == 0
    edit(project, ALPHA, "Спросите совет прихода.", "Спросите у вашего совета поселения.")
    cli(project, "checked", ALPHA, "--field", "summary")
    assert "WARNING" not in cli(project, "check").stdout


def test_a_russian_term_needs_its_english_rendering(project):
    stamped(project)
    text = (project / MINI_DOC).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^summary: \{.*\}", "summary: {en: Tell the police., ru: Сообщите в ПДН.}", text)
    (project / MINI_DOC).write_text(text, encoding="utf-8")
    cli(project, "checked", MINI_DOC, "--field", "summary")
    cat = guide.load(project / "data")
    assert [(u.record, u.field, t.id) for u, t in translations.term_problems(cat)] == [("mini-doc", "summary", "pdn")]
    edit(project, MINI_DOC, "Tell the police.", "Tell the juvenile affairs unit (ПДН).")
    assert translations.term_problems(guide.load(project / "data")) == []


def test_a_malformed_term_pattern_is_an_error(project):
    (project / "data" / "terms.yml").write_text(
        "- id: bad\n  language: en\n  en: {term: parish council, forms: ['par*ish council']}\n"
        "  ru: {term: приходской совет}\n", encoding="utf-8")
    result = cli(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("data/terms.yml:3: record 'bad': field '[0].en.forms[0]': must be words separated by single spaces, "
            "* only at the end of a word") in result.stderr


# ----------------------------------------------------------------------------
# 4. Change history
# ----------------------------------------------------------------------------

CHANGES = """changes:
  - date: 2026-11-20
    note:
      en: The age limit was corrected.
      ru: Исправлен возрастной порог.
  - date: 2026-10-01
    note: {en: First published., ru: Первая публикация.}
"""


def _plant_changes(project: Path) -> None:
    with (project / ALPHA).open("a", encoding="utf-8") as f:
        f.write(CHANGES)
    with (project / MINI_DOC).open("a", encoding="utf-8") as f:
        f.write("changes:\n  - date: 2026-11-25\n    note: {en: A clause was added., ru: Добавлен пункт.}\n")


def test_recent_changes_list_notes_newest_first_with_their_pages(project):
    _plant_changes(project)
    cat = guide.load(project / "data")
    en = changes.recent(cat, "en")
    ru = changes.recent(cat, "ru")
    assert [(e.date.isoformat(), e.record, e.note) for e in en] == [
        ("2026-11-25", "mini-doc", "A clause was added."),
        ("2026-11-20", "alpha", "The age limit was corrected."),
        ("2026-10-01", "alpha", "First published."),
    ]
    assert [e.note for e in ru] == ["Добавлен пункт.", "Исправлен возрастной порог.", "Первая публикация."]
    assert (en[1].title, ru[1].title) == ("Alpha scheme", "Программа «Альфа»")
    assert (en[1].uri, en[1].url) == (plan.service_uri("alpha"), "services/alpha/")
    assert en[0].uri == plan.document_uri("mini-doc")
    assert changes.last_updated(cat.services["alpha"]) == dt.date(2026, 11, 20)
    # a review with no change is not news
    assert changes.last_updated(cat.services["beta"]) is None
    assert "beta" not in {e.record for e in en}


@pytest.mark.parametrize("notes, words", [
    ("  - date: 2026-10-01\n    note: {en: a, ru: б}\n  - date: 2026-11-01\n    note: {en: c, ru: в}\n",
     "must be listed newest first"),
    (f"  - date: {(dt.date.today() + dt.timedelta(days=2)).isoformat()}\n    note: {{en: a, ru: б}}\n",
     "is in the future"),
])
def test_change_notes_are_dated_in_the_past_and_newest_first(project, notes, words):
    with (project / ALPHA).open("a", encoding="utf-8") as f:
        f.write("changes:\n" + notes)
    with pytest.raises(guide.DataError) as caught:
        guide.load(project / "data")
    [problem] = caught.value.problems
    assert problem.file == ALPHA and problem.record == "alpha" and problem.field.startswith("changes")
    assert words in problem.message and problem.line is not None


def _check_atom(xml: bytes, lang: str) -> etree._Element:
    """The feed against RFC 4287's required elements."""
    feed = etree.fromstring(xml)
    assert feed.tag == f"{ATOM}feed" and feed.get(XML_LANG) == lang

    def one(parent, name):
        found = parent.findall(f"{ATOM}{name}")
        assert len(found) == 1, (name, len(found))
        return found[0]

    def date(node):
        return dt.datetime.fromisoformat(node.text)

    assert uuid.UUID(one(feed, "id").text.removeprefix("urn:uuid:"))
    assert one(feed, "title").text.strip()
    assert date(one(feed, "updated")).tzinfo is not None
    assert one(one(feed, "author"), "name").text.strip()  # feed-level author covers every entry
    assert [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        ids.append(one(entry, "id").text)
        assert ids[-1].startswith("urn:uuid:") and uuid.UUID(ids[-1].removeprefix("urn:uuid:"))
        assert one(entry, "title").text.strip()
        assert date(one(entry, "updated")).tzinfo is not None
        links = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        assert links and links[0].get("href")
        assert one(entry, "summary").text.strip()
    assert len(ids) == len(set(ids))
    return feed


def test_the_atom_feed_is_valid_and_shows_a_planted_change_in_both_languages(project, monkeypatch):
    _plant_changes(project)
    monkeypatch.delenv(changes.SITE_URL_ENV, raising=False)
    cat = guide.load(project / "data")
    feeds = {lang: _check_atom(changes.atom(cat, lang), lang) for lang in ("en", "ru")}
    for lang, note, title in (("en", "The age limit was corrected.", "Alpha scheme"),
                              ("ru", "Исправлен возрастной порог.", "Программа «Альфа»")):
        entries = feeds[lang].findall(f"{ATOM}entry")
        assert len(entries) == 3
        alpha = next(e for e in entries if e.findtext(f"{ATOM}summary") == note)
        assert alpha.findtext(f"{ATOM}title") == title
        assert alpha.find(f"{ATOM}link").get("href") == "services/alpha/"  # relative: no site address known
        assert feeds[lang].findtext(f"{ATOM}updated").startswith("2026-11-25")
    en_ids = {e.findtext(f"{ATOM}id") for e in feeds["en"].findall(f"{ATOM}entry")}
    ru_ids = {e.findtext(f"{ATOM}id") for e in feeds["ru"].findall(f"{ATOM}entry")}
    assert not en_ids & ru_ids

    monkeypatch.setenv(changes.SITE_URL_ENV, "https://guide.example/")
    ru = _check_atom(changes.atom(cat, "ru"), "ru")
    hrefs = {e.find(f"{ATOM}link").get("href") for e in ru.findall(f"{ATOM}entry")}
    assert hrefs == {"https://guide.example/ru/services/alpha/", "https://guide.example/ru/documents/mini-doc/"}
    self_link = next(link for link in ru.findall(f"{ATOM}link") if link.get("rel") == "self")
    assert self_link.get("href") == "https://guide.example/ru/" + plan.feed_path()
    # ids do not depend on where the site is hosted
    assert {e.findtext(f"{ATOM}id") for e in ru.findall(f"{ATOM}entry")} == ru_ids


def test_the_feed_command_writes_the_feed(project):
    _plant_changes(project)
    result = subprocess.run([sys.executable, "-m", "guide", "feed", "--lang", "ru"], cwd=project,
                            capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT / "hooks")})
    assert result.returncode == 0, result.stderr
    _check_atom(result.stdout, "ru")
