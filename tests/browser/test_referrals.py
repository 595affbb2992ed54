"""A paralegal NGO refers a case to the bar association, whose coordinator accepts it and puts
a lawyer on it; the lawyer records the outcome, and the NGO reads it (system Chromium)."""

import pytest
from playwright.sync_api import Page, expect

from legalaid.accounts.models import OrganisationKind
from tests.browser.pages import choose, log_in, submit
from tests.builders import make_case, make_organisation, make_user

pytestmark = pytest.mark.browser


def _open_referral(page: Page, list_path: str, reference: str) -> None:
    """From a list of referrals, the referral of this case."""
    page.goto(list_path)
    page.locator("tr", has_text=reference).get_by_role("link").click()
    expect(page.get_by_role("heading", name="Orientation", exact=False)).to_be_visible()


def test_an_ngo_refers_a_case_to_the_bar_and_reads_the_outcome(open_page, reference):
    ngo = make_organisation("ONG Deme So")
    bar = make_organisation("Barreau du Mali", OrganisationKind.BAR_ASSOCIATION)
    paralegal = make_user("paralegal", organisation=ngo)
    coordinator = make_user("coordinator", organisation=bar)
    lawyer = make_user("lawyer", organisation=bar, full_name="Maître Fanta Keïta")
    case = make_case("litigation", by=paralegal, full_name="Moussa Diarra")

    sender = open_page()
    log_in(sender, paralegal.email)
    sender.goto(f"/cases/{case.id}")
    sender.get_by_role("link", name="Orienter ou transférer").click()
    choose(sender, "Destinataire", "Barreau du Mali")
    choose(sender, "Service demandé", "Aide juridique et judiciaire")
    sender.get_by_label("Motif").fill("Audience au tribunal de Mopti : il faut un avocat")
    sender.get_by_label("La personne consent", exact=False).check()
    sender.get_by_label("Consentement donné le").fill("20/11/2026")
    submit(sender, "Envoyer")
    expect(sender.locator("#referral-state")).to_have_text("Envoyée, en attente")

    receiver = open_page()
    log_in(receiver, coordinator.email)
    _open_referral(receiver, "/referrals/to-us", case.reference)
    expect(receiver.locator("#referral-person")).to_have_text("Moussa Diarra")
    submit(receiver, "Accepter")
    expect(receiver.locator("#referral-state")).to_have_text("Acceptée")
    choose(receiver, "Qui rend le service", lawyer.full_name)
    submit(receiver, "Désigner sur l'orientation")
    expect(receiver.get_by_text("L'intervenant a été désigné")).to_be_visible()

    provider = open_page(360, 740)
    log_in(provider, lawyer.email)
    _open_referral(provider, "/referrals/to-us", case.reference)
    provider.get_by_label("Issue").fill("Mise en liberté provisoire obtenue")
    submit(provider, "Service rendu")
    expect(provider.locator("#referral-state")).to_have_text("Service rendu")

    sender.reload()
    expect(sender.locator("#referral-state")).to_have_text("Service rendu")
    expect(sender.locator("#referral-outcome")).to_have_text("Mise en liberté provisoire obtenue")
    expect(sender.locator("#referral-provider")).to_have_text(lawyer.full_name)
