"""One URL prefix for the rows of a table (issue 21): the same links as `url_for`, or none."""

import pytest
from flask import url_for

from legalaid.urls import url_prefix


def test_the_prefix_and_an_id_make_the_url_for_of_that_id(app):
    with app.test_request_context():
        assert url_prefix("cases.show", "case_id") + "42" == url_for("cases.show", case_id=42)


def test_an_endpoint_whose_url_goes_on_after_the_id_has_no_prefix(app):
    with app.test_request_context(), pytest.raises(ValueError, match="does not end"):
        url_prefix("cases.edit", "case_id")
