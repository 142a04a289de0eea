"""`make serve`: an editor changes a YAML record and the open page shows it, with the hubs that list it.

The dev server is started as the Makefile starts it (incremental rebuilds, live reload), on the mini
fixture site. How fast this is at the real data size is measured by `make bench`, not here.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import FIXTURES, ROOT, make_project

SERVE_FLAGS = re.search(r"mkdocs serve (.*)", (ROOT / "Makefile").read_text()).group(1).split()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


@pytest.fixture
def dev_server(tmp_path):
    project = make_project(tmp_path / "proj", FIXTURES / "mini")
    port = _free_port()
    flags = [f"127.0.0.1:{port}" if f.startswith("127.0.0.1:") else f for f in SERVE_FLAGS]
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *flags], cwd=project.root,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        try:
            _get(base + "services/alpha/")
            break
        except OSError:
            assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read() if proc.poll() else "no start"
            time.sleep(0.3)
    yield project, base
    proc.terminate()
    proc.wait(timeout=20)


def test_an_edited_record_shows_on_the_open_page_and_in_its_hubs(dev_server, browser):
    project, base = dev_server
    record = project.data / "services" / "domestic-abuse" / "alpha.yml"
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(base + "services/alpha/")
    before = page.inner_text("article h1")
    assert "Edited" not in before
    text = record.read_text(encoding="utf-8")
    edited = re.sub(r"(title:\s*\{?\s*\n?\s*en:\s*)([^,\n}]+)", r"\1Edited alpha", text, count=1)
    assert edited != text
    record.write_text(edited, encoding="utf-8")
    # The page reloads by itself (live reload runs under the page's Content Security Policy).
    page.wait_for_function("() => document.querySelector('article h1').textContent.includes('Edited alpha')",
                           timeout=60_000)
    assert errors == []
    assert "Edited alpha" in _get(base + "services/")  # the A to Z, rebuilt with it
    assert "Edited alpha" in _get(base + "topics/domestic-abuse/")
    assert "Edited alpha" not in _get(base + "ru/services/alpha/")  # the Russian title was not edited
    assert "Edited alpha" in _get(base + "services/beta/")  # beta links alpha as a related service
    page.close()
