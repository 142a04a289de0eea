"""make bench: build synthetic data at 1x, 10x and 100x and measure what readers and editors feel.

For each scale: records, pages, build seconds, seconds per page, peak memory, the largest page and the
first load of each page type (gzipped: HTML + CSS + JS before search opens), the search index per
language (gzipped) and the time from the last keystroke to results in Chromium; at 1×, Lighthouse
scores (mobile) and how soon `make serve` shows an edited record. At the reference scales, stock
MkDocs + Material + mkdocs-static-i18n builds the same pages with a full navigation, and the ratio is
printed. Writes bench/results.json and bench/results.md.

Usage: python tools/bench.py [--scales 1,10,100] [--reference 1,10] [--out bench] [--table-only]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import socket
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "tools"))

import staticserver  # noqa: E402
from synth import synthesise  # noqa: E402

from guide import pages as plan  # noqa: E402

PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "hooks", "tools")
PAGE_TYPES = {"home": "", "service": "services/clares-law/", "topic hub": "topics/safety/",
              "document": "documents/talitsa-vpr-2023/", "role": "documents/talitsa-vpr-2023/roles/expert/",
              "pathway step": "pathways/who-do-i-contact/topic/", "glossary": "glossary/"}
LIGHTHOUSE_PAGES = {"home": "", "service": "services/clares-law/", "pathway step": "pathways/who-do-i-contact/"}
LIGHTHOUSE_DIR = ROOT / "tools" / "lighthouse"
LIGHTHOUSE_TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
QUERIES = {"en": ["fraud", "clares law", "missing"], "ru": ["мошенничество", "закон клэр", "пропал"]}
TARGETS = {"ratio_seconds_per_page_100x_to_1x": 1.3, "build_seconds_100x": 300, "page_html_gz_kb": 20,
           "first_load_gz_kb": 100, "search_index_gz_kb": 150, "search_ms": 100, "serve_reload_s": 3}
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
# Build the measured command in a child that reports its own peak memory: VmHWM, the peak of its own
# address space (ru_maxrss would carry over the bench process's size from before the exec on Linux).
_MEASURED = ("import re, resource, runpy, sys\n"
             "sys.argv = ['mkdocs', 'build', '--quiet', '--site-dir', sys.argv[1]]\n"
             "try:\n    runpy.run_module('mkdocs', run_name='__main__')\n"
             "finally:\n    try:\n        peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
             "    except OSError:\n        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
             "    print('PEAK_KB', peak, file=sys.stderr)\n")


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def _project(dest: Path, data: Path) -> Path:
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / part)
    shutil.copytree(data, dest / "data")
    return dest


def _build(project: Path, site: Path) -> tuple[float, float]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _MEASURED, str(site)], cwd=project, env=env,
                            capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-3000:]}")
    peak = int(re.search(r"PEAK_KB (\d+)", result.stderr).group(1)) / 1024
    return seconds, peak


def _first_load(site: Path, html_path: Path) -> int:
    """Gzipped bytes of a page and the CSS and JS it loads before search is opened."""
    html = html_path.read_bytes()
    total = _gz(html)
    for ref in re.findall(rb'(?:href|src)="([^"]+\.(?:css|js))"', html):
        target = (html_path.parent / ref.decode()).resolve()
        if target.is_file():
            total += _gz(target.read_bytes())
    return total


def _search_ms(site: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    server, base = staticserver.start(site)
    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_FLAGS[1:])
        for lang, queries in QUERIES.items():
            page = browser.new_page()
            page.goto(base + ("" if lang == "en" else "ru/") + "search/")
            page.focus("#guide-search-q")
            page.wait_for_function("() => true")
            timings = []
            for query in queries * 3:
                page.fill("#guide-search-q", "")
                page.type("#guide-search-q", query[:-1])
                page.wait_for_timeout(100)  # results for the prefix are on screen
                page.evaluate("""() => { window.__t = null; window.__k = null;
                    const input = document.getElementById('guide-search-q');
                    input.addEventListener('input', () => { window.__k = performance.now(); }, {once: true, capture: true});
                    new MutationObserver((m, o) => { window.__t = performance.now(); o.disconnect(); })
                      .observe(document.getElementById('guide-search-results'), {childList: true}); }""")
                page.keyboard.type(query[-1])
                page.wait_for_function("() => window.__t !== null && window.__k !== null")
                timings.append(page.evaluate("() => window.__t - window.__k"))
            out[lang] = round(statistics.median(timings[3:]), 1)  # after the first round: index built
            page.close()
        browser.close()
    server.shutdown()
    return out


def _chromium() -> str:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def _lighthouse(site: Path) -> dict[str, dict[str, int]]:
    """Lighthouse scores (mobile, the default) per page and language, the site served gzipped."""
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise SystemExit(f"Lighthouse is not installed: npm ci --prefix {LIGHTHOUSE_DIR}")
    server, base = staticserver.start(site)
    scores = {}
    try:
        for name, path in LIGHTHOUSE_PAGES.items():
            for prefix in ("", "ru/"):
                with tempfile.NamedTemporaryFile(suffix=".json") as report:
                    subprocess.run([str(binary), base + prefix + path, "--quiet", "--output=json",
                                    f"--output-path={report.name}", "--only-categories=" + ",".join(LIGHTHOUSE_TARGETS),
                                    "--chrome-flags=" + " ".join(CHROMIUM_FLAGS)],
                                   env={**os.environ, "CHROME_PATH": _chromium()}, check=True, capture_output=True)
                    categories = json.loads(Path(report.name).read_text())["categories"]
                scores[f"{name} {prefix.rstrip('/') or 'en'}"] = {k: round(categories[k]["score"] * 100)
                                                                  for k in LIGHTHOUSE_TARGETS}
    finally:
        server.shutdown()
    return scores


def _serve_reload(project: Path, repeats: int = 3) -> float:
    """Seconds from saving an edited YAML record to the open page showing it, under `make serve`
    (mkdocs serve with the Makefile's flags, live reload in Chromium); the median of ``repeats``."""
    from playwright.sync_api import sync_playwright

    flags = re.search(r"mkdocs serve (.*)", (ROOT / "Makefile").read_text()).group(1).split()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    flags = [f"127.0.0.1:{port}" if f.startswith("127.0.0.1:") else f for f in flags]
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *flags], cwd=project,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/services/clares-law/"
    record = next((project / "data" / "services").rglob("clares-law.yml"))
    original = record.read_text(encoding="utf-8")
    times = []
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("mkdocs serve did not start")
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_FLAGS[1:])
            page = browser.new_page()
            page.goto(url)
            for n in range(repeats):
                title = f"Clare's Law edited {n}"
                edited = re.sub(r"(?m)^(title:\s*\{?\s*\n?\s*en:\s*)[^,\n}]+", lambda m: m.group(1) + title, original, count=1)
                page.wait_for_timeout(1000)
                start = time.perf_counter()
                record.write_text(edited, encoding="utf-8")
                page.wait_for_function(f"() => document.querySelector('article h1').textContent.includes({title!r})",
                                       timeout=120_000)
                times.append(time.perf_counter() - start)
            browser.close()
    finally:
        record.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    return round(statistics.median(times), 2)


def measure(scale: int, work: Path, with_search: bool = True) -> dict:
    data = work / f"data-{scale}"
    cat = synthesise(ROOT / "data", data, scale)
    project = _project(work / f"project-{scale}", data)
    site = work / f"site-{scale}"
    seconds, peak = _build(project, site)
    html = list(site.rglob("*.html"))
    largest = max(sorted(html, key=lambda p: p.stat().st_size)[-50:], key=lambda p: _gz(p.read_bytes()))
    first = {name: round(_first_load(site, site / path / "index.html") / 1024, 1) for name, path in PAGE_TYPES.items()}
    index = {lang: round(_gz((site / prefix / "search" / "index.js").read_bytes()) / 1024, 1)
             for lang, prefix in (("en", ""), ("ru", "ru"))}
    row = {
        "scale": scale, "services": len(cat.services), "documents": len(cat.documents),
        "pathways": len(cat.pathways), "pages": len(html), "build_s": round(seconds, 1),
        "s_per_page": round(seconds / len(html), 4), "peak_mb": round(peak), 
        "largest_page_gz_kb": round(_gz(largest.read_bytes()) / 1024, 1),
        "largest_page": str(largest.relative_to(site)), "first_load_gz_kb": first, "search_index_gz_kb": index,
    }
    if with_search:
        row["search_ms"] = _search_ms(site)
    if scale == 1:  # at the real size: what a reader's phone scores, and what an editor waits for
        row["lighthouse"] = _lighthouse(site)
        row["lighthouse_version"] = json.loads((LIGHTHOUSE_DIR / "package.json").read_text())["dependencies"]["lighthouse"]
        row["serve_reload_s"] = _serve_reload(project)
    return row


def reference(scale: int, work: Path) -> dict:
    """Stock MkDocs + Material + static-i18n, the same pages as Markdown, full navigation, no hooks."""
    data = work / f"data-{scale}"
    cat = synthesise(ROOT / "data", data, scale)
    project = work / f"reference-{scale}"
    docs = project / "docs"
    for lang in ("en", "ru"):
        for page in plan.build(cat, lang):
            name = page.src_uri if lang == "en" else page.src_uri.removesuffix(".md") + ".ru.md"
            target = docs / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown.replace("template: guide-search.html\n", ""), encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Reference\nuse_directory_urls: true\ntheme:\n  name: material\n  font: false\n"
        "markdown_extensions: [abbr, admonition, attr_list, md_in_html, tables]\n"
        "plugins:\n  - search\n  - i18n:\n      docs_structure: suffix\n      languages:\n"
        "        - {locale: en, default: true, name: English}\n        - {locale: ru, name: Русский}\n",
        encoding="utf-8")
    site = work / f"reference-site-{scale}"
    seconds, peak = _build(project, site)
    html = list(site.rglob("*.html"))
    largest = max(_gz(p.read_bytes()) for p in sorted(html, key=lambda p: p.stat().st_size)[-20:])
    return {"scale": scale, "pages": len(html), "build_s": round(seconds, 1),
            "s_per_page": round(seconds / len(html), 4), "peak_mb": round(peak),
            "largest_page_gz_kb": round(largest / 1024, 1)}


def _table(results: dict) -> str:
    rows = results["guide"]
    lines = [
        "# Benchmark", "",
        f"Measured by `make bench` on {results['machine']} on {results['date']}. "
        "Synthetic data: every service, document and pathway copied N times through the real schema "
        "(`tools/synth.py`), both languages.", "",
        "| scale | services | documents | pathways | pages | build s | s/page | peak MB | largest page (gz KB) |"
        " search index en / ru (gz KB) | last keystroke → results en / ru (ms) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ms = r.get("search_ms", {})
        lines.append(f"| {r['scale']}× | {r['services']} | {r['documents']} | {r['pathways']} | {r['pages']} | "
                     f"{r['build_s']} | {r['s_per_page']} | {r['peak_mb'] or '–'} | {r['largest_page_gz_kb']} | "
                     f"{r['search_index_gz_kb']['en']} / {r['search_index_gz_kb']['ru']} | "
                     f"{ms.get('en', '–')} / {ms.get('ru', '–')} |")
    lines += ["", "First load of each page type before search opens (HTML + CSS + JS, gzipped KB):", "",
              "| scale | " + " | ".join(PAGE_TYPES) + " |", "|---|" + "---|" * len(PAGE_TYPES)]
    for r in rows:
        lines.append(f"| {r['scale']}× | " + " | ".join(str(r["first_load_gz_kb"][k]) for k in PAGE_TYPES) + " |")
    if results["reference"]:
        lines += ["", "Reference: stock MkDocs + Material + mkdocs-static-i18n, the same pages, full navigation:", "",
                  "| scale | pages | build s | s/page | peak MB | largest page (gz KB) | s/page ratio (reference / guide) |",
                  "|---|---|---|---|---|---|---|"]
        ours = {r["scale"]: r for r in rows}
        for r in results["reference"]:
            ratio = r["s_per_page"] / ours[r["scale"]]["s_per_page"] if r["scale"] in ours else None
            lines.append(f"| {r['scale']}× | {r['pages']} | {r['build_s']} | {r['s_per_page']} | {r['peak_mb'] or '–'} | "
                         f"{r['largest_page_gz_kb']} | {ratio:.1f}× |" if ratio else "| – |")
    for r in rows:
        if "lighthouse" in r:
            cats = list(LIGHTHOUSE_TARGETS)
            lines += ["", f"Lighthouse {r.get('lighthouse_version', '')} (mobile) at {r['scale']}×, the site served "
                      "gzip-compressed as a static host serves it:", "",
                      "| page | " + " | ".join(cats) + " |", "|---|" + "---|" * len(cats)]
            for page, scores in r["lighthouse"].items():
                lines.append(f"| {page} | " + " | ".join(str(scores[c]) for c in cats) + " |")
        if "serve_reload_s" in r:
            lines += ["", f"`make serve` at {r['scale']}×: an edited YAML record shows on the open page "
                      f"{r['serve_reload_s']} s after it is saved (median of 3, live reload in Chromium)."]
    lines += [f"", f"Note: {results['note']}"] if results.get("note") else []
    lines += ["", "Targets:", ""] + [f"- {line}" for line in results["verdicts"]]
    return "\n".join(lines) + "\n"


def _verdicts(rows: list[dict]) -> list[str]:
    by = {r["scale"]: r for r in rows}
    out = []
    if 1 in by and 100 in by:
        ratio = by[100]["s_per_page"] / by[1]["s_per_page"]
        out.append(f"{'met' if ratio <= 1.3 else 'MISSED'}: s/page at 100× is {ratio:.2f}× s/page at 1× (target ≤ 1.3)")
        out.append(f"{'met' if by[100]['build_s'] < 300 else 'MISSED'}: 100× builds in {by[100]['build_s']} s "
                   f"(target < 300 s): {by[100]['pages']:,} pages at {by[100]['s_per_page'] * 1000:.1f} ms each; "
                   f"about {300 / by[100]['s_per_page']:,.0f} pages fit in 300 s")
    else:
        out.append("not measured: the 100× scale was not run (`make bench` runs it)")
    worst_page = max(r["largest_page_gz_kb"] for r in rows)
    out.append(f"{'met' if worst_page < 20 else 'MISSED'}: largest page {worst_page} KB gzipped (target < 20 KB)")
    worst_load = max(v for r in rows for v in r["first_load_gz_kb"].values())
    out.append(f"{'met' if worst_load < 100 else 'MISSED'}: heaviest first load {worst_load} KB gzipped (target < 100 KB)")
    index = by.get(1, rows[0])["search_index_gz_kb"]
    out.append(f"{'met' if max(index.values()) < 150 else 'MISSED'}: search index on the real data "
               f"{index['en']} / {index['ru']} KB gzipped (target < 150 KB)")
    for r in rows:
        if "lighthouse" in r:
            low = [f"{page} {cat} {score}" for page, scores in r["lighthouse"].items()
                   for cat, score in scores.items() if score < LIGHTHOUSE_TARGETS[cat]]
            out.append(("MISSED: " + ", ".join(low)) if low else
                       "met: Lighthouse mobile performance ≥ 95, accessibility, best practices and SEO 100 on "
                       + ", ".join(LIGHTHOUSE_PAGES) + " in both languages")
        if "serve_reload_s" in r:
            out.append(f"{'met' if r['serve_reload_s'] < 3 else 'MISSED'}: `make serve` shows an edited record in "
                       f"{r['serve_reload_s']} s at {r['scale']}× (target < 3 s)")
    ms = [v for r in rows for v in r.get("search_ms", {}).values()]
    if ms:
        out.append(f"{'met' if max(ms) < 100 else 'MISSED'}: results {max(ms)} ms after the last keystroke at worst "
                   "(target < 100 ms)")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--reference", default="1,10")
    parser.add_argument("--out", default=str(ROOT / "bench"))
    parser.add_argument("--table-only", action="store_true", help="rewrite results.md from results.json")
    args = parser.parse_args(argv)
    if args.table_only:
        results = json.loads((Path(args.out) / "results.json").read_text(encoding="utf-8"))
        results["verdicts"] = _verdicts(results["guide"])
        (Path(args.out) / "results.md").write_text(_table(results), encoding="utf-8")
        return 0
    scales = [int(s) for s in args.scales.split(",") if s]
    refs = [int(s) for s in args.reference.split(",") if s]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    results = {"date": dt.date.today().isoformat(),
               "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}", "guide": [], "reference": []}
    with tempfile.TemporaryDirectory(prefix="guide-bench-") as tmp:
        work = Path(tmp)
        for scale in scales:
            row = measure(scale, work)
            results["guide"].append(row)
            print(json.dumps(row), flush=True)
            for leftover in work.glob(f"*-{scale}"):
                shutil.rmtree(leftover, ignore_errors=True)
        for scale in refs:
            row = reference(scale, work)
            results["reference"].append(row)
            print("reference", json.dumps(row), flush=True)
    results["verdicts"] = _verdicts(results["guide"])
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "results.md").write_text(_table(results), encoding="utf-8")
    print(_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
