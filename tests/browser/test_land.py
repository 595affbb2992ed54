"""A land dispute from intake to the court's homologation of its PV, in French, in the browser."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from legalaid.cases.models import Case
from legalaid.extensions import db
from legalaid.formutils import local_today
from legalaid.land.services import seed_commissions
from tests.browser.pages import choose, log_in, open_case, submit
from tests.builders import assign

pytestmark = pytest.mark.browser

PARTIES = [
    ("Lignage Kouyaté de Socoura", "Groupe", "Autre partie"),
    ("Hamadoun Cissé", "Personne", "Autre partie"),
    ("Fatoumata Djiré", "Personne", "Témoin"),
]


def fill_party(page: Page, number: int, name: str, kind: str, role: str) -> None:
    """One row of the parties' list (rows are numbered from 0)."""
    page.locator(f'[name="parties-{number}-full_name"]').fill(name)
    page.locator(f'[name="parties-{number}-kind"]').select_option(label=kind)
    page.locator(f'[name="parties-{number}-role"]').select_option(label=role)


def record_session(page: Page, day, total: str, women: str, youth: str, minutes: str) -> None:
    """The session form, from the case page."""
    page.get_by_role("link", name="Enregistrer une séance").click()
    page.get_by_label("Date de la séance").fill(day.strftime("%d/%m/%Y"))
    page.get_by_label("Hamadoun Cissé").check()
    page.get_by_label("Participants : total").fill(total)
    page.get_by_label("dont femmes").fill(women)
    page.get_by_label("dont jeunes (18-35 ans)").fill(youth)
    page.get_by_label("Procès-verbal de séance").fill(minutes)
    submit(page, "Enregistrer")
    expect(page.get_by_text("La séance a été enregistrée.")).to_be_visible()


def test_a_land_dispute_goes_from_intake_to_homologation(open_page, org):
    seed_commissions()
    today = local_today()
    page = open_page()
    log_in(page, org["paralegal"].email)
    page.goto("/cases/new/land_conciliation")
    page.get_by_label("Nom complet").fill("Aminata Togo")
    page.locator('[name="sex"]').select_option(label="Femme")  # the parties have a "Sexe" too
    page.get_by_label("ou âge").fill("41")
    page.get_by_label("Ouvert le").fill((today - timedelta(days=20)).strftime("%d/%m/%Y"))
    choose(page, "Commission foncière", "Commission foncière de Socoura")
    choose(page, "Nature du litige", "Limites de parcelle")
    page.get_by_label("Village ou lieu-dit").fill("Socoura")
    fill_party(page, 0, *PARTIES[0])
    fill_party(page, 1, *PARTIES[1])
    submit(page, "Ajouter une partie")  # no JavaScript needed: one more row, nothing lost
    expect(page.locator('[name="parties-0-full_name"]')).to_have_value(PARTIES[0][0])
    fill_party(page, 2, *PARTIES[2])
    expect(page.locator('[name="parties-3-full_name"]')).to_be_visible()
    submit(page, "Enregistrer le dossier")
    expect(page.get_by_role("heading", name="COF-2026-00001")).to_be_visible()
    for name, _kind, _role in PARTIES:
        expect(page.locator("#land-party-list").get_by_text(name, exact=False)).to_be_visible()

    record_session(page, today - timedelta(days=15), "14", "6", "3", "Première séance")
    record_session(page, today - timedelta(days=10), "18", "9", "5", "Accord sur la borne")
    sessions = page.locator("#land-sessions")
    expect(sessions.get_by_text("Première séance")).to_be_visible()
    expect(sessions.get_by_text("Accord sur la borne")).to_be_visible()

    db.session.rollback()  # a read begun before the browser's writes would not see them (SQLite)
    case = db.session.scalars(select(Case).where(Case.reference == "COF-2026-00001")).one()
    assign(case, org["lawyer"])
    case.status = "assigned"
    db.session.commit()
    open_case(page, case.reference)
    page.get_by_role("link", name="Commencer le travail").click()
    submit(page, "Confirmer")
    page.get_by_role("link", name="Enregistrer l'issue").click()
    choose(page, "Issue", "Accord de conciliation")
    submit(page, "Confirmer")
    expect(page.locator(".badge", has_text="Résolu")).to_be_visible()

    page.get_by_role("link", name="Enregistrer le dépôt au tribunal").click()
    choose(page, "Juridiction", "Tribunal de grande instance de Mopti")
    page.get_by_label("Déposé le").fill(today.strftime("%d/%m/%Y"))
    submit(page, "Enregistrer")
    expect(page.get_by_text("Le dépôt du procès-verbal a été enregistré.")).to_be_visible()
    expect(page.get_by_role("link", name="Enregistrer la décision du tribunal")).to_have_count(0)

    lawyer = open_page()
    log_in(lawyer, org["lawyer"].email)
    open_case(lawyer, case.reference)
    lawyer.get_by_role("link", name="Enregistrer la décision du tribunal").click()
    choose(lawyer, "Décision", "Homologué par le tribunal")
    lawyer.get_by_label("Décidé le").fill(today.strftime("%d/%m/%Y"))
    submit(lawyer, "Enregistrer")
    expect(lawyer.get_by_text("La décision du tribunal a été enregistrée.")).to_be_visible()
    path = lawyer.locator("#land-path")
    expect(path.get_by_text("2 séances, la dernière le", exact=False)).to_be_visible()
    expect(path.get_by_text("PV : Accord de conciliation", exact=False)).to_be_visible()
    expect(
        path.get_by_text("Déposé auprès de : Tribunal de grande instance de Mopti", exact=False)
    ).to_be_visible()
    expect(
        path.get_by_text("Décision du tribunal : Homologué par le tribunal", exact=False)
    ).to_be_visible()
