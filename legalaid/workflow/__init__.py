"""Workflow: assignment, status transitions with outcomes, hearings and the calendar feed."""

from flask import Blueprint

bp = Blueprint("workflow", __name__)
