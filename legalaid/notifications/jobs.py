"""The day's reminders and detention alerts, run by the job queue's consumer every morning
(`flask send-reminders` still runs them by hand or from cron)."""

from legalaid.formutils import local_today
from legalaid.jobs import daily
from legalaid.notifications.reminders import send_reminders

REMINDERS_HOUR = 6  # 06:00 in Mali, before the working day


@daily(REMINDERS_HOUR)
def daily_reminders() -> None:
    """Create today's reminders and alerts (safe twice: nothing is created twice)."""
    send_reminders(local_today())
