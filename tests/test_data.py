"""The real data: valid, complete, and in step with the schema editors use."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

import guide
from guide import schema
from guide.loader import RECORD_DIRS, SINGLE_FILES

from conftest import ROOT, seeds_dir

DATA = ROOT / "data"
GUIDE_FILE = "004_4f057458d05a7ef0.txt"

# Every service of the Northamptonshire Police Service Guide, by the heading printed in the guide,
# with the id of its record. Written from the guide, not from data/.
GUIDE_SERVICES = {
    "FINGERPRINTS": "fingerprints",
    "LIVE CHAT": "live-chat",
    "ONLINE NOTIFICATION": "online-notification",
    "NON-ENGLISH 999": "non-english-999",
    "POLICE UK APP": "police-uk-app",
    "SAR FORM": "sar-form",
    "999 BSL AND SIGN VIDEO": "999-bsl-sign-video",
    "Northamptonshire Talking": "northamptonshire-talking",
    "Fraud": "fraud",
    "Call blockers": "call-blockers",
    "Retail Crime Team": "retail-crime-team",
    "Firearms and Explosives Licensing": "firearms-licensing",
    "Voice is a free, confidential support service": "voice",
    "Emergency Service Cadets": "emergency-service-cadets",
    "Police Support Volunteers": "police-support-volunteers",
    "Street Watch": "street-watch",
    "Volunteers on Horseback": "volunteers-on-horseback",
    "Beat Bus": "beat-bus",
    "County Schools Challenge": "county-schools-challenge",
    "PLR Scheme": "plr-scheme",
    "Pub Watch": "pub-watch",
    "Rural/Wildlife Crime Team": "rural-wildlife-crime-team",
    "Independent Advisory Group": "independent-advisory-group",
    "Special Constable": "special-constables",
    "Street Safe": "street-safe",
    "Keep Safe Scheme": "keep-safe-scheme",
    "Bike Marking": "bike-marking",
    "Burglary- Operation Crooked": "operation-crooked",
    "Knife Bins": "knife-bins",
    "Bleed Kits": "bleed-kits",
    "SNOvan": "snovan",
    "Early Intervention and ACE Support": "early-intervention-ace",
    "Arson Task Force (ATF)": "arson-task-force",
    "Bikesafe is a national police-led motorcycle road safety scheme": "bikesafe",
    "CarKraft": "carkraft",
    "Operation Close Pass": "operation-close-pass",
    "Horse Road Safety": "horse-road-safety",
    "My Pink Trainers": "my-pink-trainers",
    "Operation Snap": "operation-snap",
    "Community Speed Watch": "community-speed-watch",
    "Nuisance/Abandoned Animals": "nuisance-abandoned-animals",
    "Banned Dogs": "banned-dogs",
    "Animal Crime": "animal-crime",
    "Wildlife Crime": "wildlife-crime",
    "Operation Kayak": "operation-kayak",
    "Operation Kalon": "operation-kalon",
    "Self Defence Lessons": "self-defence-lessons",
    "Female Genital Mutilation (FGM)": "fgm",
    "Sarah's Law": "sarahs-law",
    "Operation Makesafe": "operation-makesafe",
    "Adult/Elder Abuse": "adult-elder-abuse",
    "Operation Satin": "operation-satin",
    "Safe Haven Scheme": "safe-haven-scheme",
    "Herbert Protocol": "herbert-protocol",
    "Philomena Protocol": "philomena-protocol",
    "Clare's Law": "clares-law",
    "Forced Marriage": "forced-marriage",
    "Honour- Based Abuse": "honour-based-abuse",
}


@pytest.fixture(scope="module")
def catalogue() -> guide.Catalogue:
    return guide.load(DATA)


def test_the_guide_has_58_services_and_each_heading_is_in_the_guide():
    text = (seeds_dir() / GUIDE_FILE).read_text(encoding="utf-8")
    assert len(GUIDE_SERVICES) == 58
    missing = [heading for heading in GUIDE_SERVICES if heading not in text]
    assert missing == []


def test_every_service_of_the_guide_has_a_record(catalogue):
    assert sorted(GUIDE_SERVICES.values()) == sorted(catalogue.services)


def test_real_data_is_accepted(catalogue):
    assert len(catalogue.sections) == 11
    assert {a.id for a in catalogue.audiences} == {"plrs", "residents-and-parents", "teachers"}


def test_every_record_cites_a_known_source_and_its_jurisdiction(catalogue):
    for svc in catalogue.services.values():
        assert svc.source.file == GUIDE_FILE, svc.id
        assert svc.source.pages and svc.source.section, svc.id
        assert svc.jurisdiction == "uk-northamptonshire", svc.id


def test_every_section_has_at_least_one_service(catalogue):
    for section in catalogue.sections:
        assert catalogue.services_in(section.id), section.id


def test_numbers_in_english_text_also_appear_in_russian(catalogue):
    """Ages, times, distances and speeds must survive translation unchanged."""
    number = re.compile(r"\d+(?:[.,:]\d+)?")

    def texts(model):
        if isinstance(model, guide.model.Text):
            yield model
        elif isinstance(model, guide.model.BaseModel):
            for name in type(model).model_fields:
                yield from texts(getattr(model, name))
        elif isinstance(model, list):
            for item in model:
                yield from texts(item)

    for svc in catalogue.services.values():
        for text in texts(svc):
            en = sorted(n.replace(".", ",") for n in number.findall(text.en))
            ru = sorted(n.replace(".", ",") for n in number.findall(text.ru))
            assert set(en) <= set(ru), f"{svc.id}: {text.en!r} vs {text.ru!r}"


def test_urls_only_come_from_the_organisations_list():
    """No invented addresses: the only web addresses in data/ are organisations' home pages."""
    allowed = {o["url"] for o in yaml.safe_load((DATA / "organisations.yml").read_text()) if o.get("url")}
    for path in (DATA / "services").rglob("*.yml"):
        found = set(re.findall(r"https?://[^\s)\"']+", path.read_text(encoding="utf-8")))
        assert found <= allowed, path


def test_exported_json_schema_is_up_to_date():
    for name, text in schema.rendered().items():
        path = DATA / "schema" / name
        assert path.exists(), f"run `make schema`: {path} is missing"
        assert path.read_text(encoding="utf-8") == text, f"run `make schema`: {path} is stale"


def _schema_for(path: Path) -> Path:
    rel = path.relative_to(DATA)
    kind = RECORD_DIRS[rel.parts[0]][0] if len(rel.parts) > 1 else SINGLE_FILES[rel.name]
    return DATA / "schema" / f"{kind}.schema.json"


def test_every_data_file_points_editors_at_its_schema_and_validates_against_it():
    files = [p for p in DATA.rglob("*.yml")]
    assert len(files) >= 58 + len(SINGLE_FILES)
    for path in files:
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        declared = (path.parent / first.split("$schema=", 1)[1].strip()).resolve()
        assert declared == _schema_for(path).resolve(), path
        instance = json.loads(json.dumps(yaml.safe_load(text), default=str))
        jsonschema.validate(instance, json.loads(declared.read_text(encoding="utf-8")))


def test_every_modality_has_a_label_in_both_languages(catalogue):
    from typing import get_args

    from guide.model import Modality

    for modality in get_args(Modality):
        label = getattr(catalogue.ui, "modality_" + modality.replace("-", "_"), None)
        assert label is not None and label.en and label.ru, modality


def test_glossary_gives_no_number_or_later_fact_its_source_does_not(catalogue):
    """No year, no 'now …' renaming: a glossary entry says what its source says."""
    for term in catalogue.glossary:
        source = (seeds_dir() / term.source.file).read_text(encoding="utf-8")
        for field in ("term", "expansion", "definition"):
            text = getattr(term, field)
            for lang in ("en", "ru"):
                value = getattr(text, lang)
                assert set(re.findall(r"\d+", value)) <= set(re.findall(r"\d+", source)), (term.id, field, lang)
                assert not re.search(r"\bnow\b|\bныне\b|\bcurrently\b|\bсейчас\b", value, re.I), (term.id, field)


def test_a_federal_or_all_russian_term_is_not_tagged_with_a_local_jurisdiction(catalogue):
    for term in catalogue.glossary:
        if re.search(r"\bfederal\b|all-russian", term.expansion.en, re.I) and term.jurisdiction.startswith("russia"):
            assert term.jurisdiction == "russia-federal", term.id
