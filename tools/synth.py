"""Synthetic data at N times the real record count, through the same schema.

Every service, document and pathway is copied N times (copy 1 keeps its id; copy n gets the suffix
"-s<n>"), with its references (related services, pathway outcomes) pointing into the same copy, in
both languages. The result is loaded with the real loader, so it passes the real schema and checks.

Usage: python tools/synth.py SCALE OUT_DIR [DATA_DIR]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import guide  # noqa: E402


def _suffix(value: str, n: int) -> str:
    return value if n == 1 else f"{value}-s{n}"


def _copy_service(doc: dict, n: int, ids: set[str]) -> dict:
    doc = dict(doc)
    doc["id"] = _suffix(doc["id"], n)
    doc["related"] = [_suffix(r, n) for r in doc.get("related", []) if r in ids]
    for text in (doc["title"],):
        if n > 1:
            doc["title"] = {key: f"{value} ({n})" if key in guide.LANGUAGES else value for key, value in text.items()}
    return doc


def _copy_pathway(doc: dict, n: int, ids: set[str]) -> dict:
    doc = dict(doc)
    doc["id"] = _suffix(doc["id"], n)
    nodes = []
    for node in doc["nodes"]:
        node = dict(node)
        if node.get("type") == "outcome" and not node.get("emergency"):
            node["services"] = [_suffix(s, n) for s in node.get("services", []) if s in ids]
        nodes.append(node)
    doc["nodes"] = nodes
    return doc


def _dump(doc: dict) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(doc, Dumper=dumper, allow_unicode=True, sort_keys=False)


def synthesise(data: Path, out: Path, scale: int) -> guide.Catalogue:
    """Write ``scale`` copies of every record of ``data`` into ``out`` and load them back."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for single in data.glob("*.yml"):
        shutil.copy2(single, out / single.name)
    if (data / "schema").exists():
        shutil.copytree(data / "schema", out / "schema")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    read = lambda p: yaml.load(p.read_text(encoding="utf-8"), Loader=loader)  # noqa: E731
    services = {p: read(p) for p in (data / "services").rglob("*.yml")}
    ids = {doc["id"] for doc in services.values()}
    for n in range(1, scale + 1):
        for path, doc in services.items():
            copy = _copy_service(doc, n, ids)
            target = out / "services" / path.parent.name / f"{copy['id']}.yml"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_dump(copy), encoding="utf-8")
        for kind, copier in (("documents", None), ("pathways", _copy_pathway)):
            for path in (data / kind).glob("*.yml") if (data / kind).exists() else []:
                doc = read(path)
                doc = copier(doc, n, ids) if copier else {**doc, "id": _suffix(doc["id"], n)}
                target = out / kind / f"{doc['id']}.yml"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(_dump(doc), encoding="utf-8")
    return guide.load(out)


def main(argv: list[str]) -> int:
    scale, out = int(argv[0]), Path(argv[1])
    data = Path(argv[2]) if len(argv) > 2 else ROOT / "data"
    try:
        cat = synthesise(data, out, scale)
    except guide.DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    print(f"{out}: {len(cat.services)} services, {len(cat.documents)} documents, {len(cat.pathways)} pathways")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
