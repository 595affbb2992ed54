"""`flask send-reminders`: the day's reminders, for cron."""

from datetime import date

import click
from flask import Flask
from flask_babel import gettext as _

from legalaid.formutils import local_today
from legalaid.notifications import jobs  # noqa: F401 - registers the daily task on the queue
from legalaid.notifications.reminders import send_reminders


@click.command("send-reminders")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="Day (default: today).")
def send_reminders_command(on) -> None:
    """Create the reminders of the day (safe to run twice: nothing is created twice)."""
    day: date = on.date() if on else local_today()
    report = send_reminders(day)
    click.echo(
        _(
            "%(hearings)d hearing reminders and %(alerts)d detention alerts created, "
            "%(mailed)d emails sent.",
            hearings=report.hearings,
            alerts=report.detention_alerts,
            mailed=report.mailed,
        )
    )


def register(app: Flask) -> None:
    """Attach the notification commands to the app."""
    app.cli.add_command(send_reminders_command)
