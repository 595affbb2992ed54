"""The URLs of a table's rows built from one `url_for`: one call per row of a long table cost
more than the rest of the row."""

from collections.abc import Callable
from typing import Any

from flask import url_for

# An id no row has: its digits mark where each row's own id goes.
_PLACEHOLDER = "987654321"


def row_url(endpoint: str, argument: str, **values: Any) -> Callable[[int], str]:
    """`url_for(endpoint, argument=id, **values)` for any integer id, built once:
    `{% set show = row_url("cases.show", "case_id") %}…{{ show(case.id) }}`.

    Raises if the placeholder id does not appear exactly once in the URL, so that a wrong link
    is never served.
    """
    url = url_for(endpoint, **{**values, argument: int(_PLACEHOLDER)})
    if url.count(_PLACEHOLDER) != 1:
        raise ValueError(f"the URL of {endpoint} does not hold its {argument} once")
    before, after = url.split(_PLACEHOLDER)
    return lambda value: f"{before}{int(value)}{after}"
