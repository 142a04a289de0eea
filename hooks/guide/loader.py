"""Load every YAML file under ``data/``, validate it, and check references.

All problems are collected (not just the first) and raised together as a
:class:`~guide.errors.DataError`, each naming file, line, record and field.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml
from pydantic import BaseModel, RootModel, ValidationError

from . import plan
from .errors import DataError, Problem, dotted
from .pathways import check_pathways
from .model import (
    CHANNEL_TYPES,
    NODE_TYPES,
    LANGUAGES,
    MODELS,
    PATTERN_HINTS,
    AudienceHub,
    Document,
    GlossaryTerm,
    Home,
    Term,
    Jurisdiction,
    Name,
    NameList,
    Organisation,
    Pathway,
    Section,
    Service,
    SearchSettings,
    SourceDocument,
    Text,
    TextList,
    Ui,
)

# ----------------------------------------------------------------------------
# Which file holds what
# ----------------------------------------------------------------------------

SINGLE_FILES: dict[str, str] = {
    "ui.yml": "ui",
    "home.yml": "home",
    "sections.yml": "sections",
    "audiences.yml": "audiences",
    "jurisdictions.yml": "jurisdictions",
    "sources.yml": "sources",
    "organisations.yml": "organisations",
    "glossary.yml": "glossary",
    "terms.yml": "terms",
    "search.yml": "search",
}
# folder -> (kind, path depth below data/): services/<section>/<id>.yml, documents/<id>.yml
RECORD_DIRS: dict[str, tuple[str, int]] = {
    "services": ("service", 3),
    "documents": ("document", 2),
    "pathways": ("pathway", 2),
}
IGNORED_DIRS = {"schema"}

# Editors' lock, backup and swap files, and hidden files and folders, are not data: emacs .#x.yml,
# #x.yml# and x.yml~; vim .x.yml.swp, .swo...; kate x.yml.kate-swp; JetBrains x.yml___jb_tmp___; x.yml.bak.
_NOT_DATA = re.compile(r"^\.|^#.*#$|~$|\.sw[a-p]$|\.bak$|\.kate-swp$|___jb_(tmp|old)___$")

_PATTERN_HINTS = PATTERN_HINTS  # pattern -> (what the value must be, its shape), from the model

MAX_DEPTH = 32  # levels of nested lists and mappings in one file; the real data has at most 12


def _all_field_names() -> set[str]:
    names: set[str] = set()
    seen: set[type] = set()

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in getattr(model, "model_fields", {}).items():
            names.add(name)
            for arg in _types_in(info.annotation):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    visit(arg)

    for model in MODELS.values():
        visit(model)
        for arg in _types_in(getattr(model, "model_fields", {}).get("root", None) and model.model_fields["root"].annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                visit(arg)
    return names


def _types_in(annotation: Any) -> Iterable[Any]:
    if annotation is None:
        return []
    out = [annotation]
    for arg in getattr(annotation, "__args__", ()) or ():
        out.extend(_types_in(arg))
    for meta in getattr(annotation, "__metadata__", ()) or ():
        out.extend(_types_in(meta))
    return out


# ----------------------------------------------------------------------------
# YAML with line numbers
# ----------------------------------------------------------------------------


_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ten times faster


class _Loader(_BASE_LOADER):
    """Safe loader that keeps dates as strings, so a bad date is a field error."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class YamlDoc:
    path: Path
    rel: str
    data: Any
    node: yaml.Node | None

    def line_of(self, loc: Iterable[Any]) -> int | None:
        """Line (1-based) of the deepest node along ``loc`` that exists."""
        node = self.node
        if node is None:
            return None
        line = node.start_mark.line + 1
        for part in loc:
            child = _child(node, part)
            if child is None:
                continue  # e.g. a discriminator tag pydantic puts in the path
            key_node, node = child
            line = (key_node or node).start_mark.line + 1
        return line


def _child(node: yaml.Node, part: Any) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                return key, value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


def _duplicate_keys(node: yaml.Node | None, path: tuple = ()) -> Iterable[tuple[tuple, int, str]]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = getattr(key, "value", None)
            if name in seen:
                yield path + (name,), key.start_mark.line + 1, name
            seen.add(name)
            yield from _duplicate_keys(value, path + (name,))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _duplicate_keys(item, path + (i,))


_OPENS = {yaml.MappingStartEvent, yaml.SequenceStartEvent}
_CLOSES = {yaml.MappingEndEvent, yaml.SequenceEndEvent}


def _shape_problems(text: str, rel: str) -> list[Problem]:
    """Anchors, aliases, tags and deep nesting, found in libyaml's event stream before any node or
    Python object is made (an alias bomb never expands). One problem for each kind, at its first line."""
    found: dict[str, Problem] = {}

    def note(kind: str, event: yaml.Event, message: str) -> None:
        found.setdefault(kind, Problem(rel, event.start_mark.line + 1, None, None, message))

    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind in _CLOSES:
            depth -= 1
            continue
        if kind is yaml.AliasEvent or (kind is yaml.ScalarEvent or kind in _OPENS) and event.anchor is not None:
            note("anchor", event, "YAML anchors and aliases (&name, *name) are not allowed: write each value out")
        if (kind is yaml.ScalarEvent or kind in _OPENS) and event.tag is not None:
            tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
            note("tag", event, f"YAML tags ({tag}) are not allowed: write plain values")
        if kind in _OPENS:
            depth += 1
            if depth > MAX_DEPTH:
                note("depth", event, f"lists and mappings are nested more than {MAX_DEPTH} levels deep")
                break
    return list(found.values())


def read_yaml(path: Path, root: Path) -> tuple[YamlDoc | None, list[Problem]]:
    rel = _rel(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(rel, None, None, None, f"not valid UTF-8 text ({exc.reason})")]
    except OSError as exc:
        return None, [Problem(rel, None, None, None, f"cannot be read ({exc.strerror})")]
    loader = None
    try:
        shape = _shape_problems(text, rel)
        if shape:
            return None, shape
        loader = _Loader(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(filter(None, [exc.context, exc.problem]))
        return None, [Problem(rel, line, None, None, f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(rel, None, None, None, f"YAML error: {' '.join(str(exc).split())}")]
    except (ValueError, TypeError, RecursionError) as exc:  # e.g. a timestamp-like key, deep nesting
        return None, [Problem(rel, None, None, None, f"cannot be read as data: {exc}")]
    finally:
        if loader is not None:
            loader.dispose()
    doc = YamlDoc(path, rel, data, node)
    problems = [
        Problem(rel, line, _record_id(data, path), dotted(loc), f"key '{name}' appears twice")
        for loc, line, name in _duplicate_keys(node)
    ]
    return doc, problems


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return path.as_posix()


def _record_id(data: Any, path: Path, loc: tuple = ()) -> str | None:
    if isinstance(data, dict):
        value = data.get("id")
        return str(value) if value is not None else path.stem
    if isinstance(data, list) and loc and isinstance(loc[0], int) and loc[0] < len(data):
        item = data[loc[0]]
        if isinstance(item, dict) and item.get("id") is not None:
            return str(item["id"])
        return f"#{loc[0] + 1}"
    return None


# ----------------------------------------------------------------------------
# Validation errors -> problems
# ----------------------------------------------------------------------------

_FIELD_NAMES: set[str] | None = None


def _message(err: dict[str, Any]) -> str:
    kind = err["type"]
    loc = err["loc"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        if loc and loc[-1] in LANGUAGES:
            return f"missing translation ({loc[-1]})"
        return "required field is missing"
    if kind == "extra_forbidden":
        global _FIELD_NAMES
        _FIELD_NAMES = _FIELD_NAMES or _all_field_names()
        name = str(loc[-1]) if loc else ""
        guess = difflib.get_close_matches(name, sorted(_FIELD_NAMES), n=1)
        hint = f" (did you mean '{guess[0]}'?)" if guess else ""
        return f"unknown field '{name}'{hint}"
    if kind in {"union_tag_invalid", "union_tag_not_found"}:
        allowed = NODE_TYPES if "nodes" in loc else CHANNEL_TYPES
        what = "node" if "nodes" in loc else "channel"
        if kind == "union_tag_not_found":
            return f"{what} has no 'type'; use one of: {', '.join(allowed)}"
        return f"unknown {what} type {ctx.get('tag')!r}; use one of: {', '.join(allowed)}"
    if kind == "string_pattern_mismatch":
        what, shape = _PATTERN_HINTS.get(ctx.get("pattern", ""), (err["msg"], ""))
        return f"{what}, got {err.get('input')!r}" + (f": {shape}" if shape else "")
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"}:
        return f"not a valid date (write YYYY-MM-DD), got {err.get('input')!r}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind == "too_long":
        return f"has too many entries (at most {ctx.get('max_length')})"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return err["msg"]


def _strip_tags(loc: tuple) -> tuple:
    return tuple(p for p in loc if not (isinstance(p, str) and (p in CHANNEL_TYPES or p in NODE_TYPES)))


def validate(doc: YamlDoc, kind: str) -> tuple[Any, list[Problem]]:
    model = MODELS[kind]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = _strip_tags(tuple(err["loc"]))
            if kind == "service" and not isinstance(doc.data, dict):
                problems.append(Problem(doc.rel, 1, None, None, "must be a mapping of fields (one record per file)"))
                break
            record = _record_id(doc.data, doc.path, loc)
            problems.append(Problem(doc.rel, doc.line_of(loc), record, dotted(loc) or None, _message(err)))
        return None, problems


# ----------------------------------------------------------------------------
# The loaded, checked data
# ----------------------------------------------------------------------------


@dataclass
class Catalogue:
    """Everything in data/, validated and cross-checked."""

    root: Path
    ui: Ui
    home: Home
    sections: list[Section]
    audiences: list[AudienceHub]
    jurisdictions: dict[str, Jurisdiction]
    sources: dict[str, SourceDocument]
    organisations: dict[str, Organisation]
    services: dict[str, Service]
    documents: dict[str, Document] = field(default_factory=dict)
    glossary: list[GlossaryTerm] = field(default_factory=list)
    pathways: dict[str, Pathway] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # record id -> data file
    # (kind, record id) -> data file: ("service", "fraud"), ("document", ...), ("pathway", ...);
    # (kind, None) for the single files: ("sections", None) -> "data/sections.yml"
    data_files: dict[tuple[str, str | None], str] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)  # the term base (data/terms.yml)
    search: SearchSettings | None = None  # synonyms and the nothing-found offer (data/search.yml)

    def organisation_of(self, svc: Service) -> str | None:
        """Id of the organisation that runs a service: its own `organisation`, else its source's publisher."""
        source = self.sources.get(svc.source.file)
        return svc.organisation or (source.publisher if source else None)

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def services_in(self, section_id: str) -> list[Service]:
        return [s for s in self.services.values() if s.section == section_id or section_id in s.also_in]


class _Ids(set):
    """Ids of records that exist but did not load (their own problems are reported), so references to
    them are not reported again. With ``everything`` set (a folder could not be read), any id may exist."""

    everything = False

    def __contains__(self, item: object) -> bool:
        return self.everything or super().__contains__(item)


def _walk(root: Path) -> tuple[list[Path], set[Path], list[Problem], bool]:
    """Every data file under ``root``: (files, links refused, problems, whether every folder was read).

    Editors' lock, backup and swap files and hidden files are skipped. Links may point to files inside
    data/ only."""
    files: list[Path] = []
    refused: set[Path] = set()
    problems: list[Problem] = []
    complete = True
    inside = root.resolve()
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(_rel(folder, root) + "/", None, None, None,
                                    f"folder cannot be read ({exc.strerror or exc})"))
            complete = False
            continue
        for entry in entries:
            path = Path(entry.path)
            if _NOT_DATA.search(entry.name) or (folder == root and entry.name in IGNORED_DIRS):
                continue
            if entry.is_symlink():
                try:
                    target = path.resolve()
                    outside = not target.is_relative_to(inside)
                    is_dir = target.is_dir()
                except (OSError, RuntimeError):  # a loop of links
                    outside, is_dir = True, False
                if outside or is_dir:
                    what = "something outside data/" if outside else "a folder"
                    problems.append(Problem(_rel(path, root), None, None, None,
                                            f"is a link to {what}: data files must be in data/ "
                                            "(a link may only lead to a file inside data/)"))
                    refused.add(path)
                    continue
                files.append(path)
            elif entry.is_dir(follow_symlinks=False):
                folders.append(path)
            else:
                files.append(path)
    return sorted(files), refused, problems, complete


def load(root: Path) -> Catalogue:
    """Load and check ``root`` (the data/ folder). Raises DataError listing every problem."""
    root = Path(root)
    files, refused, problems, complete = _walk(root)
    if not files and not complete:
        raise DataError(problems)
    present = set(files)
    singles: dict[str, Any] = {}
    for name, kind in SINGLE_FILES.items():
        path = root / name
        if path in refused:
            continue
        if path not in present:
            problems.append(Problem(_rel(path, root), None, None, None, "file is missing"))
            continue
        doc, found = read_yaml(path, root)
        problems += found
        if doc is not None:
            value, found = validate(doc, kind)
            problems += found
            singles[kind] = (value, doc)

    services: dict[str, Service] = {}
    service_docs: dict[str, YamlDoc] = {}
    broken = _Ids()  # records that failed validation: not reported again as missing
    broken.everything = not complete
    documents: dict[str, Document] = {}
    document_docs: dict[str, YamlDoc] = {}
    pathways: dict[str, Pathway] = {}
    pathway_docs: dict[str, YamlDoc] = {}
    for path in files:
        rel_parts = path.relative_to(root).parts
        if len(rel_parts) == 1 and path.name in SINGLE_FILES:
            continue
        if path.suffix not in {".yml", ".yaml"}:
            problems.append(Problem(_rel(path, root), None, None, None, "not a data file (expected .yml)"))
            continue
        kind, depth = RECORD_DIRS.get(rel_parts[0], (None, 0))
        if kind is None or len(rel_parts) != depth:
            problems.append(
                Problem(_rel(path, root), None, None, None,
                        "unexpected data file: records go in data/services/<section>/<id>.yml "
                        "or data/documents/<id>.yml")
            )
            continue
        doc, found = read_yaml(path, root)
        problems += found
        if doc is None:
            broken.add(path.stem)
            continue
        record, found = validate(doc, kind)
        problems += found
        if record is None:
            broken.add(path.stem)
            continue
        if path.stem != record.id:
            problems.append(Problem(doc.rel, doc.line_of(("id",)), record.id, "id",
                                    f"must match the file name '{path.stem}'"))
            broken.update({path.stem, record.id})
            continue
        if kind in ("pathway", "document"):
            records, record_docs = (pathways, pathway_docs) if kind == "pathway" else (documents, document_docs)
            if record.id in records:  # x.yml and x.yaml
                problems.append(Problem(doc.rel, doc.line_of(("id",)), record.id, "id",
                                        f"duplicate id: also used by {record_docs[record.id].rel}"))
                continue
            records[record.id] = record
            record_docs[record.id] = doc
            continue
        if rel_parts[1] != record.section:
            problems.append(Problem(doc.rel, doc.line_of(("section",)), record.id, "section",
                                    f"is '{record.section}' but the file is in folder '{rel_parts[1]}'"))
        if record.id in services:
            other = service_docs[record.id]
            problems.append(Problem(doc.rel, doc.line_of(("id",)), record.id, "id",
                                    f"duplicate id: also used by {other.rel}"))
            continue
        services[record.id] = record
        service_docs[record.id] = doc

    if len(singles) != len(SINGLE_FILES) or any(v is None for v, _ in singles.values()):
        raise DataError(problems)

    data_files: dict[tuple[str, str | None], str] = {(kind, None): singles[kind][1].rel for kind in singles}
    for kind, docs in (("service", service_docs), ("document", document_docs), ("pathway", pathway_docs)):
        data_files.update({(kind, rid): d.rel for rid, d in docs.items()})
    cat = Catalogue(
        root=root,
        ui=singles["ui"][0],
        home=singles["home"][0],
        sections=list(singles["sections"][0].root),
        audiences=list(singles["audiences"][0].root),
        jurisdictions={j.id: j for j in singles["jurisdictions"][0].root},
        sources={s.file: s for s in singles["sources"][0].root},
        organisations={o.id: o for o in singles["organisations"][0].root},
        services=dict(sorted(services.items())),
        documents=dict(sorted(documents.items())),
        glossary=list(singles["glossary"][0].root),
        pathways=dict(sorted(pathways.items())),
        terms=list(singles["terms"][0].root),
        files={k: d.rel for k, d in {**service_docs, **document_docs, **pathway_docs}.items()},
        data_files=data_files,
        search=singles["search"][0],
    )
    problems += _check_lists(singles)
    problems += _check_references(cat, service_docs, singles, broken)
    problems += _check_documents(cat, document_docs, broken)
    problems += _check_glossary(cat, singles["glossary"][1])
    path_problems = check_pathways(cat, pathway_docs, broken)
    problems += path_problems
    models = [*singles.values()]
    for records, record_docs in ((services, service_docs), (documents, document_docs), (pathways, pathway_docs)):
        models += [(records[k], d) for k, d in record_docs.items()]
    problems += _check_translations(models)
    problems += _check_sensitive(cat, service_docs)
    problems += _check_search(cat, singles["search"][1], broken)
    unwalkable = {p.record for p in path_problems}  # a pathway with problems may loop: not walked
    problems += _check_addresses(cat, {d.rel: d for _, d in models}, unwalkable)
    if problems:
        raise DataError(problems)
    return cat


def _check_lists(singles: dict[str, Any]) -> list[Problem]:
    problems = []
    for kind in ("sections", "audiences", "jurisdictions", "organisations", "glossary", "terms"):
        value, doc = singles[kind]
        seen: set[str] = set()
        for i, item in enumerate(value.root):
            if item.id in seen:
                problems.append(Problem(doc.rel, doc.line_of((i, "id")), item.id, dotted((i, "id")), "duplicate id"))
            seen.add(item.id)
    return problems


def _check_references(
    cat: Catalogue, docs: dict[str, YamlDoc], singles: dict[str, Any], broken: set[str]
) -> list[Problem]:
    problems: list[Problem] = []
    section_ids = {s.id for s in cat.sections}

    def known(service_id: str) -> bool:
        return service_id in cat.services or service_id in broken

    def need(ok: bool, doc: YamlDoc, record: str, loc: tuple, message: str) -> None:
        if not ok:
            problems.append(Problem(doc.rel, doc.line_of(loc), record, dotted(loc), message))

    for sid, svc in cat.services.items():
        doc = docs[sid]
        need(svc.section in section_ids, doc, sid, ("section",), f"unknown section '{svc.section}' (see data/sections.yml)")
        for i, other in enumerate(svc.also_in):
            need(other in section_ids, doc, sid, ("also_in", i), f"unknown section '{other}'")
        for i, rel in enumerate(svc.related):
            need(known(rel), doc, sid, ("related", i), f"related record '{rel}' does not exist")
            need(rel != sid, doc, sid, ("related", i), "a record cannot be related to itself")
        need(svc.jurisdiction in cat.jurisdictions, doc, sid, ("jurisdiction",),
             f"unknown jurisdiction '{svc.jurisdiction}' (see data/jurisdictions.yml)")
        need(svc.source.file in cat.sources, doc, sid, ("source", "file"),
             f"unknown source '{svc.source.file}' (see data/sources.yml)")
        if svc.organisation is not None:
            need(svc.organisation in cat.organisations, doc, sid, ("organisation",),
                 f"unknown organisation '{svc.organisation}' (see data/organisations.yml)")
        elif svc.source.file in cat.sources:
            need(cat.organisation_of(svc) is not None, doc, sid, ("organisation",),
                 "say which organisation runs the service: set `organisation` (an id in data/organisations.yml), "
                 "or `publisher` for its source in data/sources.yml")
        for i, ch in enumerate(svc.channels):
            org = getattr(ch, "organisation", None)
            if org is not None:
                need(org in cat.organisations, doc, sid, ("channels", i, "organisation"),
                     f"unknown organisation '{org}' (see data/organisations.yml)")
            linked = [o for o in [org, *getattr(ch, "stores", [])] if o in cat.organisations]
            homes = [cat.organisations[o].url for o in linked if cat.organisations[o].url]
            if homes and hasattr(ch, "look_for"):
                need(ch.look_for is not None, doc, sid, ("channels", i, "look_for"),
                     f"say what to look for: the link opens a home page ({', '.join(homes)}), so set look_for "
                     "to the page as the source names it (or the service's name)")
            for j, store in enumerate(getattr(ch, "stores", [])):
                need(store in cat.organisations, doc, sid, ("channels", i, "stores", j),
                     f"unknown organisation '{store}'")

    value, doc = singles["organisations"]
    for i, org in enumerate(value.root):
        need(org.url is None or org.site_name is not None, doc, org.id, (i, "site_name"),
             "has a url but no site_name: say what its site is called at the start of a link, "
             "e.g. 'Northamptonshire Police website'")
    value, doc = singles["sections"]
    for i, sec in enumerate(value.root):
        need(sec.source.file in cat.sources, doc, sec.id, (i, "source", "file"), f"unknown source '{sec.source.file}'")
    value, doc = singles["sources"]
    for i, src in enumerate(value.root):
        need(src.jurisdiction in cat.jurisdictions, doc, src.file, (i, "jurisdiction"),
             f"unknown jurisdiction '{src.jurisdiction}'")
        if src.publisher is not None:
            need(src.publisher in cat.organisations, doc, src.file, (i, "publisher"),
                 f"unknown organisation '{src.publisher}' (see data/organisations.yml)")
    value, doc = singles["home"]
    for i, route in enumerate(value.emergency):
        for j, ref in enumerate(route.services):
            need(known(ref), doc, route.id, ("emergency", i, "services", j), f"service '{ref}' does not exist")
    need(value.start in cat.pathways or value.start in broken, doc, None, ("start",),
         f"pathway '{value.start}' does not exist (see data/pathways/)")
    return problems


def search_key(word: str) -> str:
    """A search word as the browser compares it: lower case, ё as е, no apostrophes, hyphens as spaces."""
    word = re.sub(r"['’‘`]", "", word.lower().replace("ё", "е"))
    return " ".join(word.replace("-", " ").split())


def _check_search(cat: Catalogue, doc: YamlDoc, broken: set[str]) -> list[Problem]:
    """data/search.yml: the pages it offers exist; a word belongs to one synonym group only."""
    problems: list[Problem] = []
    settings = cat.search

    def need(ok: bool, record: str | None, loc: tuple, message: str) -> None:
        if not ok:
            problems.append(Problem(doc.rel, doc.line_of(loc), record, dotted(loc), message))

    found = settings.nothing_found
    place = cat.jurisdictions.get(found.jurisdiction)
    need(place is not None and place.emergency is not None, "nothing_found", ("nothing_found", "jurisdiction"),
         f"jurisdiction '{found.jurisdiction}' does not exist or has no emergency number (see data/jurisdictions.yml)")
    need(found.pathway in cat.pathways or found.pathway in broken, "nothing_found", ("nothing_found", "pathway"),
         f"pathway '{found.pathway}' does not exist (see data/pathways/)")
    for i, ref in enumerate(found.services):
        need(ref in cat.services or ref in broken, "nothing_found", ("nothing_found", "services", i),
             f"service '{ref}' does not exist")
    section_ids = {s.id for s in cat.sections}
    for i, ref in enumerate(found.sections):
        need(ref in section_ids, "nothing_found", ("nothing_found", "sections", i),
             f"unknown section '{ref}' (see data/sections.yml)")
    for g, group in enumerate(settings.synonyms):
        need(any(len(getattr(group, lang)) > 1 for lang in LANGUAGES), f"#{g + 1}", ("synonyms", g),
             "a synonym group needs two or more words in at least one language")
    for lang in LANGUAGES:
        first: dict[str, int] = {}
        for g, group in enumerate(settings.synonyms):
            for w, word in enumerate(getattr(group, lang)):
                key = search_key(word)
                if key in first:
                    where = "earlier in this group" if first[key] == g else f"in group #{first[key] + 1}"
                    need(False, f"#{g + 1}", ("synonyms", g, lang, w), f"'{word}' is already {where}")
                else:
                    first[key] = g
    return problems


def _duplicates(items: Iterable[Any]) -> Iterable[tuple[int, str]]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            yield i, item.id
        seen.add(item.id)


def _check_documents(cat: Catalogue, docs: dict[str, YamlDoc], broken: set[str]) -> list[Problem]:
    """References inside each document, and from documents to services."""
    problems: list[Problem] = []

    for did, d in cat.documents.items():
        doc = docs[did]

        def need(ok: bool, loc: tuple, message: str) -> None:
            if not ok:
                problems.append(Problem(doc.rel, doc.line_of(loc), did, dotted(loc), message))

        need(d.jurisdiction in cat.jurisdictions, ("jurisdiction",), f"unknown jurisdiction '{d.jurisdiction}'")
        need(d.source.file in cat.sources, ("source", "file"), f"unknown source '{d.source.file}'")
        for name in ("periods", "roles", "flows", "forms", "topic_groups", "topics"):
            for i, dup in _duplicates(getattr(d, name)):
                need(False, (name, i, "id"), f"duplicate id '{dup}' in {name}")

        def walk(sections, loc):
            for i, sec in enumerate(sections):
                yield sec, loc + (i,)
                yield from walk(sec.sections, loc + (i, "sections"))

        seen: set[str] = set()
        for sec, loc in walk(d.sections, ("sections",)):
            need(sec.id not in seen, loc + ("id",), f"duplicate section id '{sec.id}'")
            seen.add(sec.id)

        periods = {p.id for p in d.periods}
        roles = {r.id for r in d.roles}
        groups = {g.id for g in d.topic_groups}
        for i, role in enumerate(d.roles):
            for j, duty in enumerate(role.duties):
                if duty.period is not None:
                    need(duty.period in periods, ("roles", i, "duties", j, "period"), f"unknown period '{duty.period}'")
        for i, flow in enumerate(d.flows):
            need(flow.sender in roles, ("flows", i, "sender"), f"unknown role '{flow.sender}'")
            need(flow.receiver in roles, ("flows", i, "receiver"), f"unknown role '{flow.receiver}'")
        for i, step in enumerate(d.timeline):
            if step.role is not None:
                need(step.role in roles, ("timeline", i, "role"), f"unknown role '{step.role}'")
        for i, topic in enumerate(d.topics):
            need(topic.group in groups, ("topics", i, "group"), f"unknown topic group '{topic.group}'")
            for j, sid in enumerate(topic.services):
                need(sid in cat.services or sid in broken, ("topics", i, "services", j),
                     f"service '{sid}' does not exist")
    return problems


def _check_glossary(cat: Catalogue, doc: YamlDoc) -> list[Problem]:
    problems = []
    for i, term in enumerate(cat.glossary):
        if term.jurisdiction not in cat.jurisdictions:
            problems.append(Problem(doc.rel, doc.line_of((i, "jurisdiction")), term.id, dotted((i, "jurisdiction")),
                                    f"unknown jurisdiction '{term.jurisdiction}'"))
        if term.source.file not in cat.sources:
            problems.append(Problem(doc.rel, doc.line_of((i, "source", "file")), term.id,
                                    dotted((i, "source", "file")), f"unknown source '{term.source.file}'"))
    return problems


# ----------------------------------------------------------------------------
# Rules across the whole record
# ----------------------------------------------------------------------------


def _same_in_both(value: Any, loc: tuple) -> Iterator[tuple]:
    """Field paths of texts whose Russian is the English, left untranslated. Names and codes (model
    types Name and NameList) may read the same; so may text without letters (09:00, 101)."""
    if isinstance(value, Text):
        same = " ".join(value.en.split()) == " ".join(value.ru.split())
        if same and not isinstance(value, Name) and any(c.isalpha() for c in value.en):
            yield loc + ("ru",)
    elif isinstance(value, TextList):
        if value.en and value.en == value.ru and not isinstance(value, NameList):
            yield loc + ("ru",)
    elif isinstance(value, RootModel):
        yield from _same_in_both(value.root, loc)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _same_in_both(getattr(value, name), loc + (name,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _same_in_both(item, loc + (i,))


def _check_translations(models: list[tuple[Any, YamlDoc]]) -> list[Problem]:
    return [
        Problem(doc.rel, doc.line_of(loc), _record_id(doc.data, doc.path, loc), dotted(loc),
                "the Russian is the same as the English: translate it (only names and codes may read the same)")
        for model, doc in models
        for loc in _same_in_both(model, ())
    ]


def _check_sensitive(cat: Catalogue, docs: dict[str, YamlDoc]) -> list[Problem]:
    """A record in (or also listed in) a section marked sensitive_records must be sensitive itself."""
    problems = []
    marked = {s.id for s in cat.sections if s.sensitive_records}
    for sid, svc in cat.services.items():
        section = next((x for x in [svc.section, *svc.also_in] if x in marked), None)
        if section is not None and not svc.sensitive:
            doc = docs[sid]
            loc = ("sensitive",) if isinstance(doc.data, dict) and "sensitive" in doc.data else ("section",)
            problems.append(Problem(doc.rel, doc.line_of(loc), sid, "sensitive",
                                    f"section '{section}' is about abuse or harm: set sensitive: true, "
                                    "so the page offers 'Exit this page'"))
    return problems


def _check_addresses(cat: Catalogue, docs: dict[str, YamlDoc], unwalkable: set[str | None]) -> list[Problem]:
    """Ids kept for the site's own addresses, and pages that would share an address (plan.address_problems)."""
    walkable = {k: v for k, v in cat.pathways.items() if k not in unwalkable}
    found = plan.addresses(dataclasses.replace(cat, pathways=walkable))
    problems = []
    for where, message in plan.address_problems(found):
        doc = docs.get(where.file) if where.file else None
        line = doc.line_of(where.loc) if doc else None
        problems.append(Problem(where.file or "data/", line, where.record, where.field, message))
    return problems
