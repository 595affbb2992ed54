"""Creating and reading notifications."""

import smtplib
import time
from collections.abc import Iterable
from email.message import EmailMessage

from flask import current_app, session
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from legalaid.accounts.models import User
from legalaid.cases.models import Case
from legalaid.extensions import db
from legalaid.labels import label
from legalaid.notifications.models import Notification, NotificationKind
from legalaid.timeutils import utcnow


def notify(
    users: Iterable[User],
    kind: str,
    case: Case | None,
    *,
    detail: str = "",
    dedup_key: str | None = None,
) -> list[Notification]:
    """Queue one notification per user in the caller's transaction (the caller commits).

    With `dedup_key`, a user who already has that notification gets nothing new.
    """
    created = []
    for user in users:
        key = f"{dedup_key}:{user.id}" if dedup_key else None
        if key and db.session.scalar(select(Notification.id).where(Notification.dedup_key == key)):
            continue
        notification = Notification(
            user_id=user.id,
            kind=kind,
            case_id=case.id if case else None,
            detail=detail,
            dedup_key=key,
        )
        db.session.add(notification)
        created.append(notification)
    return created


def unread_count(user: User) -> int:
    """How many notifications `user` has not read."""
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )


# How long the navigation bar's count is read from the session rather than counted (issue 21):
# what others' actions add may show that much later; the user's own reading shows at once.
UNREAD_BADGE_SECONDS = 60
_BADGE_KEY = "unread_badge"


def unread_badge(user: User) -> int:
    """The unread count of the navigation bar, kept in the session (with whose count it is) for
    UNREAD_BADGE_SECONDS, so that every page does not count again."""
    kept, now = session.get(_BADGE_KEY), time.time()
    if kept and kept[0] == user.id and now < kept[2]:
        return kept[1]
    count = unread_count(user)
    session[_BADGE_KEY] = [user.id, count, now + UNREAD_BADGE_SECONDS]
    return count


def forget_unread_badge() -> None:
    """Count again on the next page (the user has just read their notifications)."""
    session.pop(_BADGE_KEY, None)


def recent(user: User, limit: int = 100) -> list[Notification]:
    """The user's latest notifications, newest first."""
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id)
            .options(joinedload(Notification.case))
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def mark_all_read(user: User) -> None:
    """Mark every notification of `user` as read."""
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()


def send_emails(notifications: list[Notification]) -> int:
    """Email the notifications when SMTP is configured (MAIL_SERVER); never in tests.

    The message names the case by reference only: a survivor's name never travels by email.
    """
    server = current_app.config.get("MAIL_SERVER")
    if not server or not notifications:
        return 0
    sent = 0
    with smtplib.SMTP(server, current_app.config.get("MAIL_PORT", 25), timeout=30) as smtp:
        if current_app.config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if current_app.config.get("MAIL_USERNAME"):
            smtp.login(current_app.config["MAIL_USERNAME"], current_app.config["MAIL_PASSWORD"])
        for notification in notifications:
            user = db.session.get(User, notification.user_id)
            message = EmailMessage()
            message["From"] = current_app.config["MAIL_SENDER"]
            message["To"] = user.email
            # Only a case reference: the survivor's name never travels by email.
            message["Subject"] = _(
                "legalaid: %(reference)s",
                reference=notification.case.reference if notification.case else _("your account"),
            )
            message.set_content(notification_text(notification))
            smtp.send_message(message)
            sent += 1
    return sent


def notification_text(notification: Notification) -> str:
    """What a notification says, in the current language; references only, never names."""
    reference = notification.case.reference if notification.case else ""
    texts = {
        NotificationKind.ASSIGNED: _(
            "Case %(reference)s has been assigned to you.", reference=reference
        ),
        NotificationKind.HEARING_TOMORROW: _(
            "Hearing tomorrow at %(time)s for case %(reference)s.",
            time=notification.detail,
            reference=reference,
        ),
        NotificationKind.STATUS_CHANGED: _(
            "Case %(reference)s is now: %(status)s.",
            reference=reference,
            status=label("status", notification.detail),
        ),
        NotificationKind.REOPENED: _("Case %(reference)s has been reopened.", reference=reference),
        NotificationKind.CASE_REQUESTED: _(
            "A lawyer asks to take case %(reference)s.", reference=reference
        ),
        NotificationKind.CUSTODY_UPDATE: _(
            "The prison recorded a custody fact for case %(reference)s.", reference=reference
        ),
        NotificationKind.DETENTION_ALERT: _(
            "Detention alert for case %(reference)s: %(state)s.",
            reference=reference,
            state=label("state", notification.detail),
        ),
        NotificationKind.REFERRAL: _(
            "Referral of case %(reference)s: %(step)s.",
            reference=reference,
            step=label("referral_step", notification.detail),
        ),
        NotificationKind.SECOND_FACTOR_CHANGED: _(
            "Your second factor was replaced. If you did not do it, tell an administrator now."
        ),
    }
    return texts[NotificationKind(notification.kind)]
