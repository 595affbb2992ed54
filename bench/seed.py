"""A realistic large data set for the benchmarks, inserted in bulk.

    .venv/bin/python bench/seed.py --cases 100000 [--database-url URL] [--recreate]

Schema through the migrations, reference data through the app's seeding, then everything else
with SQLAlchemy Core `insert()` and lists of dicts, one transaction per batch of cases. Without
`--database-url`, a new SQLite file under /tmp is created and printed at the end. A PostgreSQL
database that does not exist is created through the `postgres` database of the same server;
`--recreate` drops it first and `--drop` only drops it (only databases named *bench*). The
database must hold no case.

Every seeded user signs in with the password of `bench/common.py` (BENCH_PASSWORD): emails
`admin1@`, `coordinator1..8@`, `lawyer1..20@`, `paralegal1..16@`, `prison-officer1..10@`,
`viewer1..5@bench.example.org`.
"""

import argparse
import random
import sys
import tempfile
import time
from bisect import bisect
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from functools import cache
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    BENCH_PASSWORD,
    create_pg_database,
    drop_pg_database,
    email,
    is_postgresql,
    make_app,
)

# ---------------------------------------------------------------------------------------------
# Vocabulary

ORGANISATIONS = [
    # name, kind, base region, share of cases, (detention, litigation, gbv, land) mix; the land
    # disputes go to the organisations of the regions that have land commissions.
    (
        "Ordre des avocats du Mali - aide juridictionnelle",
        "bar_association",
        "BKO",
        20,
        (6, 3, 1, 0),
    ),
    ("Association des juristes maliennes", "ngo", "BKO", 16, (1, 3, 6, 0)),
    ("Association malienne des droits de l'homme", "ngo", "BKO", 14, (7, 2, 1, 0)),
    ("DEME SO - cliniques juridiques", "ngo", "SEG", 12, (3, 5, 2, 3)),
    ("WILDAF Mali", "ngo", "SIK", 11, (1, 3, 6, 2)),
    ("Clinique juridique de Mopti", "ngo", "MOP", 10, (4, 3, 3, 3)),
    ("Avocats sans frontières - Mali", "ngo", "BKO", 9, (6, 2, 2, 0)),
    ("APDF - droits des femmes", "ngo", "KAY", 8, (1, 2, 7, 2)),
    ("PNUD Mali - programme justice", "un_agency", "BKO", 0, None),
    ("Direction nationale de l'administration pénitentiaire", "public_body", "BKO", 0, None),
]
CASE_ORGS = [i for i, org in enumerate(ORGANISATIONS) if org[3]]
UN_ORG, PRISON_ORG = 8, 9
LAWYERS_PER_ORG = [3, 3, 3, 3, 2, 2, 2, 2]  # 20 lawyers
PARALEGALS_PER_ORG = 2  # 16 paralegals
OFFICERS, VIEWERS = 10, 5  # + 8 coordinators + 1 admin = 60 users

EXTRA_PRISONS = [
    ("MA-TBT", "Maison d'arrêt de Tombouctou", "TBT"),
    ("MA-KTL", "Maison d'arrêt de Koutiala", "KTL"),
]
PRISON_WEIGHTS = {"MCA-BKO": 18, "CD-KEN": 6, "MA-KATI": 6, "MA-KKR": 4, "MA-SEG": 5, "MA-MOP": 5}
PRISON_DEFAULT_WEIGHT = 3.5
WOMEN_PRISON = "CD-BOL"

MALE_FIRST = [
    "Moussa",
    "Mamadou",
    "Amadou",
    "Oumar",
    "Boubacar",
    "Ibrahim",
    "Seydou",
    "Souleymane",
    "Adama",
    "Bakary",
    "Modibo",
    "Issa",
    "Abdoulaye",
    "Lassana",
    "Drissa",
    "Cheick",
    "Yacouba",
    "Sidiki",
    "Sékou",
    "Mahamadou",
    "Daouda",
    "Hamidou",
    "Aliou",
    "Tiémoko",
    "Bréhima",
    "Siaka",
    "Youssouf",
    "Idrissa",
    "Karim",
    "Salif",
    "Ousmane",
    "Fousseyni",
    "Djibril",
    "Mohamed",
    "Alassane",
    "Zoumana",
]
FEMALE_FIRST = [
    "Aminata",
    "Fatoumata",
    "Mariam",
    "Awa",
    "Kadiatou",
    "Oumou",
    "Assitan",
    "Hawa",
    "Djénéba",
    "Rokia",
    "Sitan",
    "Aïssata",
    "Ramata",
    "Mariétou",
    "Bintou",
    "Salimata",
    "Kadidia",
    "Nana",
    "Fanta",
    "Korotoumou",
    "Safiatou",
    "Maïmouna",
    "Alimata",
    "Sali",
    "Tata",
    "Massitan",
    "Adiaratou",
    "Coumba",
    "Nènè",
    "Oumou",
    "Fily",
    "Bintou",
    "Haby",
    "Ténin",
    "Djeneba",
    "Aïcha",
]
# Surnames with their spelling variants and a weight (Traoré is the most common).
SURNAMES = [
    (("Traoré", "Traore"), 9),
    (("Coulibaly", "Koulibaly", "Kulibali"), 8),
    (("Diarra", "Djarra", "Jara"), 6),
    (("Keïta", "Keita", "Kéita"), 5),
    (("Konaté", "Konate"), 4),
    (("Camara", "Kamara"), 3),
    (("Diallo",), 5),
    (("Sangaré", "Sangare"), 3),
    (("Sidibé", "Sidibe"), 3),
    (("Dembélé", "Dembele"), 4),
    (("Touré", "Toure"), 4),
    (("Cissé", "Sissé", "Cisse"), 3),
    (("Maïga", "Maiga", "Mayga"), 5),
    (("Koné", "Kone"), 4),
    (("Doumbia", "Dumbia"), 3),
    (("Sissoko",), 2),
    (("Bagayoko",), 2),
    (("Dicko",), 2),
    (("Togo",), 1),
    (("Guindo",), 2),
    (("Kanté", "Kante"), 2),
    (("Fofana",), 2),
    (("Ouattara", "Wattara"), 2),
    (("Samaké", "Samake"), 2),
    (("Mariko",), 2),
    (("Sanogo",), 3),
    (("Ballo",), 1),
    (("Bah", "Ba"), 1),
    (("Kouyaté", "Kouyate"), 1),
    (("Dao",), 1),
    (("Tangara",), 1),
    (("Sow",), 2),
    (("Barry",), 1),
    (("Tounkara",), 1),
    (("Diakité", "Diakite"), 2),
    (("Niaré", "Niare"), 1),
    (("Berthé", "Berthe"), 1),
    (("Haïdara", "Haidara"), 2),
    (("Cissoko",), 1),
    (("Dolo",), 1),
    (("Ag Mohamed",), 1),
    (("Diabaté", "Diabate"), 2),
]
COMMUNES = [
    "Commune I",
    "Commune II",
    "Commune III",
    "Commune IV",
    "Commune V",
    "Commune VI",
    "Kati",
    "Kalaban Coro",
    "Ségou",
    "Markala",
    "Mopti",
    "Sévaré",
    "Djenné",
    "Sikasso",
    "Koutiala",
    "Kayes",
    "Nioro",
    "Kita",
    "San",
    "Bandiagara",
    "Gao",
    "Tombouctou",
]
LANGUAGES = [("bm", 55), ("fr", 15), ("ff", 10), ("son", 6), ("snk", 6), ("tmh", 3), ("dgo", 5)]
CHARGES = {
    "delit_minor": [
        "vol simple",
        "coups et blessures volontaires",
        "escroquerie",
        "abus de confiance",
    ],
    "delit_major": ["vol qualifié", "détention de stupéfiants", "faux et usage de faux", "recel"],
    "crime": ["meurtre", "viol", "vol à main armée", "association de malfaiteurs", "terrorisme"],
}
OUTCOME_WEIGHTS = {
    "detention": {
        "released_pending_trial": 30,
        "charges_dismissed": 12,
        "acquitted": 10,
        "sentenced": 30,
        "sentence_served": 12,
        "transferred": 6,
    },
    "gbv": {"judgment_obtained": 30, "mediation": 30, "referred": 25, "withdrawn": 15},
    "land_conciliation": {"conciliation_agreement": 70, "non_conciliation": 20, "withdrawn": 10},
    "litigation": {
        "conciliation_agreement": 40,
        "judgment_in_favour": 25,
        "judgment_against": 10,
        "referred": 15,
        "abandoned": 10,
    },
}
RELEASING_OUTCOMES = {"released_pending_trial", "charges_dismissed", "acquitted", "sentence_served"}
# Status weights (intake, assigned, in_progress, resolved, closed) by age of the case in days.
STATUSES = ("intake", "assigned", "in_progress", "resolved", "closed")
STATUS_BY_AGE = [
    (30, (45, 25, 25, 3, 2)),
    (180, (8, 10, 50, 20, 12)),
    (540, (2, 4, 30, 32, 32)),
    (10**6, (1, 1, 10, 30, 58)),
]
DETENTION_STATUS_BY_AGE = [
    (30, (45, 25, 27, 2, 1)),
    (180, (6, 10, 52, 20, 12)),
    (540, (1, 2, 22, 40, 35)),
    (10**6, (0.5, 0.5, 5, 34, 60)),
]
NOTES = [
    "Entretien avec le bénéficiaire, pièces demandées.",
    "Appel au greffe: le dossier est toujours chez le juge d'instruction.",
    "Visite à la maison d'arrêt, le détenu demande des nouvelles de sa famille.",
    "La famille a apporté une copie de l'acte de naissance.",
    "Rendez-vous pris avec le chef de quartier pour la médiation.",
    "Relance du parquet par courrier.",
    "Point fait avec la coordinatrice sur la suite à donner.",
    "Conseil donné sur la procédure et les délais.",
    "Le bénéficiaire ne répond plus au téléphone, nouvelle tentative prévue.",
    "Orientation vers le centre de prise en charge psychosociale.",
]
ACTIONS = ["visit", "advice", "mediation", "filing", "referral"]
ADJOURNMENT_REASONS = [
    "absence du juge",
    "dossier incomplet",
    "témoin absent",
    "grève des greffiers",
]
CLOSE_REASONS_OPEN = ["withdrawn", "no_contact", "transferred", "other"]
LAND = "land_conciliation"
# The kinds' shares of the cases (%), and the order of the organisations' mixes above.
KIND_SHARES = {"detention": 38, "litigation": 28.5, "gbv": 28.5, LAND: 5}
SESSION_MINUTES = [
    "Les parties ont exposé leurs positions; le chef de village a rappelé les limites anciennes.",
    "Visite de la parcelle avec les membres de la commission et les deux lignages.",
    "Proposition de partage du couloir de passage, à discuter en famille.",
    "Une partie absente: la séance est renvoyée.",
]


def weighted(rng: random.Random, items, weights):
    """A cumulative-weight chooser (random.choices without rebuilding the sums each time)."""
    cumulative = list(accumulate(weights))
    total = cumulative[-1]
    return lambda: items[bisect(cumulative, rng.random() * total)]


@cache
def _name_key(full_name: str) -> str:
    from legalaid.cases.matching import name_key

    return name_key(full_name)


# ---------------------------------------------------------------------------------------------
# The generator


class Seeder:
    """Generates the rows of one batch of cases at a time; ids are assigned here."""

    def __init__(self, rng: random.Random, today: date, start: date, reference: dict):
        from legalaid.casekinds import case_kind

        self.rng = rng
        self.today = today
        self.start = start
        self.ref = reference  # ids of regions, courts, prisons, organisations, users
        self.next_id = defaultdict(lambda: 1)
        self.sequence = Counter()  # (kind, year) -> last sequence
        self.codes: set[str] = set()
        self.pool = defaultdict(list)  # (org, kind) -> beneficiary ids, for repeat cases
        self.ben_info = {}  # beneficiary id -> (sex, birth_year): women and minors go to Bollé
        r = rng
        self.surname = weighted(r, [s[0] for s in SURNAMES], [s[1] for s in SURNAMES])
        self.language = weighted(r, [lang for lang, _ in LANGUAGES], [w for _, w in LANGUAGES])
        self.kind = weighted(r, list(KIND_SHARES), list(KIND_SHARES.values()))
        self.org_for_kind = {}
        for index, kind in enumerate(KIND_SHARES):
            weights = [ORGANISATIONS[o][3] * ORGANISATIONS[o][4][index] for o in CASE_ORGS]
            self.org_for_kind[kind] = weighted(r, CASE_ORGS, weights)
        self.outcome = {
            kind: weighted(r, list(w), list(w.values())) for kind, w in OUTCOME_WEIGHTS.items()
        }
        prisons = [code for code in reference["prison_codes"] if code != WOMEN_PRISON]
        self.prison = weighted(
            r, prisons, [PRISON_WEIGHTS.get(c, PRISON_DEFAULT_WEIGHT) for c in prisons]
        )
        self.offence = weighted(r, ["delit_minor", "delit_major", "crime"], [30, 40, 30])
        self.incident = weighted(
            r,
            [
                "rape",
                "sexual_assault",
                "physical_assault",
                "forced_marriage",
                "denial_of_resources",
                "psychological_abuse",
            ],
            [20, 10, 30, 15, 15, 10],
        )
        self.matter = weighted(
            r,
            ["land", "family", "inheritance", "civil_status", "labour", "debt", "other"],
            [30, 25, 15, 15, 5, 5, 5],
        )
        self.region_ids = list(reference["regions"].values())
        # Asked of the registry, so that a kind the app does not register fails here, loudly.
        self.prefixes = {kind: case_kind(kind).prefix for kind in KIND_SHARES}
        self.land = case_kind(LAND)

    def new_id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def opened_dates(self, count: int) -> list[date]:
        """Opening dates from `start` to today, the programme growing (density 1 to 2)."""
        span = (self.today - self.start).days
        days = []
        while len(days) < count:
            x = self.rng.random()
            if self.rng.random() * 2 <= 1 + x:
                days.append(self.start + timedelta(days=int(x * (span + 1))))
        return sorted(days)

    def at(self, day: date, first_hour: int = 8, last_hour: int = 17) -> datetime:
        return datetime(
            day.year,
            day.month,
            day.day,
            self.rng.randint(first_hour, last_hour),
            self.rng.randint(0, 59),
            self.rng.randint(0, 59),
        )

    def day_between(self, first: date, last: date) -> date:
        if last <= first:
            return first
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def code(self) -> str:
        from legalaid.cases.services import CODE_ALPHABET

        while True:
            code = "B-" + "".join(self.rng.choice(CODE_ALPHABET) for _ in range(8))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def beneficiary(self, rows, org: int, kind: str, opened_on: date, by: int) -> int:
        r = self.rng
        pool = self.pool[(org, kind)]
        if pool and r.random() < 0.12:  # a person with several cases
            return r.choice(pool[-2000:])
        if kind == "gbv":
            female = r.random() < 0.95
            age = r.choice(
                [r.randint(12, 17), r.randint(18, 35), r.randint(18, 35), r.randint(36, 60)]
            )
        elif kind == "detention":
            female = r.random() < 0.07
            dice = r.random()  # about 5% minors, as in Malian remand figures
            age = r.randint(15, 17) if dice < 0.05 else r.randint(18, 35 if dice < 0.75 else 65)
        else:
            female = r.random() < 0.55
            age = r.randint(20, 75)
        first = r.choice(FEMALE_FIRST if female else MALE_FIRST)
        full_name = f"{first} {r.choice(self.surname())}"
        birth_year = opened_on.year - age
        birth_date, estimated, dice = None, False, r.random()
        if dice < 0.5:
            birth_date = date(birth_year, r.randint(1, 12), r.randint(1, 28))
        elif dice < 0.85:
            estimated = True
        else:
            birth_year = None
        org_region = self.ref["regions"][ORGANISATIONS[org][2]]
        phone = None
        if r.random() < 0.7:
            digits = f"{r.choice('679')}{r.randint(0, 9)}{r.randint(0, 999999):06d}"
            phone = f"+223 {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}"
        bid = self.new_id("beneficiaries")
        rows["beneficiaries"].append(
            {
                "id": bid,
                "code": self.code(),
                "organisation_id": self.ref["orgs"][org],
                "full_name": full_name,
                "name_key": _name_key(full_name),
                "sex": "F" if female else "M",
                "birth_date": birth_date,
                "birth_year": birth_year,
                "birth_year_estimated": estimated,
                "region_id": org_region if r.random() < 0.6 else r.choice(self.region_ids),
                "commune": r.choice(COMMUNES),
                "address": f"Quartier {r.randint(1, 40)}, rue {r.randint(1, 600)}",
                "phone": phone,
                "phone_key": digits if phone else None,
                "preferred_language": self.language(),
                "needs_interpreter": r.random() < 0.2,
                "has_disability": r.random() < 0.03,
                "disability_details": None,
                "created_by_id": by,
                "created_at": self.at(opened_on),
            }
        )
        pool.append(bid)
        self.ben_info[bid] = ("F" if female else "M", birth_year)
        return bid

    def status(self, kind: str, age: int) -> str:
        table = DETENTION_STATUS_BY_AGE if kind == "detention" else STATUS_BY_AGE
        for limit, weights in table:
            if age < limit:
                return self.rng.choices(STATUSES, weights)[0]
        raise AssertionError

    def land_dispute(
        self,
        rows,
        case_id: int,
        org: int,
        opened_on: date,
        outcome: str | None,
        resolved_on: date | None,
        end_of_work: date,
    ) -> list[datetime]:
        """The dispute (the kind's own bench builder), its parties, its sessions up to the PV
        and the PV's path to court; returns when the sessions were held, for the timeline."""
        r, ref = self.rng, self.ref
        region = ref["regions"][ORGANISATIONS[org][2]]
        commissions = ref["commissions"].get(region) or ref["all_commissions"]
        details = self.land.bench_details(r, opened_on, {"land_commissions": commissions})
        parties = details.pop("party_rows")
        dispute_id = self.new_id("land_disputes")
        party_ids = []
        for party in parties:
            party_ids.append(self.new_id("land_parties"))
            rows["land_parties"].append(
                {
                    **party,
                    "id": party_ids[-1],
                    "dispute_id": dispute_id,
                    "name_key": _name_key(party["full_name"]),
                }
            )
        # The PV's path: about half the agreements filed at a court, most decided, most
        # recognised (the programme's year: 433 resolved, 81 recognised).
        filed_on = court = recognition = recognised_on = None
        if outcome == "conciliation_agreement" and r.random() < 0.45:
            filed_on = min(resolved_on + timedelta(days=r.randint(5, 60)), self.today)
            court = r.choice(ref["courts"])
            if r.random() < 0.6:
                recognised_on = filed_on + timedelta(days=r.randint(15, 120))
                if recognised_on <= self.today:
                    recognition = "recognised" if r.random() < 0.85 else "refused"
                else:
                    recognised_on = None
        rows["land_disputes"].append(
            {
                **details,
                "id": dispute_id,
                "case_id": case_id,
                "pv_filed_on": filed_on,
                "pv_court_id": court,
                "recognition": recognition,
                "recognised_on": recognised_on,
            }
        )
        # Sessions between the opening and the PV (the closure, today); a PV needs one at least.
        count = r.choices([0, 1, 2, 3], [20, 40, 28, 12])[0]
        if outcome in ("conciliation_agreement", "non_conciliation"):
            count = max(count, 1)
        last_day = min(end_of_work, self.today)
        held = []
        recorder = r.choice(ref["paralegals"][org])
        for day in sorted(self.day_between(opened_on, last_day) for _ in range(count)):
            session_id, when = self.new_id("land_sessions"), self.at(day, 9, 16)
            total = r.randint(4, 40)
            rows["land_sessions"].append(
                {
                    "id": session_id,
                    "dispute_id": dispute_id,
                    "held_on": day,
                    "place": details["place"],
                    "beneficiary_present": r.random() < 0.9,
                    "attendance_total": total,
                    "attendance_women": r.randint(0, total // 2),
                    "attendance_youth": r.randint(0, total // 2),
                    "minutes": r.choice(SESSION_MINUTES),
                    "recorded_by_id": recorder,
                    "recorded_at": when + timedelta(hours=2),
                }
            )
            rows["land_session_parties"].extend(
                {"session_id": session_id, "party_id": party_id}
                for party_id in party_ids
                if r.random() < 0.8
            )
            held.append(when)
        return held

    def case(self, rows, opened_on: date) -> None:
        r, ref = self.rng, self.ref
        kind = self.kind()
        org = self.org_for_kind[kind]()
        org_id = ref["orgs"][org]
        coordinator = ref["coordinators"][org]
        lawyers, paralegals = ref["lawyers"][org], ref["paralegals"][org]
        creator = r.choice(paralegals) if r.random() < 0.6 else coordinator
        age = (self.today - opened_on).days
        status = self.status(kind, age)
        case_id = self.new_id("cases")
        year = opened_on.year
        self.sequence[(kind, year)] += 1
        sequence = self.sequence[(kind, year)]
        prefix = self.prefixes[kind]
        beneficiary_id = self.beneficiary(rows, org, kind, opened_on, creator)
        events = []  # (datetime, kind, action_type, text, author)
        opened_at = self.at(opened_on)
        events.append((opened_at, "intake", None, "Dossier ouvert.", creator))

        # Resolution and closure, consistent with the workflow.
        outcome = resolved_on = closed_on = close_reason = None
        duration = {
            "detention": (20, 420),
            "gbv": (15, 300),
            "litigation": (30, 540),
            LAND: (20, 240),
        }[kind]
        end_of_work = self.today
        if status in ("resolved", "closed"):
            with_outcome = status == "resolved" or r.random() < 0.45
            if with_outcome:
                outcome = self.outcome[kind]()
                resolved_on = opened_on + timedelta(days=min(r.randint(*duration), max(age, 0)))
                if resolved_on == opened_on and age > 0:
                    resolved_on += timedelta(days=1)
                end_of_work = resolved_on
            if status == "closed":
                base = resolved_on or opened_on
                span = (self.today - base).days
                if resolved_on:
                    closed_on = base + timedelta(days=min(r.randint(0, 60), span))
                    close_reason = "resolved"
                else:
                    closed_on = base + timedelta(days=min(r.randint(5, 200), span))
                    close_reason = r.choice(CLOSE_REASONS_OPEN)
                end_of_work = closed_on
        if status in ("assigned", "in_progress", "resolved") or outcome:
            assigned = True
        elif status == "closed":
            assigned = r.random() < 0.1
        else:
            assigned = False

        # Assignments: a lawyer and/or a paralegal depending on the kind.
        workers = []
        if assigned:
            assigned_on = self.day_between(
                opened_on, min(opened_on + timedelta(days=10), end_of_work)
            )
            started = self.at(assigned_on)
            if kind in ("litigation", LAND):
                wanted = [("paralegal", r.choice(paralegals))]
                if r.random() < 0.3:
                    wanted.append(("lawyer", r.choice(lawyers)))
            else:
                wanted = [("lawyer", r.choice(lawyers))]
                if r.random() < (0.5 if kind == "gbv" else 0.4):
                    wanted.append(("paralegal", r.choice(paralegals)))
            for role, user in wanted:
                if role == "lawyer" and len(lawyers) > 1 and r.random() < 0.1:
                    # A first lawyer, replaced later: the history is kept.
                    previous = r.choice([u for u in lawyers if u != user])
                    replaced_on = self.day_between(assigned_on, end_of_work)
                    ended = max(self.at(replaced_on), started + timedelta(hours=1))
                    rows["assignments"].append(
                        {
                            "id": self.new_id("assignments"),
                            "case_id": case_id,
                            "user_id": previous,
                            "role_on_case": role,
                            "assigned_by_id": coordinator,
                            "started_at": started,
                            "ended_at": ended,
                        }
                    )
                    events.append((started, "assignment", None, "Avocat désigné.", coordinator))
                    when = ended
                else:
                    when = started
                rows["assignments"].append(
                    {
                        "id": self.new_id("assignments"),
                        "case_id": case_id,
                        "user_id": user,
                        "role_on_case": role,
                        "assigned_by_id": coordinator,
                        "started_at": when,
                        "ended_at": None,
                    }
                )
                workers.append(user)
                events.append((when, "assignment", None, f"Affecté ({role}).", coordinator))
                rows["notifications"].append(
                    {
                        "id": self.new_id("notifications"),
                        "user_id": user,
                        "kind": "assigned",
                        "case_id": case_id,
                        "detail": "",
                        "dedup_key": None,
                        "created_at": when,
                        "read_at": None if r.random() < 0.05 else when + timedelta(hours=5),
                    }
                )
        lawyer = next((u for u in workers if u in lawyers), None)
        worker = workers[0] if workers else creator
        version = 1

        def transition(day: date, text: str, by: int) -> None:
            nonlocal version
            version += 1
            events.append((self.at(day), "status_change", None, text, by))

        if status != "intake" and assigned:
            started_on = self.day_between(
                opened_on, min(opened_on + timedelta(days=20), end_of_work)
            )
            if status != "assigned":
                transition(started_on, "Statut: en cours.", worker)
        if outcome:
            transition(resolved_on, f"Statut: résolu ({outcome}).", lawyer or coordinator)
        if closed_on:
            transition(closed_on, "Statut: clôturé.", coordinator)

        # Details of the kind.
        hearing_case = False
        if kind == "detention":
            record_id = self.new_id("detention_records")
            offence = self.offence()
            police_custody = status == "intake" and age <= 2 and r.random() < 0.5
            arrested_on = opened_on - timedelta(days=r.randint(0, 3 if police_custody else 45))
            committal_on = None if police_custody else arrested_on + timedelta(days=r.randint(1, 4))
            if committal_on and committal_on > self.today:
                committal_on = self.today
            released_on = release_reason = None
            if outcome in RELEASING_OUTCOMES:
                released_on, release_reason = resolved_on, outcome.replace("_", " ")
            elif closed_on and r.random() < 0.5:
                released_on, release_reason = closed_on, "libéré"
            elif status in ("intake", "assigned", "in_progress") and r.random() < 0.05:
                released_on = self.day_between(opened_on, self.today)
                release_reason = "mise en liberté provisoire"
            if released_on and committal_on and released_on < committal_on:
                released_on = committal_on
            prison_code = self.prison()
            sex, birth_year = self.ben_info[beneficiary_id]
            if (sex == "F" or (birth_year or 0) > year - 18) and r.random() < 0.7:
                prison_code = WOMEN_PRISON
            stage = (
                "police_custody"
                if police_custody
                else r.choices(["investigation", "awaiting_trial", "appeal"], [60, 32, 8])[0]
            )
            rows["detention_records"].append(
                {
                    "id": record_id,
                    "case_id": case_id,
                    "prison_id": ref["prisons"][prison_code],
                    "arrested_on": arrested_on,
                    "custody_started_at": self.at(arrested_on, 6, 22)
                    if police_custody or r.random() < 0.5
                    else None,
                    "committal_on": committal_on,
                    "offence_class": offence,
                    "charges": r.choice(CHARGES[offence]),
                    "court_id": r.choice(ref["courts"]),
                    "investigating_judge": f"M. {r.choice(MALE_FIRST)} {r.choice(self.surname())}"
                    if stage == "investigation"
                    else None,
                    "procedure_stage": stage,
                    "code_regime": "2024"
                    if opened_on >= date(2025, 1, 1) and r.random() < 0.15
                    else "2001",
                    "released_on": released_on,
                    "release_reason": release_reason,
                }
            )
            if released_on:
                events.append(
                    (
                        self.at(released_on),
                        "custody",
                        None,
                        f"Libéré le {released_on.isoformat()}.",
                        worker,
                    )
                )
            # Extension orders for the longer detentions.
            start = committal_on or arrested_on
            held_until = released_on or end_of_work
            base_months = {"delit_minor": None, "delit_major": 6, "crime": 12}[offence]
            if base_months and lawyer and r.random() < 0.6:
                for number in range(1 if offence == "delit_major" else 2):
                    due = start + timedelta(days=int(30.4 * base_months * (number + 1)))
                    ordered_on = due - timedelta(days=r.randint(0, 8))
                    if ordered_on > held_until or ordered_on > self.today:
                        break
                    rows["detention_orders"].append(
                        {
                            "id": self.new_id("detention_orders"),
                            "record_id": record_id,
                            "ordered_on": ordered_on,
                            "length_months": base_months,
                            "deciding_body": r.choice(["investigating_judge", "chamber"]),
                            "created_by_id": lawyer,
                            "created_at": self.at(ordered_on),
                        }
                    )
                    events.append(
                        (
                            self.at(ordered_on),
                            "custody",
                            None,
                            f"Ordonnance de prolongation: {base_months} mois.",
                            lawyer,
                        )
                    )
            hearing_case = assigned and r.random() < 0.65
        elif kind == "gbv":
            rows["gbv_incidents"].append(
                {
                    "id": self.new_id("gbv_incidents"),
                    "case_id": case_id,
                    "incident_type": self.incident(),
                    "incident_date": opened_on - timedelta(days=r.randint(0, 60)),
                    "narrative": "Récit recueilli lors de l'entretien initial (confidentiel).",
                    "consent_reporting": r.random() < 0.8,
                    "consent_health": r.random() < 0.6,
                    "consent_psychosocial": r.random() < 0.6,
                    "consent_safety": r.random() < 0.4,
                    "consent_legal": r.random() < 0.7,
                    "referrals_made": r.choice(
                        [None, "santé", "psychosocial", "santé, psychosocial"]
                    ),
                }
            )
            if closed_on:
                rows["gbv_closures"].append(
                    {
                        "id": self.new_id("gbv_closures"),
                        "case_id": case_id,
                        "needs_met_or_no_contact": True,
                        "safety_plan_reviewed": r.random() < 0.9,
                        "survivor_informed": r.random() < 0.9,
                        "supervisor_reviewed": True,
                        "recorded_by_id": coordinator,
                        "recorded_at": self.at(closed_on),
                    }
                )
            hearing_case = assigned and lawyer is not None and r.random() < 0.3
        elif kind == LAND:
            sessions = self.land_dispute(
                rows, case_id, org, opened_on, outcome, resolved_on, end_of_work
            )
            for when in sessions:
                events.append(
                    (when, "action", "mediation", "Séance de conciliation tenue.", worker)
                )
        else:
            matter_id = self.new_id("litigation_matters")
            forum = r.choices(["court", "land_commission", "customary", "none"], [35, 15, 20, 30])[
                0
            ]
            rows["litigation_matters"].append(
                {"id": matter_id, "case_id": case_id, "matter_type": self.matter(), "forum": forum}
            )
            for _ in range(r.choices([1, 2, 3], [70, 25, 5])[0]):
                adverse = f"{r.choice(MALE_FIRST + FEMALE_FIRST)} {r.choice(self.surname())}"
                rows["adverse_parties"].append(
                    {
                        "id": self.new_id("adverse_parties"),
                        "matter_id": matter_id,
                        "full_name": adverse,
                        "name_key": _name_key(adverse),
                    }
                )
            hearing_case = assigned and forum == "court" and r.random() < 0.7

        # Hearings: a chain, every one to four months; open cases often have the next one ahead.
        if hearing_case:
            first = opened_on + timedelta(days=r.randint(15, 60))
            last_day = end_of_work if status in ("resolved", "closed") else self.today
            days = []
            day = first
            while day <= last_day and len(days) < 8:
                days.append(day)
                day += timedelta(days=r.randint(30, 120))
            if status in ("assigned", "in_progress") and r.random() < 0.6:
                days.append(max(day, self.today + timedelta(days=r.randint(1, 45))))
            ids = [self.new_id("hearings") for _ in days]
            court = r.choice(ref["courts"])
            for index, (hearing_id, day) in enumerate(zip(ids, days, strict=True)):
                past = day <= self.today
                adjourned = past and index + 1 < len(days) and r.random() < 0.4
                scheduled = datetime(day.year, day.month, day.day, r.choice([8, 9, 10, 11]), 0)
                rows["hearings"].append(
                    {
                        "id": hearing_id,
                        "case_id": case_id,
                        "court_id": court,
                        "scheduled_at": scheduled,
                        "purpose": "Audience" if index else "Première comparution",
                        "result": ("adjourned" if adjourned else "held") if past else None,
                        "adjournment_reason": r.choice(ADJOURNMENT_REASONS) if adjourned else None,
                        "decision": None,
                        "next_hearing_id": ids[index + 1] if index + 1 < len(ids) else None,
                        "created_by_id": lawyer or worker,
                        "created_at": self.at(min(day, self.today)),
                    }
                )
                if past:
                    events.append(
                        (
                            scheduled + timedelta(hours=3),
                            "hearing",
                            None,
                            "Audience tenue." if not adjourned else "Audience renvoyée.",
                            lawyer or worker,
                        )
                    )

        # Timeline filler: notes and actions between the opening and the end of the work.
        structural = len(events)
        mean = max(0.0, self.events_per_case - structural)
        extra = r.randint(0, int(2 * mean)) if mean else 0
        if r.random() < 0.02:
            extra += r.randint(20, 60)  # a few long-running, busy cases
        authors = [*workers, creator, coordinator]
        last_day = min(end_of_work, self.today)
        for _ in range(extra):
            when = self.at(self.day_between(opened_on, last_day), 7, 21)
            if r.random() < 0.45:
                events.append(
                    (when, "action", r.choice(ACTIONS), r.choice(NOTES), r.choice(authors))
                )
            else:
                events.append((when, "note", None, r.choice(NOTES), r.choice(authors)))
        events.sort(key=lambda event: event[0])
        for when, event_kind, action_type, text, author in events:
            rows["case_events"].append(
                {
                    "id": self.new_id("case_events"),
                    "case_id": case_id,
                    "kind": event_kind,
                    "action_type": action_type,
                    "text": text,
                    "author_id": author,
                    "occurred_at": when,
                }
            )
        rows["cases"].append(
            {
                "id": case_id,
                "reference": f"{prefix}-{year}-{sequence:05d}",
                "kind": kind,
                "year": year,
                "sequence": sequence,
                "organisation_id": org_id,
                "beneficiary_id": beneficiary_id,
                "status": status,
                "opened_on": opened_on,
                "summary": f"Dossier {kind} suivi par l'organisation.",
                "service_level": "representation"
                if kind == "detention" or r.random() < 0.3
                else "advice",
                "outcome": outcome,
                "resolved_on": resolved_on,
                "closed_on": closed_on,
                "close_reason": close_reason,
                "created_by_id": creator,
                "created_at": opened_at,
                "last_activity_at": max(events[-1][0], opened_at),
                "version": version,
                "external_id": None,
            }
        )


# ---------------------------------------------------------------------------------------------
# Setup: schema, reference data, organisations and users


TABLE_ORDER = [
    "beneficiaries",
    "cases",
    "detention_records",
    "detention_orders",
    "gbv_incidents",
    "gbv_closures",
    "litigation_matters",
    "adverse_parties",
    "land_disputes",
    "land_parties",
    "land_sessions",
    "land_session_parties",
    "assignments",
    "hearings",
    "case_events",
    "notifications",
]


def seed_people(connection, tables, rng: random.Random, now: datetime) -> dict:
    """Prisons to 20, 10 organisations, 60 users; returns the ids the generator needs."""
    from sqlalchemy import insert, select

    from legalaid.auth.passwords import hash_password

    regions = dict(
        connection.execute(select(tables["regions"].c.code, tables["regions"].c.id)).all()
    )
    prisons_table = tables["prisons"]
    existing = set(connection.scalars(select(prisons_table.c.code)))
    extra = [
        {"code": code, "name": name, "region_id": regions[region], "for_women_and_minors": False}
        for code, name, region in EXTRA_PRISONS
        if code not in existing
    ]
    if extra:
        connection.execute(insert(prisons_table), extra)
    prisons = dict(connection.execute(select(prisons_table.c.code, prisons_table.c.id)).all())
    courts = list(connection.scalars(select(tables["courts"].c.id).order_by(tables["courts"].c.id)))
    # The land commissions (seeded with the reference data), by region.
    commissions = defaultdict(list)
    land_commissions = tables["land_commissions"]
    for region_id, commission_id in connection.execute(
        select(land_commissions.c.region_id, land_commissions.c.id).order_by(land_commissions.c.id)
    ):
        commissions[region_id].append(commission_id)

    connection.execute(
        insert(tables["organisations"]),
        [
            {
                "id": i + 1,
                "name": name,
                "kind": kind,
                "active": True,
                "created_at": now,
                "version": 1,
            }
            for i, (name, kind, *_rest) in enumerate(ORGANISATIONS)
        ],
    )
    orgs = {i: i + 1 for i in range(len(ORGANISATIONS))}
    password_hash = hash_password(BENCH_PASSWORD, 4)  # once, reused for every user
    users, next_id = [], iter(range(1, 1000))
    ids = {"coordinators": {}, "lawyers": defaultdict(list), "paralegals": defaultdict(list)}
    counters = Counter()

    def user(role: str, org: int | None, name: str) -> int:
        counters[role] += 1
        uid = next(next_id)
        users.append(
            {
                "id": uid,
                "email": email(role, counters[role]),
                "full_name": name,
                "role": role,
                "organisation_id": orgs[org] if org is not None else None,
                "phone": "+223 76 " + " ".join(str(rng.randint(10, 99)) for _ in range(3)),
                "password_hash": password_hash,
                "active": True,
                "must_change_password": False,
                "failed_login_count": 0,
                "locked_until": None,
                "last_login_at": None,
                "preferred_language": "fr",
                "totp_secret": None,
                "totp_last_step": None,
                "calendar_token": None,
                "created_at": now,
                "version": 1,
            }
        )
        return uid

    def person(female: bool | None = None) -> str:
        female = rng.random() < 0.5 if female is None else female
        return f"{rng.choice(FEMALE_FIRST if female else MALE_FIRST)} {rng.choice(SURNAMES)[0][0]}"

    user("admin", None, "Administratrice " + person(True))
    for slot, org in enumerate(CASE_ORGS):
        ids["coordinators"][org] = user("coordinator", org, person())
        for _ in range(LAWYERS_PER_ORG[slot]):
            ids["lawyers"][org].append(user("lawyer", org, "Me " + person()))
        for _ in range(PARALEGALS_PER_ORG):
            ids["paralegals"][org].append(user("paralegal", org, person()))
    officers = [user("prison_officer", PRISON_ORG, person()) for _ in range(OFFICERS)]
    for _ in range(VIEWERS):
        user("viewer", UN_ORG, person())
    connection.execute(insert(tables["users"]), users)
    # Each officer keeps the register of two prisons; every prison has one officer.
    codes = sorted(prisons)
    connection.execute(
        insert(tables["user_prisons"]),
        [
            {"user_id": officers[i % OFFICERS], "prison_id": prisons[code]}
            for i, code in enumerate(codes)
        ],
    )
    return {
        "regions": regions,
        "prisons": prisons,
        "prison_codes": codes,
        "courts": courts,
        "commissions": dict(commissions),
        "all_commissions": [i for ids in commissions.values() for i in ids],
        "orgs": orgs,
        "officers": officers,
        "users": len(users),
        **ids,
    }


def seed_censuses(connection, tables, reference, today: date, rng: random.Random) -> int:
    """A monthly population count of every prison for the last two years (remand share)."""
    from sqlalchemy import insert

    rows = []
    officers = reference["officers"]
    for index, code in enumerate(reference["prison_codes"]):
        size = 3000 if code == "MCA-BKO" else rng.randint(120, 900)
        for months_ago in range(24, -1, -1):
            month = today.month - months_ago
            year = today.year + (month - 1) // 12
            day = date(year, (month - 1) % 12 + 1, 1)
            total = int(size * rng.uniform(0.9, 1.1))
            rows.append(
                {
                    "prison_id": reference["prisons"][code],
                    "counted_on": day,
                    "total_held": total,
                    "pretrial_held": int(total * rng.uniform(0.55, 0.8)),
                    "recorded_by_id": officers[index % len(officers)],
                    "recorded_at": datetime(day.year, day.month, day.day, 10, 0),
                }
            )
    connection.execute(insert(tables["prison_censuses"]), rows)
    return len(rows)


def _no_sync(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA synchronous=OFF")


def default_url() -> str:
    folder = Path(tempfile.mkdtemp(prefix="bench-seed-"))
    return f"sqlite:///{folder / 'legalaid.sqlite3'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database-url", help="default: a new SQLite file under /tmp")
    parser.add_argument("--events-per-case", type=float, default=9.1)
    parser.add_argument("--batch", type=int, default=5000, help="cases per transaction")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2022, 1, 1))
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument(
        "--recreate", action="store_true", help="PostgreSQL: drop and create the database first"
    )
    parser.add_argument(
        "--drop", action="store_true", help="PostgreSQL: only drop the database (when done)"
    )
    args = parser.parse_args()
    if args.drop:
        if not args.database_url or not is_postgresql(args.database_url):
            raise SystemExit("--drop needs a PostgreSQL --database-url")
        drop_pg_database(args.database_url)
        print(f"dropped {args.database_url.rsplit('/', 1)[-1]}")
        return
    url = args.database_url or default_url()
    began = time.perf_counter()
    if is_postgresql(url):
        if args.recreate:
            drop_pg_database(url)
        if create_pg_database(url):
            print(f"created database {url.rsplit('/', 1)[-1]}")
    elif args.recreate:
        raise SystemExit("--recreate is for PostgreSQL; give a new SQLite path instead")

    from flask_migrate import upgrade
    from sqlalchemy import event, func, insert, select, text

    from legalaid.extensions import db
    from legalaid.reference.services import seed_reference_data

    app = make_app(url)
    rng = random.Random(args.seed)  # noqa: S311 - reproducible data, not secrets
    now = datetime(args.today.year, args.today.month, args.today.day, 7, 0)
    with app.app_context():
        upgrade()
        tables = db.metadata.tables
        engine = db.engine
        sqlite = engine.dialect.name == "sqlite"
        with engine.connect() as connection:
            for table in ("cases", "users", "organisations"):
                if connection.scalar(select(func.count()).select_from(tables[table])):
                    raise SystemExit(f"the database already holds {table}: give an empty one")
        seed_reference_data()
        db.session.remove()
        print(f"schema and reference data: {time.perf_counter() - began:.1f} s", flush=True)

        with engine.begin() as connection:
            reference = seed_people(connection, tables, rng, now)
            censuses = seed_censuses(connection, tables, reference, args.today, rng)
        print(
            f"organisations {len(ORGANISATIONS)}, users {reference['users']}, "
            f"prisons {len(reference['prisons'])}, prison_censuses {censuses}"
        )

        if sqlite:  # a bulk load: no fsync per batch (the file is checkpointed at the end)
            event.listen(engine, "connect", _no_sync)
            engine.dispose()
        seeder = Seeder(rng, args.today, args.start, reference)
        seeder.events_per_case = args.events_per_case
        dates = seeder.opened_dates(args.cases)
        totals = Counter()
        generate_time = insert_time = 0.0
        next_report = 0
        for offset in range(0, len(dates), args.batch):
            t0 = time.perf_counter()
            rows = defaultdict(list)
            for opened_on in dates[offset : offset + args.batch]:
                seeder.case(rows, opened_on)
            # Hearings point at the next one: insert the later ones first.
            rows["hearings"].sort(key=lambda row: row["id"], reverse=True)
            t1 = time.perf_counter()
            with engine.begin() as connection:
                for table in TABLE_ORDER:
                    if rows[table]:
                        connection.execute(insert(tables[table]), rows[table])
                        totals[table] += len(rows[table])
            t2 = time.perf_counter()
            generate_time += t1 - t0
            insert_time += t2 - t1
            done = offset + len(rows["cases"])
            if done >= next_report or done == len(dates):
                next_report += max(len(dates) // 10, args.batch)
                print(
                    f"  {done:>9,} cases | events {totals['case_events']:>10,} | "
                    f"beneficiaries {totals['beneficiaries']:>9,} | "
                    f"{time.perf_counter() - began:6.1f} s",
                    flush=True,
                )

        with engine.begin() as connection:
            connection.execute(
                insert(tables["reference_counters"]),
                [
                    {"kind": kind, "year": year, "last_value": value}
                    for (kind, year), value in sorted(seeder.sequence.items())
                ],
            )
            totals["reference_counters"] = len(seeder.sequence)
            if not sqlite:  # explicit ids: move the sequences past them
                for table in [*TABLE_ORDER, "organisations", "users"]:
                    if "id" not in tables[table].c:  # a link table (land_session_parties)
                        continue
                    statement = (
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                        f"(SELECT coalesce(max(id), 1) FROM {table}))"  # our own table names
                    )
                    connection.execute(text(statement))
        t3 = time.perf_counter()
        if sqlite:
            raw = engine.raw_connection()  # autocommit (the app turns the driver's BEGIN off)
            try:
                raw.driver_connection.execute("ANALYZE")
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
        else:
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE")
        analyze_time = time.perf_counter() - t3

        with engine.connect() as connection:
            share = {
                kind: n
                for kind, n in connection.execute(
                    select(tables["cases"].c.kind, func.count()).group_by(tables["cases"].c.kind)
                )
            }
            statuses = dict(
                connection.execute(
                    select(tables["cases"].c.status, func.count()).group_by(
                        tables["cases"].c.status
                    )
                ).all()
            )
            assigned = connection.scalar(
                select(func.count(func.distinct(tables["assignments"].c.case_id)))
            )
    total = time.perf_counter() - began
    print("rows per table:")
    for table in [*TABLE_ORDER, "reference_counters"]:
        print(f"  {table:<20} {totals[table]:>10,}")
    cases = max(sum(share.values()), 1)
    print(
        "kinds: "
        + ", ".join(f"{k} {100 * n / cases:.0f}%" for k, n in sorted(share.items()))
        + " | statuses: "
        + ", ".join(f"{s} {100 * statuses.get(s, 0) / cases:.0f}%" for s in STATUSES)
        + f" | with an assignment: {100 * assigned / cases:.0f}%"
    )
    print(
        f"generate {generate_time:.1f} s, insert {insert_time:.1f} s, "
        f"{'ANALYZE' if sqlite else 'VACUUM ANALYZE'} {analyze_time:.1f} s"
    )
    print(f"total {total:.1f} s")
    print(f"database: {url}")


if __name__ == "__main__":
    main()
