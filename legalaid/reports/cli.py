"""`flask indicators`: the programme indicators of a period, as JSON or CSV."""

import json

import click
from flask import Flask
from flask_babel import gettext as _
from sqlalchemy import func, select

from legalaid.accounts.models import Organisation
from legalaid.extensions import db
from legalaid.reference.models import Region
from legalaid.reports.exports import indicators_csv
from legalaid.reports.services import Scope, indicators


def _find(model, name: str | None) -> int | None:
    if not name:
        return None
    found = db.session.scalar(
        select(model.id).where(func.lower(model.name) == name.strip().lower())
    )
    if found is None:
        raise click.ClickException(_("Unknown name: %(name)s", name=name))
    return found


@click.command("indicators")
@click.option("--from", "start", required=True, type=click.DateTime(formats=["%Y-%m-%d"]))
@click.option("--to", "end", required=True, type=click.DateTime(formats=["%Y-%m-%d"]))
@click.option("--org", "organisation", help="Organisation name.")
@click.option("--region", help="Region name.")
@click.option(
    "--format", "output", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
def indicators_command(start, end, organisation, region, output: str) -> None:
    """Exact indicators over the cases opened between two dates (inclusive)."""
    if end < start:
        raise click.ClickException(_("The end of the period comes before its start."))
    scope = Scope(
        start.date(),
        end.date(),
        organisation_id=_find(Organisation, organisation),
        region_id=_find(Region, region),
    )
    result = indicators(scope)
    if output == "csv":
        click.echo(indicators_csv(result).decode("utf-8-sig"), nl=False)
    else:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))


def register(app: Flask) -> None:
    """Attach the report commands to the app."""
    app.cli.add_command(indicators_command)
