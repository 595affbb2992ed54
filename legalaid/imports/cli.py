"""`flask import-cases`: bulk import of a CSV or XLSX file, with a dry run and a progress bar."""

from pathlib import Path

import click
from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import select

from legalaid.accounts.models import User
from legalaid.accounts.services import find_organisation, normalise_email
from legalaid.casekinds import kind_codes
from legalaid.extensions import db
from legalaid.imports.services import (
    ImportNotAllowed,
    ImportReport,
    check_cases,
    import_cases,
)


@click.command("import-cases")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", "org_name", help="Organisation of every row (else the organisation column).")
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows, leave out the others.")
@click.option("--by", "by_email", help="An admin or coordinator's email (default: ADMIN_EMAIL).")
def import_cases_command(
    path: Path, org_name: str | None, dry_run: bool, skip_invalid: bool, by_email: str | None
) -> None:
    """Import cases from a CSV or XLSX file (one row per case; see the README)."""
    email = normalise_email(by_email or current_app.config["ADMIN_EMAIL"])
    by = db.session.scalar(select(User).where(User.email == email, User.active.is_(True)))
    if by is None:
        raise click.ClickException(_("No active account has the email %(email)s.", email=email))
    organisation = None
    if org_name:
        organisation = find_organisation(org_name)
        if organisation is None:
            raise click.ClickException(_("Unknown organisation: %(name)s", name=org_name))
    try:
        if dry_run:
            report = check_cases(path, by=by, organisation=organisation)
        else:
            report = import_cases(
                path,
                by=by,
                organisation=organisation,
                skip_invalid=skip_invalid,
                progress=lambda total: click.progressbar(length=total, label=_("Importing")),
            )
    except ImportNotAllowed as error:
        raise click.ClickException(str(error)) from None
    _print(report)
    if report.problem:
        raise click.ClickException(report.problem)
    if report.invalid_rows and not report.written:
        if not dry_run:
            raise click.ClickException(
                _("Nothing was imported: correct these rows, or leave them out (--skip-invalid).")
            )
        raise click.exceptions.Exit(1)


def _print(report: ImportReport) -> None:
    """The report on the terminal: the first ignored columns and row errors, the counts."""
    if report.unknown_columns:
        click.echo(
            _("Unknown columns, ignored: %(columns)s", columns=", ".join(report.unknown_columns))
        )
    if report.unknown_count > len(report.unknown_columns):
        more = report.unknown_count - len(report.unknown_columns)
        click.echo(_("… and %(count)s more columns.", count=more))
    for error in report.errors:
        click.echo(error.said())
    if report.error_count > len(report.errors):
        click.echo(_("… and %(count)s more errors.", count=report.error_count - len(report.errors)))
    if report.problem:
        return
    counts = {
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "skipped": report.unchanged,
        "invalid": report.invalid_rows,
    }
    if report.written:
        click.echo(
            _(
                "Created: %(created)s · updated: %(updated)s · skipped (unchanged): %(skipped)s · "
                "rows with errors: %(invalid)s",
                **counts,
            )
        )
        if report.to_review:
            click.echo(report.review_note())
    else:
        click.echo(
            _(
                "Rows: %(rows)s · to create: %(created)s · to update: %(updated)s · "
                "unchanged: %(skipped)s · with errors: %(invalid)s",
                **counts,
            )
        )


def register(app: Flask) -> None:
    """Attach the import commands to the app; the help names the registered kinds."""
    import_cases_command.epilog = "Kinds of case: " + ", ".join(kind_codes()) + "."
    app.cli.add_command(import_cases_command)
