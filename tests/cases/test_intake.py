"""Intake of the three kinds of case: validation, one transaction, references."""

import html
import re
import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from legalaid.accounts.models import User
from legalaid.cases.models import (
    AdverseParty,
    Beneficiary,
    Case,
    CaseEvent,
    GbvIncident,
    LitigationMatter,
)
from legalaid.cases.services import allocate_reference
from legalaid.detention.models import DetentionRecord
from legalaid.extensions import db
from tests.builders import first_prison, make_case
from tests.conftest import sign_in


def beneficiary_form(**overrides):
    data = {
        "full_name": "Moussa Keïta",
        "sex": "M",
        "age": "34",
        "commune": "Sévaré",
        "phone": "+223 76 12 34 56",
        "preferred_language": "bm",
        "opened_on": "02/03/2026",
        "service_level": "representation",
        "summary": "Détenu depuis huit mois sans jugement.",
    }
    data.update(overrides)
    return data


def detention_form(**overrides):
    data = beneficiary_form(
        prison_id=str(first_prison().id),
        arrested_on="01/02/2026",
        custody_started_on="01/02/2026",
        custody_started_time="14:30",
        committal_on="2026-02-03",
        offence_class="delit_major",
        charges="Vol aggravé",
        investigating_judge="Juge Sangaré",
        procedure_stage="investigation",
        code_regime="2001",
    )
    data.update(overrides)
    return data


def client_of(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_paralegal_takes_in_a_detention_case(app, org):
    paralegal = client_of(app, org["paralegal"])
    response = paralegal.post("/cases/new/detention", data=detention_form())
    assert response.status_code == 302, response.text
    case = db.session.scalar(select(Case))
    assert response.headers["Location"] == f"/cases/{case.id}"
    assert case.reference == "DET-2026-00001"
    assert case.status == "intake" and case.service_level == "representation"
    assert case.organisation_id == org["organisation"].id
    record = db.session.scalar(select(DetentionRecord))
    assert record.committal_on == date(2026, 2, 3) and record.arrested_on == date(2026, 2, 1)
    assert record.custody_started_at.hour == 14 and record.custody_started_at.minute == 30
    person = case.beneficiary
    assert person.name_key == "keita musa"
    assert person.birth_year == 2026 - 34 and person.birth_year_estimated
    assert person.phone_key == "76123456"
    assert person.code.startswith("B-") and "Keita" not in person.code
    assert [event.kind for event in db.session.scalars(select(CaseEvent))] == ["intake"]
    page = paralegal.get(f"/cases/{case.id}")
    assert "DET-2026-00001" in page.text and "Moussa Keïta" in page.text


def test_gbv_intake_stores_consents(app, org):
    paralegal = client_of(app, org["paralegal"])
    response = paralegal.post(
        "/cases/new/gbv",
        data=beneficiary_form(
            full_name="Fatoumata Diarra",
            sex="F",
            incident_type="forced_marriage",
            incident_date="15/01/2026",
            narrative="Récit confidentiel",
            consent_reporting="y",
            consent_legal="y",
        ),
    )
    assert response.status_code == 302
    incident = db.session.scalar(select(GbvIncident))
    assert incident.incident_type == "forced_marriage"
    assert incident.consent_reporting and incident.consent_legal
    assert not incident.consent_health and not incident.consent_safety
    assert db.session.scalar(select(Case.reference)) == "GBV-2026-00001"


def test_litigation_intake_with_adverse_parties(app, org):
    paralegal = client_of(app, org["paralegal"])
    response = paralegal.post(
        "/cases/new/litigation",
        data=beneficiary_form(
            matter_type="inheritance",
            forum="customary",
            adverse_parties="Bakary Coulibaly\n  Sékou   Touré ; Mariam Cissé",
        ),
    )
    assert response.status_code == 302
    matter = db.session.scalar(select(LitigationMatter))
    assert matter.matter_type == "inheritance"
    names = [
        p.full_name for p in db.session.scalars(select(AdverseParty).order_by(AdverseParty.id))
    ]
    assert names == ["Bakary Coulibaly", "Sékou Touré", "Mariam Cissé"]


def test_references_count_per_kind_and_year(org):
    by = org["paralegal"]
    refs = [
        make_case("detention", by=by, full_name="A Un").reference,
        make_case("detention", by=by, full_name="B Deux").reference,
        make_case("gbv", by=by, full_name="C Trois").reference,
        make_case("detention", by=by, full_name="D Quatre", opened_on=date(2025, 12, 30)).reference,
    ]
    assert refs == ["DET-2026-00001", "DET-2026-00002", "GBV-2026-00001", "DET-2025-00001"]


@pytest.mark.real_commits  # two threads, two connections
def test_concurrent_intake_never_duplicates_a_reference(data_app, org):
    """Two paralegals submitting at once, many times: every reference is unique and gapless."""
    paralegals = [org["paralegal"].id, org["other_paralegal"].id]
    errors: list[Exception] = []
    barrier = threading.Barrier(len(paralegals))

    def take_in(user_id: int, count: int) -> None:
        with data_app.app_context():
            user = db.session.get(User, user_id)
            barrier.wait()
            try:
                for number in range(count):
                    make_case("litigation", by=user, full_name=f"Personne {user_id} {number}")
            except Exception as error:  # reported below, with the thread's own traceback lost
                errors.append(error)
            finally:
                db.session.remove()

    db.session.commit()
    threads = [threading.Thread(target=take_in, args=(uid, 15)) for uid in paralegals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db.session.expire_all()
    references = list(db.session.scalars(select(Case.reference)))
    assert len(references) == 30 == len(set(references))
    assert sorted(references)[-1] == "LIT-2026-00030"


def test_allocate_reference_creates_the_year_counter():
    assert allocate_reference("gbv", 2031) == (1, "GBV-2031-00001")
    assert allocate_reference("gbv", 2031) == (2, "GBV-2031-00002")
    db.session.rollback()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"committal_on": "31/01/2026"},
            "Le mandat de dépôt ne peut pas précéder l'arrestation.",
        ),
        ({"arrested_on": "01/01/2099"}, "Cette date est dans le futur."),
        ({"arrested_on": "31/02/2026"}, "Cette date n'existe pas."),
        ({"arrested_on": "le 3 février"}, "Saisissez une date au format JJ/MM/AAAA."),
        ({"age": "121"}, "L'âge doit être compris entre 0 et 120."),
        ({"age": "-1"}, "L'âge doit être compris entre 0 et 120."),
        ({"full_name": ""}, "Ce champ est requis."),
        ({"sex": ""}, "Ce champ est requis."),
        ({"custody_started_time": "25:00"}, "Cette heure n'existe pas"),
        ({"custody_started_time": "²:30"}, "Saisissez une heure au format HH:MM"),
        ({"opened_on": ""}, "Ce champ est requis."),
        ({"prison_id": "0"}, "Ce champ est requis."),
        ({"offence_class": ""}, "Ce champ est requis."),
    ],
)
def test_invalid_intake_keeps_everything_typed_and_saves_nothing(app, org, overrides, message):
    paralegal = client_of(app, org["paralegal"])
    form = detention_form(**overrides)
    page = paralegal.post("/cases/new/detention", data=form)
    assert page.status_code == 200
    assert message in html.unescape(page.text)
    for field in ("commune", "charges", "investigating_judge"):
        assert form[field] in page.text
    for field in ("arrested_on", "committal_on"):
        assert f'value="{form[field]}"' in page.text
    assert count(Case) == count(Beneficiary) == count(DetentionRecord) == 0


def test_iso_and_french_dates_are_both_accepted(app, org):
    paralegal = client_of(app, org["paralegal"])
    paralegal.post("/cases/new/detention", data=detention_form(arrested_on="2026-02-01"))
    assert db.session.scalar(select(DetentionRecord.arrested_on)) == date(2026, 2, 1)


def test_nothing_is_half_saved(org, monkeypatch):
    """A failure after the case row is written leaves no case and no beneficiary."""
    from legalaid.casekinds import case_kind

    def broken(case, details, other_parties):
        raise RuntimeError("disk full")

    monkeypatch.setattr(case_kind("litigation"), "new_details", broken)
    with pytest.raises(RuntimeError):
        make_case("litigation", by=org["paralegal"])
    assert count(Case) == count(Beneficiary) == count(CaseEvent) == 0


@pytest.mark.parametrize("role", ["lawyer", "prison_officer", "viewer", "admin"])
def test_only_coordinators_and_paralegals_take_in(login_as, role):
    client = login_as(role)
    assert client.get("/cases/new/gbv").status_code == 403
    assert client.post("/cases/new/gbv", data=beneficiary_form()).status_code == 403


def test_intake_page_works_on_a_phone(app, org):
    page = client_of(app, org["paralegal"]).get("/cases/new/detention")
    assert page.status_code == 200
    assert 'name="viewport"' in page.text
    assert 'placeholder="JJ/MM/AAAA"' in page.text
    assert 'inputmode="tel"' in page.text


def test_litigation_intake_forum_defaults_to_none(app, org):
    page = client_of(app, org["paralegal"]).get("/cases/new/litigation")
    selected = re.search(r'<select[^>]*name="forum".*?</select>', page.text, re.S).group(0)
    assert re.search(r'<option selected value="none">|<option value="none" selected>', selected)
    assert 'selected value="court"' not in selected and 'value="court" selected' not in selected
