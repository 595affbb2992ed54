"""Programme indicators for donors: one definition, shown as sentences, charts and exports."""

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")
