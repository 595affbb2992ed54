"""Accessibility (axe-core), page weight, no request to another host, forms without JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from legalaid.extensions import db
from tests.browser.pages import choose, log_in, submit
from tests.builders import PASSWORD, assign, first_prison, make_case, make_user

pytestmark = pytest.mark.browser

WEIGHT_LIMIT = 150 * 1024
SERIOUS = {"serious", "critical"}
LOGIN_WORDS = {
    "fr": ("E-mail", "Mot de passe", "Se connecter", "Bienvenue"),
    "en": ("Email", "Password", "Sign in", "Welcome"),
}


def measured_visit(page, path: str) -> tuple[int, set[str]]:
    """Load `path` and return the bytes transferred (compressed, headers included) and hosts."""
    responses = []

    def handler(response) -> None:
        responses.append(response)

    page.on("response", handler)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", handler)
    transferred = 0
    for response in responses:
        sizes = response.request.sizes()
        transferred += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return transferred, {response.url.split("/")[2] for response in responses}


def sign_in_as(page, email: str, language: str) -> None:
    email_label, password_label, button, greeting = LOGIN_WORDS[language]
    page.goto("/auth/login")
    page.get_by_label(email_label).fill(email)
    page.get_by_label(password_label).fill(PASSWORD)
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("heading", name=greeting, exact=False)).to_be_visible()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_main_pages_are_accessible_light_and_local(open_page, live_server, org, language):
    case = make_case("detention", by=org["paralegal"])
    assign(case, org["lawyer"])
    officer = make_user("prison_officer", prisons=[first_prison()])
    admin = make_user("admin")
    for person in (org["paralegal"], officer, admin):
        person.preferred_language = language
    db.session.commit()
    visits = [
        (None, ["/auth/login"]),
        (org["paralegal"], ["/", "/cases/", "/cases/new/detention", f"/cases/{case.id}"]),
        (officer, [f"/prisons/{first_prison().id}/roll"]),
        (admin, ["/reports/"]),
    ]
    host = live_server.split("/")[2]
    axe = Axe()
    for person, paths in visits:
        page = open_page(360, 740)
        page.goto("/auth/login")
        page.get_by_role("button", name="English" if language == "en" else "Français").click()
        if person is not None:
            sign_in_as(page, person.email, language)
        for path in paths:
            transferred, hosts = measured_visit(page, path)
            assert hosts == {host}, (path, hosts)
            assert transferred < WEIGHT_LIMIT, (path, transferred)
            assert f'<html lang="{language}">' in page.content()
            violations = [
                (violation["id"], violation["impact"])
                for violation in axe.run(page).response["violations"]
                if violation["impact"] in SERIOUS
            ]
            assert violations == [], (path, language, violations)


def test_forms_work_without_javascript(open_page, org):
    page = open_page(360, 740, javascript=False)
    log_in(page, org["paralegal"].email)
    page.goto("/cases/new/litigation")
    page.get_by_label("Nom complet").fill("Oumar Sidibé")
    choose(page, "Sexe", "Homme")
    choose(page, "Affaire", "Foncier")
    submit(page, "Enregistrer le dossier")
    expect(page.get_by_role("heading", name="LIT-2026-00001")).to_be_visible()
    page.get_by_label("Texte").fill("Conciliation prévue")
    submit(page, "Ajouter")
    expect(page.get_by_text("Conciliation prévue")).to_be_visible()
