"""The labels of the activities' codes, by group (merged into legalaid/labels.py at start)."""

from flask_babel import lazy_gettext as _l

from legalaid.activities.models import ActivityType, FollowUp

LABEL_GROUPS = {
    "activity_type": {
        ActivityType.SENSITISATION: _l("Sensitisation session"),
        ActivityType.TRAINING: _l("Training"),
        ActivityType.COMMUNITY_ENGAGEMENT: _l("Community engagement"),
        ActivityType.MONITORING_MISSION: _l("Monitoring mission"),
        ActivityType.MEDIA: _l("Radio or media programme"),
        ActivityType.OTHER: _l("Other activity"),
    },
    "follow_up": {
        FollowUp.PENDING: _l("Pending"),
        FollowUp.IN_PROGRESS: _l("In progress"),
        FollowUp.IMPLEMENTED: _l("Implemented"),
        FollowUp.NOT_IMPLEMENTED: _l("Not implemented"),
    },
    "audit_action": {
        "activity_create": _l("Activity recorded"),
        "activity_update": _l("Activity edited"),
        "activity_roster_view": _l("Activity roster viewed"),
        "activity_participant_add": _l("Participant added to a roster"),
        "activity_participant_remove": _l("Participant removed from a roster"),
        "activity_recommendation": _l("Mission recommendation recorded"),
        "activity_denied": _l("Activity out of sight refused"),
        "import_activities": _l("Activities imported"),
    },
    "object_type": {
        "Activity": _l("Activity"),
        "Participant": _l("Participant"),
        "Recommendation": _l("Recommendation"),
    },
}
