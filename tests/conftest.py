"""Shared fixtures: throwaway projects built from fixture data, the real site, a browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(ROOT / "hooks"))

SITE_URL = "https://guide.example.org/"  # the address the real site is built for in tests (GUIDE_SITE_URL)
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "hooks", "tools")


SEEDS_HELP = (
    "the source documents are not here: set GUIDE_SEEDS to the folder that holds them (its README.md "
    "and the numbered .txt files), or put them in shared/seeds beside this clone (../shared/seeds)"
)


def seeds_dir(env: Mapping[str, str] | None = None, root: Path = ROOT) -> Path:
    """The source documents: $GUIDE_SEEDS, or shared/seeds beside the clone (as in CI).

    Without them the tests that compare the data with the sources are skipped, saying how to
    provide them; with GUIDE_REQUIRE_SOURCES=1 (set by .ci/run) their absence is a failure."""
    env = os.environ if env is None else env
    for candidate in filter(None, [env.get("GUIDE_SEEDS"), root.parent / "shared" / "seeds"]):
        if Path(candidate, "README.md").exists():
            return Path(candidate)
    if env.get("GUIDE_REQUIRE_SOURCES", "") not in ("", "0"):
        pytest.fail(f"GUIDE_REQUIRE_SOURCES is set but {SEEDS_HELP}", pytrace=False)
    pytest.skip(SEEDS_HELP)


@dataclass
class Project:
    """A copy of the project in a temporary folder, with its own data/."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def build(self, site: str = "site", **env: str) -> subprocess.CompletedProcess:
        """Run the real build (tools/build.py: temporary folder, swap on success)."""
        return subprocess.run(
            [sys.executable, "tools/build.py", site],
            cwd=self.root, capture_output=True, text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        )

    def put(self, fixture: Path, dest: str) -> None:
        target = self.data / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(fixture, target)


def _ignore(_dir, names):
    return [n for n in names if n in {"__pycache__", ".pytest_cache"}]


def make_project(dest: Path, overlay: Path | None = None) -> Project:
    """Copy the project to ``dest``; with ``overlay``, its data is the real
    single files (labels, sections...) with the overlay's files laid on top and
    only the overlay's services."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=_ignore)
        else:
            shutil.copy2(src, dest / part)
    if overlay is None:
        shutil.copytree(ROOT / "data", dest / "data", ignore=_ignore)
    else:
        (dest / "data").mkdir()
        for f in (ROOT / "data").glob("*.yml"):
            shutil.copy2(f, dest / "data" / f.name)
        shutil.copytree(overlay, dest / "data", dirs_exist_ok=True)
    return Project(dest)


@pytest.fixture
def site_factory(tmp_path):
    """Factory: a fresh throwaway project from the mini fixture data (or the real data)."""

    def factory(overlay: Path | None = FIXTURES / "mini", name: str = "proj") -> Project:
        return make_project(tmp_path / name, overlay)

    return factory


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("mini") / "proj", FIXTURES / "mini")
    result = project.build(GUIDE_SITE_URL="")  # built with no site address
    assert result.returncode == 0, result.stderr
    return project.site


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site, built once per test session, as it is deployed: with its address (README, Deploy)."""
    project = make_project(tmp_path_factory.mktemp("real") / "proj")
    result = project.build(GUIDE_SITE_URL=SITE_URL)
    assert result.returncode == 0, result.stderr
    return project.site


# ----------------------------------------------------------------------------
# Serving and browsing
# ----------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="session")
def served(real_site):
    """The real site on http://127.0.0.1:<port>/."""
    handler = functools.partial(_QuietHandler, directory=str(real_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def chromium_path() -> str:
    """Debian's chromium: never a downloaded browser. Missing chromium is a failure, not a skip."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(path).exists(), "Debian chromium is required: apt-get install chromium"
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path(),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # the controller, before any worker writes
        (ROOT / ".cache" / "search-metrics.json").unlink(missing_ok=True)


def pytest_terminal_summary(terminalreporter):
    """Print the search quality figures the search tests measured (hit rate in the top 3, MRR)."""
    metrics = ROOT / ".cache" / "search-metrics.json"
    if metrics.exists():
        terminalreporter.write_sep("-", "search quality")
        for lang, m in sorted(__import__("json").loads(metrics.read_text()).items()):
            terminalreporter.write_line(
                f"{lang}: {m['queries']} queries, hit rate (top 3) {m['hit_rate_top3']:.0%}, MRR {m['mrr']:.3f}")
