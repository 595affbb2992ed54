"""Land-commission conciliation (CoFo): disputes, their parties and sessions, the PV's path."""

from flask import Blueprint

bp = Blueprint("land", __name__)
