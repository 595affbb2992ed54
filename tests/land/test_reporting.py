"""The land commissions' figures on every report surface (issue 15): the dashboard, the XLSX and
CSV files and the donor PDF, over the hand-counted disputes of conftest.py, exact for an
administrator and with small groups hidden for a viewer."""

import csv
import io

from openpyxl import load_workbook

from legalaid.reports.services import Scope, indicators, protect_small_groups
from tests.builders import make_user
from tests.cases.test_intake import client_of
from tests.land.conftest import END, START
from tests.reports.test_donor_files import cells, pdf_text

QUERY = f"start={START}&end={END}"
PARTIES = "Parties requérantes des litiges fonciers"
# Every land row of the summary sheet, as test_indicators.py counts them by hand.
SUMMARY = {
    "Litiges fonciers reçus": 11,
    "Litiges fonciers résolus à l'amiable": 5,
    "Litiges fonciers clos par une non-conciliation": 2,
    "Procès-verbaux de conciliation déposés auprès des tribunaux": 4,
    "Procès-verbaux de conciliation homologués par les tribunaux": 2,
    "Procès-verbaux de conciliation dont l'homologation a été refusée": 1,
    "Litiges résolus à l'amiable dont le procès-verbal a été homologué (%)": 40.0,
    PARTIES: 10,
    f"{PARTIES}: Femme": 6,
    f"{PARTIES}: Homme": 4,
    "Séances de conciliation tenues": 3,
    "Participants aux séances de conciliation": 40,
    "Femmes parmi les participants aux séances": 16,
    "Jeunes parmi les participants aux séances": 13,
}
HEADLINE = (
    "5 litiges fonciers résolus à l'amiable ; "
    "2 procès-verbaux de conciliation homologués par les tribunaux."
)


def summary_of(client) -> dict:
    """The summary sheet of the client's workbook, label → value."""
    book = load_workbook(io.BytesIO(client.get(f"/reports/indicators.xlsx?{QUERY}").data))
    return dict(cells(book["Indicateurs"])[1:])


def csv_of(client) -> dict[str, str]:
    """The client's indicators file, dotted key → value."""
    data = client.get(f"/reports/indicators.csv?{QUERY}").data.decode("utf-8-sig")
    return dict(csv.reader(io.StringIO(data)))


def test_the_dashboard_opens_with_the_land_headline_and_draws_the_pv_path(app, sessions):
    page = client_of(app, make_user("admin")).get(f"/reports/?{QUERY}").text
    assert HEADLINE.replace("'", "&#39;") in page
    chart = page.split('aria-label="Litiges fonciers, de la commission foncière au tribunal"')[2]
    table = chart.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert table == (
        '<tr><th scope="row">Litiges reçus</th><td>11</td></tr>'
        '<tr><th scope="row">Résolus à l&#39;amiable</th><td>5</td></tr>'
        '<tr><th scope="row">Procès-verbal déposé au tribunal</th><td>4</td></tr>'
        '<tr><th scope="row">Procès-verbal homologué par le tribunal</th><td>2</td></tr>'
    )
    # The tables of the charts of people by sex, then by age group.
    assert f'<th scope="row">{PARTIES}</th><td>6</td><td>4</td></tr>' in page
    assert f'<th scope="row">{PARTIES}</th><td>1</td><td>4</td><td>4</td><td>1</td></tr>' in page


def test_the_workbook_carries_every_land_figure(app, sessions):
    admin = client_of(app, make_user("admin"))
    summary = summary_of(admin)
    assert {label: summary[label] for label in SUMMARY} == SUMMARY
    book = load_workbook(io.BytesIO(admin.get(f"/reports/indicators.xlsx?{QUERY}").data))
    crossed = cells(book["Sexe et tranche d’âge"])
    start = [row[0] for row in crossed].index(PARTIES)
    assert crossed[start + 1 : start + 4] == [
        ["Femme", 1, 1, 3, 1, 6],
        ["Homme", 0, 3, 1, 0, 4],
        ["Total", 1, 4, 4, 1, 10],
    ]
    regions = cells(book["Régions"])
    assert regions[0][-1] == PARTIES
    assert {row[0]: row[-1] for row in regions[1:]} == {
        "Mopti": 5,
        "Ségou": 3,
        "Région inconnue": 2,
    }


def test_the_csv_carries_the_land_block(app, sessions):
    rows = csv_of(client_of(app, make_user("admin")))
    land = {key: value for key, value in rows.items() if key.startswith("land_conciliation.")}
    assert {key: land[key] for key in land if "requesting_parties" not in key} == {
        "land_conciliation.disputes_received": "11",
        "land_conciliation.disputes_resolved": "5",
        "land_conciliation.non_conciliation": "2",
        "land_conciliation.pv_filed": "4",
        "land_conciliation.pv_recognised": "2",
        "land_conciliation.pv_refused": "1",
        "land_conciliation.recognition_pct": "40.0",
        "land_conciliation.session_attendance.sessions": "3",
        "land_conciliation.session_attendance.total": "40",
        "land_conciliation.session_attendance.women": "16",
        "land_conciliation.session_attendance.youth": "13",
    }
    assert land["land_conciliation.requesting_parties.total"] == "10"
    assert land["land_conciliation.requesting_parties.by_region.Ségou"] == "3"


def test_the_donor_pdf_has_the_land_sentence_and_its_people(app, sessions):
    data = client_of(app, make_user("admin")).get(f"/reports/report.pdf?{QUERY}").data
    text = pdf_text(data)
    assert HEADLINE in text
    assert f"{PARTIES} Femme 1 1 3 1 6 Homme 0 3 1 0 4 Total 1 4 4 1 10" in text


def test_a_viewer_sees_small_land_counts_hidden_and_no_recognition_rate(app, sessions):
    viewer = client_of(app, make_user("viewer"))
    page = viewer.get(f"/reports/?{QUERY}").text
    assert (
        "5 litiges fonciers résolus à l&#39;amiable ; "
        "&lt; 5 procès-verbaux de conciliation homologués par les tribunaux."
    ) in page
    summary = summary_of(viewer)
    assert {label: summary[label] for label in SUMMARY} == {
        **SUMMARY,
        "Litiges fonciers clos par une non-conciliation": "< 5",
        "Procès-verbaux de conciliation déposés auprès des tribunaux": "< 5",
        "Procès-verbaux de conciliation homologués par les tribunaux": "< 5",
        "Procès-verbaux de conciliation dont l'homologation a été refusée": "< 5",
        "Litiges résolus à l'amiable dont le procès-verbal a été homologué (%)": "—",
        f"{PARTIES}: Homme": "< 5",
        "Séances de conciliation tenues": "< 5",
    }
    rows = csv_of(viewer)
    assert rows["land_conciliation.pv_recognised"] == "< 5"
    assert rows["land_conciliation.recognition_pct"] == ""
    assert rows["land_conciliation.disputes_resolved"] == "5"


def test_the_recognition_rate_goes_with_a_small_number_of_resolved_disputes(app, sessions):
    exact = indicators(Scope(START, END))
    exact["land_conciliation"].update(pv_recognised=5, disputes_resolved=4)
    assert protect_small_groups(exact)["land_conciliation"]["recognition_pct"] is None
    exact["land_conciliation"].update(pv_recognised=5, disputes_resolved=12)
    assert protect_small_groups(exact)["land_conciliation"]["recognition_pct"] == 40.0
