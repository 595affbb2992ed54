"""Fixtures for detention tests."""

import pytest

from tests.builders import first_prison, make_user
from tests.cases.conftest import org, other_org  # noqa: F401 - shared fixtures


@pytest.fixture
def officer(reference):
    """A prison officer of the first seeded prison."""
    return make_user("prison_officer", prisons=[first_prison()])
