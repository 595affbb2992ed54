"""Read-only reference pages for administrators."""

from flask import render_template
from sqlalchemy import select

from legalaid.casekinds import case_kinds
from legalaid.extensions import db
from legalaid.permissions import Permission, requires
from legalaid.reference import bp
from legalaid.reference.models import Court, Prison, Region


@bp.get("/")
@requires(Permission.MANAGE_REFERENCE)
def index():
    """Regions, courts and prisons as seeded."""
    return render_template(
        "reference/index.html",
        regions=db.session.scalars(select(Region).order_by(Region.name)).all(),
        courts=db.session.scalars(select(Court).order_by(Court.name)).all(),
        prisons=db.session.scalars(select(Prison).order_by(Prison.name)).all(),
        kind_pages=[page for kind in case_kinds() for page in kind.reference_pages],
    )
