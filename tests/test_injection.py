"""Nothing in data/ can put markup, links or script on a page.

Every payload of the XSS corpus (``xss_payloads.txt``: one a line, ``↵`` for a line break) goes into every field
of every model, found by walking ``guide.model.MODELS`` with pydantic (``poison.py``), never by a list of fields.
A field whose shape refuses the payload (ids, addresses, numbers, dates, choices...) must be refused by
``guide.load`` with a problem naming its file, line, record and field. The fields that accept it are then built
(``tools/build.py``) and every page is opened in Chromium: no payload runs, none becomes an element, attribute or
link, and each shows as the text it is.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from html import unescape
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Error as PlaywrightError

import guide
from guide.model import PATTERN_HINTS

import poison
from conftest import FIXTURES, ROOT, make_project
from htmlsite import pages

PAYLOADS = [line.replace("↵", "\n") for line in
            (Path(__file__).parent / "xss_payloads.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
OUTCOMES = ROOT / ".cache" / "injection-outcomes.md"  # the table of what happened to each payload


# ----------------------------------------------------------------------------
# The filled fixture and what the loader makes of each payload
# ----------------------------------------------------------------------------


class Lab:
    """The mini fixture filled so that every field of the model holds a value, and its slots; what the loader
    does with each payload, once per payload (a worker that needs it again finds it here)."""

    def __init__(self, root: Path):
        self.project = make_project(root, FIXTURES / "mini")
        docs = poison.read_docs(self.project.data)
        filler = poison.Filler([poison.pools_of(docs), poison.pools_of(poison.read_docs(ROOT / "data"))])
        self.docs, slots = filler.fill(docs)
        self.visited = filler.visited
        self.slots = {s.key: s for s in slots}
        self._settled: dict[tuple[str, str], poison.Settled] = {}
        self.tried: dict[tuple[str, str], dict[tuple, object]] = {}

    def settled(self, payload: str, how: str) -> poison.Settled:
        """``before``: the payload before the value of every field; ``after``: after every typed value."""
        if (payload, how) not in self._settled:
            if how == "before":
                values = {k: poison.before(s, payload) for k, s in self.slots.items()}
            else:
                values = {k: poison.after(s, payload) for k, s in self.slots.items()
                          if s.typed and s.clean is not None}
            self.tried[payload, how] = values
            self._settled[payload, how] = poison.settle(guide.load, self.project.data, self.docs, self.slots, values)
        return self._settled[payload, how]


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Iterator[Lab]:
    """In memory (/dev/shm) where there is one: the data is written a few hundred times, and a file written to
    disk costs milliseconds here, so the same tests take minutes on disk."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        root = Path(tempfile.mkdtemp(prefix="guide-injection-", dir=shm))
        yield Lab(root / "proj")
        shutil.rmtree(root, ignore_errors=True)
    else:
        yield Lab(tmp_path_factory.mktemp("injection") / "proj")


def test_every_field_of_the_model_is_filled_and_poisoned(lab):
    """The walk reaches every field of every model (a new field is found, filled and poisoned by itself), and the
    filled fixture is valid data."""
    assert lab.visited == poison.model_fields_reachable()
    assert len(lab.slots) > 1000
    wheres = {s.where.split("[")[0] for s in lab.slots.values()}
    assert {"service:channels", "document:sections", "pathway:nodes", "ui:quote_open.en"} <= wheres
    channel_types = {re.search(r"channels\[([a-z-]+)\]", s.where).group(1)
                     for s in lab.slots.values() if "channels[" in s.where}
    assert channel_types == set(guide.model.CHANNEL_TYPES)
    poison.write_docs(lab.project.data, lab.docs)
    guide.load(lab.project.data)


def _clear(slot: poison.Slot, problem, lines: int) -> str | None:
    """Why a problem line is not a clear one for this slot, or None."""
    shape = slot.shape.item if slot.shape.kind == "list" else slot.shape
    message = problem.message
    if problem.line is None or not 1 <= problem.line <= lines:
        return f"no line in the file ({problem.line})"
    if not problem.record or not message.strip() or "\n" in message or "Traceback" in message:
        return "no record, or not one line"
    if slot.tag:
        ok = "type" in message and all(str(c) in message for c in slot.variants)
    elif shape.kind == "literal":
        ok = all(f"'{c}'" in message for c in shape.choices)
    elif shape.kind == "str" and shape.pattern:
        what = PATTERN_HINTS.get(shape.pattern, ("should match pattern",))[0]
        ok = message.startswith(what) or "is too long" in message or what in message
    elif shape.kind == "date":
        ok = "date" in message
    elif shape.kind == "int":
        ok = "integer" in message
    elif shape.kind == "bool":
        ok = "boolean" in message
    else:
        ok = True  # free text: refused only by a rule of its own (braces in labels, length...), said in words
    return None if ok else f"the message does not say what the value must be: {message!r}"


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"{i:02}" for i in range(len(PAYLOADS))])
def test_a_payload_in_any_field_is_refused_with_one_clear_line_or_accepted(lab, payload):
    """Every field, one payload: each problem names one poisoned field clearly; a typed field refuses any value
    not of its shape (ids, emails, URLs, clause refs, numbers, dates, choices...)."""
    for how in ("before", "after"):
        settled = lab.settled(payload, how)
        assert settled.unexplained == [], (how, [str(p) for p in settled.unexplained[:5]])
        unclear = []
        for key, problems in settled.rejected.items():
            slot = lab.slots[key]
            unclear += [f"{p}: {why}" for p in problems if (why := _clear(slot, p, settled.lines[key]))]
        assert unclear == [], (how, unclear[:5])
        slipped = [f"data/{s.file}: {s.field} = {lab.tried[payload, how][k]!r}" for k, s in lab.slots.items()
                   if k in settled.accepted and s.typed and not poison.of_shape(s.shape, settled.accepted[k])]
        assert slipped == [], (how, "typed values not of their shape were accepted", slipped[:5])


# ----------------------------------------------------------------------------
# What the accepted payloads do on the built pages, in Chromium
# ----------------------------------------------------------------------------

# Elements a payload could add. Their number on each page must be what it is when the data is clean.
WATCHED = ["script", "style", "link", "meta", "base", "iframe", "frame", "object", "embed", "img", "svg", "math",
           "form", "input", "button", "textarea", "select", "details", "dialog", "template", "video", "audio",
           "source", "area", "map", "title", "noscript", "a"]
URL_ATTRIBUTES = ["href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href", "background",
                  "ping", "srcdoc"]

SNAPSHOT = """([watched, urlAttributes]) => {
  const counts = {};
  for (const tag of watched) counts[tag] = document.getElementsByTagName(tag).length;
  // Links the page itself adds to text (tel: numbers) and to its own headings (#anchors) are not counted.
  counts.a = [...document.getElementsByTagName('a')]
    .filter(a => !/^(tel:[0-9]+|#.*)$/.test(a.getAttribute('href') || '')).length;
  const handlers = [], urls = new Set();
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) handlers.push(el.tagName.toLowerCase() + '[' + name + ']');
      if (urlAttributes.includes(name)) urls.add(attr.value);
    }
  }
  const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
  return {
    xss: window.__xss === undefined ? null : String(window.__xss),
    counts, handlers, urls: [...urls].sort(),
    csp: csp ? csp.getAttribute('content') : null,
    hidden: !document.body || getComputedStyle(document.body).display === 'none',
    text: document.title + '\\n' + (document.body ? document.body.innerText : ''),
  };
}"""


def _flat(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Sweep:
    """Every page of a built site opened in Chromium: what each holds, and what ran."""

    snapshots: dict[str, dict]
    events: list[str]  # dialogs, policy violations, script errors: "<page>: <what>"


def _sweep(browser, site: Path, skip: dict[str, bytes] | None = None) -> tuple[Sweep, dict[str, bytes]]:
    """Open every page (but those whose bytes are in ``skip``: already checked) and snapshot it."""
    context = browser.new_context()
    events: list[str] = []
    current = {"url": ""}

    def new_page():
        page = context.new_page()
        page.on("dialog", lambda d: (events.append(f"{current['url']}: dialog {d.message!r}"), d.dismiss()))
        page.on("console", lambda m: events.append(f"{current['url']}: {m.text}")
                if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda e: events.append(f"{current['url']}: script error {e}"))
        return page

    page = new_page()
    snapshots, contents = {}, {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        contents[rel] = path.read_bytes()
        if skip is not None and skip.get(rel) == contents[rel]:
            continue
        current["url"] = rel
        for attempt in (1, 2):
            try:
                page.goto(path.as_uri())
                snapshots[rel] = page.evaluate(SNAPSHOT, [WATCHED, URL_ATTRIBUTES])
                if page.url != path.as_uri():
                    events.append(f"{rel}: the page went to {page.url}")
                break
            except PlaywrightError as exc:  # e.g. a <meta http-equiv=refresh> took this page or the last away
                events.append(f"{rel}: the page could not be read ({str(exc).splitlines()[0][:120]})")
                page.close()
                page = new_page()
    context.close()
    return Sweep(snapshots, events), contents


def _compare(rel: str, clean: dict, seen: dict) -> list[str]:
    """What a payload did to a page, against the same page built from clean data."""
    out = []
    if seen["xss"] is not None:
        out.append(f"{rel}: a payload ran (window.__xss = {seen['xss']})")
    if seen["handlers"]:
        out.append(f"{rel}: event handler attributes {seen['handlers'][:3]}")
    changed = {t: (clean["counts"][t], n) for t, n in seen["counts"].items() if n != clean["counts"][t]}
    if changed:
        out.append(f"{rel}: elements added or lost (clean, poisoned): {changed}")
    new_urls = [u for u in seen["urls"] if u not in clean["urls"] and not re.fullmatch(r"#.*|tel:[0-9]+", u)]
    if new_urls:
        out.append(f"{rel}: links or sources not on the clean page: {new_urls[:3]}")
    if seen["csp"] != clean["csp"] or "script-src 'self';" not in (seen["csp"] or ""):
        out.append(f"{rel}: the policy changed: {seen['csp']!r}")
    if seen["hidden"]:
        out.append(f"{rel}: the page body is hidden")
    return out


SEARCH_STATE = """() => {
  const list = document.getElementById('guide-search-results');
  const status = document.getElementById('guide-search-status');
  return {
    tags: [...new Set([...list.querySelectorAll('*')].map(e => e.tagName.toLowerCase()))].sort(),
    links: [...list.querySelectorAll('a')].map(a => a.href),
    handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes])
      .filter(a => a.name.toLowerCase().startsWith('on')).map(a => a.name),
    statusChildren: status.children.length, status: status.textContent, text: list.innerText,
    none: document.querySelector('[data-guide-search]').getAttribute('data-label-none'),
    xss: window.__xss === undefined ? null : String(window.__xss),
  };
}"""

EXIT_STATE = """() => {
  const box = document.querySelector('[data-guide-exit]');
  const status = box.querySelector('[data-guide-exit-status]');
  const first = {status: status.textContent, children: status.children.length,
                 expected: box.getAttribute('data-press-two')};
  box.querySelector('[data-guide-exit-link]').click();  // read in the same task, before the page is left
  const overlay = document.querySelector('.guide-exit-overlay');
  return {...first, overlay: overlay.textContent, overlayChildren: overlay.children.length,
          activated: box.getAttribute('data-activated'),
          xss: window.__xss === undefined ? null : String(window.__xss)};
}"""


def _search(page, site: Path, prefix: str, query: str, found: bool, out: list[str]) -> list[str]:
    page.goto(f"{(site / prefix / 'search' / 'index.html').as_uri()}?q={query}")
    page.wait_for_function("() => document.getElementById('guide-search-status').textContent !== ''")
    state = page.evaluate(SEARCH_STATE)
    where = f"{prefix}search/?q={query}"
    if state["xss"] is not None or state["handlers"]:
        out.append(f"{where}: a payload ran or added handlers")
    if not set(state["tags"]) <= {"li", "a", "span", "p"} or state["statusChildren"]:
        out.append(f"{where}: results hold elements the script never makes: {state['tags']}")
    if found and not state["links"]:
        out.append(f"{where}: no results")
    if not found and state["status"] != state["none"]:
        out.append(f"{where}: the status is not the label as text: {state['status']!r}")
    root = site.resolve().as_uri() + "/"
    for link in state["links"]:
        target = link.split("#")[0].split("?")[0]
        file = Path(re.sub(r"^file://", "", target).replace("%20", " "))
        if not target.startswith(root) or not (file / "index.html" if target.endswith("/") else file).exists():
            out.append(f"{where}: a result links outside the site: {link}")
    return [state["text"], state["status"]]


def _exit(page, site: Path, prefix: str, out: list[str]) -> list[str]:
    page.goto((site / prefix / "services" / "alpha" / "index.html").as_uri())
    page.keyboard.press("Shift")
    state = page.evaluate(EXIT_STATE)
    if (state["status"], state["overlay"]) != (state["expected"], state["activated"]) \
            or state["children"] or state["overlayChildren"] or state["xss"] is not None:
        out.append(f"{prefix}services/alpha/: the exit button's announcements are not its labels as text: {state}")
    return [state["status"], state["overlay"]]


def _interact(browser, site: Path) -> tuple[list[str], str]:
    """What the site's own scripts put on the page from data: search results, search status, the exit button's
    announcements. Returns complaints and the text they showed."""
    out, shown = [], []
    context = browser.new_context()
    context.route(re.compile(r"^https?://"), lambda route: route.abort())  # the exit link leaves the site
    steps = []
    for prefix, word in (("", "alpha"), ("ru/", "альфа")):  # in the mini fixture's service titles
        steps += [lambda page, p=prefix, w=word: _search(page, site, p, w, True, out),
                  lambda page, p=prefix: _search(page, site, p, "zzqxjvw", False, out),
                  lambda page, p=prefix: _exit(page, site, p, out)]
    for step in steps:
        page = context.new_page()
        page.on("dialog", lambda d: (out.append(f"dialog {d.message!r}"), d.dismiss()))
        try:
            shown += step(page)
        except PlaywrightError as exc:  # a payload took the page away, or broke the script
            out.append(f"a page could not be used ({str(exc).splitlines()[0][:160]})")
        page.close()
    context.close()
    return out, "\n".join(shown)


def _chunks(slot: poison.Slot, payloads: list[str]) -> list[list[str]]:
    """The payloads a field takes, in as few groups as its length allows (a list takes one item each)."""
    if slot.shape.kind == "list":
        room = (slot.shape.max_length or 10 ** 6) - len(slot.clean or [])
        return [payloads[i:i + room] for i in range(0, len(payloads), room)]
    room = (slot.shape.max_length or 20000) - len(poison._text(slot.clean)) - 1 if slot.clean is not None else \
        (slot.shape.max_length or 20000)
    groups: list[list[str]] = [[]]
    for payload in payloads:
        if groups[-1] and len("\n\n".join(groups[-1] + [payload])) > room:
            groups.append([])
        groups[-1].append(payload)
    return groups


def _value(slot: poison.Slot, group: list[str]):
    """The payloads of a group before the clean value: each on its own paragraph, or each its own list item."""
    if slot.shape.kind == "list":
        clean = list(slot.clean or [])
        return clean + [f"{p} {poison._text(clean[i % len(clean)])}" if clean else p for i, p in enumerate(group)]
    text = "\n\n".join(group)
    return text if slot.clean is None else f"{text} {poison._text(slot.clean)}"


def test_accepted_payloads_show_as_text_and_never_run_or_become_markup(lab, browser):
    """Every payload a field accepts, in that field, built and opened in Chromium: nothing runs (no dialog, no
    window.__xss, no policy violation), no page has an element, attribute or link the clean page does not have,
    and every payload shows on some page as the text it is."""
    accepted: dict[tuple, list[str]] = {}
    for payload in PAYLOADS:
        for key in lab.settled(payload, "before").accepted:
            slot = lab.slots[key]
            if not (slot.typed and slot.clean is None):  # typed values the data leaves out stay out
                accepted.setdefault(key, []).append(payload)
    groups = {key: _chunks(lab.slots[key], payloads) for key, payloads in accepted.items()}
    builds = max(len(g) for g in groups.values())
    assert builds <= 8, "the payloads no longer fit a handful of builds"

    project = lab.project
    poison.write_docs(project.data, lab.docs)
    result = project.build("site-clean", GUIDE_SITE_URL="")
    assert result.returncode == 0, result.stderr
    clean, checked = _sweep(browser, project.site.with_name("site-clean"))
    assert clean.events == [], clean.events[:5]
    assert len(clean.snapshots) > 60

    complaints: list[str] = []
    sites_checked = set()
    for b in range(builds):
        values = {key: _value(lab.slots[key], g[b % len(g)]) for key, g in groups.items()}
        in_build = {p for g in groups.values() for p in g[b % len(g)]}
        poison.write_docs(project.data, poison.with_values(lab.docs, lab.slots, values))
        try:
            guide.load(project.data)
        except guide.DataError as exc:
            pytest.fail(f"build {b + 1}: the accepted payloads together are refused:\n{exc.report()}")
        site = f"site-{b + 1}"
        result = project.build(site, GUIDE_SITE_URL="")
        assert result.returncode == 0, result.stderr
        digest = _digest(project.root / site)
        if digest in sites_checked:  # fields no page shows (quotes): the same site, already checked
            shutil.rmtree(project.root / site)
            continue
        sites_checked.add(digest)
        seen, contents = _sweep(browser, project.root / site, skip=checked if b else None)
        assert set(contents) == set(checked), "the poisoned site has other pages"
        complaints += [f"build {b + 1}: {e}" for e in seen.events]
        for rel, snapshot in seen.snapshots.items():
            complaints += [f"build {b + 1}: {c}" for c in _compare(rel, clean.snapshots[rel], snapshot)]
        found, shown = _interact(browser, project.root / site)
        complaints += [f"build {b + 1}: {c}" for c in found]
        text = _flat("\n".join(s["text"] for s in seen.snapshots.values()) + "\n" + shown)
        if b == 0:
            missing = [p for p in in_build if _flat(p) not in text]
            complaints += [f"build 1: not shown as text anywhere: {p!r}" for p in missing]
        checked.update(contents)
        shutil.rmtree(project.root / site)
    assert complaints == [], _summary(complaints)
    _write_outcomes(lab, accepted, builds, len(sites_checked))


def _summary(complaints: list[str]) -> str:
    """The complaints, a few of each kind (what a page gained, what ran, what the policy blocked...)."""
    kinds: dict[str, list[str]] = {}
    for complaint in complaints:
        what = re.sub(r"^build [0-9]+: [^:]*: ", "", complaint)
        kinds.setdefault(re.split(r"[:(']", what)[0][:60], []).append(complaint)
    lines = []
    for kind, items in sorted(kinds.items(), key=lambda i: "Content Security Policy" in i[1][0]):
        lines += [f"{len(items)} x {kind}"] + ["    " + (c if len(c) < 300 else c[:300] + "...") for c in items[:3]]
    return "\n".join(lines)


def _digest(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        digest.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _stem(message: str, payload: str) -> str:
    """A problem message without the value it quotes."""
    for quoted in (repr(payload)[1:-1], payload.encode("unicode_escape").decode(), payload):
        message = message.replace(quoted, "…")
    message = re.sub(r"'[^']*…[^']*'|\"[^\"]*…[^\"]*\"", "…", message)
    message = re.sub(r"\{[^{}]*\}(?=: this label)", "{…}", message)  # the braces of the payload it names
    return message.split(", got")[0].split(": write")[0].split("; use one of")[0][:80]


def _kind(slot: poison.Slot) -> str:
    """What sort of field a slot is, for the table."""
    shape = slot.shape.item if slot.shape.kind == "list" else slot.shape
    many = " (list)" if slot.shape.kind == "list" else ""
    if slot.tag:
        return "type of a channel or pathway node"
    if shape.kind == "str" and shape.pattern:
        return PATTERN_HINTS.get(shape.pattern, (f"must match {shape.pattern}",))[0].removeprefix("must be ") + many
    if shape.kind == "literal":
        return "one of " + "/".join(map(str, shape.choices)) + many
    if shape.kind == "str":
        return "interface label" if slot.where.startswith("ui:") and not many else "text" + many
    return shape.kind + many


def _write_outcomes(lab: Lab, accepted: dict[tuple, list[str]], builds: int, sites: int) -> None:
    """What happened to each payload in each sort of field (.cache/injection-outcomes.md), for release notes."""
    kinds: dict[str, dict] = {}
    per_payload = []
    for payload in PAYLOADS:
        before, after = lab.settled(payload, "before"), lab.settled(payload, "after")
        for key, slot in lab.slots.items():
            row = kinds.setdefault(_kind(slot), {"fields": set(), "refused": {}, "took": set(), "built": set()})
            row["fields"].add(slot.where)
            if key in before.rejected:
                for problem in before.rejected[key]:
                    row["refused"].setdefault(_stem(problem.message, payload), set()).add(payload)
            elif payload in accepted.get(key, ()):
                row["built"].add(payload)
            else:
                row["took"].add(payload)
        per_payload.append((payload, sum(payload in ps for ps in accepted.values()), len(before.rejected),
                            sorted({lab.slots[k].where for k in after.accepted})))
    lines = [f"{len(lab.slots)} fields in the filled mini fixture ({len(kinds)} sorts), {len(PAYLOADS)} payloads "
             f"before every value and after every typed one; {builds} builds ({sites} distinct sites opened in "
             "Chromium: fields that no page shows make the same site).", "",
             "| sort of field | fields | refused by guide.load (payloads) | built: shown as text, nothing ran "
             "(payloads) | taken as a value of its shape, not built (payloads) |", "| --- | --- | --- | --- | --- |"]
    for kind, row in sorted(kinds.items()):
        refused = "; ".join(f"{m} ({len(ps)})" for m, ps in sorted(row["refused"].items(), key=lambda i: -len(i[1])))
        examples = ", ".join(sorted(row["fields"])[:2]) + (", …" if len(row["fields"]) > 2 else "")
        lines.append(f"| {kind} | {len(row['fields'])}: {examples} | {refused or '-'} | {len(row['built']) or '-'} | "
                     f"{len(row['took'] - row['built']) or '-'} |")
    lines += ["", "| payload | fields that took it: built, shown as text, nothing ran | fields that refused it, "
              "with a problem naming each | typed values taking it after a valid start |", "| --- | --- | --- | --- |"]
    for payload, took, refused, after in per_payload:
        code = payload.replace("\n", "↵").replace("|", "\\|").replace("`", "ˋ")
        lines.append(f"| `{code}` | {took} | {refused} | {', '.join(after) or '-'} |")
    OUTCOMES.parent.mkdir(exist_ok=True)
    OUTCOMES.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ----------------------------------------------------------------------------
# The Content Security Policy: a script that got into a page anyway does not run
# ----------------------------------------------------------------------------


def test_a_script_written_into_a_built_page_is_blocked_by_the_policy(mini_site, browser, tmp_path):
    """Were a payload ever to reach a page as markup, the policy approves no inline script of any kind: no hash,
    no nonce, no 'unsafe-inline'. Chromium refuses a <script>, an event handler and a javascript: link written
    into a copy of a built page, and says so, while the site's own script files still run."""
    site = tmp_path / "site"
    shutil.copytree(mini_site, site)
    target = site / "services" / "alpha" / "index.html"
    html = target.read_text(encoding="utf-8")
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    policy = dict(part.strip().split(" ", 1) for part in unescape(meta).split(";"))
    assert policy["script-src"] == "'self'"
    injected = ('<script>window.__xss = "inline script"</script>'
                '<img src="no-such-image.png" onerror="window.__xss = \'event handler\'" alt="">'
                '<a id="injected-link" href="javascript:window.__xss = \'javascript: link\'">injected</a>')
    target.write_text(html.replace("</body>", injected + "</body>"), encoding="utf-8")

    page = browser.new_page()
    messages, dialogs = [], []
    page.on("console", lambda m: messages.append(m.text))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(target.as_uri())
    page.wait_for_load_state("load")
    page.click("#injected-link")
    page.wait_for_timeout(200)
    ran = page.evaluate("() => [window.__xss === undefined ? null : window.__xss, typeof __md_scope]")
    page.close()
    violations = [m for m in messages if "Content Security Policy" in m]
    assert ran == [None, "object"], "an injected script ran, or the site's own scripts did not"
    assert dialogs == []
    for what in ("inline script", "inline event handler", "JavaScript URL"):
        assert any(what in m for m in violations), (what, violations)


def test_the_policy_comes_before_anything_from_data_in_every_page(mini_site):
    """A policy in a <meta> tag applies only to what follows it: were the page description or title (text from
    data/) ever to break out of its escaping above the policy, its script would run. Hosts that cannot send the
    header (GitHub Pages) have only the tag, so it is the first thing after the character set."""
    for page in pages(mini_site):
        head = [tag for tag in page.soup.head.find_all(True)]
        first = [(t.name, t.get("charset") or t.get("http-equiv")) for t in head[:2]]
        assert first == [("meta", "utf-8"), ("meta", "Content-Security-Policy")], (page.url, head[:3])
