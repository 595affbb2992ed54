"""Fixtures and helpers for the reliability tests: several users at once, through the real app."""

import threading
from collections.abc import Callable
from html.parser import HTMLParser

from flask.testing import FlaskClient

from legalaid.extensions import db
from tests.cases.conftest import org, other_org  # noqa: F401 - shared fixtures


class _FormReader(HTMLParser):
    """The fields of the page's forms, as a browser would send them unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name and attributes.get("type") not in ("checkbox", "submit"):
            self.fields[name] = attributes.get("value") or ""
        elif tag == "input" and name and "checked" in attributes:
            self.fields[name] = attributes.get("value") or "y"
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attributes:
            self.fields[self._select] = attributes.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data.removeprefix("\n")


def form_fields(page: str) -> dict[str, str]:
    """What submitting the page's form as it was loaded would send."""
    reader = _FormReader()
    reader.feed(page)
    return reader.fields


def post_now(client: FlaskClient, url: str, data: dict) -> int:
    """POST from a worker thread: the plain client, outside the test's database session."""
    return FlaskClient.open(client, url, method="POST", data=data).status_code


def at_once(*requests: Callable[[], int]) -> list[int]:
    """Run the requests in threads released together; their status codes, in order.

    The test's own transaction ends before and after, as around any request of the test client,
    so that it neither holds a lock meanwhile nor reads a snapshot from before.
    """
    db.session.commit()
    barrier = threading.Barrier(len(requests))
    codes: list[int] = [0] * len(requests)

    def run(index: int) -> None:
        barrier.wait()
        codes[index] = requests[index]()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.rollback()
    return codes
