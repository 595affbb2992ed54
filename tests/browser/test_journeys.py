"""End-to-end journeys in the system Chromium, through small page helpers."""

import io
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from legalaid.extensions import db
from legalaid.formutils import local_today
from legalaid.workflow.models import Hearing
from tests.browser.pages import choose, log_in, open_case, submit
from tests.builders import assign, first_prison, make_case, make_user
from tests.cases.test_documents import PDF

pytestmark = pytest.mark.browser


def test_paralegal_takes_in_a_detention_case_on_a_phone(open_page, org):
    known = make_case("detention", by=org["paralegal"], full_name="Moussa Keïta", birth_year=1992)
    page = open_page(360, 740)
    log_in(page, org["paralegal"].email)
    page.goto("/cases/new")
    page.get_by_role("link", name="Détention provisoire").click()
    page.get_by_label("Nom complet").fill("Moussa Keita")
    choose(page, "Sexe", "Homme")
    page.get_by_label("ou âge").fill("34")
    choose(page, "Prison", first_prison().name)
    page.get_by_label("Date d'arrestation").fill("01/02/2026")
    page.get_by_label("Date du mandat de dépôt").fill("03/02/2026")
    choose(page, "Catégorie d'infraction", "Crime")
    submit(page, "Enregistrer le dossier")
    expect(page.get_by_text("Cette personne est peut-être déjà connue")).to_be_visible()
    page.get_by_label(f"Moussa Keïta · {known.beneficiary.code}", exact=False).check()
    submit(page, "Enregistrer le dossier")
    expect(page.get_by_role("heading", name="DET-2026-00002")).to_be_visible()
    page.get_by_label("Texte").fill("Première visite à la maison d'arrêt")
    submit(page, "Ajouter")
    expect(page.get_by_text("Première visite à la maison d'arrêt")).to_be_visible()
    page.get_by_label("Fichier", exact=False).set_input_files(
        {"name": "mandat.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    submit(page, "Téléverser")
    expect(page.get_by_role("link", name="mandat.pdf")).to_be_visible()


def test_coordinator_assigns_the_case_to_a_lawyer(open_page, org):
    case = make_case("detention", by=org["paralegal"])
    page = open_page()
    log_in(page, org["coordinator"].email)
    open_case(page, case.reference)
    page.get_by_role("link", name="Attribuer").click()
    page.get_by_label("Personne").select_option(value=str(org["lawyer"].id))
    submit(page, "Attribuer")
    expect(page.get_by_text("travaille désormais sur le dossier")).to_be_visible()
    expect(page.locator(".badge", has_text="Attribué")).to_be_visible()


def test_lawyer_records_a_hearing_an_extension_and_the_outcome(open_page, org):
    case = make_case(
        "detention",
        by=org["paralegal"],
        details={
            "committal_on": local_today() - timedelta(days=170),
            "offence_class": "delit_major",
        },
    )
    assign(case, org["lawyer"])
    case.status = "assigned"
    db.session.commit()
    page = open_page()
    log_in(page, org["lawyer"].email)
    open_case(page, case.reference)
    page.get_by_role("link", name="Programmer une audience").click()
    page.get_by_label("Date", exact=True).fill(
        (local_today() + timedelta(days=10)).strftime("%d/%m/%Y")
    )
    page.get_by_label("Objet").fill("Interrogatoire")
    submit(page, "Enregistrer")
    expect(page.get_by_text("Audience programmée.")).to_be_visible()
    page.get_by_role("link", name="Ordonnance de prolongation").click()
    page.get_by_label("Date de l'ordonnance").fill(local_today().strftime("%d/%m/%Y"))
    page.get_by_label("Durée (mois)").fill("6")
    submit(page, "Enregistrer")
    expect(page.get_by_text("Dans le délai")).to_be_visible()
    page.get_by_role("link", name="Commencer le travail").click()
    submit(page, "Confirmer")
    page.get_by_role("link", name="Enregistrer l'issue").click()
    choose(page, "Issue", "Mise en liberté provisoire")
    submit(page, "Confirmer")
    expect(page.locator(".badge", has_text="Résolu")).to_be_visible()


def test_prison_officer_sees_counsel_and_hearing_then_records_a_release(open_page, org):
    case = make_case(
        "detention",
        by=org["paralegal"],
        full_name="Issa Maïga",
        details={"committal_on": local_today() - timedelta(days=30)},
    )
    assign(case, org["lawyer"])
    day = local_today() + timedelta(days=6)
    db.session.add(
        Hearing(
            case_id=case.id,
            scheduled_at=datetime(day.year, day.month, day.day, 9),
            created_by_id=org["lawyer"].id,
        )
    )
    db.session.commit()
    officer = make_user("prison_officer", prisons=[first_prison()])
    page = open_page(360, 740)
    log_in(page, officer.email)
    page.goto("/prisons/")
    page.get_by_role("link", name="Registre").first.click()
    row = page.locator("tr", has_text=case.reference)
    expect(row).to_contain_text(org["lawyer"].full_name)
    expect(row).to_contain_text(day.strftime("%d/%m/%Y"))
    row.get_by_role("link", name="Libération").click()
    page.get_by_label("Date de libération").fill(local_today().strftime("%d/%m/%Y"))
    page.get_by_label("Motif (tel que dans le registre)").fill("Liberté provisoire")
    submit(page, "Enregistrer")
    expect(page.get_by_text(f"{org['lawyer'].full_name}, l'avocat, est informé.")).to_be_visible()
    page.goto(f"/prisons/{first_prison().id}/roll")
    expect(page.locator("tr", has_text=case.reference)).to_have_count(0)


def test_viewer_sees_the_indicators_change_and_downloads_the_workbook(open_page, org):
    def detainees(count):
        for number in range(count):
            case = make_case("detention", by=org["paralegal"], full_name=f"Détenu {number} {count}")
            assign(case, org["lawyer"])

    detainees(5)
    viewer = make_user("viewer")
    page = open_page()
    log_in(page, viewer.email)
    page.goto("/reports/?start=2026-01-01&end=2026-12-31")
    expect(page.get_by_text("5 détenus identifiés sur 5")).to_be_visible()
    detainees(6)
    page.reload()
    expect(page.get_by_text("11 détenus identifiés sur 11")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert summary["Détenus identifiés"] == 11


def test_a_survivors_name_never_reaches_those_who_may_not_see_it(open_page, org):
    survivor = "Mariam Cissé"
    case = make_case(
        "gbv", by=org["other_paralegal"], full_name=survivor, details={"narrative": "récit"}
    )
    people = [
        org["lawyer"],
        org["paralegal"],
        make_user("admin"),
        make_user("viewer"),
        make_user("prison_officer", prisons=[first_prison()]),
    ]
    paths = [
        "/",
        "/cases/",
        "/cases/?q=Mariam",
        f"/cases/{case.id}",
        "/notifications/",
        "/hearings",
        "/reports/",
        "/detention/alerts",
        "/prisons/",
    ]
    for person in people:
        page = open_page()
        log_in(page, person.email)
        for path in paths:
            page.goto(path)
            assert "Cissé" not in page.content(), (person.role, path)
