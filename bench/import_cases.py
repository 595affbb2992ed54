"""Benchmark of bulk import: a realistic 10,000-row CSV into a fresh SQLite database.

    .venv/bin/python bench/import_cases.py [--rows 10000] [--trace-memory]

Everything happens in a temporary folder (database and file), removed at the end. The file has
the four kinds of case (5% land disputes before the seeded land commissions), every workflow
status, French dates and semicolons like a KoboToolbox export from a French-language computer,
and rows whose person is already a beneficiary of the organisation (linked, not created twice).
The import is run twice: the second run must change nothing. Target: 10,000 rows in under 30
seconds, with memory flat in the size of the file.
"""

import argparse
import csv
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from legalaid import create_app  # noqa: E402
from legalaid.accounts.services import create_user, ensure_organisation  # noqa: E402
from legalaid.cases.models import Beneficiary, Case  # noqa: E402
from legalaid.cases.services import BeneficiaryData, IntakeData, open_case  # noqa: E402
from legalaid.extensions import db  # noqa: E402
from legalaid.imports.services import check_cases, import_cases  # noqa: E402
from legalaid.land.models import DisputeNature, LandCommission  # noqa: E402
from legalaid.reference.models import Prison, Region  # noqa: E402
from legalaid.reference.services import seed_reference_data  # noqa: E402
from legalaid.workflow.models import OUTCOMES  # noqa: E402

ORGANISATION = "Association des juristes maliennes"
FIRST_NAMES = {
    "F": ["Aminata", "Fatoumata", "Mariam", "Awa", "Kadiatou", "Oumou", "Hawa", "Rokia", "Bintou"],
    "M": ["Moussa", "Mamadou", "Amadou", "Oumar", "Boubacar", "Seydou", "Adama", "Bakary", "Issa"],
}
SURNAMES = [
    "Traoré",
    "Coulibaly",
    "Diarra",
    "Keïta",
    "Konaté",
    "Cissé",
    "Sangaré",
    "Maïga",
    "Touré",
]
HEADER = [
    "external_id",
    "type_de_dossier",
    "date_d_ouverture",
    "nom_complet",
    "sexe",
    "annee_de_naissance",
    "age",
    "region",
    "telephone",
    "statut",
    "issue",
    "date_de_resolution",
    "date_de_cloture",
    "motif_de_cloture",
    "email_avocat",
    "email_parajuriste",
    "prison",
    "date_d_arrestation",
    "date_du_mandat_de_depot",
    "classe_d_infraction",
    "chefs_d_inculpation",
    "prochaine_audience",
    "type_d_incident",
    "date_de_l_incident",
    "consentement_rapports",
    "type_d_affaire",
    "instance",
    "parties_adverses",
    "commission_fonciere",
    "type_litige",
    "date_saisine",
    "date_depot_pv",
    "homologation",
    "date_homologation",
    "resume",
    "_submission_time",
]
INCIDENTS = ["rape", "sexual_assault", "physical_assault", "forced_marriage", "psychological_abuse"]
MATTERS = ["land", "family", "inheritance", "civil_status", "debt"]
LAND = "land_conciliation"


def french(day: date) -> str:
    """A date as a French-language spreadsheet writes it."""
    return day.strftime("%d/%m/%Y")


def build_app(folder: Path):
    """The app on a new SQLite database in `folder`, migrated and seeded."""
    app = create_app(
        "development",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
            "SECRET_KEY": "bench-secret-key-not-for-production",
            "BCRYPT_LOG_ROUNDS": 4,
        },
    )
    with app.app_context():
        upgrade()
        seed_reference_data()
    return app


def people(organisation):
    """The importing coordinator and the organisation's lawyers and paralegals."""
    password = "bench password 2026"  # noqa: S105 - benchmark data only

    def user(role: str, number: int):
        return create_user(
            email=f"{role}{number}@bench.example.org",
            full_name=f"{role.title()} {number}",
            role=role,
            organisation=organisation,
            password=password,
        ).user

    coordinator = user("coordinator", 1)
    return (
        coordinator,
        [user("lawyer", n) for n in range(1, 21)],
        [user("paralegal", n) for n in range(1, 31)],
    )


def known_people(coordinator, rng: random.Random, count: int) -> list[tuple[str, str, int]]:
    """Beneficiaries taken in before the import: some rows of the file are these people."""
    known = []
    for number in range(count):
        sex = rng.choice("FM")
        name = f"{rng.choice(FIRST_NAMES[sex])} {rng.choice(SURNAMES)} {number}"
        birth_year = rng.randint(1960, 2005)
        open_case(
            IntakeData(
                kind="litigation",
                opened_on=date(2025, 6, 1),
                service_level="advice",
                beneficiary=BeneficiaryData(full_name=name, sex=sex, birth_year=birth_year),
                details={"matter_type": "land", "forum": "customary"},
            ),
            coordinator,
            today=date(2025, 6, 1),
        )
        known.append((name, sex, birth_year))
    return known


def write_file(path: Path, rows: int, rng: random.Random, reference, known, workers) -> None:
    """The CSV, streamed to disk row by row."""
    regions, prisons, commissions = reference
    lawyers, paralegals = workers
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for number in range(rows):
            writer.writerow(
                _row(number, rng, (regions, prisons, commissions), known, lawyers, paralegals)
            )


def _row(number, rng, reference, known, lawyers, paralegals) -> list[str]:
    regions, prisons, commissions = reference
    kind = rng.choices(["detention", "gbv", "litigation", LAND], [38, 24, 33, 5])[0]
    opened_on = date(2025, 1, 1) + timedelta(days=rng.randint(0, 500))
    if rng.random() < 0.05:
        name, sex, birth_year = rng.choice(known)
    else:
        sex = "F" if kind == "gbv" else rng.choice("FM")
        name = f"{rng.choice(FIRST_NAMES[sex])} {rng.choice(SURNAMES)} K{number}"
        birth_year = rng.randint(1950, 2008)
    status = rng.choices(
        ["intake", "assigned", "in_progress", "resolved", "closed"], [40, 20, 20, 12, 8]
    )[0]
    lawyer = rng.choice(lawyers) if status != "intake" and kind in ("detention", "gbv") else ""
    paralegal = rng.choice(paralegals) if status != "intake" and not lawyer else ""
    outcome = resolved_on = closed_on = ""
    resolved_day = None
    if status in ("resolved", "closed"):
        outcome = rng.choice(OUTCOMES[kind])
        resolved_day = opened_on + timedelta(days=rng.randint(10, 90))
        resolved_on = french(resolved_day)
        closed_on = french(opened_on + timedelta(days=120)) if status == "closed" else ""
    cells = {
        "external_id": f"uuid:{number:08d}-kobo",
        "type_de_dossier": kind,
        "date_d_ouverture": french(opened_on),
        "nom_complet": name,
        "sexe": sex,
        "annee_de_naissance": str(birth_year) if rng.random() < 0.7 else "",
        "age": "" if rng.random() < 0.7 else str(2026 - birth_year),
        "region": rng.choice(regions),
        "telephone": f"+223 7{rng.randint(0, 9)} {rng.randint(10, 99)} {rng.randint(10, 99)} 00",
        "statut": status,
        "issue": outcome,
        "date_de_resolution": resolved_on,
        "date_de_cloture": closed_on,
        "motif_de_cloture": "",
        "email_avocat": lawyer,
        "email_parajuriste": paralegal,
        "resume": "Fiche collectée sur le terrain (KoboToolbox).",
        "_submission_time": "2026-01-15T10:00:00",
    }
    if kind == "detention":
        arrested_on = opened_on - timedelta(days=rng.randint(30, 400))
        cells |= {
            "prison": rng.choice(prisons),
            "date_d_arrestation": french(arrested_on),
            "date_du_mandat_de_depot": french(arrested_on + timedelta(days=2)),
            "classe_d_infraction": rng.choice(["delit_minor", "delit_major", "crime"]),
            "chefs_d_inculpation": "vol qualifié",
            "prochaine_audience": french(opened_on + timedelta(days=60))
            if status != "closed"
            else "",
        }
    elif kind == "gbv":
        cells |= {
            "type_d_incident": rng.choice(INCIDENTS),
            "date_de_l_incident": french(opened_on - timedelta(days=rng.randint(1, 30))),
            "consentement_rapports": rng.choice(["oui", "non"]),
        }
    elif kind == LAND:
        cells |= _land_cells(rng, commissions, opened_on, outcome, resolved_day)
    else:
        cells |= {
            "type_d_affaire": rng.choice(MATTERS),
            "instance": rng.choice(["court", "land_commission", "customary", "none"]),
            "parties_adverses": f"{rng.choice(FIRST_NAMES['M'])} {rng.choice(SURNAMES)}",
        }
    return [cells.get(column, "") for column in HEADER]


def _land_cells(rng, commissions, opened_on: date, outcome: str, resolved_on: date | None):
    """A dispute before a commission (by name), two other parties; half the agreements' PVs
    filed at a court, and most of those decided."""
    cells = {
        "commission_fonciere": rng.choice(commissions),
        "type_litige": rng.choice(list(DisputeNature)).value,
        "date_saisine": french(opened_on - timedelta(days=rng.randint(0, 20))),
        "parties_adverses": f"Lignage {rng.choice(SURNAMES)}; {rng.choice(FIRST_NAMES['M'])} "
        f"{rng.choice(SURNAMES)}",
    }
    if outcome == "conciliation_agreement" and rng.random() < 0.5:
        filed_on = resolved_on + timedelta(days=rng.randint(5, 30))
        cells["date_depot_pv"] = french(filed_on)
        if rng.random() < 0.7:
            cells["homologation"] = rng.choice(["homologué"] * 5 + ["refusé"])
            cells["date_homologation"] = french(filed_on + timedelta(days=rng.randint(15, 60)))
    return cells


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--known", type=int, default=300, help="beneficiaries before the import")
    parser.add_argument(
        "--trace-memory", action="store_true", help="peak Python allocations (tracemalloc; slower)"
    )
    args = parser.parse_args()
    rng = random.Random(2026)  # noqa: S311 - benchmark data only
    with tempfile.TemporaryDirectory(prefix="legalaid-import-bench-") as folder:
        folder = Path(folder)
        app = build_app(folder)
        with app.app_context():
            organisation, _created = ensure_organisation(ORGANISATION)
            coordinator, lawyers, paralegals = people(organisation)
            known = known_people(coordinator, rng, args.known)
            reference = (
                list(db.session.scalars(select(Region.name))),
                list(db.session.scalars(select(Prison.code))),
                list(db.session.scalars(select(LandCommission.name))),
            )
            path = folder / "kobo-export.csv"
            workers = ([u.email for u in lawyers], [u.email for u in paralegals])
            write_file(path, args.rows, rng, reference, known, workers)
            print(f"file: {args.rows} rows, {path.stat().st_size / 1024 / 1024:.1f} MB")
            beneficiaries_before = db.session.scalar(select(func.count(Beneficiary.id)))
            started = time.perf_counter()
            check_cases(path, by=coordinator, organisation=organisation)
            seconds = time.perf_counter() - started
            print(f"check alone (the dry run the upload page waits for): {seconds:.1f} s")
            rss_before = peak_rss_mb()
            if args.trace_memory:
                tracemalloc.start()
            started = time.perf_counter()
            report = import_cases(path, by=coordinator, organisation=organisation)
            seconds = time.perf_counter() - started
            if args.trace_memory:
                _current, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                print(f"peak Python allocations during the import: {peak / 1024 / 1024:.1f} MB")
            if not report.written or report.invalid_rows:
                raise SystemExit(f"the generated file is not valid: {report.errors[:5]}")
            print(
                f"import: {report.created} created in {seconds:.1f} s "
                f"({args.rows / seconds:,.0f} rows/s, check and import passes included)"
            )
            print(f"peak memory (RSS): {peak_rss_mb():.0f} MB, {rss_before:.0f} MB before")
            cases = db.session.scalar(select(func.count(Case.id)))
            linked = args.rows - (
                db.session.scalar(select(func.count(Beneficiary.id))) - beneficiaries_before
            )
            print(f"cases in the database: {cases}; rows linked to a known person: {linked}")
            started = time.perf_counter()
            again = import_cases(path, by=coordinator, organisation=organisation)
            print(
                f"same file again: {again.created} created, {again.updated} updated, "
                f"{again.unchanged} skipped in {time.perf_counter() - started:.1f} s"
            )
            db.session.remove()


if __name__ == "__main__":
    main()
