"""Command line: ``python -m guide check|schema|report [DATA_DIR]``.

check   validate data/, one line per problem
schema  re-export the JSON Schema of the data files
report  list records not reviewed for 12 months (exit 0: a warning, not an error)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import freshness, schema
from .errors import DataError
from .loader import load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="guide", description=__doc__)
    parser.add_argument("command", choices=["check", "schema", "report"])
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
    if args.command == "report":
        old = freshness.stale(cat)
        if not old:
            print(f"All records were reviewed in the last {freshness.MAX_AGE_DAYS} days.")
        else:
            print(f"WARNING: {len(old)} record{'s' if len(old) != 1 else ''} not reviewed for "
                  f"{freshness.MAX_AGE_DAYS} days:")
            for item in old:
                print(f"  {item}")
        return 0
    print(f"data OK: {len(cat.services)} services, {len(cat.documents)} documents, "
          f"{len(cat.pathways)} pathways, {len(cat.sections)} sections")
    return 0


if __name__ == "__main__":
    sys.exit(main())
