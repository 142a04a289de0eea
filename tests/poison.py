"""The data model walked together with the data: every scalar field of every record is a *slot* to poison.

Shapes come from ``guide.model.MODELS`` (through the loader's own file map) and pydantic's ``model_fields``, never
from a list of fields, so a field added to the model is walked, filled and poisoned without changing the tests.
A type the walk does not know is an error, not a skipped field.

The data walked is a fixture's, *filled*: every optional text, list and sub-record it leaves out gets a sample
value (a list of channels gets one channel of every type), so every field of the model holds a value somewhere.
Typed values the fixture leaves out (ids, references, addresses, dates...) are left out of the filled data too, but
are still slots: poisoning them writes them.
"""

from __future__ import annotations

import copy
import json
import datetime as dt
import re
import types
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
import yaml
from pydantic import BaseModel, RootModel, StringConstraints
from pydantic.fields import FieldInfo

from guide.errors import Problem, dotted
from guide.loader import RECORD_DIRS, SINGLE_FILES
from guide.model import MODELS

SCALARS = ("str", "literal", "date", "int", "bool")


# ----------------------------------------------------------------------------
# Shapes: what the model says a value must be
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    kind: str  # model, list, union, or one of SCALARS
    model: type | None = None
    item: "Shape | None" = None  # list items
    variants: tuple = ()  # ((tag value, Shape), ...) of a discriminated union
    tag: str | None = None  # the discriminator field of a union
    pattern: str | None = None
    min_length: int = 0
    max_length: int | None = None
    choices: tuple = ()
    ge: int | None = None
    le: int | None = None
    optional: bool = False

    @property
    def scalar(self) -> bool:
        return self.kind in SCALARS

    @property
    def typed(self) -> bool:
        """A value of a fixed form (id, address, number, date, choice...), as opposed to free text."""
        return self.kind != "str" or self.pattern is not None

    def describe(self) -> str:
        if self.kind == "list":
            return f"list of {self.item.describe()}"
        if self.kind == "model":
            return self.model.__name__
        if self.kind == "literal":
            return "one of " + ", ".join(map(str, self.choices))
        if self.kind == "str":
            return "text" if self.pattern is None else "str matching " + self.pattern
        return self.kind


def _flatten(meta: list) -> tuple[list, str | None]:
    flat, tag = [], None
    for m in meta:
        if isinstance(m, FieldInfo):
            flat += m.metadata
            tag = m.discriminator if isinstance(m.discriminator, str) else tag
        else:
            flat.append(m)
    return flat, tag


def shape_of(tp: Any, meta: tuple | list = ()) -> Shape:
    """The shape of an annotation (with its Annotated / FieldInfo metadata)."""
    meta = list(meta)
    while get_origin(tp) is Annotated:
        tp, *extra = get_args(tp)
        meta += extra
    flat, tag = _flatten(meta)
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        optional = len(args) < len(get_args(tp))
        if len(args) == 1:
            return replace(shape_of(args[0], meta), optional=optional)
        if tag is None:
            raise TypeError(f"a union without a discriminator ({tp!r}): teach tests/poison.py to walk it")
        variants = []
        for arg in args:
            variant = shape_of(arg)
            (value,) = get_args(variant.model.model_fields[tag].annotation)
            variants.append((value, variant))
        return Shape("union", variants=tuple(variants), tag=tag, optional=optional)
    sizes = {"min_length": 0, "max_length": None}
    for m in flat:
        for name in sizes:
            if getattr(m, name, None) is not None:
                sizes[name] = getattr(m, name)
    if origin is list:
        return Shape("list", item=shape_of(get_args(tp)[0]), **sizes)
    if origin is Literal:
        return Shape("literal", choices=get_args(tp))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return Shape("model", model=tp)
    if tp is str:
        pattern = next((m.pattern for m in flat if isinstance(m, StringConstraints) and m.pattern), None)
        return Shape("str", pattern=pattern, **sizes)
    if tp is bool:
        return Shape("bool")
    if tp is int:
        ge = next((m.ge for m in flat if isinstance(m, annotated_types.Ge)), None)
        le = next((m.le for m in flat if isinstance(m, annotated_types.Le)), None)
        return Shape("int", ge=ge, le=le)
    if tp is dt.date:
        return Shape("date")
    raise TypeError(f"the data model has a field of type {tp!r}: teach tests/poison.py to walk and poison it")


def fields_of(model: type[BaseModel]) -> list[tuple[str, Shape, bool]]:
    """(name, shape, required) of each field of a model, in order."""
    return [(name, shape_of(info.annotation, [info]), info.is_required())
            for name, info in model.model_fields.items()]


def model_fields_reachable() -> set[str]:
    """Every field of every model reachable from MODELS, as 'Model.field'."""
    found: set[str] = set()
    todo = [shape_of(m) for m in MODELS.values()]
    seen: set[type] = set()
    while todo:
        shape = todo.pop()
        if shape.kind == "list":
            todo.append(shape.item)
        elif shape.kind == "union":
            todo += [v for _, v in shape.variants]
        elif shape.kind == "model" and shape.model not in seen:
            seen.add(shape.model)
            for name, fshape, _ in fields_of(shape.model):
                if not issubclass(shape.model, RootModel):
                    found.add(f"{shape.model.__name__}.{name}")
                todo.append(fshape)
    return found


def of_shape(shape: Shape, value: Any) -> bool:
    """Whether a value written in YAML is of a typed shape (what the loader should accept)."""
    if shape.kind == "list":
        return isinstance(value, list) and all(of_shape(shape.item, v) for v in value)
    if shape.kind == "str":
        return (isinstance(value, str) and (shape.pattern is None or re.fullmatch(shape.pattern, value.strip()))
                and (shape.max_length is None or len(value) <= shape.max_length))
    if shape.kind == "literal":
        return value in shape.choices
    if shape.kind == "date":
        try:
            return dt.date.fromisoformat(str(value)) <= dt.date.today()
        except ValueError:
            return False
    if shape.kind == "int":
        return isinstance(value, int) or bool(re.fullmatch(r"\s*-?[0-9]+\s*", str(value)))
    if shape.kind == "bool":
        return isinstance(value, bool) or str(value).strip().lower() in {"true", "false", "yes", "no", "on", "off",
                                                                      "1", "0", "t", "f", "y", "n"}
    return False


# ----------------------------------------------------------------------------
# Slots: where a value goes in a data file
# ----------------------------------------------------------------------------


@dataclass
class Slot:
    file: str  # under data/, e.g. services/domestic-abuse/alpha.yml
    loc: tuple  # where in the file's data, e.g. ("channels", 1, "address")
    shape: Shape  # a scalar, or a list of scalars (poisoned as a whole)
    clean: Any  # the value in the filled data; None where it is left out
    where: str  # the field in the schema, for reports: "service: channels[email].address"
    tag: bool = False  # the discriminator of a union (its problem names the union's item)
    variants: tuple = ()  # for a discriminator: every value it may take

    @property
    def key(self) -> tuple[str, tuple]:
        return self.file, self.loc

    @property
    def field(self) -> str:
        return dotted(self.loc)

    @property
    def typed(self) -> bool:
        return (self.shape.item if self.shape.kind == "list" else self.shape).typed

    @property
    def is_id(self) -> bool:
        return self.loc[-1] == "id"


def kind_of(rel: str) -> str:
    """Which model a file under data/ is validated against (the loader's own map)."""
    parts = Path(rel).parts
    if len(parts) == 1:
        return SINGLE_FILES[parts[0]]
    return RECORD_DIRS[parts[0]][0]


class _Leave:
    """A typed optional value the filled data leaves out (it is a slot all the same)."""


LEAVE = _Leave()


class Filler:
    """Fills a fixture's data so that every field of the model holds a value, and lists its slots.

    Required typed values of a sub-record the fixture lacks (a channel's organisation, a language's code) are taken
    from the same field name elsewhere in the data (``pools``), first one of the right shape."""

    def __init__(self, pools: list[dict[str, list]]):
        self.pools = pools
        self.visited: set[str] = set()  # 'Model.field' of every field walked

    def fill(self, docs: dict[str, Any]) -> tuple[dict[str, Any], list[Slot]]:
        slots: list[Slot] = []
        filled = {}
        for rel, data in sorted(docs.items()):
            kind = kind_of(rel)
            filled[rel] = self._walk(data, shape_of(MODELS[kind]), (), kind + ":", (), rel, slots)
        return filled, slots

    def _walk(self, value, shape: Shape, loc: tuple, where: str, stack: tuple, rel: str, slots: list[Slot]):
        if shape.kind == "model" and issubclass(shape.model, RootModel):
            (_, root, _), = fields_of(shape.model)
            return self._walk(value, root, loc, where, stack + (shape.model,), rel, slots)
        if shape.kind == "model":
            value = dict(value or {})
            for name, fshape, required in fields_of(shape.model):
                self.visited.add(f"{shape.model.__name__}.{name}")
                floc, fwhere = loc + (name,), f"{where}{'' if where.endswith(':') else '.'}{name}"
                if value.get(name) is None:
                    made = self._sample(fshape, required, name, fwhere, stack + (shape.model,))
                    if made is LEAVE:
                        if fshape.scalar or (fshape.kind == "list" and fshape.item.scalar):
                            slots.append(Slot(rel, floc, fshape, None, fwhere))
                        continue
                    value[name] = made
                value[name] = self._walk(value[name], fshape, floc, fwhere, stack + (shape.model,), rel, slots)
            return value
        if shape.kind == "union":
            tag = value[shape.tag]
            variant = dict(shape.variants).get(tag)
            if variant is None:  # not a valid variant: left to the loader
                return value
            inner = self._walk(value, variant, loc, f"{where}", stack, rel, slots)
            for slot in slots:
                if slot.key == (rel, loc + (shape.tag,)):
                    slot.tag, slot.variants = True, tuple(dict(shape.variants))
            return inner
        if shape.kind == "list":
            if shape.item.scalar:
                slots.append(Slot(rel, loc, shape, list(value) if value else None, where))
                return value
            items = list(value or [])
            if shape.item.kind == "union":
                present = {item.get(shape.item.tag) for item in items}
                items += [{shape.item.tag: tag} for tag, _ in shape.item.variants if tag not in present]
            elif not items and shape.item.model not in stack:
                items.append(self._sample(shape.item, True, "", where, stack))
            out = []
            for i, item in enumerate(items):
                item_where = f"{where}[]"
                if shape.item.kind == "union":
                    item_where = f"{where}[{item.get(shape.item.tag)}]"
                out.append(self._walk(item, shape.item, loc + (i,), item_where, stack, rel, slots))
            return out
        slots.append(Slot(rel, loc, shape, value, where))
        return value

    def _sample(self, shape: Shape, required: bool, name: str, where: str, stack: tuple):
        """A valid value for a field the data leaves out, or LEAVE for a typed optional one."""
        if shape.kind == "model":
            sample = {}
            placeholders = getattr(shape.model, "placeholders", ())
            if placeholders:  # a label: must use its placeholders
                fill = " ".join("{%s}" % p for p in placeholders)
                sample = {"en": f"sample {fill}", "ru": f"образец {fill}"}
            return sample
        if shape.kind == "union":
            tag, variant = shape.variants[0]
            return {shape.tag: tag}
        if shape.kind == "list":
            if shape.item.scalar:
                if shape.item.typed:
                    return LEAVE
                return [self._sample(shape.item, True, name, where, stack)]
            return []
        if shape.kind == "str" and shape.pattern is None:
            return ("образец " if name == "ru" else "sample ") + where.split(":")[-1].split(".")[-1].strip("[]")
        if not required:
            return LEAVE
        if shape.kind == "literal":
            return shape.choices[0]
        for pool in self.pools:
            for candidate in pool.get(name, []):
                if shape.kind == "date" and isinstance(candidate, dt.date):
                    return candidate
                if shape.kind != "date" and of_shape(shape, candidate) and not isinstance(candidate, dt.date):
                    return candidate
        if shape.kind == "bool":
            return False
        if shape.kind == "int":
            return shape.ge or 0
        if shape.kind == "date":
            return dt.date(2020, 1, 1)
        raise LookupError(f"{where}: no value of its shape ({shape.describe()}) for the filled data; "
                          "give the mini fixture one")


def pools_of(docs: dict[str, Any]) -> dict[str, list]:
    """Every scalar value in the data, by the name of its field."""
    pool: dict[str, list] = {}

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, (str, int, dt.date)) and not isinstance(item, bool):
                    pool.setdefault(key, []).append(item)
                elif isinstance(item, list) and all(isinstance(i, str) for i in item):
                    pool.setdefault(key, []).extend(item)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for data in docs.values():
        walk(data)
    return pool


# ----------------------------------------------------------------------------
# Reading, poisoning and writing data
# ----------------------------------------------------------------------------


def read_docs(data: Path) -> dict[str, Any]:
    return {p.relative_to(data).as_posix(): yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted(data.rglob("*.yml")) if "schema" not in p.relative_to(data).parts}


def write_docs(data: Path, docs: dict[str, Any]) -> dict[str, int]:
    """Write the data files; return how many lines each has. They are written as JSON, which is YAML too (flow
    style, one value a line): ten times faster to write than block YAML, and read by the same loader."""
    lines = {}
    for rel, value in docs.items():
        text = json.dumps(value, ensure_ascii=False, indent=1, default=_text) + "\n"
        (data / rel).write_text(text, encoding="utf-8")
        lines[rel] = text.count("\n")
    return lines


def with_values(docs: dict[str, Any], slots: dict[tuple, Slot], values: dict[tuple, Any]) -> dict[str, Any]:
    out = copy.deepcopy(docs)
    for key, value in values.items():
        slot = slots[key]
        target = out[slot.file]
        for part in slot.loc[:-1]:
            target = target[part]
        target[slot.loc[-1]] = value
    return out


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def before(slot: Slot, payload: str) -> Any:
    """The payload, then a space and the clean value (or the payload alone where the data has none)."""
    if slot.shape.kind == "list":
        return [f"{payload} {_text(v)}" for v in slot.clean] if slot.clean else [payload]
    return payload if slot.clean is None else f"{payload} {_text(slot.clean)}"


def after(slot: Slot, payload: str) -> Any:
    """The clean value with the payload right after it: a valid start, then markup."""
    if slot.shape.kind == "list":
        return [f"{_text(v)}{payload}" for v in slot.clean]
    return f"{_text(slot.clean)}{payload}"


# ----------------------------------------------------------------------------
# Problems back to slots
# ----------------------------------------------------------------------------


@dataclass
class Settled:
    """What the loader made of a set of poisoned slots."""

    accepted: dict[tuple, Any]  # slot key -> value the data loads with
    rejected: dict[tuple, list[Problem]] = field(default_factory=dict)
    unexplained: list[Problem] = field(default_factory=list)  # problems that name no poisoned slot
    loads: int = 0
    lines: dict[tuple, int] = field(default_factory=dict)  # rejected slot -> lines of its file when it was


def attribute(problems: list[Problem], slots: dict[tuple, Slot], poisoned: set[tuple]):
    """Each problem to the poisoned slot it names: the field itself, an item of a list slot, or (for the
    discriminator of a union) the union's item."""
    exact = {(slots[k].file, slots[k].field): k for k in poisoned}
    tags = {(slots[k].file, dotted(slots[k].loc[:-1])): k for k in poisoned if slots[k].tag}
    by_slot: dict[tuple, list[Problem]] = {}
    unexplained = []
    for p in problems:
        rel = p.file.removeprefix("data/")
        name = p.field or ""
        key = exact.get((rel, name)) or tags.get((rel, name))
        if key is None and name.endswith("]"):
            key = exact.get((rel, name[: name.rindex("[")]))
            if key is not None and slots[key].shape.kind != "list":
                key = None
        if key is None:
            unexplained.append(p)
        else:
            by_slot.setdefault(key, []).append(p)
    return by_slot, unexplained


def settle(load, data: Path, docs: dict[str, Any], slots: dict[tuple, Slot], values: dict[tuple, Any]) -> Settled:
    """Load the data with ``values`` in their slots; take out the slots a problem names and load again, until it
    loads (what is left was accepted) or a problem names no poisoned slot."""
    from guide import DataError

    current = dict(values)
    result = Settled(accepted={})
    while True:
        lines = write_docs(data, with_values(docs, slots, current))
        result.loads += 1
        try:
            load(data)
        except DataError as exc:
            by_slot, unexplained = attribute(exc.problems, slots, set(current))
            if unexplained or not by_slot:
                result.unexplained = unexplained or exc.problems
                result.accepted = current
                return result
            for key, problems in by_slot.items():
                result.rejected[key] = problems
                result.lines[key] = lines[slots[key].file]
                del current[key]
            continue
        result.accepted = current
        return result
