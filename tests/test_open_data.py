"""Open data (open-data/services.<lang>.json): Open Referral HSDS 3.0 services and organisations that
another directory can load as they are, with ids that never change and the guide's own facts."""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from pathlib import Path

import jsonschema
import pytest

import guide
from guide import opendata
from guide.errors import DataError
from guide.model import LANGUAGES

from conftest import ROOT

HSDS = json.loads((ROOT / "tests" / "hsds" / "hsds-3.0.schema.json").read_text(encoding="utf-8"))
# Which HSDS object each field holding other objects contains.
NESTED = {"phones": "phone", "schedules": "schedule", "languages": "language",
          "required_documents": "required_document", "metadata": "metadata"}


@pytest.fixture(scope="module")
def catalogue() -> guide.Catalogue:
    return guide.load(ROOT / "data")


@pytest.fixture(scope="module")
def exports(catalogue) -> dict[str, dict]:
    files = opendata.files(catalogue)
    return {lang: json.loads(files[f"services.{lang}.json"]) for lang in LANGUAGES}


def _validator(kind: str) -> jsonschema.protocols.Validator:
    schema = {**HSDS, "$ref": f"#/$defs/{kind}"}
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _errors(kind: str, records: list[dict]) -> list[str]:
    validator = _validator(kind)
    return [f"{kind} {r.get('x_guide', {}).get('id', r.get('id'))}: {'/'.join(map(str, e.absolute_path))}: "
            f"{e.message}" for r in records for e in validator.iter_errors(r)]


def _by_record(export: dict, kind: str = "services") -> dict[str, dict]:
    return {item["x_guide"]["id"]: item for item in export[kind]}


def test_both_language_exports_are_valid_hsds_3_services_and_organizations(exports):
    for lang, export in exports.items():
        assert export["language"] == lang
        assert len(export["services"]) >= 58 and export["organizations"]
        assert _errors("service", export["services"]) + _errors("organization", export["organizations"]) == []


def test_every_field_is_an_hsds_field_or_ours_under_x_guide(exports):
    def unknown(record: dict, kind: str, where: str) -> list[str]:
        fields = set(HSDS["$defs"][kind]["properties"])
        found = [f"{where}.{name}" for name in record if name not in fields and name != "x_guide"]
        for name, inner in NESTED.items():
            for i, item in enumerate(record.get(name, [])):
                found += unknown(item, inner, f"{where}.{name}[{i}]")
        return found

    for export in exports.values():
        found = [f for s in export["services"] for f in unknown(s, "service", s["x_guide"]["id"])]
        found += [f for o in export["organizations"] for f in unknown(o, "organization", o["x_guide"]["id"])]
        assert found == []


def test_languages_are_those_the_guide_says_a_service_is_delivered_in_whatever_the_file_language(
        catalogue, exports):
    for lang, export in exports.items():
        services = _by_record(export)
        for sid, svc in catalogue.services.items():
            got = services[sid]["languages"]
            assert [(l["code"], l["name"]) for l in got] == [(l.code, getattr(l.name, lang)) for l in svc.languages]
            assert all(l["service_id"] == services[sid]["id"] for l in got)
        # What the guide states: 999 BSL and Sign Video is in British Sign Language (ISO 639-3 bfi);
        # Non-English 999 reaches other languages only through an interpreter, which HSDS keeps out of
        # `languages` and describes in `interpretation_services`.
        assert [l["code"] for l in services["999-bsl-sign-video"]["languages"]] == ["bfi"]
        assert services["non-english-999"]["languages"] == []
        interpretation = catalogue.services["non-english-999"].interpretation
        assert services["non-english-999"]["interpretation_services"] == getattr(interpretation, lang)
        assert services["clares-law"]["languages"] == []  # the guide states none


def test_organisations_are_exported_and_each_service_names_the_one_that_runs_it(catalogue, exports):
    for export in exports.values():
        organisations = _by_record(export, "organizations")
        assert set(organisations) == set(catalogue.organisations)
        services = _by_record(export)
        for sid, svc in catalogue.services.items():
            runner = svc.organisation or catalogue.sources[svc.source.file].publisher
            assert services[sid]["organization_id"] == organisations[runner]["id"], sid
        # The guide is Northamptonshire Police's, but Voice runs Voice and Action Fraud takes fraud reports.
        assert services["clares-law"]["organization_id"] == organisations["northants-police"]["id"]
        assert services["voice"]["organization_id"] == organisations["voice"]["id"]
        assert services["fraud"]["organization_id"] == organisations["action-fraud"]["id"]
        assert organisations["northants-police"]["website"] == catalogue.organisations["northants-police"].url


def test_ids_are_uuids_derived_from_our_ids_the_same_in_every_build_and_language(catalogue, exports):
    again = json.loads(opendata.files(guide.load(ROOT / "data"))["services.ru.json"])
    assert again == exports["ru"]
    en, ru = exports["en"], exports["ru"]
    assert [s["id"] for s in en["services"]] == [s["id"] for s in ru["services"]]
    assert [o["id"] for o in en["organizations"]] == [o["id"] for o in ru["organizations"]]
    # Pinned: a consumer that stored this id must find the same service after any rebuild.
    assert _by_record(en)["clares-law"]["id"] == str(uuid.uuid5(opendata.NAMESPACE, "service/clares-law"))
    assert str(opendata.NAMESPACE) == "0b7e0d5c-3c1e-4d0a-9f3e-6a2f5b8c1d47"

    def ids(value):
        if isinstance(value, dict):
            yield from ([value["id"]] if "id" in value else [])
            for key, inner in value.items():
                if key != "x_guide":
                    yield from ids(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from ids(inner)

    every = list(ids(en["services"])) + list(ids(en["organizations"]))
    assert len(every) == len(set(every))


def test_each_service_has_a_metadata_entry_for_its_last_review(catalogue, exports):
    for export in exports.values():
        for sid, service in _by_record(export).items():
            reviews = [m for m in service["metadata"] if m["last_action_type"] == "reviewed"]
            assert [(m["last_action_date"], m["field_name"], m["resource_id"]) for m in reviews] == [
                (catalogue.services[sid].reviewed.isoformat(), "assured_date", service["id"])]
            assert service["assured_date"] == catalogue.services[sid].reviewed.isoformat()


def test_dated_change_notes_become_metadata_entries_in_the_file_language():
    import datetime as dt

    from guide.model import Change

    changes = [Change(date=dt.date(2026, 10, 1), note={"en": "Phone number added.", "ru": "Добавлен телефон."}),
               Change(date=dt.date(2026, 11, 5), note={"en": "Hours corrected.", "ru": "Исправлены часы."})]
    resource = str(uuid.uuid5(opendata.NAMESPACE, "service/x"))
    entries = opendata.metadata(resource, "service", dt.date(2026, 11, 21), changes, "ru", "Редакция")
    assert [(e.last_action_date, e.last_action_type, e.replacement_value) for e in entries] == [
        ("2026-11-21", "reviewed", "2026-11-21"),
        ("2026-11-05", "update", "Исправлены часы."),
        ("2026-10-01", "update", "Добавлен телефон.")]
    assert _errors("metadata", [e.model_dump() for e in entries]) == []
    assert len({e.id for e in entries}) == 3


def test_the_export_never_names_a_source_file(exports):
    for export in exports.values():
        assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", json.dumps(export, ensure_ascii=False))


def test_an_unknown_organisation_is_one_clear_problem(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    record = data / "services" / "voice" / "voice.yml"
    text = re.sub(r"^organisation: voice$", "organisation: vocie", record.read_text(encoding="utf-8"), flags=re.M)
    record.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        guide.load(data)
    [problem] = raised.value.problems
    line = record.read_text(encoding="utf-8").splitlines().index("organisation: vocie") + 1
    assert (problem.file, problem.line, problem.record, problem.field) == (
        "data/services/voice/voice.yml", line, "voice", "organisation")
    assert "unknown organisation 'vocie'" in problem.message


@pytest.mark.skipif(not os.environ.get("HSDS_SCHEMA_DIR"),
                    reason="set HSDS_SCHEMA_DIR to the schema/ folder of openreferral/specification (3.0) "
                           "to validate against the published files as well")
def test_both_exports_validate_against_the_published_hsds_schema_files(exports):
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    folder = Path(os.environ["HSDS_SCHEMA_DIR"])
    registry = Registry()
    for path in folder.glob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        registry = registry.with_resource(path.name, resource)
        if contents.get("$id"):
            registry = registry.with_resource(contents["$id"], resource)
    for kind, key in (("service", "services"), ("organization", "organizations")):
        schema = json.loads((folder / f"{kind}.json").read_text(encoding="utf-8"))
        schema.setdefault("$id", f"{kind}.json")
        validator = jsonschema.Draft202012Validator(schema, registry=registry)
        for export in exports.values():
            assert [e.message for r in export[key] for e in validator.iter_errors(r)] == []
