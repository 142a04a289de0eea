"""Bad data: one clear message per problem, non-zero exit, no traceback, old site kept."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import guide
from guide.errors import dotted

from conftest import FIXTURES, ROOT

BAD = FIXTURES / "bad"
GAMMA = "services/advice/gamma.yml"
BAD_DOC = "documents/bad-doc.yml"
BAD_PATH = "pathways/bad-path.yml"

# (fixture file, where it goes in data/, expected problems as
#  (file, line, record, field, words the message must contain), why it must fail)
CASES = [
    ("yaml-syntax.yml", GAMMA,
     [("data/" + GAMMA, 4, None, None, "YAML syntax error")],
     "an indented key that breaks the mapping"),
    ("missing-translation.yml", GAMMA,
     [("data/" + GAMMA, 3, "gamma", "summary.ru", "missing translation (ru)")],
     "every text needs both languages"),
    ("unknown-field.yml", GAMMA,
     [("data/" + GAMMA, 8, "gamma", "keywrds", "unknown field 'keywrds' (did you mean 'keywords'?)")],
     "a misspelled field must not be silently ignored"),
    ("wrong-type.yml", GAMMA,
     [("data/" + GAMMA, 9, "gamma", "eligibility.minimum_age", "valid integer")],
     "an age must be a number"),
    ("duplicate-id.yml", "services/safety/alpha.yml",
     [("data/services/safety/alpha.yml", 1, "alpha", "id",
       "duplicate id: also used by data/services/domestic-abuse/alpha.yml")],
     "ids are URLs and must be unique"),
    ("reserved-id.yml", "services/safety/page-2.yml",
     [("data/services/safety/page-2.yml", 1, "page-2", "id", "kept for the pages of long lists")],
     "services/page-2/ is the second page of the A to Z"),
    ("unknown-related.yml", GAMMA,
     [("data/" + GAMMA, 8, "gamma", "related[1]", "related record 'no-such-record' does not exist")],
     "a related link to nothing would be a broken link"),
    ("bad-date.yml", GAMMA,
     [("data/" + GAMMA, 10, "gamma", "reviewed", "not a valid date (write YYYY-MM-DD), got '2026-02-30'")],
     "30 February does not exist"),
    ("unknown-channel.yml", GAMMA,
     [("data/" + GAMMA, 9, "gamma", "channels[0]", "unknown channel type 'fax'")],
     "channel types are a closed list"),
    ("duplicate-key.yml", GAMMA,
     [("data/" + GAMMA, 8, "gamma", "title", "key 'title' appears twice")],
     "YAML would silently keep the last one"),
    ("wrong-folder.yml", "services/safety/gamma.yml",
     [("data/services/safety/gamma.yml", 5, "gamma", "section", "file is in folder 'safety'")],
     "the folder says the section"),
    ("bad-email.yml", GAMMA,
     [("data/" + GAMMA, 10, "gamma", "channels[0].address", "must be an email address, got 'not-an-email'")],
     "an address nobody can write to"),
    ("bad-url-organisations.yml", "organisations.yml",
     [("data/organisations.yml", 3, "northants-police", "[0].url", "must be a full https:// address")],
     "links must be https"),
    ("doc-unknown-role.yml", BAD_DOC,
     [("data/" + BAD_DOC, 18, "bad-doc", "flows[0].receiver", "unknown role 'police'")],
     "an information flow must name roles the document defines"),
    ("doc-bad-timing.yml", BAD_DOC,
     [("data/" + BAD_DOC, 20, "bad-doc", "flows[0].timing", "'immediately'")],
     "how soon is a closed list, so the matrix can group it"),
    ("doc-duplicate-section.yml", BAD_DOC,
     [("data/" + BAD_DOC, 11, "bad-doc", "sections[1].id", "duplicate section id 'one'")],
     "section ids are page anchors"),
    ("doc-unknown-period.yml", BAD_DOC,
     [("data/" + BAD_DOC, 17, "bad-doc", "roles[0].duties[0].period", "unknown period 'summer'")],
     "a duty's period must be one the document defines"),
    ("doc-missing-translation.yml", BAD_DOC,
     [("data/" + BAD_DOC, 2, "bad-doc", "title.ru", "missing translation (ru)")],
     "documents need both languages too"),
    ("path-cycle.yml", BAD_PATH,
     [("data/" + BAD_PATH, 10, "bad-path", "nodes[0].id", "cycle: q1 -> q2 -> q1")],
     "a pathway that loops never ends"),
    ("path-missing-node.yml", BAD_PATH,
     [("data/" + BAD_PATH, 22, "bad-path", "nodes[1].options[0].next", "leads to node 'nowhere', which does not exist")],
     "every answer must lead somewhere"),
    ("path-unreachable.yml", BAD_PATH,
     [("data/" + BAD_PATH, 34, "bad-path", "nodes[4].id", "node 'orphan' cannot be reached from the start")],
     "content nobody can reach is content nobody checks"),
    ("path-harm-not-first.yml", BAD_PATH,
     [("data/" + BAD_PATH, 7, "bad-path", "start", "must start by asking about immediate danger")],
     "a pathway about harm must never delay someone in danger"),
    ("path-too-deep.yml", BAD_PATH,
     [("data/" + BAD_PATH, 7, "bad-path", "start", "a path asks 6 questions; at most 5 allowed")],
     "no path may ask more than five questions"),
    ("path-unknown-service.yml", BAD_PATH,
     [("data/" + BAD_PATH, 33, "bad-path", "nodes[3].services[0]", "service 'no-such-service' does not exist")],
     "an outcome must link pages that exist"),
    ("search-unknown-pathway.yml", "search.yml",
     [("data/search.yml", 6, "nothing_found", "nothing_found.pathway", "pathway 'no-such-pathway' does not exist")],
     "the search page must not offer a link to nothing when nothing is found"),
    ("search-word-twice.yml", "search.yml",
     [("data/search.yml", 4, "#2", "synonyms[1].en[1]", "'Scam' is already in group #1")],
     "a word in two synonym groups would make both groups one"),
    ("two-problems.yml", GAMMA,
     [("data/" + GAMMA, 4, "gamma", "body.ru", "missing translation (ru)"),
      ("data/" + GAMMA, 10, "gamma", "reviewed", "not a valid date")],
     "every problem is reported, not just the first"),
    ("yaml-anchors.yml", GAMMA,
     [("data/" + GAMMA, 2, None, None, "YAML anchors and aliases (&name, *name) are not allowed")],
     "an alias repeats a value the reader cannot see where it is used; data files have no need of them"),
    ("yaml-bomb.yml", GAMMA,
     [("data/" + GAMMA, 1, None, None, "YAML anchors and aliases (&name, *name) are not allowed")],
     "a 414-byte 'billion laughs' expands to 10^9 strings: refused before anything is built"),
    ("yaml-tag.yml", GAMMA,
     [("data/" + GAMMA, 4, None, None, "YAML tags (!!python/object:os.system) are not allowed")],
     "tags ask for Python objects or types; data is plain values (both tags: one message)"),
    ("yaml-deep.yml", GAMMA,
     [("data/" + GAMMA, 2, None, None, "nested more than 32 levels deep")],
     "a list nested 1,000 deep used to end in a RecursionError traceback"),
]


@pytest.fixture
def mini(site_factory):
    return site_factory()


# ----------------------------------------------------------------------------
# Invalid values: one edit to a valid mini record, one clear message
# ----------------------------------------------------------------------------

ALPHA = "services/domestic-abuse/alpha.yml"
BETA = "services/advice/beta.yml"
DOC = "documents/mini-doc.yml"
PATH = "pathways/mini-path.yml"
ORGS = "organisations.yml"
UI = "ui.yml"
TOMORROW = dt.date.today() + dt.timedelta(days=1)
SAME_AS_EN = object()  # the value: the English of the same text


# (data file, field path, invalid value, words the message must contain, why it must fail); the problem is
# reported at that field or inside it, unless FIELD_OF says where
INVALID_VALUES = [
    # Typed values have their real shape, so they can never carry markup.
    (ALPHA, ("channels", 1, "address"), "<script>@example.org", "must be an email address", "markup"),
    (ALPHA, ("channels", 1, "address"), "someone@example.org<b>", "must be an email address", "markup after the host"),
    (ALPHA, ("channels", 1, "address"), '"someone"@example.org', "must be an email address", "quotes"),
    (ALPHA, ("channels", 1, "address"), "some one@example.org", "must be an email address", "a space"),
    (ALPHA, ("channels", 1, "address"), "some(one)@example.org", "must be an email address", "brackets"),
    (ALPHA, ("channels", 1, "address"), "some`one`@example.org", "must be an email address", "backticks"),
    (ALPHA, ("channels", 1, "address"), "some\\one@example.org", "must be an email address", "a backslash"),
    (ALPHA, ("channels", 1, "address"), "someone@example", "must be an email address", "no domain"),
    (ALPHA, ("channels", 1, "address"), "someone@-example.org", "must be an email address", "not a host name"),
    (ORGS, (0, "url"), "https://www.northants.police.uk/ onclick=alert(1)", "must be a full https:// address",
     "a space ends the address and starts an attribute"),
    (ORGS, (0, "url"), 'https://www.northants.police.uk/"><script>', "must be a full https:// address", "quotes, <>"),
    (ORGS, (0, "url"), "https://www.northants.police.uk/(x)", "must be a full https:// address",
     "a bracket ends a Markdown link"),
    (ORGS, (0, "url"), "https://www.northants.police.uk/`x`", "must be a full https:// address", "backticks"),
    (ORGS, (0, "url"), "https://www.northants.police.uk/'x'", "must be a full https:// address", "a quote"),
    (ORGS, (0, "url"), "https://www.northants.police.uk/\\x", "must be a full https:// address", "a backslash"),
    (ORGS, (0, "url"), "https://user@evil.example/", "must be a full https:// address",
     "a user name disguises the real host"),
    (ORGS, (0, "url"), "https://localhost/", "must be a full https:// address", "not a public host name"),
    (ORGS, (0, "url"), "https://-x.example.org/", "must be a full https:// address", "not a host name"),
    (ORGS, (0, "url"), "https:///path", "must be a full https:// address", "no host"),
    (ORGS, (0, "url"), "javascript:alert(1)", "must be a full https:// address", "not a web address"),
    (DOC, ("sections", 0, "ref"), "<b>I</b>", "must be a number as printed", "HTML"),
    (DOC, ("sections", 0, "sections", 0, "ref"), "1.1 *x*", "must be a number as printed", "emphasis"),
    (DOC, ("legal_refs", 0, "ref"), "[N 120](javascript:x)", "must be a number as printed", "a link"),
    (DOC, ("periods", 0, "ref"), "# 1", "must be a number as printed", "a heading"),
    (DOC, ("roles", 0, "duties", 0, "ref"), "`2.1`", "must be a number as printed", "code"),
    (DOC, ("flows", 0, "ref"), "3.2 {: onclick=x}", "must be a number as printed", "an attribute list"),
    (DOC, ("timeline", 0, "ref"), "- 1", "must be a number as printed", "a list item"),
    (DOC, ("forms", 0, "ref"), "Appendix_1_", "must be a number as printed", "underscores"),
    (DOC, ("topics", 0, "ref"), "1 &amp; 2", "must be a number as printed", "an HTML entity"),
    (DOC, ("number",), "N 1<script>", "must be a number as printed", "the document's own number"),
    # Review dates record something that happened.
    (ALPHA, ("reviewed",), TOMORROW, "is in the future", "a service cannot have been checked tomorrow"),
    (DOC, ("reviewed",), TOMORROW, "is in the future", "nor a document"),
    (PATH, ("reviewed",), TOMORROW, "is in the future", "nor a pathway"),
    # Keywords: counts and lengths well above the real data's (32 a language, 45 characters).
    (ALPHA, ("keywords",), {"en": ["word"] * 81, "ru": ["слово"]}, "has too many entries (at most 80)",
     "keyword stuffing"),
    (ALPHA, ("keywords",), {"en": ["word"], "ru": ["слово" * 21]}, "is too long (at most 100 characters)",
     "a keyword is not a text"),
    # Russian that is the English: a text left untranslated (names and codes may read the same).
    (ALPHA, ("title", "ru"), SAME_AS_EN, "the Russian is the same as the English", "an untranslated title"),
    (PATH, ("nodes", 4, "title", "ru"), SAME_AS_EN, "the Russian is the same as the English", "a pathway outcome"),
    (UI, ("search_button", "ru"), SAME_AS_EN, "the Russian is the same as the English", "an interface label"),
    (ALPHA, ("keywords",), {"en": ["alpha"], "ru": ["alpha"]}, "the Russian is the same as the English",
     "keywords, all untranslated"),
    # Sensitivity is a rule of the section, not a flag to forget.
    (ALPHA, ("sensitive",), False, "section 'domestic-abuse' is about abuse or harm: set sensitive: true",
     "Clare's Law without 'Exit this page'"),
    (BETA, ("also_in",), ["safety", "domestic-abuse"], "section 'domestic-abuse' is about abuse or harm",
     "also listed in a sensitive section"),
    # Labels take only the placeholders the model declares for them.
    (UI, ("page_of", "en"), "Page {total}", "unknown placeholder {total}: this label takes {number}, {count}",
     "str.format raised KeyError"),
    (UI, ("page_of", "en"), "Page {number} of {count", "stray brace", "str.format raised ValueError"),
    (UI, ("page_of", "ru"), "Страница {number.__class__} из {count}", "unknown placeholder {number.__class__}",
     "str.format evaluated attributes"),
    (UI, ("title_page_of", "en"), "(page {0} of {count})", "unknown placeholder {0}", "positional fields"),
    (UI, ("title_page_of", "ru"), "(страница {number})", "must contain {count}", "the count went missing"),
    (UI, ("exit_hint", "ru"), "Нажмите кнопку.", "must contain {key}", "the hint would not name the key"),
    (UI, ("exit_hint", "en"), "Press {key} 3 times }", "stray brace", "a lone brace"),
    (UI, ("search_button", "en"), "Search {query}", "unknown placeholder {query}: this label takes no placeholders",
     "a label without placeholders"),
]
FIELD_OF = {"also listed in a sensitive section": "sensitive"}  # reason -> field the problem names


def _edit(data: Path, rel: str, loc: tuple, value) -> None:
    path = data / rel
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    target = doc
    for part in loc[:-1]:
        target = target[part]
    if value is SAME_AS_EN:
        value = target["en"]
    target[loc[-1]] = value
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _record_of(data: Path, rel: str, loc: tuple) -> str:
    doc = yaml.safe_load((data / rel).read_text(encoding="utf-8"))
    return doc[loc[0]]["id"] if isinstance(doc, list) else doc.get("id", Path(rel).stem)


@pytest.mark.parametrize("rel, loc, value, words, reason", INVALID_VALUES,
                         ids=[f"{Path(c[0]).stem}.{dotted(c[1])}-{c[4]}" for c in INVALID_VALUES])
def test_an_invalid_value_gets_one_clear_message(mini, rel, loc, value, words, reason):
    _edit(mini.data, rel, loc, value)
    with pytest.raises(guide.DataError) as caught:
        guide.load(mini.data)
    problems = caught.value.problems
    assert len(problems) == 1, (reason, [str(p) for p in problems])
    problem = problems[0]
    assert problem.file == f"data/{rel}" and problem.line is not None, (reason, str(problem))
    assert problem.record == _record_of(mini.data, rel, loc), (reason, str(problem))
    field = FIELD_OF.get(reason, dotted(loc))
    assert problem.field == field or problem.field.startswith((field + ".", field + "[")), (reason, str(problem))
    assert words in problem.message, (reason, problem.message)


def test_the_mini_fixture_is_valid(mini):
    cat = guide.load(mini.data)
    assert sorted(cat.services) == ["999-bsl-sign-video", "alpha", "beta", "non-english-999"]
    assert list(cat.pathways) == ["mini-path"] and list(cat.documents) == ["mini-doc"]


@pytest.mark.parametrize("fixture, dest, expected, reason", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gets_one_clear_message_per_problem(mini, fixture, dest, expected, reason):
    mini.put(BAD / fixture, dest)
    with pytest.raises(guide.DataError) as caught:
        guide.load(mini.data)
    problems = caught.value.problems
    assert len(problems) == len(expected), (reason, [str(p) for p in problems])
    for problem, (file, line, record, field, words) in zip(problems, expected):
        assert (problem.file, problem.line, problem.record, problem.field) == (file, line, record, field), reason
        assert words in problem.message, (reason, problem.message)
        assert str(problem).startswith(f"{file}:{line}: " if line else f"{file}: ")


def test_build_with_bad_data_fails_cleanly_and_keeps_the_previous_site(mini):
    first = mini.build()
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in mini.site.rglob("*") if p.is_file()}
    assert len(before) > 20

    mini.put(BAD / "two-problems.yml", GAMMA)
    second = mini.build()
    output = second.stdout + second.stderr
    assert second.returncode != 0
    assert "Traceback" not in output
    assert "data/services/advice/gamma.yml:4: record 'gamma': field 'body.ru': missing translation (ru)" in output
    assert "data/services/advice/gamma.yml:10: record 'gamma': field 'reviewed': not a valid date" in output
    assert output.splitlines() == [  # the problems and nothing else: no "Aborted with a BuildError!"
        "2 problems in data/:",
        "  data/services/advice/gamma.yml:4: record 'gamma': field 'body.ru': missing translation (ru)",
        "  data/services/advice/gamma.yml:10: record 'gamma': field 'reviewed': not a valid date (write "
        "YYYY-MM-DD), got 'yesterday'",
        "Build failed: site/ was left as it was.",
    ]
    after = {p: p.read_bytes() for p in mini.site.rglob("*") if p.is_file()}
    assert after == before
    assert not list(mini.root.glob(".site-new-*")), "the half-built site was not cleaned up"


def test_check_command_reports_problems_without_traceback(mini):
    mini.put(BAD / "missing-translation.yml", GAMMA)
    result = subprocess.run([sys.executable, "-m", "guide", "check", str(mini.data)],
                            cwd=ROOT / "hooks", capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "record 'gamma': field 'summary.ru': missing translation (ru)" in result.stderr


# ----------------------------------------------------------------------------
# YAML that would take the loader down
# ----------------------------------------------------------------------------


def test_an_alias_bomb_fails_within_a_second(mini):
    """Run apart, with a timeout, so a regression fails instead of hanging the suite."""
    mini.put(BAD / "yaml-bomb.yml", GAMMA)
    code = ("import sys, time; sys.path.insert(0, sys.argv[1]); import guide\n"
            "start = time.perf_counter()\n"
            "try:\n    guide.load(sys.argv[2])\nexcept guide.DataError as exc:\n    print(exc.report())\n"
            "print(f'{time.perf_counter() - start:.3f}')\n")
    result = subprocess.run([sys.executable, "-c", code, str(ROOT / "hooks"), str(mini.data)],
                            capture_output=True, text=True, timeout=60)
    assert "anchors and aliases" in result.stdout, result.stdout + result.stderr
    assert float(result.stdout.split()[-1]) < 1.0, result.stdout


# ----------------------------------------------------------------------------
# Files in data/
# ----------------------------------------------------------------------------

# (name an editor gives a lock, backup or swap file beside services/advice/gamma.yml, which editor)
EDITOR_FILES = [
    (".#gamma.yml", "emacs lock file"),
    ("#gamma.yml#", "emacs auto-save file"),
    ("gamma.yml~", "emacs, gedit and nano backup"),
    (".gamma.yml.swp", "vim swap file"),
    (".gamma.yml.swo", "vim's second swap file"),
    ("gamma.yml.swo", "a swap file made visible"),
    ("gamma.yml.kate-swp", "kate swap file"),
    ("gamma.yml___jb_tmp___", "JetBrains safe-write file"),
    ("gamma.yml.bak", "backup copy"),
]


@pytest.mark.parametrize("name, editor", EDITOR_FILES, ids=[e[1] for e in EDITOR_FILES])
def test_editor_lock_backup_and_swap_files_are_not_data(mini, name, editor):
    mini.put(BAD / "yaml-syntax.yml", f"services/advice/{name}")  # half-written: would fail if read
    cat = guide.load(mini.data)
    assert "gamma" not in cat.services, editor


def _deny(monkeypatch, denied: Path) -> None:
    """Make ``denied`` unreadable (tests run as root, so chmod would not do)."""
    scandir, read_text = os.scandir, Path.read_text

    def no_scandir(path, *args):
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path, *args)

    def no_read(self, *args, **kwargs):
        if self == denied:
            raise PermissionError(13, "Permission denied", str(self))
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", no_scandir)
    monkeypatch.setattr(Path, "read_text", no_read)


# (what cannot be read, the one message; beta in advice/ is linked from alpha, the pathway and the document)
UNREADABLE = [
    ("services/advice", "data/services/advice/: folder cannot be read (Permission denied)"),
    ("services/advice/beta.yml", "data/services/advice/beta.yml: cannot be read (Permission denied)"),
    ("services", "data/services/: folder cannot be read (Permission denied)"),
]


@pytest.mark.parametrize("rel, message", UNREADABLE, ids=[u[0] for u in UNREADABLE])
def test_an_unreadable_file_or_folder_is_named_once(mini, monkeypatch, rel, message):
    _deny(monkeypatch, mini.data / rel)
    with pytest.raises(guide.DataError) as caught:
        guide.load(mini.data)
    assert [str(p) for p in caught.value.problems] == [message], "no 'does not exist' for the records inside"


def test_a_link_to_a_file_outside_data_is_refused(mini, tmp_path):
    outside = tmp_path / "outside.yml"
    shutil.copyfile(BAD / "wrong-folder.yml", outside)  # a valid record for services/advice/
    (mini.data / GAMMA).symlink_to(outside)
    with pytest.raises(guide.DataError) as caught:
        guide.load(mini.data)
    assert [str(p) for p in caught.value.problems] == [
        f"data/{GAMMA}: is a link to something outside data/: data files must be in data/ "
        "(a link may only lead to a file inside data/)"]


def test_a_single_file_linked_from_outside_is_refused_once(mini, tmp_path):
    outside = tmp_path / "ui.yml"
    shutil.move(mini.data / "ui.yml", outside)
    (mini.data / "ui.yml").symlink_to(outside)
    with pytest.raises(guide.DataError) as caught:
        guide.load(mini.data)
    assert [p.file for p in caught.value.problems] == ["data/ui.yml"]  # not also "file is missing"
    assert "is a link to something outside data/" in caught.value.problems[0].message


def test_a_link_to_a_folder_is_refused(mini):
    (mini.data / "services" / "more").symlink_to(mini.data / "services" / "advice", target_is_directory=True)
    with pytest.raises(guide.DataError) as caught:
        guide.load(mini.data)
    assert [str(p) for p in caught.value.problems] == [
        "data/services/more: is a link to a folder: data files must be in data/ "
        "(a link may only lead to a file inside data/)"]


def test_a_link_to_a_file_inside_data_is_allowed(mini):
    beta = mini.data / "services" / "advice" / "beta.yml"
    beta.rename(beta.with_name(".beta-original.yml"))
    beta.symlink_to(".beta-original.yml")
    assert "beta" in guide.load(mini.data).services


def test_the_emergency_label_of_the_search_page_must_say_where_the_number_goes(mini):
    ui = mini.data / "ui.yml"
    text = ui.read_text(encoding="utf-8")
    assert text.count("call {number}, the emergency number") == 1
    ui.write_text(text.replace("call {number}, the emergency number", "call the emergency number"), encoding="utf-8")
    with pytest.raises(guide.DataError) as caught:
        guide.load(mini.data)
    [problem] = caught.value.problems
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("search_help_emergency:"))
    assert (problem.file, problem.field) == ("data/ui.yml", "search_help_emergency.en")
    assert line <= problem.line <= line + 2 and "{number}" in problem.message
