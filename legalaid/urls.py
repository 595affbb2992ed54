"""URLs of many rows built from one prefix: `url_for` per row of a long table costs more than
the rest of the row."""

from flask import url_for

# An id no row has, so that its digits mark where the row's own id goes.
_PLACEHOLDER = "987654321"


def url_prefix(endpoint: str, argument: str) -> str:
    """What `url_for(endpoint, argument=id)` gives before the id, for a template to append each
    row's id to: `{% set show = url_prefix("cases.show", "case_id") %}…{{ show ~ case.id }}`.

    Only for endpoints whose URL ends with that integer argument; any other raises, so that a
    wrong link is never served.
    """
    url = url_for(endpoint, **{argument: int(_PLACEHOLDER)})
    if not url.endswith(_PLACEHOLDER) or url.count(_PLACEHOLDER) != 1:
        raise ValueError(f"the URL of {endpoint} does not end with its {argument}")
    return url.removesuffix(_PLACEHOLDER)
