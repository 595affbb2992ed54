"""The notification list."""

from flask import redirect, render_template, url_for
from flask_login import current_user

from legalaid.notifications import bp
from legalaid.notifications.services import (
    forget_unread_badge,
    mark_all_read,
    notification_text,
    recent,
)
from legalaid.permissions import Permission, requires


@bp.get("/")
@requires(Permission.SIGNED_IN)
def index():
    """My latest notifications, unread ones highlighted (and the bar's count made exact)."""
    forget_unread_badge()
    return render_template(
        "notifications/index.html",
        notifications=recent(current_user),
        notification_text=notification_text,
    )


@bp.post("/read")
@requires(Permission.SIGNED_IN)
def read_all():
    """Mark all my notifications as read."""
    mark_all_read(current_user)
    forget_unread_badge()
    return redirect(url_for("notifications.index"))
