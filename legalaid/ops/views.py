"""/metrics, for Prometheus: public to the login check, guarded by its own (see `access`)."""

from flask import abort

from legalaid.ops import bp
from legalaid.ops.access import may_scrape
from legalaid.ops.metrics import exposition
from legalaid.permissions import public


@bp.get("/metrics")
@public
def metrics():
    """The metrics in Prometheus' text format, for a caller with the token or from an allowed
    network; anyone else gets the 404 of a page that does not exist."""
    if not may_scrape():
        abort(404)
    return exposition()
