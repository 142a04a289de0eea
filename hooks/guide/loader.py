"""Load every YAML file under ``data/``, validate it, and check references.

All problems are collected (not just the first) and raised together as a
:class:`~guide.errors.DataError`, each naming file, line, record and field.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml
from pydantic import BaseModel, ValidationError

from .errors import DataError, Problem, dotted
from .pathways import check_pathways
from .model import (
    CHANNEL_TYPES,
    NODE_TYPES,
    LANGUAGES,
    MODELS,
    AudienceHub,
    Document,
    GlossaryTerm,
    Home,
    Jurisdiction,
    Organisation,
    Pathway,
    Section,
    Service,
    SearchSettings,
    SourceDocument,
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
    "search.yml": "search",
}
# folder -> (kind, path depth below data/): services/<section>/<id>.yml, documents/<id>.yml
RECORD_DIRS: dict[str, tuple[str, int]] = {
    "services": ("service", 3),
    "documents": ("document", 2),
    "pathways": ("pathway", 2),
}
IGNORED_DIRS = {"schema"}

_PATTERN_HINTS = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "must be an id of lower-case letters, digits and hyphens",
    r"^https://": "must be a full https:// address",
    r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$": "must be an email address",
    r"^[0-9][0-9 ]{1,19}$": "must be a phone number of digits and spaces",
    r"^([01][0-9]|2[0-3]):[0-5][0-9]$": "must be a 24-hour time HH:MM",
    r"^[0-9]{3}_[0-9a-f]{16}\.txt$": "must be a seed file name like 004_4f057458d05a7ef0.txt",
}


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
        return _PATTERN_HINTS.get(ctx.get("pattern", ""), err["msg"]) + f", got {err.get('input')!r}"
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"}:
        return f"not a valid date (write YYYY-MM-DD), got {err.get('input')!r}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
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
    search: SearchSettings | None = None  # synonyms and the nothing-found offer (data/search.yml)

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def services_in(self, section_id: str) -> list[Service]:
        return [s for s in self.services.values() if s.section == section_id or section_id in s.also_in]


def load(root: Path) -> Catalogue:
    """Load and check ``root`` (the data/ folder). Raises DataError listing every problem."""
    root = Path(root)
    problems: list[Problem] = []
    singles: dict[str, Any] = {}
    for name, kind in SINGLE_FILES.items():
        path = root / name
        if not path.exists():
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
    broken: set[str] = set()  # records that failed validation: not reported again as missing
    documents: dict[str, Document] = {}
    document_docs: dict[str, YamlDoc] = {}
    pathways: dict[str, Pathway] = {}
    pathway_docs: dict[str, YamlDoc] = {}
    for path in sorted(root.rglob("*")):
        rel_parts = path.relative_to(root).parts
        if path.is_dir() or rel_parts[0] in IGNORED_DIRS or (len(rel_parts) == 1 and path.name in SINGLE_FILES):
            continue
        if path.suffix not in {".yml", ".yaml"}:
            if not path.name.startswith("."):
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
        if _RESERVED_ID.fullmatch(record.id):
            problems.append(Problem(doc.rel, doc.line_of(("id",)), record.id, "id",
                                    "ids of the form page-<number> are kept for the pages of long lists"))
        if kind == "pathway":
            pathways[record.id] = record
            pathway_docs[record.id] = doc
            continue
        if kind == "document":
            if record.id in documents:
                problems.append(Problem(doc.rel, doc.line_of(("id",)), record.id, "id", "duplicate id"))
            documents[record.id] = record
            document_docs[record.id] = doc
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
        files={k: d.rel for k, d in {**service_docs, **document_docs, **pathway_docs}.items()},
        search=singles["search"][0],
    )
    problems += _check_lists(singles)
    problems += _check_references(cat, service_docs, singles, broken)
    problems += _check_documents(cat, document_docs, broken)
    problems += _check_glossary(cat, singles["glossary"][1])
    problems += check_pathways(cat, pathway_docs, broken)
    problems += _check_search(cat, singles["search"][1], broken)
    if problems:
        raise DataError(problems)
    return cat


_RESERVED_ID = re.compile(r"page-[0-9]+")  # services/page-2/ is page 2 of the A to Z (pages.paged_uri)


def _check_lists(singles: dict[str, Any]) -> list[Problem]:
    problems = []
    for kind in ("sections", "audiences", "jurisdictions", "organisations", "glossary"):
        value, doc = singles[kind]
        seen: set[str] = set()
        for i, item in enumerate(value.root):
            if item.id in seen:
                problems.append(Problem(doc.rel, doc.line_of((i, "id")), item.id, "id", "duplicate id"))
            seen.add(item.id)
    return problems


def _check_references(
    cat: Catalogue, docs: dict[str, YamlDoc], singles: dict[str, Any], broken: set[str]
) -> list[Problem]:
    problems: list[Problem] = []
    known = set(cat.services) | broken
    section_ids = {s.id for s in cat.sections}

    def need(ok: bool, doc: YamlDoc, record: str, loc: tuple, message: str) -> None:
        if not ok:
            problems.append(Problem(doc.rel, doc.line_of(loc), record, dotted(loc), message))

    for sid, svc in cat.services.items():
        doc = docs[sid]
        need(svc.section in section_ids, doc, sid, ("section",), f"unknown section '{svc.section}' (see data/sections.yml)")
        for i, other in enumerate(svc.also_in):
            need(other in section_ids, doc, sid, ("also_in", i), f"unknown section '{other}'")
        for i, rel in enumerate(svc.related):
            need(rel in known, doc, sid, ("related", i), f"related record '{rel}' does not exist")
            need(rel != sid, doc, sid, ("related", i), "a record cannot be related to itself")
        need(svc.jurisdiction in cat.jurisdictions, doc, sid, ("jurisdiction",),
             f"unknown jurisdiction '{svc.jurisdiction}' (see data/jurisdictions.yml)")
        need(svc.source.file in cat.sources, doc, sid, ("source", "file"),
             f"unknown source '{svc.source.file}' (see data/sources.yml)")
        for i, ch in enumerate(svc.channels):
            org = getattr(ch, "organisation", None)
            if org is not None:
                need(org in cat.organisations, doc, sid, ("channels", i, "organisation"),
                     f"unknown organisation '{org}' (see data/organisations.yml)")
            for j, store in enumerate(getattr(ch, "stores", [])):
                need(store in cat.organisations, doc, sid, ("channels", i, "stores", j),
                     f"unknown organisation '{store}'")

    value, doc = singles["sections"]
    for i, sec in enumerate(value.root):
        need(sec.source.file in cat.sources, doc, sec.id, (i, "source", "file"), f"unknown source '{sec.source.file}'")
    value, doc = singles["sources"]
    for i, src in enumerate(value.root):
        need(src.jurisdiction in cat.jurisdictions, doc, src.file, (i, "jurisdiction"),
             f"unknown jurisdiction '{src.jurisdiction}'")
    value, doc = singles["home"]
    for i, route in enumerate(value.emergency):
        for j, ref in enumerate(route.services):
            need(ref in known, doc, route.id, ("emergency", i, "services", j), f"service '{ref}' does not exist")
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
    known_services = set(cat.services) | broken

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
                need(sid in known_services, ("topics", i, "services", j), f"service '{sid}' does not exist")
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
