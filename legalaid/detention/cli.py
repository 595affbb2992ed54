"""`flask detention-alerts`: every open detention case whose state is not ok."""

import json

import click
from flask import Flask
from flask_babel import gettext as _

from legalaid.detention.services import alert_record, detainees, held, needs_attention
from legalaid.formutils import local_today


@click.command("detention-alerts")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="Day (default: today).")
@click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def detention_alerts_command(on, output: str) -> None:
    """List the detainees who need attention, most urgent first."""
    day = on.date() if on else local_today()
    records = [alert_record(row) for row in detainees(held(), day) if needs_attention(row)]
    if output == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for record in records:
        click.echo(
            f"{record['reference']:<16} {record['state']:<22} {record['days_held'] or 0:>5}  "
            f"{record['limit_date'] or '-':<10}  {record['prison']}"
            + ("" if record["has_counsel"] else "  " + _("[no counsel]"))
        )


def register(app: Flask) -> None:
    """Attach the detention commands to the app."""
    app.cli.add_command(detention_alerts_command)
