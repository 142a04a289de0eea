"""Placeholders in labels: ``Page {number} of {count}``, filled without evaluating anything.

``str.format`` would crash on a lone brace or an unknown name and evaluate ``{number.__class__}``;
:func:`fill` only ever replaces ``{name}`` by a value it was given and leaves everything else as
written. Which placeholders a label takes is declared in the model (``guide.model.Label``), and
``make check`` rejects any other placeholder or brace.
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")  # {name}: lower-case letters and underscores only
BRACES = re.compile(r"\{([^{}]*)\}")  # anything between braces, to say what is wrong with it


def fill(template: str, **values: str) -> str:
    """``template`` with each ``{name}`` replaced by ``values[name]``, in one pass.

    Nothing is evaluated: a placeholder not in ``values``, ``{a.b}``, ``{0}`` or a lone brace is
    kept as written, and a value that itself contains ``{name}`` is not filled again.
    """
    return PLACEHOLDER.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], template)


def placeholder_problem(template: str, allowed: tuple[str, ...]) -> str | None:
    """What is wrong with the placeholders of ``template`` for a label that takes ``allowed``, or None.

    Every ``{name}`` must be one of ``allowed``, each of ``allowed`` must be used, and braces appear
    only around a placeholder.
    """
    takes = ", ".join("{" + name + "}" for name in allowed) if allowed else "no placeholders"
    for inside in BRACES.findall(template):
        if inside not in allowed:
            return f"unknown placeholder {{{inside}}}: this label takes {takes}"
    if "{" in BRACES.sub("", template) or "}" in BRACES.sub("", template):
        return f"stray brace: braces are only for placeholders, and this label takes {takes}"
    for name in allowed:
        if "{" + name + "}" not in template:
            return f"must contain {{{name}}} (this label takes {takes})"
    return None
