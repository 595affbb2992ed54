"""Legal documents filled from the case: templates as data, generated as DOCX and PDF."""

from flask import Blueprint

bp = Blueprint("drafting", __name__)
