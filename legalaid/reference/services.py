"""Seeding the reference data from the CSV files shipped in `data/`."""

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from legalaid.extensions import db
from legalaid.reference.models import Court, Prison, Region

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class SeedReport:
    """What a seeding run did, per table."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        """Whether the run wrote anything."""
        return any(self.created.values()) or any(self.updated.values())


def _read_rows(filename: str) -> list[dict[str, str]]:
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _upsert(model: type, rows: list[dict[str, Any]], report: SeedReport) -> None:
    """Create the rows missing by code and correct those whose fields differ."""
    table = model.__tablename__
    existing = {obj.code: obj for obj in db.session.scalars(select(model))}
    report.created[table] = report.updated[table] = 0
    for row in rows:
        obj = existing.get(row["code"])
        if obj is None:
            db.session.add(model(**row))
            report.created[table] += 1
            continue
        changes = {key: value for key, value in row.items() if getattr(obj, key) != value}
        for key, value in changes.items():
            setattr(obj, key, value)
        report.updated[table] += bool(changes)
    db.session.flush()


def seed_reference_data() -> SeedReport:
    """Load regions, courts and prisons; idempotent (a second run changes nothing)."""
    report = SeedReport()
    _upsert(Region, _read_rows("regions.csv"), report)
    region_ids = dict(db.session.execute(select(Region.code, Region.id)).all())

    def with_region(row: dict[str, str]) -> dict[str, Any]:
        row = dict(row)
        row["region_id"] = region_ids[row.pop("region_code")]
        return row

    _upsert(Court, [with_region(row) for row in _read_rows("courts.csv")], report)
    prisons = []
    for row in _read_rows("prisons.csv"):
        prison = with_region(row)
        prison["for_women_and_minors"] = prison["for_women_and_minors"] == "yes"
        prisons.append(prison)
    _upsert(Prison, prisons, report)
    db.session.commit()
    return report
