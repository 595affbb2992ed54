"""One `url_for` for the rows of a table (issue 21): the same links as `url_for` per row."""

import pytest
from flask import url_for

from legalaid.urls import row_url


def test_a_row_url_is_the_url_for_of_that_row(app):
    with app.test_request_context():
        show = row_url("cases.show", "case_id")
        assert show(42) == url_for("cases.show", case_id=42)
        release = row_url("detention.custody_fact", "case_id", fact="release")
        assert release(7) == url_for("detention.custody_fact", case_id=7, fact="release")


def test_only_integer_ids_fill_it(app):
    with app.test_request_context(), pytest.raises(ValueError):
        row_url("cases.show", "case_id")("7/../admin")


def test_a_url_that_does_not_hold_the_id_once_has_no_row_url(app):
    with app.test_request_context(), pytest.raises(ValueError, match="once"):
        row_url("cases.show", "case_id", page=987654321)
