"""Home page per role, notifications and the daily reminders."""

import time
from datetime import datetime, timedelta
from unittest import mock

from sqlalchemy import select

from legalaid.extensions import db
from legalaid.formutils import local_today
from legalaid.notifications import services
from legalaid.notifications.models import Notification, NotificationKind
from legalaid.notifications.reminders import send_reminders
from legalaid.notifications.services import notify
from legalaid.timeutils import utcnow
from legalaid.workflow.models import Hearing
from tests.builders import assign, make_case, make_user
from tests.cases.test_intake import client_of
from tests.conftest import sign_in


def hearing_on(case, day, hour=9):
    hearing = Hearing(
        case_id=case.id,
        scheduled_at=datetime(day.year, day.month, day.day, hour),
        created_by_id=case.created_by_id,
    )
    db.session.add(hearing)
    db.session.commit()
    return hearing


def test_lawyer_home(app, org):
    active = make_case("detention", by=org["paralegal"], full_name="A Un")
    stale = make_case("detention", by=org["paralegal"], full_name="B Deux")
    for case in (active, stale):
        assign(case, org["lawyer"])
    stale.last_activity_at = utcnow() - timedelta(days=31)
    db.session.commit()
    hearing_on(active, local_today() + timedelta(days=5))
    hearing_on(stale, local_today() + timedelta(days=20))
    page = client_of(app, org["lawyer"]).get("/").text
    open_panel = page.split("Mes dossiers ouverts")[1].split("</section>")[0]
    assert active.reference in open_panel and stale.reference in open_panel
    hearings_panel = page.split("Audiences des 14 prochains jours")[1].split("</section>")[0]
    assert active.reference in hearings_panel and stale.reference not in hearings_panel
    stale_panel = page.split("Dossiers sans nouvelles depuis 30 jours")[1].split("</section>")[0]
    assert stale.reference in stale_panel and active.reference not in stale_panel


def test_coordinator_home(app, org):
    waiting = make_case("litigation", by=org["paralegal"], full_name="A Un")
    busy = make_case("litigation", by=org["paralegal"], full_name="B Deux")
    assign(busy, org["lawyer"])
    busy.outcome, busy.status, busy.resolved_on = "abandoned", "resolved", busy.opened_on
    db.session.commit()
    page = client_of(app, org["coordinator"]).get("/").text
    unassigned = page.split("Dossiers en attente d’attribution")[1].split("</section>")[0]
    assert waiting.reference in unassigned and busy.reference not in unassigned
    workload = page.split("Charge de travail")[1].split("</section>")[0]
    assert org["lawyer"].full_name in workload
    resolved = page.split("Résolutions récentes")[1].split("</section>")[0]
    assert busy.reference in resolved


def test_prison_officer_and_viewer_homes_are_not_errors(app, org):
    for role in ("prison_officer", "viewer"):
        assert client_of(app, make_user(role)).get("/").status_code == 200


def test_unread_count_and_mark_as_read(app, org):
    case = make_case("litigation", by=org["paralegal"])
    client_of(app, org["coordinator"]).post(
        f"/cases/{case.id}/assign", data={"person_id": org["lawyer"].id, "version": case.version}
    )
    lawyer = client_of(app, org["lawyer"])
    assert '<span class="badge text-bg-warning">1' in lawyer.get("/").text
    lawyer.post("/notifications/read")
    assert '<span class="badge text-bg-warning">' not in lawyer.get("/").text


def test_the_unread_count_is_kept_a_minute_and_for_its_user_only(app, org, monkeypatch):
    """The bar's count is read from the session (issue 21): what others add shows within
    UNREAD_BADGE_SECONDS, the user's own reading at once, and never another user's count."""
    badge = '<span class="badge text-bg-warning">'
    case = make_case("litigation", by=org["paralegal"])
    lawyer = client_of(app, org["lawyer"])
    assert badge not in lawyer.get("/").text
    notify([org["lawyer"]], NotificationKind.ASSIGNED, case)
    db.session.commit()
    assert badge not in lawyer.get("/").text  # kept from the page before
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + services.UNREAD_BADGE_SECONDS + 1)
    assert f"{badge}1" in lawyer.get("/").text, lawyer.get("/").text.split("Notifications")[1][:400]
    lawyer.get("/notifications/")
    lawyer.post("/notifications/read")
    assert badge not in lawyer.get("/").text
    notify([org["paralegal"]], NotificationKind.ASSIGNED, case)
    db.session.commit()
    lawyer.post("/auth/logout")  # the same browser, another user
    assert sign_in(lawyer, org["paralegal"]).status_code == 302
    assert f"{badge}1" in lawyer.get("/").text


def test_reminders_are_created_once_per_day(app, org):
    case = make_case("detention", by=org["paralegal"])
    assign(case, org["lawyer"])
    assign(case, org["paralegal"])
    today = local_today()
    hearing_on(case, today + timedelta(days=1), hour=8)
    hearing_on(case, today + timedelta(days=2))  # not tomorrow
    runner = app.test_cli_runner()
    db.session.commit()
    first = runner.invoke(args=["send-reminders", "--on", today.isoformat()])
    assert first.exit_code == 0 and "2 rappel(s) d'audience" in first.output
    second = runner.invoke(args=["send-reminders", "--on", today.isoformat()])
    assert "0 rappel(s) d'audience" in second.output
    db.session.expire_all()
    rows = db.session.scalars(
        select(Notification).where(Notification.kind == "hearing_tomorrow")
    ).all()
    assert sorted(n.user_id for n in rows) == sorted([org["lawyer"].id, org["paralegal"].id])
    text = client_of(app, org["lawyer"]).get("/notifications/").text
    assert f"Audience demain à 08:00 pour le dossier {case.reference}." in text


def test_reminder_emails_only_with_smtp_settings(org, data_app):
    case = make_case("detention", by=org["paralegal"])
    assign(case, org["lawyer"])
    hearing_on(case, local_today() + timedelta(days=1))
    with mock.patch("legalaid.notifications.services.smtplib.SMTP") as smtp:
        data_app.config["MAIL_SERVER"] = "smtp.example.org"
        try:
            report = send_reminders(local_today())
        finally:
            data_app.config["MAIL_SERVER"] = None
    assert report.hearings == 1
    assert report.mailed == report.hearings + report.detention_alerts
    sent = smtp.return_value.__enter__.return_value.send_message.call_args_list
    for call in sent:
        message = call.args[0]
        assert case.reference in message["Subject"]
        assert "Awa" not in message.get_content() and "Traoré" not in message.get_content()
