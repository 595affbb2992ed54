"""Referral and transfer of a case to another organisation, with the person's consent enforced."""

from flask import Blueprint

bp = Blueprint("referrals", __name__)
