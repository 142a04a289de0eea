"""On paper: one-page handouts a PLR can pin up, the printed guide as an accessible PDF per language, signposting
packs chosen in the page address, printable forms, and the PDFs published inside the site."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

import guide
from guide import pages as guide_pages
from guide import plan

from conftest import FIXTURES, ROOT, SITE_URL, make_project
from htmlsite import SitePage, pages, target_file

LANGS = {"en": "", "ru": "ru/"}
SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("\u00ad", "").strip()


def squeeze(text: str) -> str:
    """Text without white space: a PDF's text breaks lines anywhere, after a hyphen too."""
    return "".join(text.split()).replace("\u00ad", "")


@pytest.fixture(scope="module")
def cat():
    return guide.load(ROOT / "data")


def words(cat, lang: str):
    """The ui.yml labels in one language."""
    return lambda key: getattr(getattr(cat.ui, key), lang)


def site_names() -> dict[str, str]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    return {lang["locale"]: lang.get("site_name", config["site_name"]) for lang in i18n["languages"]}


def outline_titles(reader: PdfReader) -> list[tuple[int, str]]:
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, flat(item.title)))

    walk(reader.outline, 0)
    return found


def qr_codes(pdf: Path, tmp: Path) -> list[str]:
    """The QR codes on a PDF's first page, decoded by zxing-cpp from the page rendered by pdftoppm."""
    import zxingcpp

    stem = tmp / pdf.stem
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-singlefile", "-f", "1", "-l", "1", str(pdf), str(stem)],
                   check=True)
    data = stem.with_suffix(".pgm").read_bytes()
    fields, at = [], 0
    while len(fields) < 4:  # P5, width, height, maximum value
        while data[at:at + 1].isspace():
            at += 1
        end = at
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[at:end])
        at = end
    width, height = int(fields[1]), int(fields[2])
    pixels = memoryview(data[at + 1:at + 1 + width * height]).cast("B", (height, width))
    return [code.text for code in zxingcpp.read_barcodes(pixels, formats=zxingcpp.BarcodeFormat.QRCode)]


# ----------------------------------------------------------------------------
# The PDFs, printed once from the real site (built with its address, as deployed)
# ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed(real_site, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "pdf.py"), str(real_site), "--out", str(out)],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_every_handout_prints_on_one_page_in_its_language_with_a_qr_code_that_opens_its_page(cat, printed,
                                                                                             tmp_path):
    for lang, prefix in LANGS.items():
        for svc in cat.services.values():
            pdf = printed / prefix / plan.handout_pdf_path(svc.id)
            reader = PdfReader(pdf)
            where = (lang, svc.id)
            assert len(reader.pages) == 1, where
            title = flat(getattr(svc.title, lang))
            assert reader.trailer["/Root"]["/Lang"] == lang, where
            assert flat(reader.metadata.title).startswith(title), where
            text = flat(reader.pages[0].extract_text())
            assert squeeze(title) in squeeze(text), where
            assert not SEED_FILE.search(text), where
            assert "999" in text, where  # every service of the guide is in the UK
            gives_101 = any(getattr(ch, "number", None) == "101" for ch in svc.channels)
            assert ("101" in text) == gives_101, where  # 101 only where the service itself gives it
            assert qr_codes(pdf, tmp_path) == [f"{SITE_URL}{prefix}services/{svc.id}/"], where


def test_the_printed_guide_is_one_tagged_pdf_per_language_with_cover_title_language_and_outline(cat, printed):
    latest = max(x.reviewed for x in [*cat.services.values(), *cat.documents.values(), *cat.pathways.values()])
    for lang, prefix in LANGS.items():
        label = words(cat, lang)
        reader = PdfReader(printed / prefix / plan.guide_pdf_path(lang))
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], lang  # tagged: a structure tree
        assert root["/Lang"] == lang
        assert flat(reader.metadata.title).startswith(label("print_guide_title"))
        outline = outline_titles(reader)
        entries = [title for _, title in outline]
        parts = [getattr(s.title, lang) for s in cat.sections if cat.services_in(s.id)] + [label("forms_title")]
        assert [t for d, t in outline if d == 1 and t != label("print_contents")] == [flat(p) for p in parts]
        for svc in cat.services.values():
            assert flat(getattr(svc.title, lang)) in entries, (lang, svc.id)
        forms = [(d, f) for d in cat.documents.values() for f in d.forms]
        for _, form in forms:
            assert flat(getattr(form.title, lang)) in entries, (lang, form.id)
        assert len(outline) == 2 + len(parts) + len(cat.services) + len(forms)  # no "How to get in touch" x 58

        cover = squeeze(reader.pages[0].extract_text())
        for wanted in (getattr(cat.home.title, lang), label("print_guide_intro"), site_names()[lang],
                       guide_pages._Renderer(cat, lang).date(latest), label("print_published_by"),
                       getattr(cat.jurisdictions["uk-northamptonshire"].name, lang)):
            assert squeeze(wanted) in cover, (lang, wanted)
        page_texts = [squeeze(p.extract_text()) for p in reader.pages]
        text = "".join(page_texts)
        for svc in cat.services.values():
            assert squeeze(getattr(svc.title, lang)) in text, (lang, svc.id)
        assert "makepdf" not in text and "`" not in text and not SEED_FILE.search(text)
        for doc, form in forms:  # each form on a page of its own, with its document's jurisdiction line
            title = squeeze(getattr(form.title, lang))
            starts = [t for t in page_texts if title in t[:len(title) + 12]]  # at the top (after a page number)
            assert starts, (lang, form.id)
            assert squeeze(getattr(cat.jurisdictions[doc.jurisdiction].name, lang)) in starts[0], (lang, form.id)


# ----------------------------------------------------------------------------
# Handouts as pages
# ----------------------------------------------------------------------------


def test_handouts_name_the_site_show_999_and_their_full_address_and_hold_no_file_name(cat, real_site):
    names = site_names()
    for lang, prefix in LANGS.items():
        for svc in cat.services.values():
            page = SitePage(real_site, real_site / prefix / "services" / svc.id / "handout" / "index.html")
            sheet = page.soup.select_one(".guide-handout")
            assert sheet.select_one(".guide-handout__site").get_text(strip=True) == names[lang], page.url
            assert "999" in sheet.select_one(".guide-handout__999").get_text(), page.url
            address = sheet.select_one(".guide-handout__address")
            assert address.get_text(strip=True) == address["href"] == f"{SITE_URL}{prefix}services/{svc.id}/"
            assert sheet.select_one(".guide-qr svg[aria-hidden=true]"), page.url
            # Nothing on the sheet is a link that means nothing on paper: only full addresses, tel: and mailto:.
            for a in sheet.select("a[href]"):
                assert a["href"].startswith(("https://", "http://", "tel:", "mailto:")), (page.url, a["href"])
            assert not SEED_FILE.search(page.soup.get_text()), page.url
            assert sheet.select_one(".guide-facts time[datetime]")["datetime"] == svc.reviewed.isoformat()


def test_a_site_built_without_its_address_prints_the_path_and_no_qr_code(mini_site):
    for lang, prefix in LANGS.items():
        page = SitePage(mini_site, mini_site / prefix / "services" / "alpha" / "handout" / "index.html")
        sheet = page.soup.select_one(".guide-handout")
        assert sheet.select_one("svg") is None
        assert sheet.select_one(".guide-handout__address").get_text(strip=True) == f"{prefix}services/alpha/"


def test_no_page_shows_a_source_file_name(real_site):
    assert [p.url for p in pages(real_site) if SEED_FILE.search(p.soup.get_text())] == []


def test_home_about_and_every_handout_link_the_printed_guide(cat, real_site):
    for lang, prefix in LANGS.items():
        for url in ["/" + prefix, f"/{prefix}about/"] + [f"/{prefix}services/{s}/handout/" for s in cat.services]:
            page = SitePage(real_site, target_file(real_site, url))
            assert f"/{prefix}print/guide/" in page.links("article a[href]"), url


# ----------------------------------------------------------------------------
# Print buttons
# ----------------------------------------------------------------------------

PRINTABLE = ["services/fraud/handout/", "documents/talitsa-vpr-2023/forms/monitoring-checklist/", "print/guide/",
             "pack/plrs/"]


@pytest.mark.parametrize("path", PRINTABLE)
def test_printable_pages_have_a_print_button_with_javascript_and_say_how_to_print_without(browser, served, path):
    context = browser.new_context()
    context.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    page = context.new_page()
    page.goto(served + path)
    button = page.locator("[data-guide-print]")
    assert button.is_visible() and not page.locator("[data-guide-print-hint]").is_visible()
    button.click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert not button.is_visible()
    context.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "ru/" + path)
    assert not page.locator("[data-guide-print]").is_visible()
    assert "Ctrl+P" in page.locator("[data-guide-print-hint]").inner_text()
    context.close()


def test_a_form_prints_with_its_documents_jurisdiction_line(cat, browser, served):
    page = browser.new_page()
    for doc in cat.documents.values():
        for form in doc.forms:
            for lang, prefix in LANGS.items():
                page.goto(served + prefix + plan.url_of(plan.form_uri(doc.id, form.id)))
                page.emulate_media(media="print")
                origin = page.locator(".guide-form-origin")
                assert origin.is_visible()
                assert getattr(cat.jurisdictions[doc.jurisdiction].name, lang) in origin.inner_text()
    page.close()


# ----------------------------------------------------------------------------
# Signposting packs
# ----------------------------------------------------------------------------


def _three(cat) -> list[str]:
    """Three services of different kinds, sensitive among them, in an order that is not the guide's."""
    sensitive = next(s.id for s in cat.services.values() if s.sensitive)
    plain = [s.id for s in cat.services.values() if not s.sensitive]
    return [plain[-1], sensitive, plain[0]]


@pytest.mark.parametrize("lang", LANGS)
def test_a_pack_from_an_address_with_three_services_holds_exactly_those(cat, browser, served, lang):
    ids = _three(cat)
    page = browser.new_page()
    page.goto(f"{served}{LANGS[lang]}pack/?s={','.join(ids)},no-such-service")
    page.wait_for_selector("[data-guide-pack-ready]")
    listed = page.locator("[data-guide-pack-list] a").all_inner_texts()
    assert [flat(t) for t in listed] == [flat(getattr(cat.services[i].title, lang)) for i in ids]
    sheets = page.locator("[data-guide-pack-handouts] .guide-handout")
    assert [sheets.nth(i).get_attribute("data-service") for i in range(sheets.count())] == ids
    assert page.locator("[data-guide-pack-handouts] h2").all_inner_texts() == listed  # one outline
    assert "no-such-service" in page.locator("[data-guide-pack-status]").inner_text()
    assert page.locator("[data-guide-exit-link]").is_visible()  # a sensitive service is in it
    page.emulate_media(media="print")
    breaks = page.evaluate("() => [...document.querySelectorAll('[data-guide-pack-handouts] .guide-handout')]"
                           ".map(e => getComputedStyle(e).breakBefore)")
    assert breaks == ["page"] * 3
    page.close()


def test_ticking_services_on_the_a_to_z_makes_a_pack_of_them(cat, browser, served):
    ids = _three(cat)[:2]
    page = browser.new_page()
    page.goto(served + "services/")
    for sid in ids:
        page.check(f"input.guide-pick[value='{sid}']")
    go = page.locator("[data-guide-pack-go]")
    assert "(2)" in go.inner_text()
    go.click()
    page.wait_for_selector("[data-guide-pack-ready]")
    ordered = [s.id for s in guide_pages._Renderer(cat, "en").sorted_services(cat.services.values())]
    assert page.url.endswith("pack/?s=" + ",".join(sorted(ids, key=ordered.index)))
    sheets = page.locator("[data-guide-pack-handouts] .guide-handout")
    assert sorted(sheets.nth(i).get_attribute("data-service") for i in range(sheets.count())) == sorted(ids)
    page.close()


def test_without_javascript_each_hub_links_a_ready_pack_of_its_own_services(cat, real_site):
    for lang, prefix in LANGS.items():
        for hub in cat.audiences:
            hub_page = SitePage(real_site, target_file(real_site, f"/{prefix}for/{hub.id}/"))
            assert f"/{prefix}pack/{hub.id}/" in hub_page.links("article a[href]")
            pack = SitePage(real_site, target_file(real_site, f"/{prefix}pack/{hub.id}/"))
            members = [s for s in cat.services.values() if set(hub.audiences) & set(s.audiences)]
            sheets = [el["data-service"] for el in pack.soup.select(".guide-pack__handouts .guide-handout")]
            assert sorted(sheets) == sorted(s.id for s in members), (lang, hub.id)
            contents = [a["href"] for a in pack.soup.select("[data-guide-pack-list] a")]
            assert contents == [f"#pack-{sid}" for sid in sheets]  # each entry opens its handout in the pack
            assert all(pack.soup.select_one(f"#pack-{sid}") for sid in sheets)
            exit_link = pack.soup.select_one("[data-guide-exit-link]")
            assert (exit_link is not None) == any(s.sensitive for s in members), (lang, hub.id)
        chooser = SitePage(real_site, target_file(real_site, f"/{prefix}pack/"))
        ready = chooser.links("[data-guide-pack-nojs] a[href]")
        assert ready == [f"/{prefix}pack/{hub.id}/" for hub in cat.audiences]


# ----------------------------------------------------------------------------
# Published with the site
# ----------------------------------------------------------------------------


def _pdf_links(site: Path) -> dict[str, list[str]]:
    return {p.url: links for p in pages(site) if (links := [u for u in p.links() if u.endswith(".pdf")])}


def test_publish_prints_the_pdfs_into_the_site_and_only_then_do_pages_link_them(tmp_path):
    project = make_project(tmp_path / "publish", FIXTURES / "mini")
    result = subprocess.run([sys.executable, "tools/build.py", "site", "--pdfs"], cwd=project.root,
                            capture_output=True, text=True, timeout=600,
                            env={**__import__("os").environ, "GUIDE_SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stdout + result.stderr
    linked = _pdf_links(project.site)
    for lang, prefix in LANGS.items():
        assert f"/{prefix}{plan.guide_pdf_path(lang)}" in linked[f"/{prefix}"]  # the home page
        assert f"/{prefix}{plan.guide_pdf_path(lang)}" in linked[f"/{prefix}print/guide/"]
        for sid in ("alpha", "beta"):
            assert linked[f"/{prefix}services/{sid}/handout/"] == [f"/{prefix}{plan.handout_pdf_path(sid)}"]
    broken = {url: [u for u in links if target_file(project.site, u) is None] for url, links in linked.items()}
    assert {url: b for url, b in broken.items() if b} == {}
    # A plain build (no chromium needed) links no PDF and has none.
    result = project.build(GUIDE_SITE_URL=SITE_URL)
    assert result.returncode == 0, result.stderr
    assert _pdf_links(project.site) == {} and not list(project.site.rglob("*.pdf"))
