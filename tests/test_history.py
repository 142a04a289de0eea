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
