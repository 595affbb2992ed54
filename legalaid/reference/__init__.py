"""Reference data: regions, courts, prisons."""

from flask import Blueprint

bp = Blueprint("reference", __name__, url_prefix="/reference")
