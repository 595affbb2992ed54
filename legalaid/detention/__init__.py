"""Pre-trial detention: records, legal-limit engine, prison roll, custody facts, alerts."""

from flask import Blueprint

bp = Blueprint("detention", __name__)
