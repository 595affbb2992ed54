"""Offline field work: the installable app, the service worker and the sync of queued items."""

from flask import Blueprint

bp = Blueprint("offline", __name__)
