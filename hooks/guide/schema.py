"""Export the JSON Schema of every data file kind, for editors."""

from __future__ import annotations

import json
from pathlib import Path

from .model import MODELS

SCHEMA_DIR = "schema"


def schema_of(kind: str) -> dict:
    schema = MODELS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def rendered() -> dict[str, str]:
    """File name -> JSON text, for every kind of data file."""
    return {
        f"{kind}.schema.json": json.dumps(schema_of(kind), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        for kind in MODELS
    }


def write(data_root: Path) -> list[Path]:
    out = Path(data_root) / SCHEMA_DIR
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in rendered().items():
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
