"""Operating the app: structured request logs, Prometheus metrics, the health check."""

from flask import Blueprint

bp = Blueprint("ops", __name__)
