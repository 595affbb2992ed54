"""Small page helpers: what a person does, in the words of the screen (French)."""

from playwright.sync_api import Page, expect

from tests.builders import PASSWORD


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the login form."""
    page.goto("/auth/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Bienvenue", exact=False)).to_be_visible()


def open_case(page: Page, reference: str) -> None:
    """Find a case by its reference in the list and open it."""
    page.goto(f"/cases/?q={reference}")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=reference)).to_be_visible()


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a select box by its label."""
    page.get_by_label(label, exact=True).select_option(label=option)


def submit(page: Page, name: str) -> None:
    """Press a form's button."""
    page.get_by_role("button", name=name).click()
