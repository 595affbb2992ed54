"""Who may read /metrics: a bearer token (METRICS_TOKEN) or an allowed network
(METRICS_ALLOW); with neither configured, nobody."""

import hmac
from ipaddress import ip_address, ip_network

from flask import current_app, request


def may_scrape() -> bool:
    """Whether this request carries the token or comes from an allowed network."""
    config = current_app.config
    token = config.get("METRICS_TOKEN")
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    return _from_allowed_network(config.get("METRICS_ALLOW", ()))


def _from_allowed_network(networks: tuple[str, ...]) -> bool:
    if not networks or not request.remote_addr:
        return False
    try:
        address = ip_address(request.remote_addr)
    except ValueError:
        return False
    return any(address in ip_network(network, strict=False) for network in networks)
