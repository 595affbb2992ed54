"""Small helpers shared by the forms of every domain."""

from collections.abc import Iterable
from typing import Any

from wtforms.fields.choices import SelectChoice


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs; labels may be lazy translations."""
    return [SelectChoice(value, label) for value, label in pairs]
