"""Fixtures for detention tests."""

from tests.cases.conftest import org, other_org  # noqa: F401 - shared fixtures
