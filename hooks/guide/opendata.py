"""Open data: the services as JSON in the shapes of Open Referral HSDS (3.0) where they fit.

One file per language (open-data/services.<lang>.json), described by open-data/services.schema.json,
which is exported from the models below. Fields HSDS has no place for are under `x_guide`.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from . import schema as data_schema
from . import translations
from .loader import Catalogue
from .model import LANGUAGES, Service


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HsdsPhone(_Out):
    id: str
    number: str
    type: Literal["voice", "text", "video", "textphone"]
    description: str | None = None


class HsdsSchedule(_Out):
    id: str
    opens_at: str
    closes_at: str
    description: str | None = None


class HsdsRequiredDocument(_Out):
    id: str
    document: str


class HsdsLanguage(_Out):
    id: str
    name: str
    code: str


class GuideChannel(_Out):
    type: str
    label: str | None = None
    url: str | None = None
    email: str | None = None
    number: str | None = None
    place: str | None = None
    notes: str | None = None


class GuideExtras(_Out):
    section: str
    kind: Literal["direct-access", "information", "contact"]
    audiences: list[str]
    jurisdiction: str
    source: str
    source_language: Literal["en", "ru"] = Field(
        description="Language of the record's original (its source document's); the other is a translation.")
    translation_checked: bool = Field(
        description="Whether every translated text of the record was checked against its current original.")
    last_updated: str | None = Field(
        None, description="Date of the record's newest change note (YYYY-MM-DD); a review alone is not a change.")
    page: str = Field(description="The service's page on the site, relative to the site root.")
    channels: list[GuideChannel]
    how_to_apply: list[str]
    related: list[str]
    sensitive: bool


class HsdsService(_Out):
    id: str
    name: str
    description: str
    url: str | None = None
    email: str | None = None
    status: Literal["active"] = "active"
    application_process: str | None = None
    eligibility_description: str | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    assured_date: str = Field(description="When the record was last reviewed against its source (YYYY-MM-DD).")
    phones: list[HsdsPhone]
    schedules: list[HsdsSchedule]
    required_documents: list[HsdsRequiredDocument]
    languages: list[HsdsLanguage]
    x_guide: GuideExtras


class OpenDataExport(_Out):
    """Northamptonshire police and community safety services, in one language."""

    language: Literal["en", "ru"]
    source: str
    licence_note: str
    services: list[HsdsService]


LANGUAGE_NAMES = {"en": "English", "ru": "Russian"}


def _service(cat: Catalogue, svc: Service, lang: str) -> HsdsService:
    t = lambda text: getattr(text, lang) if text is not None else None  # noqa: E731
    phones, schedules, channels = [], [], []
    url = email = None
    for i, ch in enumerate(svc.channels):
        org = cat.organisations.get(getattr(ch, "organisation", None) or "")
        ch_url = org.url if org else None
        url = url or ch_url
        if ch.type in ("phone", "text-relay"):
            phones.append(HsdsPhone(id=f"{svc.id}-phone-{i}", number=ch.number,
                                    type="voice" if ch.type == "phone" else "textphone",
                                    description=t(ch.label) or t(ch.notes)))
        if ch.type == "email":
            email = email or ch.address
        if ch.type == "live-chat":
            schedules.append(HsdsSchedule(id=f"{svc.id}-schedule-{i}", opens_at=ch.hours.opens,
                                          closes_at=ch.hours.closes, description=t(ch.label)))
        channels.append(GuideChannel(type=ch.type, label=t(ch.label), url=ch_url, notes=t(ch.notes),
                                     email=getattr(ch, "address", None), number=getattr(ch, "number", None),
                                     place=t(getattr(ch, "place", None))))
    elig = svc.eligibility
    source = cat.sources[svc.source.file]
    return HsdsService(
        id=svc.id, name=t(svc.title), description=t(svc.summary) + "\n\n" + t(svc.body).strip(), url=url,
        email=email, application_process="\n".join(t(s) for s in svc.how_to_apply) or None,
        eligibility_description=t(elig.description) if elig else None,
        minimum_age=elig.minimum_age if elig else None, maximum_age=elig.maximum_age if elig else None,
        assured_date=svc.reviewed.isoformat(), phones=phones, schedules=schedules,
        required_documents=[HsdsRequiredDocument(id=f"{svc.id}-doc-{i}", document=t(d))
                            for i, d in enumerate(svc.what_you_need)],
        languages=[HsdsLanguage(id=f"{svc.id}-{lang}", name=LANGUAGE_NAMES[lang], code=lang)],
        x_guide=GuideExtras(
            section=svc.section, kind=svc.kind, audiences=list(svc.audiences),
            jurisdiction=t(cat.jurisdictions[svc.jurisdiction].name),
            source=f"{t(source.title)} ({svc.source.file}, {svc.source.pages or ''}) {svc.source.section}".strip(),
            source_language=translations.source_language(cat, svc),
            translation_checked=all(u.state == translations.CHECKED for u in translations.record_units(cat, svc)),
            last_updated=svc.changes[0].date.isoformat() if svc.changes else None,
            page=f"{'' if lang == 'en' else lang + '/'}services/{svc.id}/", channels=channels,
            how_to_apply=[t(s) for s in svc.how_to_apply], related=list(svc.related), sensitive=svc.sensitive,
        ),
    )


def export(cat: Catalogue, lang: str) -> OpenDataExport:
    guide = cat.sources["004_4f057458d05a7ef0.txt"] if "004_4f057458d05a7ef0.txt" in cat.sources else None
    return OpenDataExport(
        language=lang,
        source=getattr(guide.title, lang) if guide else "",
        licence_note=getattr(cat.ui.open_data_note, lang),
        services=[_service(cat, svc, lang) for svc in cat.services.values()],
    )


def files(cat: Catalogue) -> dict[str, str]:
    """File name (under open-data/) -> JSON text."""
    out = {f"services.{lang}.json": export(cat, lang).model_dump_json(indent=1, exclude_none=True)
           for lang in LANGUAGES}
    out.update({f"data-schema/{name}": text for name, text in data_schema.rendered().items()})
    schema = OpenDataExport.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    out["services.schema.json"] = json.dumps(schema, indent=1, ensure_ascii=False)
    return out
