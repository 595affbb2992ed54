"""On a 360 px phone, in French: a sensitisation session with its counts, then a training with
its roster."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import choose, log_in, submit

pytestmark = pytest.mark.browser

PHONE = (360, 740)
COUNTS = {
    "Femmes et filles : mineures (moins de 18 ans)": "12",
    "Femmes : jeunes (18 à 35 ans)": "40",
    "Femmes : adultes (36 ans et plus)": "61",
    "Hommes : jeunes (18 à 35 ans)": "35",
    "Hommes : adultes (36 ans et plus)": "52",
}


def fits_the_screen(page: Page) -> None:
    """Nothing wider than the phone: no sideways scrolling."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]


def new_activity(page: Page, kind: str, title: str, day: str) -> None:
    """The activity form, from the list."""
    page.goto("/activities/")
    page.get_by_role("link", name="Nouvelle activité").click()
    choose(page, "Type d'activité", kind)
    page.get_by_label("Titre", exact=True).fill(title)
    page.get_by_label("Date (premier jour)").fill(day)
    choose(page, "Région", "Mopti")


def add_participant(page: Page, name: str, sex: str, **fields: str) -> None:
    """One row of the roster, from the roster form."""
    page.get_by_label("Nom complet").fill(name)
    choose(page, "Sexe", sex)
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    submit(page, "Ajouter à la liste de présence")
    expect(page.get_by_text(f"{name} est sur la liste de présence.")).to_be_visible()


def test_a_sensitisation_with_counts_and_a_training_with_a_roster(open_page, org):
    page = open_page(*PHONE)
    log_in(page, org["paralegal"].email)

    new_activity(page, "Séance de sensibilisation", "Causerie à Sévaré", "10/02/2026")
    page.get_by_label("Village ou lieu-dit").fill("Sévaré")
    for label, value in COUNTS.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Total compté (vérifie la grille)").fill("199")
    fits_the_screen(page)
    submit(page, "Enregistrer")
    expect(page.get_by_text("La grille fait 200, pas le total saisi.", exact=True)).to_be_visible()
    page.get_by_label("Total compté (vérifie la grille)").fill("200")
    submit(page, "Enregistrer")
    expect(page.get_by_text("L'activité a été enregistrée.")).to_be_visible()
    expect(page.get_by_role("heading", name="Causerie à Sévaré")).to_be_visible()
    expect(page.locator("#grid-table").get_by_text("200")).to_be_visible()
    fits_the_screen(page)

    new_activity(page, "Formation", "Formation des membres de CoFo", "05/03/2026")
    submit(page, "Enregistrer")
    expect(page.get_by_text("L'activité a été enregistrée.")).to_be_visible()
    page.get_by_role("link", name="Ajouter un participant").click()
    add_participant(page, "Aminata Keïta", "Femme", **{"Année de naissance": "1990"})
    add_participant(
        page, "Seydou Coulibaly", "Homme", **{"Âge (à défaut d'année de naissance)": "26"}
    )
    fits_the_screen(page)
    page.get_by_role("link", name="Retour à l'activité").click()
    roster = page.locator("#roster + p + ul")
    expect(roster.get_by_text("Aminata Keïta")).to_be_visible()
    expect(roster.get_by_text("Seydou Coulibaly")).to_be_visible()
    expect(page.get_by_text("2 participants sur la liste de présence.")).to_be_visible()
    fits_the_screen(page)
