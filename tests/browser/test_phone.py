"""A phone on a weak line: lists as cards at 360 px, a navigation bar that fits at 1280 px, and a
repeat visit that downloads almost nothing."""

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from legalaid.extensions import db
from legalaid.formutils import local_today
from legalaid.workflow.models import Hearing
from tests.browser.pages import log_in
from tests.builders import assign, first_prison, make_case, make_user

pytestmark = pytest.mark.browser

PHONE = (360, 740)
DESKTOP = (1280, 800)
FIRST_VISIT_LIMIT = 150 * 1024
REPEAT_VISIT_LIMIT = 10 * 1024
ONE_LINE = 64  # px: a navigation bar whose links wrap is taller

# Bytes over the wire for the document and everything it loaded (0 for what came from the cache).
TRANSFERRED = """() => performance.getEntriesByType('navigation')
    .concat(performance.getEntriesByType('resource'))
    .reduce((total, entry) => total + entry.transferSize, 0)"""


def scroll_width(page: Page) -> int:
    """How wide the page is: wider than the viewport means sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth")


def assert_cards(page: Page, reference: str) -> None:
    """The row of `reference` is shown as a card: a box of its own, its header row hidden."""
    row = page.locator("table.card-table tbody tr", has_text=reference)
    expect(row).to_be_visible()
    assert row.evaluate("row => getComputedStyle(row).display") == "flex"
    header = page.locator("table.card-table thead").last
    assert header.evaluate("head => head.getBoundingClientRect().height") <= 1
    link = row.get_by_role("link", name=reference)
    box, card = link.bounding_box(), row.bounding_box()
    assert box["x"] >= card["x"] and box["x"] + box["width"] <= card["x"] + card["width"]


def detention_case_with_hearing(org) -> tuple:
    """A detainee of `org` defended by its lawyer, with a hearing today."""
    case = make_case(
        "detention",
        by=org["paralegal"],
        full_name="Mariam Dembélé Konaté Traoré",
        details={"committal_on": local_today() - timedelta(days=200)},
    )
    assign(case, org["lawyer"])
    day = local_today()
    db.session.add(
        Hearing(
            case_id=case.id,
            scheduled_at=datetime(day.year, day.month, day.day, 9),
            created_by_id=org["lawyer"].id,
        )
    )
    db.session.commit()
    return case


def test_lists_are_cards_without_sideways_scrolling_on_a_phone(open_page, org):
    case = detention_case_with_hearing(org)
    unassigned = make_case("detention", by=org["paralegal"], full_name="Boubacar Sangaré")
    officer = make_user("prison_officer", prisons=[first_prison()])
    visits = [
        (org["coordinator"], "/cases/", case.reference),
        (org["coordinator"], "/detention/alerts", unassigned.reference),
        (org["lawyer"], "/hearings", case.reference),
        (officer, f"/prisons/{first_prison().id}/roll", case.reference),
    ]
    for person, path, reference in visits:
        page = open_page(*PHONE)
        log_in(page, person.email)
        page.goto(path)
        assert_cards(page, reference)
        assert scroll_width(page) <= PHONE[0], (path, scroll_width(page))


def test_wide_screens_keep_the_table(open_page, org):
    case = make_case("litigation", by=org["paralegal"])
    page = open_page(*DESKTOP)
    log_in(page, org["coordinator"].email)
    page.goto("/cases/")
    expect(page.get_by_role("columnheader", name="Référence")).to_be_visible()
    row = page.locator("table.card-table tbody tr", has_text=case.reference)
    assert row.evaluate("row => getComputedStyle(row).display") == "table-row"


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_the_navigation_bar_fits_and_sign_out_works(open_page, org, role):
    person = org["coordinator"] if role == "coordinator" else make_user("admin")
    person.full_name = "Aminata Oumou Diallo-Coulibaly Sissoko"
    db.session.commit()
    for width, height in (DESKTOP, PHONE):
        page = open_page(width, height)
        log_in(page, person.email)
        assert scroll_width(page) <= width, (role, width, scroll_width(page))
        navigation = page.get_by_role("navigation", name="Navigation principale")
        assert navigation.bounding_box()["height"] < ONE_LINE, (role, width)
        if width == PHONE[0]:
            page.get_by_role("button", name="Menu").click()
        sign_out = page.get_by_role("button", name="Se déconnecter")
        expect(sign_out).to_be_visible()
        box = sign_out.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (role, width, box)
        sign_out.click()
        # Signing out writes the session and the audit trail: slow on a loaded CI machine.
        expect(page.get_by_role("button", name="Se connecter")).to_be_visible(timeout=15_000)


def test_admin_pages_are_one_menu_away(open_page):
    admin = make_user("admin")
    page = open_page(*DESKTOP)
    log_in(page, admin.email)
    page.get_by_role("button", name="Administration").click()
    page.get_by_role("link", name="Journal d'audit").click()
    expect(page).to_have_url(page.url.split("/admin/")[0] + "/admin/audit")


def test_a_case_page_is_light_on_first_visit_and_almost_free_on_the_next(
    open_page, live_server, org, record_property
):
    case = detention_case_with_hearing(org)
    page = open_page(*PHONE)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    log_in(page, org["lawyer"].email)
    # What signing in keeps for offline work is fetched first, so the first visit is a cold one.
    expect(page.locator("body[data-offline-ready]")).to_have_count(1, timeout=15000)
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")
    weights = []
    for _visit in ("first", "repeat"):
        page.goto(f"/cases/{case.id}")
        page.wait_for_load_state("networkidle")
        weights.append(page.evaluate(TRANSFERRED))
    first, repeat = weights
    record_property("case_page_first_visit_bytes", first)
    record_property("case_page_repeat_visit_bytes", repeat)
    print(f"case page: first visit {first} bytes, repeat visit {repeat} bytes")
    assert first < FIRST_VISIT_LIMIT, first
    assert repeat < REPEAT_VISIT_LIMIT, repeat
    assert {url.split("/")[2] for url in requested} == {live_server.split("/")[2]}
