"""Offline tests use the case tests' organisations."""

from tests.cases.conftest import org, other_org  # noqa: F401 - shared fixtures
