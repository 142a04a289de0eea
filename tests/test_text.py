"""Placeholders in labels are filled without evaluating anything, and every label says which it takes."""

from __future__ import annotations

import pytest

import guide
from guide import model
from guide.schema import schema_of
from guide.text import fill

from conftest import ROOT

# (template, values, result, why)
FILLS = [
    ("Page {number} of {count}", {"number": "2", "count": "3"}, "Page 2 of 3", "the ordinary case"),
    ("Страница {number} из {count}", {"number": 2, "count": 3}, "Страница 2 из 3", "numbers are written as text"),
    ("Press {key} {key}", {"key": "Shift"}, "Press Shift Shift", "a placeholder used twice"),
    ("Page {total}", {"number": "2"}, "Page {total}", "an unknown name stays as written (no KeyError)"),
    ("Page { of", {"number": "2"}, "Page { of", "a lone brace stays (no ValueError)"),
    ("{number.__class__}", {"number": "2"}, "{number.__class__}", "attributes are never looked up"),
    ("{number[0]}", {"number": "2"}, "{number[0]}", "nor items"),
    ("{0} {}", {"number": "2"}, "{0} {}", "nor positions"),
    ("{{number}}", {"number": "2"}, "{2}", "no escaping: braces around a placeholder are text"),
    ("{number} of {count}", {"number": "{count}", "count": "3"}, "{count} of 3", "a value is never filled again"),
]


@pytest.mark.parametrize("template, values, result, why", FILLS, ids=[f[3] for f in FILLS])
def test_fill_only_puts_values_into_their_placeholders(template, values, result, why):
    assert fill(template, **values) == result, why


def _labels_with_placeholders() -> dict[str, tuple[str, ...]]:
    return {name: info.annotation.placeholders for name, info in _labels()
            if info.annotation.placeholders}


def _labels():
    """The interface labels (ui.yml also holds word lists, such as call_words, which take no placeholders)."""
    return [(name, info) for name, info in model.Ui.model_fields.items() if issubclass(info.annotation, model.Label)]


def test_the_model_declares_the_placeholders_of_each_label_and_the_schema_says_so():
    declared = _labels_with_placeholders()
    assert declared == {"page_of": ("number", "count"), "title_page_of": ("number", "count"), "exit_hint": ("key",),
                        "search_help_emergency": ("number",), "call_now": ("number",), "link_search": ("site", "what"),
                        "link_look_for": ("site", "what"), "report_contact": ("address",)}
    schema = schema_of("ui")
    for name, info in _labels():
        ref = schema["properties"][name]["$ref"].rsplit("/", 1)[1]
        assert schema["$defs"][ref]["x-placeholders"] == list(info.annotation.placeholders), name


def test_every_real_label_fills_completely_in_both_languages():
    ui = guide.load(ROOT / "data").ui
    for name, takes in _labels_with_placeholders().items():
        for lang in guide.LANGUAGES:
            filled = fill(getattr(getattr(ui, name), lang), **{key: "X" for key in takes})
            assert "{" not in filled and "}" not in filled and "X" in filled, (name, lang, filled)
