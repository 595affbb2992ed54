"""The activities on the dashboard, in the exports and the donor PDF, in French and English,
exact for coordinators and admins, small counts hidden for viewers; the rosters' retention."""

import csv
import io
from datetime import date

from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy import select

from legalaid.activities.models import Activity, Participant
from legalaid.activities.reporting import SECTION
from legalaid.extensions import db
from legalaid.maintenance.services import ANONYMISED, purge_expired
from legalaid.reports.services import Scope, indicators, report_figures
from tests.activities.conftest import PERIOD
from tests.builders import make_user
from tests.cases.test_intake import client_of
from tests.reports.test_donor_files import pdf_text

QUERY = "start=2026-01-01&end=2026-06-30"


def test_headline_sentences_in_french_and_english(app, dataset):
    figures = indicators(Scope(*PERIOD))
    with app.test_request_context(), force_locale("fr"):
        french = SECTION.headline_sentences(figures)
    with app.test_request_context(), force_locale("en"):
        english = SECTION.headline_sentences(figures)
    assert french == [
        "137 personnes touchées par les activités, dont 91 femmes et jeunes.",
        "4 personnes distinctes formées.",
        "1 mission de suivi menée, avec 2 recommandations.",
        "66,7\xa0% des activités ont touché des femmes et des jeunes.",
    ]
    assert english == [
        "137 people reached by the activities, including 91 women and young people.",
        "4 distinct people trained.",
        "1 monitoring mission held, with 2 recommendations.",
        "66.7% of the activities involved women and young people.",
    ]


def test_dashboard_and_exports_for_a_coordinator(app, dataset):
    client = client_of(app, dataset["coordinator"])
    page = client.get(f"/reports/?{QUERY}").text
    # The coordinator's own organisation: ONG A, 133 people in five activities.
    assert "133 personnes touchées par les activités, dont 87 femmes et jeunes." in page
    assert "Personnes touchées, par type d&#39;activité" in page
    rows = dict(
        csv.reader(
            io.StringIO(client.get(f"/reports/indicators.csv?{QUERY}").data.decode("utf-8-sig"))
        )
    )
    assert rows["activities.people_reached.total"] == "133"
    assert rows["activities.distinct_people_trained"] == "4"
    book = load_workbook(io.BytesIO(client.get(f"/reports/indicators.xlsx?{QUERY}").data))
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}
    assert summary["Activités menées"] == 5
    assert summary["Activités menées : Formation"] == 2
    assert summary["Personnes distinctes formées"] == 4
    assert summary["Recommandations : En attente"] == 1
    text = pdf_text(client.get(f"/reports/report.pdf?{QUERY}").data)
    assert "133 personnes touchées par les activités" in text


def test_viewers_see_the_counts_with_small_ones_hidden(app, dataset):
    viewer = client_of(app, make_user("viewer", organisation=dataset["orgs"][0]))
    page = viewer.get(f"/reports/?{QUERY}").text
    assert "137 personnes touchées par les activités, dont 91 femmes et jeunes." in page
    assert "&lt; 5 mission de suivi menée" in page or "&lt; 5 missions de suivi menées" in page
    assert "Aminata" not in page
    assert "66,7" not in page
    rows = dict(
        csv.reader(
            io.StringIO(viewer.get(f"/reports/indicators.csv?{QUERY}").data.decode("utf-8-sig"))
        )
    )
    assert rows["activities.missions"] == "< 5"
    assert rows["activities.share_involving_women_and_youth_pct"] == ""
    assert report_figures(Scope(*PERIOD), viewer)["activities"]["total"] == 6


def test_retention_clears_the_names_on_old_rosters_and_keeps_the_counts(dataset):
    before = indicators(Scope(*PERIOD))["activities"]
    purge_expired(today=date(2036, 5, 1), years=10)  # T1 (April 2026) is past, T2 (May) is not
    names = dict(
        db.session.execute(select(Participant.full_name, Activity.external_id).join(Activity)).all()
    )
    assert ANONYMISED in names and names[ANONYMISED] == "T1"
    assert "Aminata Keita" in names  # T2's
    assert (
        db.session.scalar(select(Participant.phone).where(Participant.full_name == ANONYMISED))
        is None
    )
    after = indicators(Scope(*PERIOD))["activities"]
    assert after["people_reached"] == before["people_reached"]
