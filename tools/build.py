"""Build the site into a temporary folder and replace site/ only on success.

Usage: python tools/build.py [SITE_DIR]   (default: site)

A failed build (bad data, broken link in strict mode) leaves the previous
site/ exactly as it was and exits non-zero with MkDocs' error messages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else ROOT / "site"
    target = target if target.is_absolute() else Path.cwd() / target
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean", "--site-dir", str(staging)]
    result = subprocess.run(cmd, cwd=ROOT, env=env)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Build failed: {target.name}/ was left as it was.", file=sys.stderr)
        return result.returncode
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
