"""Programme activities: sensitisation sessions, trainings, community engagement, monitoring
missions and media programmes, with who took part, counted or listed."""

from flask import Blueprint

bp = Blueprint("activities", __name__, url_prefix="/activities")
