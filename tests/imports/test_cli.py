"""`flask import-cases`: report in French by default, exit codes, dry run, --skip-invalid."""

import re

import pytest
from sqlalchemy import select

from legalaid.cases.models import Case
from legalaid.extensions import db
from tests.builders import make_user
from tests.imports.conftest import HEADER, case_row, count


@pytest.fixture
def cli(app):
    """Run a `flask` command of the app; returns click's result."""
    runner = app.test_cli_runner()

    def invoke(*args):
        db.session.commit()
        result = runner.invoke(args=[str(arg) for arg in args])
        db.session.rollback()
        return result

    return invoke


def counts(output: str) -> list[str]:
    """Created, updated, skipped, with errors: the numbers of the last line, in any language."""
    return re.findall(r"\d+", output.strip().splitlines()[-1])


@pytest.fixture
def admin():
    return make_user("admin", email="admin@example.org")


ORG = "Association des juristes maliennes"


def test_the_dry_run_reports_in_french_and_writes_nothing(cli, admin, org, csv_file):
    path = csv_file([case_row(number=1), case_row(number=2, opened_on="2099-01-01")])
    result = cli("import-cases", path, "--org", ORG, "--dry-run")
    assert result.exit_code == 1
    assert "opened_on" in result.output and "Cette date est dans le futur." in result.output
    assert count(Case) == 0


def test_an_import_prints_its_counts_and_a_second_one_skips_everything(cli, admin, org, csv_file):
    path = csv_file([case_row("detention", 1), case_row("gbv", 2), case_row("litigation", 3)])
    first = cli("import-cases", path, "--org", ORG.upper())
    assert first.exit_code == 0, first.output
    assert counts(first.output) == ["3", "0", "0", "0"] and count(Case) == 3
    second = cli("import-cases", path, "--org", ORG)
    assert second.exit_code == 0
    assert counts(second.output) == ["0", "0", "3", "0"] and count(Case) == 3
    assert {case.created_by_id for case in db.session.scalars(select(Case))} == {admin.id}


def test_invalid_rows_stop_the_import_unless_skipped(cli, admin, org, csv_file):
    path = csv_file([case_row(number=1), case_row(number=2, sex="X")])
    refused = cli("import-cases", path, "--org", ORG)
    assert refused.exit_code == 1 and count(Case) == 0
    assert "--skip-invalid" in refused.output
    skipped = cli("import-cases", path, "--org", ORG, "--skip-invalid")
    assert skipped.exit_code == 0 and count(Case) == 1


def test_the_importer_may_be_a_coordinator_of_the_organisation(cli, org, other_org, csv_file):
    path = csv_file([case_row()])
    other = cli("import-cases", path, "--org", "Barreau du Mali", "--by", org["coordinator"].email)
    assert other.exit_code == 1 and count(Case) == 0
    own = cli("import-cases", path, "--by", org["coordinator"].email)
    assert own.exit_code == 0, own.output
    assert db.session.scalar(select(Case.organisation_id)) == org["organisation"].id


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        (["--org", "Nulle Part"], "Nulle Part"),
        (["--by", "nobody@example.org"], "nobody@example.org"),
    ],
)
def test_unknown_names_are_refused(cli, admin, org, csv_file, options, fragment):
    result = cli("import-cases", csv_file([case_row()]), *options)
    assert result.exit_code == 1 and fragment in result.output


def test_a_bad_file_is_refused_with_its_reason(cli, admin, org, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = cli("import-cases", path, "--org", ORG)
    assert result.exit_code == 1 and "20" in result.output and count(Case) == 0


def test_the_unknown_columns_are_listed_up_to_thirty(cli, admin, org, csv_file):
    path = csv_file([case_row()], header=HEADER + [f"_kobo_{n}" for n in range(100)])
    result = cli("import-cases", path, "--org", ORG, "--dry-run")
    assert "_kobo_29\n… et 70 autres colonnes." in result.output
    assert "_kobo_30" not in result.output


def test_the_help_names_the_registered_kinds(cli):
    result = cli("import-cases", "--help")
    assert result.exit_code == 0
    assert "Kinds of case: detention, gbv, litigation, land_conciliation." in result.output
