"""Page addresses: the plan lists every page the site will have, and no id can take another page's
address or one the site keeps for itself (index, page-<n>, its fixed folders)."""

from __future__ import annotations

import copy
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

import guide
from guide import pages, plan
from guide.errors import dotted

from conftest import FIXTURES, ROOT

DATA = ROOT / "data"


def _mini_data(dest: Path) -> Path:
    """The real single files (labels, sections...) with the mini records laid over them."""
    dest.mkdir(parents=True)
    for single in DATA.glob("*.yml"):
        shutil.copy2(single, dest / single.name)
    shutil.copytree(FIXTURES / "mini", dest, dirs_exist_ok=True)
    return dest


@pytest.fixture(scope="module")
def mini_catalogue(tmp_path_factory) -> guide.Catalogue:
    return guide.load(_mini_data(tmp_path_factory.mktemp("mini") / "data"))


@pytest.fixture(scope="module")
def real_catalogue() -> guide.Catalogue:
    return guide.load(DATA)


# ----------------------------------------------------------------------------
# The list is the site
# ----------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["mini", "real"])
@pytest.mark.parametrize("per_page", [pages.PER_PAGE, 2])
def test_the_addresses_are_exactly_the_pages_built(which, per_page, mini_catalogue, real_catalogue, monkeypatch):
    """Also with two entries a page, so that every list of the real data has several pages."""
    cat = mini_catalogue if which == "mini" else real_catalogue
    monkeypatch.setattr(pages, "PER_PAGE", per_page)
    built = sorted(page.src_uri for page in pages.build(cat, "en"))
    listed = sorted(a.uri for a in plan.addresses(cat, per_page=per_page))
    assert listed == built


def test_every_address_has_its_origin(real_catalogue):
    for address in plan.addresses(real_catalogue):
        if address.name is not None:  # made from an id: the file and field it comes from
            assert address.file and address.file.startswith("data/"), address
            assert address.field and address.field.endswith("id"), address


def test_the_fixed_parts_of_addresses_come_from_the_plan(real_catalogue):
    """Every part of every real address is an id of the data, a page-<n> or one of fixed_segments()."""
    cat = real_catalogue
    ids = {*cat.services, *(s.id for s in cat.sections), *(h.id for h in cat.audiences), *cat.pathways,
           *(n.id for p in cat.pathways.values() for n in p.nodes), *cat.documents}
    for doc in cat.documents.values():
        ids |= {x.id for x in [*doc.sections, *doc.roles, *doc.forms, *doc.topic_groups]}
    fixed = plan.fixed_segments()
    for address in plan.addresses(cat, per_page=2):
        for part in address.uri.removesuffix(".md").split("/"):
            assert part in ids or part in fixed or re.fullmatch(r"page-[0-9]+", part), (address.uri, part)
    assert {"index", "services", "documents", "pathways"} <= fixed


# ----------------------------------------------------------------------------
# Every kind of id that becomes part of an address
# ----------------------------------------------------------------------------


def _kinds(cat: guide.Catalogue) -> dict[tuple, plan.Address]:
    """One address per kind of id in an address (the folder or file it comes from and the shape of
    its field), from the plan itself: services, sections, audience hubs, documents and their parts,
    pathways and their nodes..."""
    kinds: dict[tuple, plan.Address] = {}
    for address in plan.addresses(cat):
        if address.name is not None:
            where = Path(address.file).parts[1]  # services, documents, pathways, sections.yml...
            shape = tuple("#" if isinstance(p, int) else p for p in address.loc)
            kinds.setdefault((where, shape), address)
    return kinds


def _at(doc, loc):
    for part in loc:
        doc = doc[part]
    return doc


def _give_id(data: Path, address: plan.Address, new_id: str) -> tuple[str, str | None, str]:
    """A record or part like the one at ``address``, with id ``new_id``; returns where the problem is
    expected (file, record, field). A record is copied to a file of its own beside the original; a
    part of a file is copied to the end of its list (without parts of its own, which would repeat
    their ids); a pathway node is renamed, with the answers leading to it, as it must stay reachable."""
    path = data / Path(address.file).relative_to("data")
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if address.loc == ("id",):
        doc["id"] = new_id
        name = new_id if new_id != address.name else f"{new_id}-copy"  # the same id: a second file
        target = path.with_name(f"{name}.yml")
        if "services" in target.parts and new_id == address.name:  # services are found by folder
            other = "advice" if path.parent.name != "advice" else "safety"
            doc["section"] = other
            target = path.parent.parent / other / path.name
        target.parent.mkdir(exist_ok=True)
        target.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return f"data/{target.relative_to(data).as_posix()}", new_id, "id"
    *where, index, _ = address.loc
    items = _at(doc, where)
    if where == ["nodes"] and new_id != address.name:
        old = items[index]["id"]
        for node in items:
            for option in node.get("options", []):
                option["next"] = new_id if option["next"] == old else option["next"]
        items[index]["id"] = new_id
        loc = address.loc
    else:
        item = copy.deepcopy(items[index])
        item["id"] = new_id
        item.pop("sections", None)
        items.append(item)
        loc = (*where, len(items) - 1, "id")
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    record = new_id if not where else address.record
    return address.file, record, dotted(loc)


with tempfile.TemporaryDirectory() as _folder:
    KINDS = sorted(_kinds(guide.load(_mini_data(Path(_folder) / "data"))).items())
FIXED = sorted(plan.fixed_segments() - {"index"})


@pytest.mark.parametrize("kind", [k for k, _ in KINDS], ids=["/".join(map(str, k[0:1] + k[1])) for k, _ in KINDS])
@pytest.mark.parametrize("value", ["index", "page-2", "<another page's id>", "<a fixed folder>"])
def test_every_kind_of_id_that_would_take_a_kept_or_used_address_gets_one_clear_message(tmp_path, kind, value):
    data = _mini_data(tmp_path / "data")
    address = dict(KINDS)[kind]
    if value == "<another page's id>":
        new_id, words = address.name, ("duplicate", "must match the file name")
    elif value == "<a fixed folder>":
        new_id = FIXED[[k for k, _ in KINDS].index(kind) % len(FIXED)]  # a different one for each kind
        words = ("is a fixed part of the site's addresses",)
    else:
        new_id, words = value, ("'index' is kept",) if value == "index" else ("page-<number>",)
    file, record, field = _give_id(data, address, new_id)
    with pytest.raises(guide.DataError) as caught:
        guide.load(data)
    problems = caught.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    # two files with one id: the problem is on the one read last, naming the other
    assert problems[0].file in (file, address.file) and problems[0].field == field, str(problems[0])
    assert problems[0].line is not None and problems[0].record in (record, address.record, new_id)
    assert any(w in problems[0].message for w in words), problems[0].message


def test_the_kinds_cover_every_id_that_becomes_an_address():
    assert {(k[0], k[1][-3] if len(k[1]) > 2 else None) for k, _ in KINDS} == {
        ("services", None), ("sections.yml", None), ("audiences.yml", None), ("documents", None),
        ("documents", "sections"), ("documents", "roles"), ("documents", "forms"), ("documents", "topic_groups"),
        ("pathways", None), ("pathways", "nodes"),
    }


def test_two_pages_at_one_address_are_one_problem_naming_both(mini_catalogue):
    """services/alpha.md and services/alpha/index.md are the same page: services/alpha/."""
    found = plan.addresses(mini_catalogue)
    alpha = next(a for a in found if a.page == "service page" and a.name == "alpha")
    twin = plan.Address("services/alpha/index.md", "pathway step", "data/pathways/twin.yml", "twin",
                        ("nodes", 2, "id"), "alpha-twin")
    problems = plan.address_problems([*found, twin])
    assert len(problems) == 1
    where, message = problems[0]
    assert where == twin
    assert message == (f"its pathway step would have the address services/alpha/, which is also the service page "
                       f"of record 'alpha' ({alpha.file}, field 'id')")
