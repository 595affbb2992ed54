"""A lawyer cancels a hearing: it leaves My hearings, and the calendar feed marks it cancelled."""

from datetime import timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from legalaid.extensions import db
from legalaid.formutils import local_today
from tests.browser.pages import choose, log_in, open_case, submit
from tests.builders import assign, make_case

pytestmark = pytest.mark.browser


def my_hearings_around(page: Page, day) -> None:
    """My hearings, the week of `day`."""
    page.goto(f"/hearings?period=week&start={day.isoformat()}")
    expect(page.get_by_role("heading", name="Mes audiences")).to_be_visible()


def feed_statuses(page: Page, address: str) -> dict[str, str]:
    """The feed fetched at its private address, as a phone does: {summary: status}."""
    response = page.request.get(address)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(response.body()).walk("VEVENT")
    return {str(event["summary"]): str(event["status"]) for event in events}


def test_lawyer_cancels_a_hearing_with_a_reason(open_page, org):
    case = make_case("detention", by=org["paralegal"])
    assign(case, org["lawyer"])
    case.status = "in_progress"
    db.session.commit()
    day = local_today() + timedelta(days=6)
    summary = f"Audience {case.reference}"

    page = open_page()
    log_in(page, org["lawyer"].email)
    open_case(page, case.reference)
    page.get_by_role("link", name="Programmer une audience").click()
    page.get_by_label("Date", exact=True).fill(day.strftime("%d/%m/%Y"))
    page.get_by_label("Objet").fill("Interrogatoire au fond")
    submit(page, "Enregistrer")
    expect(page.get_by_text("Audience programmée.")).to_be_visible()

    my_hearings_around(page, day)
    expect(page.get_by_role("link", name=case.reference)).to_be_visible()
    submit(page, "Créer mon adresse d'agenda privée")
    address = page.locator(".font-monospace").inner_text().strip()
    assert feed_statuses(page, address) == {summary: "CONFIRMED"}

    open_case(page, case.reference)
    page.get_by_role("link", name="Annuler l'audience").click()
    expect(page.get_by_role("heading", name="Annuler cette audience ?")).to_be_visible()
    expect(page.get_by_text("Interrogatoire au fond")).to_be_visible()
    submit(page, "Confirmer l'annulation")
    expect(page.get_by_text("Indiquez le motif de l'annulation.", exact=True)).to_be_visible()
    page.get_by_label("Motif de l'annulation").fill("Le juge d'instruction est muté")
    submit(page, "Confirmer l'annulation")
    expect(page.get_by_text("Audience annulée.", exact=True)).to_be_visible()
    hearings = page.locator("#hearings + ul")
    expect(hearings.get_by_text("Le juge d'instruction est muté")).to_be_visible()
    expect(hearings.get_by_role("link", name="Annuler l'audience")).to_have_count(0)

    my_hearings_around(page, day)
    expect(page.get_by_role("link", name=case.reference)).to_have_count(0)
    expect(page.get_by_text("Aucune audience sur cette période.")).to_be_visible()
    assert feed_statuses(page, address) == {summary: "CANCELLED"}


def test_a_hearing_before_a_land_commission_offers_no_court(open_page, org):
    case = make_case("litigation", by=org["paralegal"])
    page = open_page(360, 740)
    log_in(page, org["paralegal"].email)
    open_case(page, case.reference)
    page.get_by_role("link", name="Programmer une audience").click()
    expect(page.get_by_label("Juridiction", exact=True)).to_be_visible()
    choose(page, "Devant", "Commission foncière (CoFo)")
    expect(page.get_by_label("Juridiction", exact=True)).to_be_hidden()
    page.get_by_label("Date", exact=True).fill(
        (local_today() + timedelta(days=4)).strftime("%d/%m/%Y")
    )
    page.get_by_label("Lieu").fill("CoFo de Kati")
    submit(page, "Enregistrer")
    expect(page.locator("#hearings + ul")).to_contain_text(
        "Commission foncière (CoFo) · CoFo de Kati"
    )
