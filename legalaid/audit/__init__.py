"""The audit trail: who did what to which record, when and from where."""

from flask import Blueprint

bp = Blueprint("audit", __name__)
