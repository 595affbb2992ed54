"""Home pages name each case: reference, person, kind and status, in a fixed number of queries."""

from datetime import time, timedelta

from legalaid.cases.models import Forum
from legalaid.formutils import at_time, local_today
from legalaid.workflow.models import HearingPlace
from legalaid.workflow.services import assign, schedule_hearing
from tests.builders import make_case, make_user
from tests.cases.test_list import queries_for
from tests.conftest import sign_in

CUSTOMARY = HearingPlace(Forum.CUSTOMARY, None, "Chefferie de Sévaré")


def test_the_coordinator_reads_who_each_waiting_case_is_for(app, reference, organisation):
    coordinator = make_user("coordinator", organisation=organisation)
    case = make_case("gbv", by=coordinator, full_name="Mariam Coulibaly")
    client = app.test_client()
    sign_in(client, coordinator)
    page = client.get("/").text
    assert case.reference in page and "Mariam Coulibaly" in page
    assert "Violences basées sur le genre · Enregistré" in page


def test_the_lawyer_reads_the_cases_and_hearings_of_the_week(app, reference, organisation):
    coordinator = make_user("coordinator", organisation=organisation)
    lawyer = make_user("lawyer", organisation=organisation)
    case = make_case("litigation", by=coordinator, full_name="Oumar Sangaré")
    assign(case, lawyer, by=coordinator, expected_version=case.version)
    schedule_hearing(
        case,
        lawyer,
        scheduled_at=at_time(local_today() + timedelta(days=2), time(9, 0)),
        where=CUSTOMARY,
        purpose="",
    )
    client = app.test_client()
    sign_in(client, lawyer)
    page = client.get("/").text
    assert page.count("Oumar Sangaré") == 2  # the open case and its hearing
    assert page.count("Litige · Attribué") == 2


def test_home_queries_do_not_grow_with_the_cases(app, reference, organisation):
    coordinator = make_user("coordinator", organisation=organisation)
    client = app.test_client()
    sign_in(client, coordinator)
    make_case("litigation", by=coordinator, full_name="Awa Traoré")
    few = queries_for(client, "/")
    for index in range(5):
        make_case("detention", by=coordinator, full_name=f"Seydou Keïta {index}")
    assert queries_for(client, "/") == few
