"""The labels of the referrals' codes, by group (merged into the registry, legalaid/labels.py)."""

from flask_babel import lazy_gettext as _l

from legalaid.cases.models import EventKind
from legalaid.notifications.models import NotificationKind
from legalaid.referrals.models import (
    ASSIGNED,
    ReferralMode,
    ReferralService,
    ReferralState,
    Urgency,
)

LABEL_GROUPS = {
    "referral_mode": {
        ReferralMode.REFERRAL: _l("Referral"),
        ReferralMode.TRANSFER: _l("Transfer"),
    },
    "referral_service": {
        ReferralService.LEGAL: _l("Legal aid"),
        ReferralService.HEALTH: _l("Health care"),
        ReferralService.PSYCHOSOCIAL: _l("Psychosocial support"),
        ReferralService.SAFETY: _l("Safety and protection"),
    },
    "referral_state": {
        # Translators: a referral's state, waiting for the receiver's answer.
        ReferralState.SENT: _l("Sent, waiting"),
        ReferralState.ACCEPTED: _l("Accepted"),
        ReferralState.DECLINED: _l("Declined"),
        # Translators: a referral's state: the service was delivered.
        ReferralState.DONE: _l("Service delivered"),
        ReferralState.REVOKED: _l("Revoked"),
    },
    # A step of a referral (timeline, notifications): its states, and a worker put on it.
    "referral_step": {
        ReferralState.SENT: _l("sent"),
        ReferralState.ACCEPTED: _l("accepted"),
        ReferralState.DECLINED: _l("declined"),
        ReferralState.DONE: _l("service delivered"),
        ReferralState.REVOKED: _l("revoked"),
        ASSIGNED: _l("a worker was put on it"),
    },
    "event_kind": {EventKind.REFERRAL: _l("Referral")},
    "notification_kind": {NotificationKind.REFERRAL: _l("Referral")},
    "urgency": {Urgency.NORMAL: _l("Normal"), Urgency.URGENT: _l("Urgent")},
    "audit_action": {
        "referral_send": _l("Case referred"),
        "referral_accept": _l("Referral accepted"),
        "referral_decline": _l("Referral declined"),
        "referral_assign": _l("Worker put on a referral"),
        "referral_done": _l("Referral outcome recorded"),
        "referral_revoke": _l("Referral revoked"),
        "referral_view": _l("Referral viewed"),
        "referral_denied": _l("Referral out of sight"),
        "outside_service_create": _l("Outside service added"),
        "outside_service_update": _l("Outside service edited"),
        "outside_service_deactivate": _l("Outside service deactivated"),
    },
}
