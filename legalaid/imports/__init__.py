"""Bulk import of cases from field data collection (CSV, XLSX: KoboToolbox and ODK exports)."""

from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/imports")
