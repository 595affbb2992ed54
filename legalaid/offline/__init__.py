"""Offline field work: the installable app, the service worker and the sync of queued items."""

from flask import Blueprint, get_flashed_messages, request
from flask.blueprints import BlueprintSetupState

bp = Blueprint("offline", __name__)

# Sent by offline.js with the pages it keeps on the device.
OFFLINE_COPY_HEADER = "X-Offline-Copy"


def page_messages(*args, **kwargs) -> list:
    """The flashed messages, except for a copy kept on the device: a copy fetched in the
    background must neither show a stale message later nor take one meant for the user's page."""
    if request.headers.get(OFFLINE_COPY_HEADER):
        return []
    return get_flashed_messages(*args, **kwargs)


@bp.record_once
def _keep_messages_for_the_user(state: BlueprintSetupState) -> None:
    state.app.jinja_env.globals["get_flashed_messages"] = page_messages
