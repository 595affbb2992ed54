"""A restricted person (anyone with a GBV case), tried as an attacker would, surface by surface.

Mariam Cissé has a GBV case (taken in by one paralegal, waiting for a lawyer) and, on the same
person record, a land case a lawyer works on and a detention case. Admins, colleagues and that
lawyer try to learn who the survivor is, or to tie her land case to her GBV case: through an
import, the intake's duplicate list, her code, the case-level file, the conflict check, the
region filter and the prison roll.
"""

import csv
import io
import re

import pytest
from sqlalchemy import select

from legalaid.audit.models import AuditEntry
from legalaid.cases import models
from legalaid.cases.models import Case, CaseEvent
from legalaid.cases.services import possible_conflicts
from legalaid.extensions import db
from legalaid.imports.services import import_cases
from legalaid.reference.models import Region
from tests.builders import assign, first_prison, make_case, make_user
from tests.cases.test_intake import beneficiary_form, client_of
from tests.imports.conftest import case_row, write_csv

PHONE, ADDRESS, COMMUNE = "+223 77 12 12 12", "Rue 12 porte 4", "Sokoura"
HER_SECRETS = ("Mariam", "Cissé", PHONE, ADDRESS, COMMUNE, "1988")


def region(name: str) -> Region:
    return db.session.scalar(select(Region).where(Region.name == name))


@pytest.fixture
def her(org):
    """Her GBV case, and her land and detention cases on the same person record."""
    gbv = make_case(
        "gbv",
        by=org["other_paralegal"],
        full_name="Mariam Cissé",
        birth_year=1988,
        phone=PHONE,
        address=ADDRESS,
        commune=COMMUNE,
        region_id=region("Mopti").id,
    )
    person = gbv.beneficiary_id
    land = make_case("litigation", by=org["coordinator"], beneficiary_id=person)
    detention = make_case("detention", by=org["coordinator"], beneficiary_id=person)
    assign(land, org["lawyer"])  # her lawyer on the land matter, not on the GBV case
    return {"gbv": gbv, "land": land, "detention": detention, "code": gbv.beneficiary.code}


@pytest.fixture
def stranger(org):
    """A paralegal of her organisation who works on none of her cases."""
    return make_user("paralegal", organisation=org["organisation"])


def assert_masked(text: str, where: str) -> None:
    for secret in HER_SECRETS:
        assert secret not in text, (where, secret)


def row_of(page: str, reference: str) -> str:
    """The case list's table row of `reference`."""
    [row] = [row for row in page.split("<tr>") if reference in row]
    return row


def waiting_reviews(case: Case) -> list:
    return list(
        db.session.scalars(
            select(models.MatchReview).where(
                models.MatchReview.case_id == case.id, models.MatchReview.outcome.is_(None)
            )
        )
    )


# Hole 1: an import, or an intake, links a new case to her record.


def test_an_admins_import_of_her_name_is_not_linked_to_her(app, org, her, tmp_path):
    admin = make_user("admin")
    path = write_csv(
        tmp_path / "kobo.csv", [case_row(full_name="Mariam Sissé", birth_year="", region="")]
    )
    report = import_cases(path, by=admin, organisation=org["organisation"])
    assert report.written and report.created == 1
    new = db.session.scalar(select(Case).where(Case.external_id == "KOBO-1"))
    assert new.beneficiary_id != her["gbv"].beneficiary_id
    page = client_of(app, admin).get(f"/cases/{new.id}").text
    assert_masked(page.replace("Mariam Sissé", ""), "the imported case's page")
    assert report.to_review == 1
    [review] = waiting_reviews(new)
    assert review.beneficiary_id == her["gbv"].beneficiary_id and review.reason == "duplicate"


def test_her_coordinator_importing_her_name_links_to_her(org, her, tmp_path):
    path = write_csv(tmp_path / "kobo.csv", [case_row(full_name="Mariam Sissé", birth_year="")])
    report = import_cases(path, by=org["coordinator"], organisation=None)
    new = db.session.scalar(select(Case).where(Case.external_id == "KOBO-1"))
    assert new.beneficiary_id == her["gbv"].beneficiary_id
    assert report.to_review == 0 and waiting_reviews(new) == []


def test_a_colleagues_intake_of_her_name_offers_nothing_and_links_nothing(app, org, her, stranger):
    client = client_of(app, stranger)
    form = beneficiary_form(full_name="Mariam Sisse", sex="F", matter_type="land", forum="court")
    del form["age"]
    response = client.post("/cases/new/litigation", data=form)
    assert response.status_code == 302  # no list to choose from: opened at once
    new = db.session.scalar(select(Case).order_by(Case.id.desc()))
    assert new.beneficiary_id != her["gbv"].beneficiary_id
    page = client.get(response.headers["Location"]).text
    assert "Une correspondance possible existe ; demandez à votre coordinateur." in page
    assert_masked(page.replace("Mariam Sisse", ""), "the new case's page")
    assert her["code"] not in page
    [review] = waiting_reviews(new)
    assert review.beneficiary_id == her["gbv"].beneficiary_id


def test_her_own_worker_is_offered_her_at_intake(app, org, her):
    client = client_of(app, org["other_paralegal"])  # took in her GBV case
    form = beneficiary_form(full_name="Mariam Sisse", sex="F", matter_type="land", forum="court")
    del form["age"]
    warned = client.post("/cases/new/litigation", data=form)
    assert warned.status_code == 200 and her["code"] in warned.text


# Seen through her other cases: she is the same person on each.


def test_her_named_cases_mask_her_to_an_admin(app, her):
    admin = client_of(app, make_user("admin"))
    for case in ("land", "detention", "gbv"):
        page = admin.get(f"/cases/{her[case].id}").text
        assert her[case].reference in page
        assert_masked(page, f"admin, {case} case page")
        assert her["code"] not in page


def test_her_land_lawyer_sees_her_on_his_case_only(app, org, her):
    lawyer = client_of(app, org["lawyer"])
    assert "Mariam Cissé" in lawyer.get(f"/cases/{her['land'].id}").text
    gbv_page = lawyer.get(f"/cases/{her['gbv'].id}")  # in his sight: waiting for a lawyer
    assert gbv_page.status_code == 200
    assert_masked(gbv_page.text, "GBV case page")
    assert her["code"] not in gbv_page.text


def test_the_prison_roll_masks_her_to_an_admin_not_to_her_prison(app, org, her):
    roll = f"/prisons/{first_prison().id}/roll"
    admin = client_of(app, make_user("admin"))
    for view in ("", "?format=print", "?format=csv"):
        response = admin.get(roll + view)
        assert her["detention"].reference in response.text, view
        assert "Mariam" not in response.text, view
    officer = client_of(app, make_user("prison_officer", prisons=[first_prison()]))
    assert "Mariam Cissé" in officer.get(roll).text


# Hole 2: her code ties a restricted row to a named one.


def test_confidential_rows_carry_no_code(app, org, her):
    admin = client_of(app, make_user("admin")).get("/cases/").text
    assert her["gbv"].reference in admin and her["land"].reference in admin
    assert her["code"] not in admin
    lawyer = client_of(app, org["lawyer"]).get("/cases/").text
    assert her["code"] in row_of(lawyer, her["land"].reference)  # his client, by name
    assert her["code"] not in row_of(lawyer, her["gbv"].reference)


@pytest.mark.parametrize("who", ["lawyer", "admin"])
def test_searching_her_code_finds_no_case_that_hides_her(app, org, her, who):
    user = org["lawyer"] if who == "lawyer" else make_user("admin")
    found = client_of(app, user).get("/cases/", query_string={"q": her["code"]}).text
    assert her["gbv"].reference not in found
    assert (her["land"].reference in found) == (who == "lawyer")


def test_the_case_level_file_carries_neither_her_code_nor_her_region(app, org, her):
    query = "start=2026-01-01&end=2026-12-31"
    admin = client_of(app, make_user("admin")).get(f"/reports/cases.csv?{query}")
    data = admin.data.decode("utf-8-sig")
    assert her["code"] not in data
    rows = {row["reference"]: row for row in csv.DictReader(io.StringIO(data))}
    for case in ("gbv", "land", "detention"):
        assert rows[her[case].reference]["beneficiary_code"] == ""
        assert rows[her[case].reference]["region"] == ""
    coordinator = client_of(app, org["coordinator"]).get(f"/reports/cases.csv?{query}")
    assert her["code"] in coordinator.data.decode("utf-8-sig")


# Hole 3: the conflict check names her, or cases out of the user's sight.


def test_the_conflict_check_names_no_one_a_colleague_may_not_see(app, org, her, stranger):
    client = client_of(app, stranger)
    form = beneficiary_form(
        full_name="Oumar Sidibé",
        matter_type="family",
        forum="court",
        adverse_parties="Mariam Cisse",
        beneficiary_choice="new",
    )
    warned = client.post("/cases/new/litigation", data=form)
    assert "intérêts possible : une partie adverse" in warned.text
    for case in ("gbv", "land", "detention"):
        assert her[case].reference not in warned.text
    assert "confidentiel" not in warned.text  # nothing says she is a restricted person
    assert "votre coordinateur doit lever" in warned.text
    opened = client.post("/cases/new/litigation", data={**form, "conflicts_acknowledged": "y"})
    assert opened.status_code == 302
    new = db.session.scalar(select(Case).order_by(Case.id.desc()))
    [review] = waiting_reviews(new)
    assert (review.reason, review.adverse_party) == ("conflict", "Mariam Cisse")
    detail = client_of(app, org["coordinator"]).get("/cases/reviews").text
    assert "Mariam Cissé" in detail and her["gbv"].reference in detail


def test_her_coordinator_sees_the_conflict_in_detail(org, her):
    [warning] = possible_conflicts(org["coordinator"], ["Mariam Cisse"])
    assert set(warning.case_references) == {her[c].reference for c in ("gbv", "land", "detention")}
    assert not warning.hidden


# Hole 4: the region filter tells where she lives.


@pytest.mark.parametrize("who", ["admin", "lawyer"])
def test_the_region_filter_does_not_place_her(app, org, her, who):
    user = make_user("admin") if who == "admin" else org["lawyer"]
    neighbour = make_case(
        "litigation", by=org["coordinator"], full_name="Awa Traoré", region_id=region("Mopti").id
    )
    client = client_of(app, user)
    for name in ("Mopti", "Kayes"):
        found = client.get("/cases/", query_string={"region_id": region(name).id}).text
        assert her["gbv"].reference not in found, name
        assert (neighbour.reference in found) == (name == "Mopti")
    mopti = client.get("/cases/", query_string={"region_id": region("Mopti").id}).text
    assert (her["land"].reference in mopti) == (who == "lawyer")  # his own client


# The coordinator's review: both sides, one click, audited, on the timeline.


def flagged_by_a_colleague(app, stranger) -> Case:
    form = beneficiary_form(full_name="Mariam Sisse", sex="F", matter_type="land", forum="court")
    del form["age"]
    client_of(app, stranger).post("/cases/new/litigation", data=form)
    return db.session.scalar(select(Case).order_by(Case.id.desc()))


def test_the_coordinator_links_the_case_with_one_click(app, org, her, stranger):
    new = flagged_by_a_colleague(app, stranger)
    [review] = waiting_reviews(new)
    coordinator = client_of(app, org["coordinator"])
    page = coordinator.get("/cases/reviews").text
    assert new.reference in page and her["code"] in page and PHONE in page
    link = f"/cases/reviews/{review.id}/linked"
    assert coordinator.post(link, data={"version": review.version}).status_code == 302
    db.session.expire_all()
    assert new.beneficiary_id == her["gbv"].beneficiary_id
    assert waiting_reviews(new) == []
    kinds = db.session.scalars(
        select(CaseEvent.text).where(CaseEvent.case_id == new.id, CaseEvent.kind == "review")
    )
    assert list(kinds) == ["flagged", "linked"]
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"match_review_flag", "match_review_linked"} <= actions
    again = coordinator.post(link, data={"version": review.version})
    assert again.status_code == 404  # decided already: nothing to decide


def test_a_dismissed_match_keeps_the_case_on_its_own_person(app, org, her, stranger):
    new = flagged_by_a_colleague(app, stranger)
    own_person = new.beneficiary_id
    [review] = waiting_reviews(new)
    coordinator = client_of(app, org["coordinator"])
    stale = coordinator.post(f"/cases/reviews/{review.id}/dismissed", data={"version": "7"})
    assert stale.status_code == 302
    db.session.expire_all()
    assert review.outcome is None  # a stale click decides nothing
    coordinator.post(f"/cases/reviews/{review.id}/dismissed", data={"version": review.version})
    db.session.expire_all()
    assert review.outcome == "dismissed" and new.beneficiary_id == own_person


def test_no_one_else_sees_or_decides_the_review(app, org, other_org, her, stranger):
    new = flagged_by_a_colleague(app, stranger)
    [review] = waiting_reviews(new)
    theirs = client_of(app, other_org["coordinator"])
    assert new.reference not in theirs.get("/cases/reviews").text
    link = f"/cases/reviews/{review.id}/linked"
    assert theirs.post(link, data={"version": review.version}).status_code == 404
    for user in (stranger, org["lawyer"], make_user("admin")):
        assert client_of(app, user).post(link, data={"version": review.version}).status_code == 403
    home = client_of(app, org["coordinator"]).get("/").text
    assert re.search(r"1 correspondance possible à examiner", home)
