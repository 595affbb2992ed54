"""A hand-counted data set for the indicators (see the docstring of `dataset`)."""

from datetime import date

import pytest
from sqlalchemy import select

from legalaid.detention.models import DetentionRecord, PrisonCensus
from legalaid.extensions import db
from legalaid.reference.models import Region
from tests.builders import assign, first_prison, make_case, make_organisation, make_user


def resolve(case, outcome, on):
    case.outcome, case.resolved_on, case.status = outcome, on, "resolved"


@pytest.fixture
def dataset(reference):
    """Period 2026-01-01 .. 2026-06-30. Counted by hand:

    detention, org A: D1 b1 (M 1990, Mopti) lawyer, acquitted 01/02 → 01/03, released 01/03;
    D2 b2 (M 2010, Mopti) paralegal, held (délit > 2 ans, committal 15/02); D3 b3 (F 1995) no
    assignment, held (délit ≤ 2 ans, committal 05/01: beyond the cap on 30/06); D4 b1 again,
    lawyer, closed without outcome, released 01/04. D5 (b4) opened 31/12/2025: outside.
    Org B: D6 b5 (M 1990) lawyer, charges dismissed 01/03 → 11/03, released 11/03.
    Litigation, org A: L1 b6 (F 1980) paralegal; L2 b7 (F, birth unknown) paralegal,
    conciliation 10/01 → 20/01; L3 b8 (M) lawyer only; L4 b9 (F) paralegal, opened 01/07: outside.
    GBV, org A: G1 b10 (F 2000) consent, lawyer; G2 b11 (F) no consent, lawyer; G3 b12 (M 1985)
    consent, lawyer, mediation 01/04 → 21/04; G4 b13 (F) consent, paralegal only.
    Census: Mopti prison 400 held, 300 pre-trial on 01/06; 100/90 on 01/08 (after the period).
    """
    a, b = make_organisation("Org A"), make_organisation("Org B")
    mopti = db.session.scalar(select(Region).where(Region.name == "Mopti"))
    people = {
        "a_lawyer": make_user("lawyer", organisation=a),
        "a_paralegal": make_user("paralegal", organisation=a),
        "a_coordinator": make_user("coordinator", organisation=a),
        "b_lawyer": make_user("lawyer", organisation=b),
        "b_paralegal": make_user("paralegal", organisation=b),
    }
    by_a, by_b = people["a_paralegal"], people["b_paralegal"]
    prison = first_prison()

    def detention(by, name, sex, year, opened, committal, offence="delit_major", **kw):
        return make_case(
            "detention",
            by=by,
            full_name=name,
            sex=sex,
            birth_year=year,
            opened_on=opened,
            details={"prison_id": prison.id, "committal_on": committal, "offence_class": offence},
            **kw,
        )

    d1 = detention(
        by_a, "Bakary Un", "M", 1990, date(2026, 2, 1), date(2026, 1, 20), region_id=mopti.id
    )
    assign(d1, people["a_lawyer"])
    resolve(d1, "acquitted", date(2026, 3, 1))
    d2 = detention(
        by_a, "Seydou Deux", "M", 2010, date(2026, 2, 15), date(2026, 2, 15), region_id=mopti.id
    )
    assign(d2, people["a_paralegal"])
    detention(by_a, "Kadia Trois", "F", 1995, date(2026, 1, 5), date(2026, 1, 5), "delit_minor")
    d4 = make_case(
        "detention",
        by=by_a,
        beneficiary_id=d1.beneficiary_id,
        opened_on=date(2026, 4, 1),
        details={
            "prison_id": prison.id,
            "committal_on": date(2026, 3, 20),
            "offence_class": "crime",
        },
    )
    assign(d4, people["a_lawyer"])
    d4.status, d4.close_reason, d4.closed_on = "closed", "withdrawn", date(2026, 4, 10)
    d5 = detention(by_a, "Hors Période", "M", 1990, date(2025, 12, 31), date(2025, 12, 30))
    assign(d5, people["a_lawyer"])
    resolve(d5, "acquitted", date(2026, 1, 15))
    d6 = detention(by_b, "Oumar Six", "M", 1990, date(2026, 3, 1), date(2026, 3, 1))
    assign(d6, people["b_lawyer"])
    resolve(d6, "charges_dismissed", date(2026, 3, 11))
    db.session.commit()
    for case, released in ((d1, date(2026, 3, 1)), (d4, date(2026, 4, 1)), (d6, date(2026, 3, 11))):
        record = db.session.scalar(
            select(DetentionRecord).where(DetentionRecord.case_id == case.id)
        )
        record.released_on = released

    def litigation(name, sex, year, opened):
        return make_case(
            "litigation", by=by_a, full_name=name, sex=sex, birth_year=year, opened_on=opened
        )

    l1 = litigation("Awa Six", "F", 1980, date(2026, 3, 3))
    assign(l1, people["a_paralegal"])
    l2 = litigation("Fanta Sept", "F", None, date(2026, 1, 10))
    assign(l2, people["a_paralegal"])
    resolve(l2, "conciliation_agreement", date(2026, 1, 20))
    l3 = litigation("Modibo Huit", "M", 1970, date(2026, 2, 2))
    assign(l3, people["a_lawyer"])
    l4 = litigation("Nana Neuf", "F", 1990, date(2026, 7, 1))
    assign(l4, people["a_paralegal"])

    def gbv(name, sex, year, opened, consent):
        return make_case(
            "gbv",
            by=by_a,
            full_name=name,
            sex=sex,
            birth_year=year,
            opened_on=opened,
            details={"incident_type": "physical_assault", "consent_reporting": consent},
        )

    g1 = gbv("Rokia Dix", "F", 2000, date(2026, 5, 5), True)
    assign(g1, people["a_lawyer"])
    g2 = gbv("Sans Consentement", "F", 1990, date(2026, 5, 6), False)
    assign(g2, people["a_lawyer"])
    g3 = gbv("Ali Douze", "M", 1985, date(2026, 4, 1), True)
    assign(g3, people["a_lawyer"])
    resolve(g3, "mediation", date(2026, 4, 21))
    g4 = gbv("Maimouna Treize", "F", 1992, date(2026, 6, 1), True)
    assign(g4, people["a_paralegal"])
    db.session.add_all(
        [
            PrisonCensus(
                prison_id=prison.id,
                counted_on=date(2026, 6, 1),
                total_held=400,
                pretrial_held=300,
                recorded_by_id=by_a.id,
            ),
            PrisonCensus(
                prison_id=prison.id,
                counted_on=date(2026, 8, 1),
                total_held=100,
                pretrial_held=90,
                recorded_by_id=by_a.id,
            ),
        ]
    )
    db.session.commit()
    return {"a": a, "b": b, "people": people, "prison": prison, "mopti": mopti}
