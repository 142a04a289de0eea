"""Work for translators: XLIFF 1.2 out of the data files, and back in.

:func:`export` writes the translations into one language that need work (never checked, or whose
original changed since) as XLIFF 1.2 for Weblate, Poedit or OmegaT: one ``<file>`` per data file, one
``<trans-unit>`` per text, with the current original as source, the current translation as target
(state ``needs-review-translation``) and the stable id ``data/<file>.yml#<field path>``.

:func:`import_file` puts an edited file back: a target that differs from the data replaces it and is
stamped as checked; an unchanged target that the translator marked translated or approved is only
stamped; anything else is left alone. Only those values change in the YAML (see yamledit), and the
data are validated again before the run counts: on any error every file is put back as it was.
translate-toolkit reads and writes the XLIFF; no XML is written by hand here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from translate.storage import xliff as tt

from .errors import DataError, Problem
from .loader import Catalogue, load
from .model import LANGUAGES
from .translations import (CHANGED, CHECKED, LANGUAGE_NAMES, NEVER, Unit, fingerprint, normalise, other,
                           units, uses)

NS_12 = "urn:oasis:names:tc:xliff:document:1.2"


class _Unit12(tt.xliffunit):
    namespace = NS_12


class _File12(tt.xlifffile):
    """translate-toolkit's XLIFF store, declared as version 1.2 (its default skeleton says 1.1)."""

    UnitClass = _Unit12
    namespace = NS_12
    XMLskeleton = tt.xlifffile.XMLskeleton.replace("version='1.1'", "version='1.2'").replace(
        "document:1.1", "document:1.2")


LIST_NOTE = "One item per line; these are separate short entries, not one sentence."


def _state_note(unit: Unit) -> str:
    source, target = LANGUAGE_NAMES[unit.source], LANGUAGE_NAMES[unit.target]
    if unit.state == CHANGED:
        return f"{source} changed since the {target} was checked."
    if unit.state == NEVER:
        return f"The {target} has never been checked against the {source}."
    return f"The {target} was checked against this {source}."


def export(cat: Catalogue, lang: str, everything: bool = False) -> tuple[bytes, int]:
    """XLIFF 1.2 of the translations into ``lang`` that need work (all of them with ``everything``).
    Returns (file contents, number of units)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    chosen = [u for u in units(cat) if u.target == lang and (everything or u.state != CHECKED)]
    store = _File12(sourcelanguage=other(lang), targetlanguage=lang)
    for unit in chosen:
        original, translation = unit.original, unit.translation
        xu = store.addsourceunit("\n".join(original) if unit.is_list else original, filename=unit.file,
                                 createifmissing=True)
        xu.setid(unit.uid)
        xu.target = "\n".join(translation) if unit.is_list else translation
        xu.set_state_n(xu.S_UNREVIEWED if unit.state == CHECKED else xu.S_NEEDS_REVIEW)
        xu.addnote(_state_note(unit), origin="developer")
        xu.addnote(f"{unit.file}, record '{unit.record}', field '{unit.field}.{unit.target}'", origin="developer")
        if unit.is_list:
            xu.addnote(LIST_NOTE, origin="developer")
        for term in cat.terms:
            if term.language == unit.source and not unit.is_list and uses(getattr(term, unit.source), original):
                xu.addnote(f"Term: {getattr(term, unit.source).term} = {getattr(term, lang).term}",
                           origin="developer")
    return bytes(store), len(chosen)


@dataclass(frozen=True)
class Action:
    file: str
    field: str
    what: str  # "updated" (new text, stamped) or "checked" (stamp only)

    def __str__(self) -> str:
        return f"{self.file}: {self.field} {self.what}"


def import_file(data_root: Path, content: bytes, name: str = "XLIFF file",
                reformat: bool = False) -> tuple[list[Action], list[Problem]]:
    """Apply an edited XLIFF file to the data under ``data_root``. Returns (actions, problems);
    with problems in the data afterwards nothing is changed."""
    from .yamledit import LayoutError, RoundTrip

    data_root = Path(data_root)
    try:
        cat = load(data_root)
    except DataError as exc:
        return [], [*exc.problems]
    try:
        store = _File12.parsestring(content)
    except Exception as exc:  # lxml and translate-toolkit raise many kinds; all mean "not XLIFF"
        return [], [Problem(name, None, None, None, f"is not an XLIFF file: {' '.join(str(exc).split())}")]

    known = {u.uid: u for u in units(cat)}
    base = data_root.parent
    docs: dict[str, RoundTrip] = {}
    actions: list[Action] = []
    problems: list[Problem] = []
    for xu in store.getunits():
        if xu.isheader():
            continue
        uid = xu.getid().split("\x04")[-1]
        unit = known.get(uid)
        if unit is None:
            problems.append(Problem(name, None, None, uid, "no such text in data/ (was the record or field renamed?)"))
            continue
        here = Problem(unit.file, None, unit.record, f"{unit.field}.{unit.target}", "")
        if unit.target != (store.gettargetlanguage() or unit.target):
            problems.append(_with(here, f"the file is a translation into {store.gettargetlanguage()}, "
                                        f"but this text is translated into {unit.target}"))
            continue
        source = xu.source or ""
        exported = [line.strip() for line in source.splitlines() if line.strip()] if unit.is_list else source
        if fingerprint(exported) != unit.fingerprint:
            problems.append(_with(here, f"the {LANGUAGE_NAMES[unit.source]} changed after this file was "
                                        "exported: export again and translate the new text"))
            continue
        target = xu.target or ""
        if not target.strip():
            if unit.translation:  # an empty list of keywords may stay empty; a text may not
                problems.append(_with(here, "has no translation: left as it was"))
            continue
        new = [line.strip() for line in target.splitlines() if line.strip()] if unit.is_list else target.strip()
        changed = not _same(new, unit.translation)
        confirmed = xu.get_state_n() >= xu.S_UNREVIEWED
        if not changed and not confirmed:
            continue
        if unit.file not in docs:
            try:
                docs[unit.file] = RoundTrip(base / unit.file, reformat=reformat)
            except LayoutError as exc:
                problems.append(Problem(unit.file, None, None, None, str(exc)))
                continue
        doc = docs[unit.file]
        if changed:
            doc.set_text(unit.loc, unit.target, new)
        doc.set_stamp(unit.loc, unit.fingerprint)
        actions.append(Action(unit.file, f"{unit.field}.{unit.target}", "updated" if changed else "checked"))

    before = {file: doc.original for file, doc in docs.items()}
    for doc in docs.values():
        doc.save()
    try:
        load(data_root)
    except DataError as exc:  # e.g. a translation too long: put every file back
        for file, text in before.items():
            (base / file).write_text(text, encoding="utf-8")
        return [], problems + [*exc.problems]
    return actions, problems


def _same(a: str | list[str], b: str | list[str]) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return [normalise(x) for x in a] == [normalise(x) for x in b]
    return a.strip() == b.strip()


def _with(problem: Problem, message: str) -> Problem:
    return Problem(problem.file, problem.line, problem.record, problem.field, message)
