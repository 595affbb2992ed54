"""French first, English second; the French catalogue is complete."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from legalaid.extensions import db
from tests.builders import make_user
from tests.conftest import sign_in

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}
METHOD_MAP = [
    ("legalaid/**.py", "python"),
    ("config.py", "python"),
    ("templates/**.html", "jinja2"),
]


def extracted_messages() -> set:
    messages = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT),
        method_map=METHOD_MAP,
        keywords=KEYWORDS,
        options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}},
    ):
        messages.add(message[0] if isinstance(message, tuple) else message)
    return messages


def test_french_catalogue_translates_every_string():
    with (ROOT / "legalaid/translations/fr/LC_MESSAGES/messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale="fr")
    translated = {
        message.id[0] if isinstance(message.id, tuple) else message.id
        for message in catalogue
        if message.id
        and not message.fuzzy
        and all(message.string if isinstance(message.string, tuple) else [message.string])
    }
    messages = extracted_messages()
    assert len(messages) > 100
    missing = sorted(messages - translated)
    assert missing == [], f"Untranslated strings (run make i18n-extract): {missing}"


def test_english_is_available_before_login(client, reference):
    response = client.post("/language", data={"language": "en", "next": "/auth/login"})
    assert response.headers["Location"] == "/auth/login"
    page = client.get("/auth/login")
    assert '<html lang="en">' in page.text and "Sign in" in page.text


def test_the_language_switch_refuses_foreign_redirects(client):
    response = client.post("/language", data={"language": "en", "next": "//evil.example"})
    assert response.headers["Location"] == "/"


def test_language_is_stored_on_the_user(client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    assert "Bienvenue" in client.get("/").text
    client.post("/language", data={"language": "en"})
    db.session.refresh(user)
    assert user.preferred_language == "en"
    fresh = client.application.test_client()
    sign_in(fresh, user)
    assert "Welcome" in fresh.get("/").text


def test_unknown_language_is_ignored(client, reference):
    client.post("/language", data={"language": "xx"})
    assert '<html lang="fr">' in client.get("/auth/login").text
