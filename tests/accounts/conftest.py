"""Fixtures for account tests."""

from tests.cases.conftest import org  # noqa: F401 - shared fixture
