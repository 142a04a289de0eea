"""Change history: what changed for readers, per record, across the site and as an Atom feed.

A service, document or pathway may carry ``changes``: dated notes in both languages, newest first
(the model checks the order and that no date is in the future). They are distinct from
``reviewed``: a review that changed nothing is not news, so only notes appear here.

- :func:`last_updated` the date of a record's newest note;
- :func:`recent` the notes across the site in one language, newest first, with the page they are about;
- :func:`updates` the same gathered per record and day (the entries of the "What's new" page);
- :func:`atom` an Atom feed (RFC 4287) of them, made with feedgen, in the feed's language (xml:lang).
  Links are absolute when the site's address is known (``GUIDE_SITE_URL``), otherwise relative to the
  language's root, where the feed lives (``plan.feed_path()``).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from dataclasses import dataclass
from typing import Iterator

from feedgen.feed import FeedGenerator

from . import plan
from .loader import Catalogue
from .model import Change, Document, Pathway, Service

SITE_URL_ENV = "GUIDE_SITE_URL"
FEED_LIMIT = 50  # entries in a feed; the "What's new" page can show them all
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:northamptonshire-police-guide:changes")


@dataclass(frozen=True)
class Entry:
    """One change note, in one language."""

    date: dt.date
    kind: str  # service, document or pathway
    record: str  # record id
    title: str  # the record's title in the language
    note: str  # what changed, in the language
    uri: str  # the record's page (plan source path, e.g. services/fraud.md)
    url: str  # that page's address inside the language, e.g. services/fraud/
    id: str  # stable id of the note in this language (urn:uuid), whatever the site's address


def last_updated(record: Service | Document | Pathway) -> dt.date | None:
    """Date of the record's newest change note (not its review date), or None."""
    return record.changes[0].date if record.changes else None


def _records(cat: Catalogue) -> Iterator[tuple[str, Service | Document | Pathway, str, object]]:
    for svc in cat.services.values():
        yield "service", svc, plan.service_uri(svc.id), svc.title
    for doc in cat.documents.values():
        yield "document", doc, plan.document_uri(doc.id), doc.short_title
    for pw in cat.pathways.values():
        yield "pathway", pw, plan.pathway_uri(pw.id), pw.title


def _note_ids(lang: str, kind: str, rid: str, changes: list[Change]) -> list[str]:
    """A note's id counts same-day notes from the oldest, so adding a newer note changes no old id."""
    ids: list[str] = []
    seen: dict[dt.date, int] = {}
    for change in reversed(changes):
        n = seen[change.date] = seen.get(change.date, 0) + 1
        ids.append(f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{lang}/{kind}/{rid}/{change.date.isoformat()}/{n}')}")
    return ids[::-1]


def recent(cat: Catalogue, lang: str, limit: int | None = None, since: dt.date | None = None,
           directory_urls: bool = True) -> list[Entry]:
    """Change notes across the site in ``lang``, newest first, then by title; a record's notes of one day
    stay in the order the record lists them."""
    out = []
    for kind, record, uri, title in _records(cat):
        for change, note_id in zip(record.changes, _note_ids(lang, kind, record.id, record.changes)):
            if since is not None and change.date < since:
                continue
            out.append(Entry(change.date, kind, record.id, getattr(title, lang), getattr(change.note, lang),
                             uri, plan.url_of(uri, directory_urls), note_id))
    out.sort(key=lambda e: (-e.date.toordinal(), e.title.casefold()))  # stable: keeps each record's order
    return out[:limit] if limit is not None else out


@dataclass(frozen=True)
class Update:
    """A record's notes of one day, in one language: one entry of the "What's new" list."""

    date: dt.date
    kind: str
    record: str
    title: str
    uri: str
    notes: tuple[str, ...]


def updates(entries: list[Entry]) -> list[Update]:
    """``recent`` entries gathered per record and day, in the same order (plan.whats_new_entries counts them)."""
    out: list[Update] = []
    for e in entries:
        last = out[-1] if out else None
        if last is not None and (last.date, last.kind, last.record) == (e.date, e.kind, e.record):
            out[-1] = Update(last.date, last.kind, last.record, last.title, last.uri, last.notes + (e.note,))
        else:
            out.append(Update(e.date, e.kind, e.record, e.title, e.uri, (e.note,)))
    return out


def language_root(lang: str, site_url: str | None) -> str:
    """Address of a language's home: https://host/ and https://host/ru/, or '' when unknown."""
    if not site_url:
        return ""
    prefix = "" if lang == "en" else f"{lang}/"
    return site_url.rstrip("/") + "/" + prefix


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def atom(cat: Catalogue, lang: str, site_url: str | None = None, directory_urls: bool = True,
         limit: int = FEED_LIMIT) -> bytes:
    """The Atom feed of the site's changes in ``lang``. ``site_url`` defaults to $GUIDE_SITE_URL."""
    if site_url is None:
        site_url = os.environ.get(SITE_URL_ENV) or None
    base = language_root(lang, site_url)
    ui = cat.ui
    entries = recent(cat, lang, limit=limit, directory_urls=directory_urls)
    reviewed = [r.reviewed for _, r, _, _ in _records(cat)]
    updated = entries[0].date if entries else max(reviewed, default=dt.date(2000, 1, 1))

    fg = FeedGenerator()
    fg.id(f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'feed/{lang}')}")
    fg.title(getattr(ui.feed_title, lang))
    fg.subtitle(getattr(ui.feed_subtitle, lang))
    fg.author({"name": getattr(ui.feed_author, lang)})
    fg.language(lang)
    fg.updated(_midnight(updated))
    fg.link(href=base + plan.url_of(plan.whats_new_uri(), directory_urls), rel="alternate", type="text/html")
    fg.link(href=base + plan.feed_path(), rel="self", type="application/atom+xml")
    for entry in entries:
        fe = fg.add_entry(order="append")
        fe.id(entry.id)
        fe.title(entry.title)
        fe.updated(_midnight(entry.date))
        fe.published(_midnight(entry.date))
        fe.link(href=base + entry.url, rel="alternate", type="text/html")
        fe.summary(entry.note)
    return fg.atom_str(pretty=True)
