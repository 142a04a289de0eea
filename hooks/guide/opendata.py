"""Open data: the services and the organisations that run them, as Open Referral HSDS 3.0 records.

One file per language (open-data/services.<lang>.json), described by open-data/services.schema.json,
which is exported from the models below. Each service and organisation is an HSDS `service` or
`organization` record; what HSDS has no place for is under `x_guide`. Ids are UUIDs derived from our
record ids (uuid5 in NAMESPACE), so they are the same in every build and in both languages.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any, Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field

from . import schema as data_schema
from . import translations
from .loader import Catalogue
from .model import LANGUAGES, Organisation, Service

HSDS_VERSION = "3.0"
# Fixed for good: every id in the export is derived from it. Changing it changes every id.
NAMESPACE = uuid.UUID("0b7e0d5c-3c1e-4d0a-9f3e-6a2f5b8c1d47")


def stable_id(*parts: str) -> str:
    """The UUID of a record, from its kind and our ids, e.g. stable_id("service", "clares-law")."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HsdsMetadata(_Out):
    id: str
    resource_id: str
    resource_type: Literal["service", "organization"]
    last_action_date: str
    last_action_type: Literal["reviewed", "update"] = Field(
        description="reviewed: checked against the source (assured_date set); update: a dated change note.")
    field_name: str
    previous_value: str
    replacement_value: str
    updated_by: str


class HsdsPhone(_Out):
    id: str
    service_id: str
    number: str
    type: Literal["voice", "text", "video", "textphone"]
    description: str | None = None


class HsdsSchedule(_Out):
    id: str
    service_id: str
    opens_at: str
    closes_at: str
    description: str | None = None


class HsdsRequiredDocument(_Out):
    id: str
    service_id: str
    document: str


class HsdsLanguage(_Out):
    id: str
    service_id: str
    name: str
    code: str
    note: str | None = None


class GuideChannel(_Out):
    type: str
    label: str | None = None
    url: str | None = Field(None, description="The organisation's home page (the source gives no other address).")
    look_for: str | None = Field(None, description="What to find on the site that url opens, e.g. a page to search for.")
    email: str | None = None
    number: str | None = None
    place: str | None = None
    notes: str | None = None


class GuideServiceExtras(_Out):
    id: str = Field(description="The record's id in the guide; its page is services/<id>/.")
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


class GuideOrganisationExtras(_Out):
    id: str = Field(description="The organisation's id in the guide (data/organisations.yml).")


class HsdsOrganization(_Out):
    id: str
    name: str
    description: str
    website: str | None = None
    x_guide: GuideOrganisationExtras


class HsdsService(_Out):
    id: str
    organization_id: str = Field(description="The organization that runs the service (in `organizations`).")
    name: str
    description: str
    url: str | None = None
    email: str | None = None
    status: Literal["active"] = "active"
    interpretation_services: str | None = None
    application_process: str | None = None
    eligibility_description: str | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    assured_date: str = Field(description="When the record was last checked against its source (YYYY-MM-DD).")
    phones: list[HsdsPhone]
    schedules: list[HsdsSchedule]
    required_documents: list[HsdsRequiredDocument]
    languages: list[HsdsLanguage] = Field(
        description="Languages the guide says the service is delivered in; empty where it states none.")
    metadata: list[HsdsMetadata]
    x_guide: GuideServiceExtras


class OpenDataExport(_Out):
    """Northamptonshire police and community safety services, in one language, as HSDS 3.0 records."""

    hsds_version: Literal["3.0"] = HSDS_VERSION
    language: Literal["en", "ru"]
    source: str
    licence_note: str
    organizations: list[HsdsOrganization]
    services: list[HsdsService]


def metadata(resource_id: str, resource_type: str, reviewed: dt.date, changes: Iterable[Any], lang: str,
             updated_by: str) -> list[HsdsMetadata]:
    """HSDS metadata for a record, newest first: its last review against the source, and one `update`
    entry per dated change note (the model's Change: a `date` and a `note` in each language)."""
    entries = [HsdsMetadata(
        id=stable_id("metadata", resource_id, "reviewed", reviewed.isoformat()), resource_id=resource_id,
        resource_type=resource_type, last_action_date=reviewed.isoformat(), last_action_type="reviewed",
        field_name="assured_date", previous_value="", replacement_value=reviewed.isoformat(), updated_by=updated_by,
    )]
    for change in changes:
        date = change.date.isoformat()
        entries.append(HsdsMetadata(
            id=stable_id("metadata", resource_id, "update", date, change.note.en), resource_id=resource_id,
            resource_type=resource_type, last_action_date=date, last_action_type="update", field_name="",
            previous_value="", replacement_value=getattr(change.note, lang), updated_by=updated_by,
        ))
    return sorted(entries, key=lambda e: e.last_action_date, reverse=True)


def _organisation(org: Organisation, lang: str) -> HsdsOrganization:
    return HsdsOrganization(id=stable_id("organization", org.id), name=getattr(org.name, lang),
                            description=getattr(org.description, lang), website=org.url,
                            x_guide=GuideOrganisationExtras(id=org.id))


def _source_line(cat: Catalogue, svc: Service, lang: str) -> str:
    """The source as readers see it: title, pages and section (never the source's file name)."""
    pages = svc.source.pages
    label = cat.ui.pages if pages and ("," in pages or "-" in pages) else cat.ui.page
    where = f", {getattr(label, lang)} {pages}" if pages else ""
    return f"{getattr(cat.sources[svc.source.file].title, lang)}{where}: {svc.source.section}"


def _service(cat: Catalogue, svc: Service, lang: str) -> HsdsService:
    t = lambda text: getattr(text, lang) if text is not None else None  # noqa: E731
    sid = stable_id("service", svc.id)
    phones, schedules, channels = [], [], []
    url = email = None
    for i, ch in enumerate(svc.channels):
        org = cat.organisations.get(getattr(ch, "organisation", None) or "")
        ch_url = org.url if org else None
        url = url or ch_url
        if ch.type in ("phone", "text-relay"):
            phones.append(HsdsPhone(id=stable_id("phone", svc.id, str(i)), service_id=sid, number=ch.number,
                                    type="voice" if ch.type == "phone" else "textphone",
                                    description=t(ch.label) or t(ch.notes)))
        if ch.type == "email":
            email = email or ch.address
        if ch.type == "live-chat":
            schedules.append(HsdsSchedule(id=stable_id("schedule", svc.id, str(i)), service_id=sid,
                                          opens_at=ch.hours.opens, closes_at=ch.hours.closes, description=t(ch.label)))
        channels.append(GuideChannel(type=ch.type, label=t(ch.label), url=ch_url,
                                     look_for=t(getattr(ch, "look_for", None)), notes=t(ch.notes),
                                     email=getattr(ch, "address", None), number=getattr(ch, "number", None),
                                     place=t(getattr(ch, "place", None))))
    elig = svc.eligibility
    return HsdsService(
        id=sid, organization_id=stable_id("organization", cat.organisation_of(svc)), name=t(svc.title),
        description=t(svc.summary) + "\n\n" + t(svc.body).strip(), url=url, email=email,
        interpretation_services=t(svc.interpretation),
        application_process="\n".join(t(s) for s in svc.how_to_apply) or None,
        eligibility_description=t(elig.description) if elig else None,
        minimum_age=elig.minimum_age if elig else None, maximum_age=elig.maximum_age if elig else None,
        assured_date=svc.reviewed.isoformat(), phones=phones, schedules=schedules,
        required_documents=[HsdsRequiredDocument(id=stable_id("required_document", svc.id, str(i)), service_id=sid,
                                                 document=t(d)) for i, d in enumerate(svc.what_you_need)],
        languages=[HsdsLanguage(id=stable_id("language", svc.id, language.code), service_id=sid,
                                name=t(language.name), code=language.code, note=t(language.note))
                   for language in svc.languages],
        metadata=metadata(sid, "service", svc.reviewed, svc.changes, lang,
                          t(cat.ui.open_data_updated_by)),
        x_guide=GuideServiceExtras(
            id=svc.id, section=svc.section, kind=svc.kind, audiences=list(svc.audiences),
            jurisdiction=t(cat.jurisdictions[svc.jurisdiction].name), source=_source_line(cat, svc, lang),
            source_language=translations.source_language(cat, svc),
            translation_checked=all(u.state == translations.CHECKED for u in translations.record_units(cat, svc)),
            last_updated=svc.changes[0].date.isoformat() if svc.changes else None,
            page=f"{'' if lang == 'en' else lang + '/'}services/{svc.id}/", channels=channels,
            how_to_apply=[t(s) for s in svc.how_to_apply], related=list(svc.related), sensitive=svc.sensitive,
        ),
    )


def export(cat: Catalogue, lang: str) -> OpenDataExport:
    cited = dict.fromkeys(svc.source.file for svc in cat.services.values())
    return OpenDataExport(
        language=lang,
        source="; ".join(getattr(cat.sources[f].title, lang) for f in cited if f in cat.sources),
        licence_note=getattr(cat.ui.open_data_note, lang),
        organizations=[_organisation(org, lang) for org in cat.organisations.values()],
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
