"""Print the guide to PDF with headless Chromium (Debian's), from the built site.

Usage: python tools/pdf.py [SITE_DIR] [OUT_DIR] [--handouts all|none|ID,ID...]

For each language: one PDF of the whole service guide and the school documents' checklists and forms,
in the order of the generated contents page (print/guide/), which opens the PDF, with a bookmark per
part; and a one-page A4 handout per service (services/<id>/handout/).
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
from urllib.parse import urljoin

from playwright.sync_api import sync_playwright
from pypdf import PdfReader, PdfWriter

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"en": "", "ru": "ru/"}
PDF_OPTIONS = {"format": "A4", "print_background": True,
               "margin": {"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"}}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _chromium() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        sys.exit("Debian chromium is needed: apt-get install chromium")
    return path


def _print(page, url: str) -> bytes:
    page.goto(url, wait_until="load")
    return page.pdf(**PDF_OPTIONS)


def guide_pdf(page, base: str, prefix: str, out: Path) -> int:
    """Contents pages, then every item they list, merged, with bookmarks. Returns the page count."""
    writer = PdfWriter()
    parts = []
    url = base + prefix + "print/guide/"
    while url:  # a long contents list comes in pages, linked by rel="next"
        page.goto(url, wait_until="load")
        for kind, title, href in page.eval_on_selector_all(
                "article a.guide-print-part, article a.guide-print-item",
                "links => links.map(a => [a.className.includes('guide-print-part') ? 'part' : 'item', "
                "a.textContent.trim(), a.getAttribute('href')])"):
            parts.append((kind, title, urljoin(url, href)))
        writer.append(PdfReader(io.BytesIO(_print(page, url))))
        following = page.eval_on_selector_all("article a[rel=next]", "links => links.map(a => a.getAttribute('href'))")
        url = urljoin(url, following[0]) if following else None
    parent, parent_title = None, None
    for kind, title, href in parts:
        if kind == "part":  # a section heading links its hub; its services follow
            if title != parent_title:  # a section going on over two contents pages is one bookmark
                parent, parent_title = writer.add_outline_item(title, len(writer.pages)), title
            continue
        start = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(_print(page, href))))
        writer.add_outline_item(title, start, parent=parent)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        writer.write(fh)
    return len(writer.pages)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"))
    parser.add_argument("out", nargs="?", default=str(ROOT / "pdf"))
    parser.add_argument("--handouts", default="all")
    args = parser.parse_args(argv)
    site, out = Path(args.site), Path(args.out)
    if not (site / "print" / "guide" / "index.html").exists():
        sys.exit(f"{site} has no built guide: run `make build` first")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    services = sorted(p.parent.parent.name for p in (site / "services").glob("*/handout/index.html"))
    wanted = {"all": services, "none": []}.get(args.handouts, args.handouts.split(","))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        for lang, prefix in LANGUAGES.items():
            pages = guide_pdf(page, base, prefix, out / f"guide-{lang}.pdf")
            print(f"{out / f'guide-{lang}.pdf'}: {pages} pages")
            long = []
            for sid in wanted:
                target = out / "handouts" / lang / f"{sid}.pdf"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(_print(page, f"{base}{prefix}services/{sid}/handout/"))
                if len(PdfReader(target).pages) != 1:
                    long.append(sid)
            if wanted:
                print(f"{out / 'handouts' / lang}: {len(wanted)} handouts"
                      + (f"; longer than one page: {', '.join(long)}" if long else ""))
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
