"""Never lose what someone typed: session expiry, drafts, errors brought into view."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import update

from legalaid.auth.models import UserSession
from legalaid.extensions import db
from legalaid.timeutils import utcnow
from tests.browser.pages import log_in, submit
from tests.builders import PASSWORD, make_case

pytestmark = pytest.mark.browser

NARRATIVE = "Frappée au marché de Sévaré le 3 mars, devant témoins."


def expire_the_session() -> None:
    """What 31 idle minutes do: the session row is too old to be used."""
    db.session.rollback()  # a read begun before the browser's writes cannot write (SQLite)
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=31)))
    db.session.commit()


def fill_gbv_intake(page: Page, narrative: str = NARRATIVE) -> None:
    page.goto("/cases/new/gbv")
    page.locator("[name=full_name]").fill("Awa Traoré")
    page.locator("[name=sex]").select_option("F")
    page.locator("[name=age]").fill("24")
    page.locator("[name=incident_type]").select_option(index=1)
    page.locator("[name=narrative]").fill(narrative)


def test_session_expiry_during_an_intake_gives_the_form_back_after_signing_in(open_page, org):
    page = open_page()
    log_in(page, org["paralegal"].email)
    fill_gbv_intake(page)
    expire_the_session()
    submit(page, "Enregistrer le dossier")
    expect(page.get_by_role("heading", name="Se reconnecter")).to_be_visible()
    expect(page.get_by_text("Le formulaire a expiré")).to_be_visible()
    expect(page.get_by_label("E-mail")).to_have_value(org["paralegal"].email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se reconnecter").click()
    expect(page.locator("[data-form-restored]")).to_be_focused()
    assert page.url.endswith("/cases/new/gbv")
    expect(page.locator("[name=full_name]")).to_have_value("Awa Traoré")
    expect(page.locator("[name=narrative]")).to_have_value(NARRATIVE)
    submit(page, "Enregistrer le dossier")
    expect(page.get_by_role("heading", name="GBV-2026-", exact=False)).to_be_visible()


def test_without_javascript_the_expired_form_comes_back_with_an_error(open_page, org):
    page = open_page(javascript=False)
    log_in(page, org["paralegal"].email)
    fill_gbv_intake(page)
    expire_the_session()
    submit(page, "Enregistrer le dossier")
    expect(page.get_by_text("Le formulaire a expiré")).to_be_visible()
    expect(page.locator("input[name=kept-narrative]")).to_have_value(NARRATIVE)
    expect(page.locator("input[name=kept-full_name]")).to_have_value("Awa Traoré")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se reconnecter").click()
    expect(page.get_by_role("heading", name="Vous êtes reconnecté")).to_be_visible()
    expect(page.locator("[data-kept-values] textarea").filter(has_text=NARRATIVE)).to_be_visible()


def test_stay_signed_in_before_the_session_expires(open_page, org):
    page = open_page()
    page.clock.install()
    log_in(page, org["paralegal"].email)
    banner = page.locator("[data-session-banner]")
    expect(banner).to_be_hidden()
    page.clock.fast_forward("27:00")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Votre session se termine dans")
    banner.get_by_role("button", name="Rester connecté").click()
    expect(banner).to_be_hidden()
    page.clock.fast_forward("40:00")
    expect(banner).to_contain_text("Votre session a pris fin")


@pytest.mark.parametrize("form", ["note", "upload"])
def test_an_error_on_the_case_page_is_shown_in_view(open_page, org, form):
    case = make_case("detention", by=org["paralegal"])
    page = open_page(360, 740)
    log_in(page, org["paralegal"].email)
    page.goto(f"/cases/{case.id}")
    if form == "note":
        submit(page, "Ajouter")
        summary = page.locator("#entry-errors")
    else:
        page.get_by_label("Fichier", exact=False).set_input_files(
            {"name": "virus.exe", "mimeType": "application/pdf", "buffer": b"MZ not a pdf"}
        )
        submit(page, "Téléverser")
        summary = page.locator("#document-errors")
    expect(summary).to_be_in_viewport()
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")


def test_a_draft_is_restored_then_cleared_on_save_and_on_logout(open_page, org):
    case = make_case("detention", by=org["paralegal"])
    page = open_page()
    log_in(page, org["paralegal"].email)
    page.goto(f"/cases/{case.id}")
    page.get_by_label("Texte").fill("Visite prévue jeudi")
    page.wait_for_timeout(600)
    page.reload()
    expect(page.get_by_text("Brouillon restauré.")).to_be_visible()
    expect(page.get_by_label("Texte")).to_have_value("Visite prévue jeudi")
    submit(page, "Ajouter")
    expect(page.get_by_text("Visite prévue jeudi").first).to_be_visible()
    page.reload()
    expect(page.get_by_label("Texte")).to_have_value("")
    expect(page.get_by_text("Brouillon restauré.")).to_have_count(0)

    page.get_by_label("Texte").fill("Brouillon oublié")
    page.wait_for_timeout(600)
    page.get_by_role("button", name="Se déconnecter").click()
    log_in(page, org["paralegal"].email)
    page.goto(f"/cases/{case.id}")
    expect(page.get_by_label("Texte")).to_have_value("")


def test_a_gbv_narrative_is_kept_in_a_draft_only_on_a_personal_device(open_page, org):
    page = open_page()
    log_in(page, org["paralegal"].email)
    fill_gbv_intake(page)
    page.wait_for_timeout(600)
    page.reload()
    expect(page.locator("[name=full_name]")).to_have_value("Awa Traoré")
    expect(page.locator("[name=narrative]")).to_have_value("")
    stored = page.evaluate("JSON.stringify(window.localStorage)")
    assert "Awa Traoré" in stored and NARRATIVE not in stored

    page.get_by_label("Cet appareil est personnel", exact=False).check()
    page.locator("[name=narrative]").fill(NARRATIVE)
    page.wait_for_timeout(600)
    page.reload()
    expect(page.locator("[name=narrative]")).to_have_value(NARRATIVE)
