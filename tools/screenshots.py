"""Screenshots of the built site with Debian's Chromium, as readers see it: a phone (390×844) and a desktop
(1366×900), in both languages, of the pages people act on.

Usage: python tools/screenshots.py [SITE_DIR] [OUT_DIR]   (make screenshots: site/ -> screenshots/)

Each screenshot is the first screen (what a reader sees before scrolling), named <page>-<lang>-<width>.png.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import staticserver  # noqa: E402

VIEWPORTS = {"390": (390, 844), "1366": (1366, 900)}
# name -> address inside a language (the same page in both)
PAGES = {
    "home": "",
    "service": "services/clares-law/",
    "question": "pathways/who-do-i-contact/",
    "outcome": "pathways/who-do-i-contact/call-999/",
    "document": "documents/ru-school-police-cooperation/",
    "search-none": "search/?q=zzqx",
}
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]


def chromium() -> str:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def take(site: Path, out: Path, pages: dict[str, str] = PAGES, full_page: bool = False) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    server, base = staticserver.start(site)
    written = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium(), args=FLAGS)
            for width, (w, h) in VIEWPORTS.items():
                context = browser.new_context(viewport={"width": w, "height": h}, device_scale_factor=1,
                                              has_touch=w < 600, is_mobile=w < 600)
                page = context.new_page()
                for lang in ("en", "ru"):
                    for name, path in pages.items():
                        page.goto(base + ("" if lang == "en" else "ru/") + path)
                        page.wait_for_load_state("networkidle")
                        target = out / f"{name}-{lang}-{width}.png"
                        page.screenshot(path=str(target), full_page=full_page)
                        written.append(target)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return written


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else ROOT / "site"
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "screenshots"
    if not (site / "index.html").is_file():
        print(f"No built site in {site}/: run `make build` first.", file=sys.stderr)
        return 1
    for path in take(site, out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
