"""Print the guide's PDFs with headless Chromium (Debian's), from a built site.

Usage: python tools/pdf.py SITE_DIR [--out DIR] [--handouts all|none|ID,ID...]

For each language, into OUT (default: SITE_DIR itself, as `make publish` does), under that language's root:
- pdf/guide-<lang>.pdf: the printed guide (print/guide/, one page holding cover, contents and every part) printed
  as ONE document: tagged (a structure tree, so screen readers and reflow work), with an outline made from its
  headings, its internal links kept, its title and language set;
- pdf/handouts/<id>.pdf: each service's one-page A4 handout (services/<id>/handout/), tagged too.
The addresses come from hooks/guide/plan.py, as the pages' links to them do. Exits non-zero if a handout does
not fit one page or a PDF lacks its structure tree, title or language.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import os
import shutil
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, NumberObject, TextStringObject

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from guide.plan import guide_pdf_path, handout_pdf_path  # noqa: E402

LANGUAGES = {"en": "", "ru": "ru/"}  # each language's root below the site's (mkdocs.yml, i18n)
MARGIN = {"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"}
OPTIONS = {"format": "A4", "print_background": True, "tagged": True, "outline": True, "margin": MARGIN}
# Page numbers in the guide's footer: Chromium fills the spans; the header is left empty.
FOOTER = ('<div style="width:100%;font:8pt sans-serif;text-align:center;color:#333">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
SCALES = (1, 0.95, 0.9, 0.85)  # a handout that does not fit one page is printed again a little smaller


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _chromium() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        sys.exit("Debian's chromium is needed to print the PDFs: apt-get install chromium")
    return path


def problems(pdf: Path, lang: str) -> list[str]:
    """What a PDF lacks of what makes it accessible: structure tree, language, title."""
    reader = PdfReader(pdf)
    root = reader.trailer["/Root"]
    found = []
    if "/StructTreeRoot" not in root or not root.get("/MarkInfo", {}).get("/Marked"):
        found.append("not tagged")
    if root.get("/Lang") != lang:
        found.append(f"language {root.get('/Lang')!r}, not {lang!r}")
    if not (reader.metadata and reader.metadata.title):
        found.append("no title")
    return found


def _key(text: str) -> str:
    return "".join(text.split())


def mend_outline(pdf: bytes, headings: list[str], depth: int = 3) -> bytes:
    """The outline as a reader wants it. Chromium builds it from the headings as laid out and drops the space
    where a heading wraps ("wildlife(Rural", "EarlyIntervention"): each entry gets its heading's text back. And
    it lists every heading: entries below ``depth`` levels (title, part, service or form) are left out, so the
    outline is not 58 times "How to get in touch". Everything else (structure tree, language, links) is kept."""
    proper = {_key(h): " ".join(h.split()) for h in headings}
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    outlines = writer._root_object.get("/Outlines")
    stack = [(outlines.get_object().get("/First"), 1)] if outlines is not None else []
    while stack:
        node, level = stack.pop()
        if node is None:
            continue
        item = node.get_object()
        title = str(item.get("/Title", ""))
        if _key(title) in proper and proper[_key(title)] != title:
            item[NameObject("/Title")] = TextStringObject(proper[_key(title)])
        stack.append((item.get("/Next"), level))
        if level >= depth:
            for name in ("/First", "/Last", "/Count"):
                item.pop(NameObject(name), None)
        else:
            stack.append((item.get("/First"), level + 1))
    if outlines is not None:
        outlines.get_object()[NameObject("/Count")] = NumberObject(_recount(outlines.get_object()))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _recount(outline) -> int:
    """Set /Count of an outline item (open: the number of its visible descendants) after pruning."""
    if outline is None:
        return 0
    total = 0
    child = outline.get("/First")
    while child is not None:
        item = child.get_object()
        below = _recount(item)
        if below:
            item[NameObject("/Count")] = NumberObject(below)
        total += 1 + below
        child = item.get("/Next")
    return total


def print_guide(page, url: str, target: Path) -> int:
    """The printed guide as one tagged PDF with its outline. Returns its page count."""
    page.goto(url, wait_until="load")
    target.parent.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(**OPTIONS, display_header_footer=True, header_template="<span></span>", footer_template=FOOTER)
    headings = page.eval_on_selector_all("article :is(h1, h2, h3, h4, h5, h6)", "hs => hs.map(h => h.textContent)")
    target.write_bytes(mend_outline(pdf, headings))
    return len(PdfReader(target).pages)


def print_handout(page, url: str, target: Path) -> tuple[int, float]:
    """One handout; printed again slightly smaller while it runs over one page. Returns its page count and
    the scale it was printed at."""
    page.goto(url, wait_until="load")
    target.parent.mkdir(parents=True, exist_ok=True)
    for scale in SCALES:
        target.write_bytes(page.pdf(**OPTIONS, scale=scale))
        count = len(PdfReader(target).pages)
        if count == 1:
            break
    return count, scale


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"))
    parser.add_argument("--out", help="where to write the PDFs (default: into the site)")
    parser.add_argument("--handouts", default="all", help="all, none, or service ids separated by commas")
    args = parser.parse_args(argv)
    site = Path(args.site)
    out = Path(args.out) if args.out else site
    if not (site / "print" / "guide" / "index.html").exists():
        sys.exit(f"{site} has no built guide: run `make build` first")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    services = sorted(p.parent.parent.name for p in (site / "services").glob("*/handout/index.html"))
    wanted = {"all": services, "none": []}.get(args.handouts, [s for s in args.handouts.split(",") if s])
    unknown = sorted(set(wanted) - set(services))
    if unknown:
        sys.exit(f"no handout for: {', '.join(unknown)}")
    failed = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            for lang, prefix in LANGUAGES.items():
                target = out / prefix / guide_pdf_path(lang)
                count = print_guide(page, f"{base}{prefix}print/guide/", target)
                failed += [f"{target}: {why}" for why in problems(target, lang)]
                print(f"{target}: {count} pages")
                smaller = []
                for sid in wanted:
                    target = out / prefix / handout_pdf_path(sid)
                    count, scale = print_handout(page, f"{base}{prefix}services/{sid}/handout/", target)
                    if count != 1:
                        failed.append(f"{target}: handout longer than one page")
                    elif scale != 1:
                        smaller.append(f"{sid} ({scale:.0%})")
                    failed += [f"{target}: {why}" for why in problems(target, lang)]
                if wanted:
                    print(f"{out / prefix / handout_pdf_path('x').rsplit('/', 1)[0]}: {len(wanted)} handouts"
                          + (f"; printed smaller to fit one page: {', '.join(smaller)}" if smaller else ""))
            browser.close()
    finally:
        server.shutdown()
    for line in failed:
        print(line, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
