"""`flask import-activities`: activities (and their rosters) from a CSV or XLSX file."""

from pathlib import Path

import click
from flask import Flask, current_app
from flask_babel import gettext as _

from legalaid.activities.importing import import_activities


@click.command("import-activities")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--roster",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The rosters as a second CSV file (an XLSX workbook: its second sheet).",
)
@click.option("--org", "organisation", help="Organisation name (else each row names its own).")
@click.option("--dry-run", is_flag=True, help="Check the file, write nothing.")
@click.option("--by", "email", help="The importer (an admin or coordinator; default ADMIN_EMAIL).")
def import_activities_command(path: Path, roster, organisation, dry_run: bool, email) -> None:
    """Import activities, one per row, idempotent by external_id."""
    report = import_activities(
        path,
        roster_path=roster,
        organisation_name=organisation,
        by_email=email or current_app.config["ADMIN_EMAIL"],
        dry_run=dry_run,
    )
    for error in report.errors:
        click.echo(error.said(), err=True)
    click.echo(
        _(
            "Activities to create: %(created)s; to update: %(updated)s; unchanged: %(same)s; "
            "roster rows: %(roster)s; rows in error: %(errors)s.",
            created=report.created,
            updated=report.updated,
            same=report.unchanged,
            roster=report.roster_rows,
            errors=len(report.error_rows),
        )
    )
    if dry_run:
        click.echo(_("Dry run: nothing was written."))
    if report.refused:
        raise click.ClickException(report.refused)
    if report.errors:
        raise SystemExit(1)


def register(app: Flask) -> None:
    """Attach the activity commands to the app."""
    app.cli.add_command(import_activities_command)
