"""Builds that fail safely: mutated data either builds or fails with the clear one-line errors,
never a traceback, and never leaves a half-built site."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import guide
from guide import pages

from conftest import FIXTURES, ROOT, make_project

ODD_TEXT = st.one_of(
    st.text(min_size=0, max_size=40),
    st.sampled_from(["", " ", "\u0000", "\u202e\u200b", "🙂" * 50, "ё" * 10_000, "x" * 30_000, "---",
                     "null", "~", "yes", "2026-02-30", "{{ x }}", "%", "\t", "\r\n"]),
)
ODD_VALUE = st.one_of(ODD_TEXT, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
                      st.lists(ODD_TEXT, max_size=3), st.dictionaries(ODD_TEXT, ODD_TEXT, max_size=2))


def _data_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yml") if "schema" not in p.parts)


def _paths(value, path=()):
    """Every (path, value) inside a YAML document."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, path + (i,))


def _set(doc, path, value):
    if not path:
        return value
    target = doc
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return doc


def _delete(doc, path):
    target = doc
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return doc


@st.composite
def mutation(draw, files):
    """A change to one data file: a value of another type, a key removed or added, or broken text."""
    path = draw(st.sampled_from(files))
    text = path.read_text(encoding="utf-8")
    kind = draw(st.sampled_from(["retype", "delete", "add", "truncate", "garble", "bytes"]))
    if kind in ("retype", "delete", "add"):
        doc = yaml.safe_load(text)
        spots = [p for p, _ in _paths(doc) if p]
        spot = draw(st.sampled_from(spots))
        if kind == "retype":
            doc = _set(doc, spot, draw(ODD_VALUE))
        elif kind == "delete":
            doc = _delete(doc, spot)
        else:
            parent = spot[:-1]
            target = doc
            for part in parent:
                target = target[part]
            if isinstance(target, dict):
                target[draw(ODD_TEXT)] = draw(ODD_VALUE)
            else:
                target.append(draw(ODD_VALUE))
        return path, yaml.safe_dump(doc, allow_unicode=True).encode("utf-8")
    if kind == "truncate":
        return path, text.encode("utf-8")[: draw(st.integers(0, len(text)))]
    if kind == "garble":
        at = draw(st.integers(0, len(text)))
        junk = draw(st.sampled_from([":", ": [", "{", "\t", "- - -", "&a *b", "!!python/object:os.system", "'", "\"", "\ufeff"]))
        return path, (text[:at] + junk + text[at:]).encode("utf-8")
    return path, draw(st.binary(min_size=1, max_size=64))


@settings(max_examples=80, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_data_loads_and_renders_or_fails_with_clear_problems(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("data") / "data"  # the real labels, sections... with the mini records
    root.mkdir()
    for single in (ROOT / "data").glob("*.yml"):
        shutil.copy2(single, root / single.name)
    shutil.copytree(FIXTURES / "mini", root, dirs_exist_ok=True)
    path, content = data.draw(mutation(_data_files(root)))
    path.write_bytes(content)
    try:
        cat = guide.load(root)
    except guide.DataError as exc:
        assert exc.problems, "a failed load must say why"
        for problem in exc.problems:
            assert problem.file.startswith("data/") and problem.message, problem
            assert "Traceback" not in str(problem)
        return
    for lang in guide.LANGUAGES:
        assert pages.build(cat, lang)


@settings(max_examples=5, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(data=st.data())
def test_full_build_with_mutated_data_never_tracebacks_or_leaves_a_partial_site(tmp_path_factory, data):
    project = make_project(tmp_path_factory.mktemp("build") / "proj", FIXTURES / "mini")
    first = project.build()
    assert first.returncode == 0, first.stderr
    before = {p: p.stat().st_mtime_ns for p in project.site.rglob("*") if p.is_file()}
    path, content = data.draw(mutation(_data_files(project.data)))
    path.write_bytes(content)
    result = project.build()
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    leftovers = [p.name for p in project.root.iterdir() if p.name.startswith(".site-")]
    assert leftovers == []
    if result.returncode != 0:
        assert "problem" in output and "data/" in output, output[-2000:]
        after = {p: p.stat().st_mtime_ns for p in project.site.rglob("*") if p.is_file()}
        assert after == before, "a failed build must leave the previous site as it was"
