"""The dashboard, the CLI and every export agree with the indicators."""

import csv
import io
import json

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from legalaid.audit.models import AuditEntry
from legalaid.extensions import db
from legalaid.reports.services import Scope, indicators
from tests.builders import make_user
from tests.cases.test_intake import client_of
from tests.reports.test_indicators import PERIOD

QUERY = "start=2026-01-01&end=2026-06-30"


def test_cli_json_is_the_service_result(app, dataset):
    result = app.test_cli_runner().invoke(
        args=["indicators", "--from", "2026-01-01", "--to", "2026-06-30", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed == json.loads(json.dumps(indicators(Scope(*PERIOD))))
    assert printed["detainees"]["identified"] == 4


def test_cli_filters_and_csv(app, dataset):
    runner = app.test_cli_runner()
    by_org = runner.invoke(
        args=["indicators", "--from", "2026-01-01", "--to", "2026-06-30", "--org", "org a"]
    )
    assert json.loads(by_org.output)["detainees"]["identified"] == 3
    by_region = runner.invoke(
        args=["indicators", "--from", "2026-01-01", "--to", "2026-06-30", "--region", "Mopti"]
    )
    assert json.loads(by_region.output)["detainees"]["identified"] == 2
    unknown = runner.invoke(
        args=["indicators", "--from", "2026-01-01", "--to", "2026-06-30", "--org", "Nowhere"]
    )
    assert unknown.exit_code != 0 and "Nowhere" in unknown.output
    as_csv = runner.invoke(
        args=["indicators", "--from", "2026-01-01", "--to", "2026-06-30", "--format", "csv"]
    )
    rows = dict(csv.reader(io.StringIO(as_csv.output)))
    assert rows["detainees.identified"] == "4" and rows["detainees.assisted_pct"] == "75.0"


def test_dashboard_sentences_and_charts(app, dataset):
    admin = client_of(app, make_user("admin"))
    page = admin.get(f"/reports/?{QUERY}").text
    assert "3 détenus identifiés sur 4 ont reçu une assistance juridique (75\xa0%)." in page
    assert "2 justiciables, dont 2 femmes, ont reçu l&#39;appui de parajuristes formés." in page
    assert "1 dossier a été écarté faute de consentement." in page
    assert page.count("<svg") >= 5 and page.count("<table") >= 5
    assert "https://" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )


def test_coordinators_see_their_organisation_only(app, dataset):
    coordinator = client_of(app, dataset["people"]["a_coordinator"])
    page = coordinator.get(f"/reports/?{QUERY}&organisation_id={dataset['b'].id}").text
    assert "2 détenus identifiés sur 3" in page  # organisation A, whatever was asked


def test_viewers_get_small_groups_hidden(app, dataset):
    viewer = client_of(app, make_user("viewer"))
    page = viewer.get(f"/reports/?{QUERY}").text
    assert "&lt; 5 détenus identifiés sur &lt; 5" in page
    exported = viewer.get(f"/reports/indicators.csv?{QUERY}").data.decode("utf-8-sig")
    rows = dict(csv.reader(io.StringIO(exported)))
    assert rows["detainees.identified"] == "< 5" and rows["detainees.assisted_pct"] == ""
    assert viewer.get(f"/reports/cases.csv?{QUERY}").status_code == 403


def test_exports_agree_with_the_indicators(app, dataset):
    admin = client_of(app, make_user("admin"))
    expected = indicators(Scope(*PERIOD))
    as_csv = dict(
        csv.reader(
            io.StringIO(admin.get(f"/reports/indicators.csv?{QUERY}").data.decode("utf-8-sig"))
        )
    )
    assert as_csv["detainees.identified"] == str(expected["detainees"]["identified"])
    assert as_csv["cases_opened.gbv"] == "3"
    book = load_workbook(io.BytesIO(admin.get(f"/reports/indicators.xlsx?{QUERY}").data))
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert summary["Détenus assistés"] == expected["detainees"]["assisted"]
    assert summary["Détenus identifiés ayant été assistés (%)"] == 75.0
    assert book.worksheets[0]["A1"].font.bold
    total_by_age = book["Sexe et tranche d’âge"][4]  # detainees identified: minors… unknown
    by_age = expected["detainees"]["identified_by"]["by_age_group"]
    assert [cell.value for cell in total_by_age[1:5]] == list(by_age.values())
    pdf = PdfReader(io.BytesIO(admin.get(f"/reports/report.pdf?{QUERY}").data))
    assert len(pdf.pages) <= 2
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "3 détenus identifiés sur 4" in text
    actions = set(
        db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("export%")))
    )
    assert actions == {"export_csv_indicators", "export_xlsx_indicators", "export_pdf_report"}


def test_pdf_in_english(app, dataset):
    admin = make_user("admin")
    admin.preferred_language = "en"
    db.session.commit()
    text = (
        PdfReader(io.BytesIO(client_of(app, admin).get(f"/reports/report.pdf?{QUERY}").data))
        .pages[0]
        .extract_text()
    )
    assert "3 identified detainees out of 4 received legal assistance" in text


def test_case_level_export_carries_no_identity(app, dataset):
    coordinator = client_of(app, dataset["people"]["a_coordinator"])
    data = coordinator.get(f"/reports/cases.csv?{QUERY}").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))
    assert {row["organisation"] for row in rows} == {"Org A"}
    assert all(row["beneficiary_code"].startswith("B-") for row in rows)
    for secret in ("Bakary", "Kadia", "Rokia", "Sans Consentement", "phone", "address"):
        assert secret not in data
    assert len([row for row in rows if row["kind"] == "gbv"]) == 3  # G2 left out: no consent


def test_lawyers_and_paralegals_have_no_reports(app, dataset):
    for user in (dataset["people"]["a_lawyer"], dataset["people"]["a_paralegal"]):
        assert client_of(app, user).get("/reports/").status_code == 403
