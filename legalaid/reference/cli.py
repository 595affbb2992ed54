"""`flask seed-reference`."""

import click
from flask import Flask
from flask_babel import gettext as _

from legalaid.labels import label
from legalaid.reference.services import seed_reference_data


@click.command("seed-reference")
def seed_reference_command() -> None:
    """Load Mali's regions, courts and prisons, and each case kind's reference data (safe to run
    again)."""
    report = seed_reference_data()
    for table in report.created:
        click.echo(
            _(
                "%(table)s: %(created)d created, %(updated)d updated",
                table=table,
                created=report.created[table],
                updated=report.updated[table],
            )
        )
    for code, added in report.added_by_kind.items():
        click.echo(_("%(kind)s: %(created)d created", kind=label("kind", code), created=added))
    click.echo(_("Document templates: %(created)d created", created=report.templates_added))


def register(app: Flask) -> None:
    """Attach the reference commands to the app."""
    app.cli.add_command(seed_reference_command)
