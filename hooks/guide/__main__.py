"""Command line: ``python -m guide check|schema [DATA_DIR]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import schema
from .errors import DataError
from .loader import load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="guide", description=__doc__)
    parser.add_argument("command", choices=["check", "schema"])
    parser.add_argument("data", nargs="?", default="data", type=Path)
    args = parser.parse_args(argv)
    if args.command == "schema":
        for path in schema.write(args.data):
            print(f"wrote {path}")
        return 0
    try:
        cat = load(args.data)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    print(f"data OK: {len(cat.services)} services, {len(cat.sections)} sections")
    return 0


if __name__ == "__main__":
    sys.exit(main())
