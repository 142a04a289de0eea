"""Which records have not been checked against their source for a year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .loader import Catalogue

MAX_AGE_DAYS = 365


@dataclass(frozen=True)
class Stale:
    file: str
    record: str
    reviewed: dt.date
    days: int

    def __str__(self) -> str:
        return f"{self.file}: record '{self.record}' last reviewed {self.reviewed.isoformat()} ({self.days} days ago)"


def stale(cat: Catalogue, today: dt.date | None = None) -> list[Stale]:
    today = today or dt.date.today()
    records = [*cat.services.values(), *cat.documents.values(), *cat.pathways.values()]
    out = [Stale(cat.files[r.id], r.id, r.reviewed, (today - r.reviewed).days)
           for r in records if (today - r.reviewed).days > MAX_AGE_DAYS]
    return sorted(out, key=lambda s: (s.reviewed, s.file))
