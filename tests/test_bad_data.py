"""Bad data: one clear message per problem, non-zero exit, no traceback, old site kept."""

from __future__ import annotations

import subprocess
import sys

import pytest

import guide

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
]


@pytest.fixture
def mini(site_factory):
    return site_factory()


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


def test_the_emergency_label_of_the_search_page_must_say_where_the_number_goes(mini):
    ui = mini.data / "ui.yml"
    text = ui.read_text(encoding="utf-8")
    assert text.count("call {number}, the emergency number") == 1
    ui.write_text(text.replace("call {number}, the emergency number", "call the emergency number"), encoding="utf-8")
    with pytest.raises(guide.DataError) as caught:
        guide.load(mini.data)
    [problem] = caught.value.problems
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("search_help_emergency:"))
    assert (problem.file, problem.line, problem.field) == ("data/ui.yml", line, "search_help_emergency")
    assert "{number}" in problem.message and "en" in problem.message
