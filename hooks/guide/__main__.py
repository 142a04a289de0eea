"""Command line: ``python -m guide COMMAND [options]``.

check         validate data/, one line per problem; then translation warnings (exit 0 unless --strict)
schema        re-export the JSON Schema of the data files
report        list records not reviewed for 12 months (exit 0: a warning, not an error)
checked       mark translations as checked against their current original (rewrites only the stamps)
xliff-export  the translations into one language that need work, as XLIFF 1.2
xliff-import  put an edited XLIFF file back into data/
changes       the change notes across the site, newest first, in one language
feed          the Atom feed of those changes
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import freshness, schema
from .errors import DataError, Problem
from .loader import _rel, load
from .model import LANGUAGES


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="guide", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        return p

    p = command("check", "validate data/; list stale translations and term base warnings")
    p.add_argument("data", nargs="?", default="data", type=Path)
    p.add_argument("--strict", action="store_true", help="exit 2 when there are warnings")
    for name, help in (("schema", "re-export the JSON Schema of the data files"),
                       ("report", "list records not reviewed for 12 months")):
        command(name, help).add_argument("data", nargs="?", default="data", type=Path)

    p = command("checked", "mark translations as checked against their current original")
    p.add_argument("files", nargs="*", type=Path, help="data files (e.g. data/services/advice/fraud.yml)")
    p.add_argument("--all", action="store_true", help="every data file")
    p.add_argument("--field", help="only texts under this field path, e.g. summary or channels[0]")
    p.add_argument("--record", help="only texts of this record (for lists such as glossary.yml)")
    p.add_argument("--data", default="data", type=Path, help="the data folder (default: data)")
    p.add_argument("--reformat", action="store_true", help="write files whose layout ruamel.yaml would change")

    p = command("xliff-export", "write the translations into LANG that need work as XLIFF 1.2")
    p.add_argument("--lang", required=True, choices=LANGUAGES, help="the language translated into")
    p.add_argument("--all", action="store_true", help="every translation into LANG, checked or not")
    p.add_argument("--data", default="data", type=Path)
    p.add_argument("output", type=Path, help="the .xlf file to write")

    p = command("xliff-import", "put an edited XLIFF file back into data/")
    p.add_argument("input", type=Path, help="the edited .xlf file")
    p.add_argument("--data", default="data", type=Path)
    p.add_argument("--reformat", action="store_true", help="write files whose layout ruamel.yaml would change")

    p = command("changes", "list the change notes across the site, newest first")
    p.add_argument("--lang", default="en", choices=LANGUAGES)
    p.add_argument("--data", default="data", type=Path)

    p = command("feed", "write the Atom feed of changes in one language")
    p.add_argument("--lang", default="en", choices=LANGUAGES)
    p.add_argument("--site-url", help="the site's address (default: $GUIDE_SITE_URL; relative links without)")
    p.add_argument("--data", default="data", type=Path)
    p.add_argument("output", nargs="?", type=Path, help="file to write (default: standard output)")
    return parser


def _problems(head: str, problems: list[Problem], out=None) -> None:
    out = out or sys.stderr
    print(f"{head}:", file=out)
    for problem in problems:
        print(f"  {problem}", file=out)


def _load(data: Path):
    try:
        return load(data), 0
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return None, 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "schema":
        for path in schema.write(args.data):
            print(f"wrote {path}")
        return 0
    if args.command == "xliff-import":
        from . import xliff

        try:
            content = args.input.read_bytes()
        except OSError as exc:
            print(f"{args.input}: cannot be read ({exc.strerror})", file=sys.stderr)
            return 1
        actions, problems = xliff.import_file(args.data, content, name=str(args.input), reformat=args.reformat)
        for action in actions:
            print(action)
        print(f"{len(actions)} translation{'s' if len(actions) != 1 else ''} updated or marked checked")
        if problems:
            _problems(f"{len(problems)} unit{'s' if len(problems) != 1 else ''} not imported", problems)
            return 1
        return 0

    data = args.data
    cat, status = _load(data)
    if cat is None:
        return status
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
    if args.command == "check":
        from . import translations

        print(f"data OK: {len(cat.services)} services, {len(cat.documents)} documents, "
              f"{len(cat.pathways)} pathways, {len(cat.sections)} sections")
        found = translations.warnings(cat)
        if found:
            _problems(f"WARNING: {len(found)} translation warning{'s' if len(found) != 1 else ''} "
                      "(the site still builds)", found, out=sys.stdout)
        return 2 if found and args.strict else 0
    if args.command == "checked":
        from . import translations

        if not args.all and not args.files:
            print("name the files to mark checked (or --all)", file=sys.stderr)
            return 1
        files = None if args.all else [_rel(Path(f).resolve(), Path(data).resolve()) for f in args.files]
        written, problems = translations.stamp(cat, files, field=args.field, record=args.record,
                                               reformat=args.reformat)
        for file, count in written.items():
            print(f"{file}: {count} translation{'s' if count != 1 else ''} marked checked")
        if not written and not problems:
            print("nothing to do: those translations were already marked checked")
        if problems:
            _problems(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}", problems)
            return 1
        return 0
    if args.command == "xliff-export":
        from . import xliff

        content, count = xliff.export(cat, args.lang, everything=args.all)
        args.output.write_bytes(content)
        print(f"wrote {args.output}: {count} text{'s' if count != 1 else ''} to translate into {args.lang}")
        return 0
    if args.command == "changes":
        from . import changes

        entries = changes.recent(cat, args.lang)
        for e in entries:
            print(f"{e.date.isoformat()}  {e.url}  {e.title}: {e.note}")
        if not entries:
            print("no change notes yet")
        return 0
    if args.command == "feed":
        from . import changes

        content = changes.atom(cat, args.lang, site_url=args.site_url)
        if args.output is None:
            sys.stdout.buffer.write(content)
        else:
            args.output.write_bytes(content)
            print(f"wrote {args.output}")
        return 0
    return 1  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into a command that stopped reading (e.g. `| head`): not an error
        sys.stderr.close()
        sys.exit(0)
