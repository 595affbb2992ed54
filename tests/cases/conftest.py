"""Fixtures for case tests: two organisations with their people."""

import pytest

from tests.builders import make_organisation, make_user


@pytest.fixture
def org(reference):
    """The organisation under test and one person per role in it."""
    organisation = make_organisation("Association des juristes maliennes")
    return {
        "organisation": organisation,
        "coordinator": make_user("coordinator", organisation=organisation),
        "lawyer": make_user("lawyer", organisation=organisation),
        "paralegal": make_user("paralegal", organisation=organisation),
        "other_paralegal": make_user("paralegal", organisation=organisation),
    }


@pytest.fixture
def other_org(reference):
    """Another partner organisation, whose cases must stay out of sight."""
    organisation = make_organisation("Barreau du Mali")
    return {
        "organisation": organisation,
        "coordinator": make_user("coordinator", organisation=organisation),
        "paralegal": make_user("paralegal", organisation=organisation),
    }
