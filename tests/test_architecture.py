"""The core stays portable: nothing in it depends on MkDocs, and the hooks stay thin."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import ROOT

HOOKS = ROOT / "hooks"


def test_core_imports_nothing_from_mkdocs():
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "import guide, guide.loader, guide.model, guide.pages, guide.schema, guide.__main__\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'mkdocs', 'material', 'mkdocs_static_i18n'})\n"
        "assert not bad, bad\n" % str(HOOKS)
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_core_source_never_mentions_mkdocs_imports():
    for path in (HOOKS / "guide").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] in {"mkdocs", "material"} for n in names), path


def test_hooks_are_thin_adapters():
    """Each hook file only adapts events: no data logic (it must call the core) and stays short."""
    for path in HOOKS.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import guide" in text or "from guide" in text, path
        code_lines = [l for l in text.splitlines() if l.strip() and not l.strip().startswith("#")]
        assert len(code_lines) < 120, f"{path} has {len(code_lines)} lines of code: move logic into hooks/guide"
