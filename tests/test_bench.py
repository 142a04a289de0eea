"""The synthetic data behind `make bench`, at a small scale: it goes through the real schema and checks."""

from __future__ import annotations

import shutil
import sys

from conftest import FIXTURES, ROOT

sys.path.insert(0, str(ROOT / "tools"))

from synth import synthesise  # noqa: E402

from guide import pages  # noqa: E402


def test_synthetic_data_scales_every_record_kind_and_passes_the_schema(tmp_path):
    base = tmp_path / "base"
    base.mkdir()
    for single in (ROOT / "data").glob("*.yml"):
        shutil.copy2(single, base / single.name)
    shutil.copytree(FIXTURES / "mini", base, dirs_exist_ok=True)
    cat = synthesise(base, tmp_path / "x3", 3)  # raises DataError if anything breaks the schema
    assert len(cat.services) == 3 * 4 and len(cat.documents) == 3 and len(cat.pathways) == 3
    assert "alpha-s2" in cat.services and cat.services["alpha-s2"].related == ["beta-s2"]
    one = len(pages.build(synthesise(base, tmp_path / "x1", 1), "ru"))
    three = len(pages.build(cat, "ru"))
    assert three > 2.5 * one - 40  # hubs, home and indexes do not multiply; records do
