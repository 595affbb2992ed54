"""Signing in and out, password changes."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")
