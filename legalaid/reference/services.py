"""Seeding the reference data from the CSV files shipped in `data/`."""

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from legalaid.casekinds import case_kinds
from legalaid.drafting.defaults import seed_default_templates
from legalaid.extensions import db
from legalaid.reference.models import Court, DetentionRule, Prison, Region

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class SeedReport:
    """What a seeding run did, per table, and per case kind (its own reference data)."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    added_by_kind: dict[str, int] = field(default_factory=dict)
    templates_added: int = 0

    @property
    def changed(self) -> bool:
        """Whether the run wrote anything."""
        return (
            any(self.created.values())
            or any(self.updated.values())
            or any(self.added_by_kind.values())
            or self.templates_added > 0
        )


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
    """Load regions, courts, prisons and detention rules, then each kind's own reference data
    (its `seed_reference`) and the shared document templates; a second run changes nothing."""
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
    seed_detention_rules(report)
    for kind in case_kinds():
        report.added_by_kind[kind.code] = kind.seed_reference()
    report.templates_added = seed_default_templates()
    db.session.commit()
    return report


def _rule_row(row: dict[str, str]) -> dict[str, Any]:
    optional_int = lambda text: int(text) if text else None  # noqa: E731
    return {
        "code_regime": row["code_regime"],
        "offence_class": row["offence_class"],
        "base_amount": int(row["base_amount"]),
        "base_unit": row["base_unit"],
        "extension_amount": optional_int(row["extension_amount"]),
        "extension_unit": row["extension_unit"] or None,
        "max_extensions": int(row["max_extensions"]),
        "cap_amount": int(row["cap_amount"]),
        "cap_unit": row["cap_unit"],
        "renewal_window_working_days": optional_int(row["renewal_window_working_days"]),
        "legal_basis": row["legal_basis"],
        "effective_from": date.fromisoformat(row["effective_from"]),
    }


def seed_detention_rules(report: SeedReport) -> None:
    """Create the default rules that are missing; never touch one that exists (admins edit them)."""
    existing = set(
        db.session.execute(
            select(
                DetentionRule.code_regime, DetentionRule.offence_class, DetentionRule.effective_from
            )
        ).all()
    )
    report.created["detention_rules"] = report.updated["detention_rules"] = 0
    for row in map(_rule_row, _read_rows("detention_rules.csv")):
        if (row["code_regime"], row["offence_class"], row["effective_from"]) in existing:
            continue
        db.session.add(DetentionRule(**row))
        report.created["detention_rules"] += 1
