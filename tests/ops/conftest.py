"""Fixtures for the operations tests: the case tests' organisations."""

from tests.cases.conftest import org  # noqa: F401 - a shared fixture
