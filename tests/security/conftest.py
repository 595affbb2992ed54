"""Fixtures for security tests."""

from tests.cases.conftest import org, other_org  # noqa: F401 - shared fixtures
from tests.test_access_matrix import world  # noqa: F401 - shared fixture
