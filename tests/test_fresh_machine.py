"""A newcomer's clone: the tests find the sources where the README says, or say how to provide them;
nothing depends on the folders of the machine the project was written on."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, SEEDS_HELP, seeds_dir

# Folders that are not the repository's own files (see .gitignore).
NOT_OURS = {".git", ".venv", "site", "site-offline", "pdf", "node_modules", "__pycache__", ".cache",
            ".pytest_cache", ".hypothesis", "out"}


def test_sources_are_found_through_guide_seeds(tmp_path):
    seeds = tmp_path / "anywhere"
    seeds.mkdir()
    (seeds / "README.md").write_text("# Source documents\n")
    assert seeds_dir({"GUIDE_SEEDS": str(seeds)}, root=tmp_path / "clone") == seeds


def test_sources_are_found_in_shared_seeds_beside_the_clone(tmp_path):
    seeds = tmp_path / "shared" / "seeds"
    seeds.mkdir(parents=True)
    (seeds / "README.md").write_text("# Source documents\n")
    assert seeds_dir({}, root=tmp_path / "clone") == seeds


def test_without_the_sources_the_source_tests_are_skipped_saying_how_to_provide_them(tmp_path):
    with pytest.raises(pytest.skip.Exception) as skipped:
        seeds_dir({}, root=tmp_path / "clone")
    assert "GUIDE_SEEDS" in str(skipped.value) and "../shared/seeds" in str(skipped.value)


def test_in_ci_missing_sources_are_a_failure_not_a_skip(tmp_path):
    with pytest.raises(pytest.fail.Exception) as failed:
        seeds_dir({"GUIDE_REQUIRE_SOURCES": "1"}, root=tmp_path / "clone")
    assert SEEDS_HELP in str(failed.value)


def test_ci_requires_the_sources():
    """.ci/run sets the variable under which missing sources fail the run."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^export GUIDE_REQUIRE_SOURCES=1$", ci, re.M), ci


def test_no_file_names_a_folder_of_one_particular_machine():
    machine_path = re.compile(r"/(work|farm)/")
    found = []
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT)
        if path.is_dir() or NOT_OURS & set(rel.parts) or path.suffix in {".pdf", ".png", ".zip"}:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        found += [f"{rel}:{text.count(chr(10), 0, m.start()) + 1}" for m in machine_path.finditer(text)]
    assert found == []


# ----------------------------------------------------------------------------
# make test checks the system packages first (tools/system-deps.sh)
# ----------------------------------------------------------------------------


def _stub(folder, name, script="exit 0"):
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)


def _system_deps(tmp_path, *, uid, present=(), needs=("chromium", "java")):
    """Run the check on a machine with only the stubbed commands: `present` ones installed,
    apt-get recording what it is asked for."""
    import subprocess

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _stub(bin_dir, "id", f"echo {uid}")
    _stub(bin_dir, "apt-get", f'echo "$@" >> {tmp_path}/apt.log')
    for name in present:
        _stub(bin_dir, name)
    result = subprocess.run(["/bin/bash", str(ROOT / "tools" / "system-deps.sh"), *needs],
                            env={"PATH": str(bin_dir)}, capture_output=True, text=True, timeout=30)
    apt = tmp_path / "apt.log"
    return result, apt.read_text() if apt.exists() else ""


def test_with_chromium_and_java_present_the_check_passes_silently(tmp_path):
    result, apt = _system_deps(tmp_path, uid=1000, present=("chromium", "java"))
    assert (result.returncode, result.stdout, result.stderr, apt) == (0, "", "", "")


def test_without_root_the_check_stops_and_prints_the_one_command_to_run(tmp_path):
    result, apt = _system_deps(tmp_path, uid=1000, present=("chromium",))
    assert result.returncode != 0 and apt == ""
    commands = [line.strip() for line in result.stderr.splitlines() if "apt-get" in line]
    assert commands == ["sudo apt-get install -y default-jre-headless"]


def test_as_root_the_check_installs_what_is_missing_from_debian(tmp_path):
    result, apt = _system_deps(tmp_path, uid=0)
    assert result.returncode == 0, result.stderr
    assert apt.splitlines()[-1].split()[-2:] == ["chromium", "default-jre-headless"]
    assert "install" in apt.splitlines()[-1].split()


def test_pdftoppm_for_the_paper_tests_comes_from_poppler_utils(tmp_path):
    result, apt = _system_deps(tmp_path, uid=0, present=("chromium", "java"), needs=("chromium", "java", "pdftoppm"))
    assert result.returncode == 0, result.stderr
    assert apt.splitlines()[-1].split()[-1] == "poppler-utils"


def _recipe(target: str) -> tuple[list[str], list[str]]:
    """A Makefile target's prerequisites and recipe lines."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(rf"^{target}:(.*)\n((?:\t.*\n)*)", makefile, re.M)
    assert found, f"the Makefile has no {target} target"
    return found.group(1).split(), [line.strip() for line in found.group(2).splitlines()]


def test_make_test_checks_chromium_and_java_before_anything_else_and_ci_runs_make_test():
    prerequisites, steps = _recipe("test")
    first = prerequisites[0]
    assert _recipe(first)[1] == ["@bash tools/system-deps.sh chromium java pdftoppm"]
    assert "pytest" in steps[-1]
    ci = [l for l in (ROOT / ".ci" / "run").read_text().splitlines() if l.strip() and not l.startswith("#")]
    assert ci[-1] == "make test"


# ----------------------------------------------------------------------------
# make preview: the built site/ as a static host serves it
# ----------------------------------------------------------------------------


def test_make_preview_serves_site_with_the_static_server():
    assert _recipe("preview")[1] == ["$(BIN)/python tools/staticserver.py site $(PREVIEW_PORT)"]


def test_preview_without_a_built_site_says_to_build_first(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(ROOT / "tools" / "staticserver.py"), str(tmp_path / "site")],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0 and "make build" in result.stderr


def test_preview_serves_pages_gzipped_on_localhost(tmp_path):
    import gzip
    import subprocess
    import sys
    import urllib.request

    site = tmp_path / "site"
    (site / "about").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>Home</title>" + "x" * 2000)
    (site / "about" / "index.html").write_text("<!doctype html><title>About</title>")
    server = subprocess.Popen([sys.executable, str(ROOT / "tools" / "staticserver.py"), str(site), "0"],
                              stdout=subprocess.PIPE, text=True)
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+/", server.stdout.readline()).group(0)
        request = urllib.request.Request(url + "about/", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert b"<title>About</title>" in gzip.decompress(response.read())
    finally:
        server.terminate()
        server.wait(timeout=10)


# ----------------------------------------------------------------------------
# Deploy: README's Deploy section and the GitHub Pages workflow say the same
# ----------------------------------------------------------------------------


def _shell_commands(text: str, env: tuple[str, ...] = ()) -> list[tuple[frozenset[str], list[str]]]:
    """Each command of a shell snippet as (names of the variables set for it, argv), without sudo."""
    import shlex

    commands = []
    for line in text.splitlines():
        line = line.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        for part in line.split("&&"):
            argv = shlex.split(part)
            names = set(env)
            while argv and re.match(r"^[A-Z_][A-Z0-9_]*=", argv[0]):
                names.add(argv.pop(0).split("=", 1)[0])
            if argv and argv[0] == "sudo":
                argv.pop(0)
            commands.append((frozenset(names), argv))
    return commands


def _readme_deploy_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Deploy\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```sh\n(.*?)^```", section, re.M | re.S)
    assert blocks, "README's Deploy section has no sh block"
    return [c for block in blocks for c in _shell_commands(block)]


def _workflow():
    import yaml

    return yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))


def _workflow_steps():
    return [step for job in _workflow()["jobs"].values() for step in job["steps"]]


def _workflow_commands():
    return [c for step in _workflow_steps() if "run" in step
            for c in _shell_commands(step["run"], tuple(step.get("env", {})))]


def _packages(commands):
    return {arg for _, argv in commands if argv[:2] == ["apt-get", "install"] for arg in argv[2:]
            if not arg.startswith("-")}


def test_the_pages_workflow_runs_the_make_commands_of_the_readme_deploy_section_with_its_variables():
    readme, workflow = _readme_deploy_commands(), _workflow_commands()
    assert [argv for _, argv in readme if argv[0] == "make"] == [argv for _, argv in workflow if argv[0] == "make"]
    for names, argv in readme:
        if argv[0] == "make":
            [used] = [n for n, a in workflow if a == argv]
            assert names <= used, f"{argv}: the workflow does not set {sorted(names - used)}"
    assert _packages(readme) == _packages(workflow) and _packages(readme)


def test_the_pages_workflow_publishes_what_make_publish_builds():
    uses = {step["uses"].split("@")[0]: step for step in _workflow_steps() if "uses" in step}
    assert {"actions/checkout", "actions/configure-pages", "actions/upload-pages-artifact",
            "actions/deploy-pages"} <= set(uses)
    publish_output = re.search(r"`make publish` builds .*? into `([^`]+)`", (ROOT / "README.md").read_text())
    assert publish_output and uses["actions/upload-pages-artifact"]["with"]["path"] == publish_output.group(1)
    build = _workflow()["jobs"]["build"]
    assert "3.11" in build.get("container", "") or any(
        step.get("with", {}).get("python-version") == "3.11" for step in build["steps"])


def test_make_publish_exists_and_builds_the_site_with_its_pdfs():
    # what it builds: tests/test_paper.py (test_publish_prints_the_pdfs_into_the_site...)
    assert any(step.endswith("tools/build.py site --pdfs") for step in _recipe("publish")[1])


def test_every_make_command_the_readme_names_is_a_makefile_target():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    named = set(re.findall(r"\bmake ([a-z][a-z-]*)", (ROOT / "README.md").read_text(encoding="utf-8")))
    assert named and named <= targets, sorted(named - targets)
