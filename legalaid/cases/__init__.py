"""Beneficiaries and cases: intake, duplicates, list and search, timeline, documents."""

from flask import Blueprint

bp = Blueprint("cases", __name__, url_prefix="/cases")
