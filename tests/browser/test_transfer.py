"""A prison officer records a transfer in the system Chromium and lands on a page they may read."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from legalaid.extensions import db
from legalaid.formutils import local_today
from legalaid.reference.models import Prison
from tests.browser.pages import choose, log_in, submit
from tests.builders import assign, first_prison, make_case, make_user

pytestmark = pytest.mark.browser


def _detainee(org):
    return make_case(
        "detention",
        by=org["paralegal"],
        full_name="Boubacar Sidibé",
        details={"committal_on": local_today() - timedelta(days=40)},
    )


def _other_prison() -> Prison:
    return db.session.scalars(select(Prison).where(Prison.id != first_prison().id)).first()


def _record_transfer(page: Page, reference: str, to: Prison) -> None:
    """From the roll of the officer's prison, the register's transfer form."""
    page.goto("/prisons/")
    page.get_by_role("link", name="Registre").first.click()
    page.locator("tr", has_text=reference).get_by_role("link", name="Transfert").click()
    choose(page, "Vers la prison", to.name)
    page.get_by_label("Date du transfert").fill(local_today().strftime("%d/%m/%Y"))
    submit(page, "Enregistrer")


def test_officer_transfers_a_detainee_and_is_told_the_lawyer_knows(open_page, org):
    case = _detainee(org)
    assign(case, org["lawyer"])
    officer = make_user("prison_officer", prisons=[first_prison()])
    page = open_page(360, 740)
    log_in(page, officer.email)
    _record_transfer(page, case.reference, _other_prison())
    expect(page.get_by_role("heading", name=first_prison().name)).to_be_visible()
    expect(page.get_by_text(f"{org['lawyer'].full_name}, l'avocat, est informé.")).to_be_visible()
    expect(page.locator("tr", has_text=case.reference)).to_have_count(0)
    expect(page.get_by_text("Page introuvable")).to_have_count(0)


def test_transfer_of_a_detainee_without_a_lawyer_names_the_coordinator(open_page, org):
    case = _detainee(org)
    officer = make_user("prison_officer", prisons=[first_prison()])
    page = open_page()
    log_in(page, officer.email)
    _record_transfer(page, case.reference, _other_prison())
    expect(page.get_by_role("heading", name=first_prison().name)).to_be_visible()
    expect(
        page.get_by_text(
            f"aucun avocat n'est désigné : {org['coordinator'].full_name}, le coordinateur, "
            "est informé.",
            exact=False,
        )
    ).to_be_visible()
    expect(page.get_by_text("l'avocat, est informé", exact=False)).to_have_count(0)
