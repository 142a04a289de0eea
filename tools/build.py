"""Build the site into a temporary folder and replace site/ only on success.

Usage: python tools/build.py [SITE_DIR] [--pdfs]   (default: site)

--pdfs (make publish): the pages link the printable PDFs, and tools/pdf.py prints them into the new site
before it replaces the old one (needs Debian's chromium).

A failed build (bad data, broken link in strict mode, a PDF that could not be printed) leaves the previous
site/ exactly as it was and exits non-zero. Bad data prints only the list of
problems (one line each), without MkDocs' log prefix or its "Aborted" line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# guide.DataError.report() ("3 problems in data/:") or guide.trust.SettingsError.report() ("... in mkdocs.yml:"),
# then one indented line per problem
_REPORT = re.compile(r"^(?:\S+\s+-\s+)?([0-9]+ problems? in (?:data/|mkdocs\.yml):\n(?:  .*(?:\n|$))*)", re.MULTILINE)
_ABORTED = re.compile(r"^Aborted with a BuildError!\s*$\n?", re.MULTILINE)


def problems_only(log: str) -> str:
    """What a failed build has to say: the data problems alone if there are any, else MkDocs' own
    messages without its "Aborted with a BuildError!" line."""
    report = _REPORT.search(log)
    if report:
        return report.group(1).rstrip("\n") + "\n"
    return _ABORTED.sub("", log)


def main(argv: list[str]) -> int:
    pdfs = "--pdfs" in argv[1:]
    argv = [a for a in argv if a != "--pdfs"]
    target = Path(argv[1]) if len(argv) > 1 else ROOT / "site"
    target = target if target.is_absolute() else Path.cwd() / target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_PDFS": "true" if pdfs else "false"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean", "--site-dir", str(staging)]
    # MkDocs logs to stderr but prints "Aborted with a BuildError!" on stdout: read both as one log.
    result = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        sys.stderr.write(problems_only(result.stdout))
        print(f"Build failed: {target.name}/ was left as it was.", file=sys.stderr)
        return result.returncode
    sys.stderr.write(result.stdout)  # warnings, if any
    if pdfs:
        printed = subprocess.run([sys.executable, str(ROOT / "tools" / "pdf.py"), str(staging)], cwd=ROOT, env=env)
        if printed.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            print(f"Printing the PDFs failed: {target.name}/ was left as it was.", file=sys.stderr)
            return printed.returncode
    old = target.with_name(f".site-old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    print(f"Built {sum(1 for _ in target.rglob('*.html'))} HTML pages into {target}")
    # Freshness: a warning, not a failure (`make report` lists the same).
    subprocess.run([sys.executable, "-m", "guide", "report", str(ROOT / "data")], cwd=ROOT / "hooks", env=env)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
