"""A lawyer opens an overdue detainee, generates the release request, downloads both files."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import log_in, open_case, submit
from tests.drafting.conftest import (  # noqa: F401 - the fixture, and the readers
    NAME,
    docx_text,
    overdue,
    pdf_text,
)

pytestmark = pytest.mark.browser


def test_a_lawyer_generates_the_release_request_of_an_overdue_detainee(open_page, org, overdue):  # noqa: F811
    page = open_page()
    log_in(page, org["lawyer"].email)
    open_case(page, overdue.reference)
    card = page.locator("#legal-documents")
    expect(card).to_contain_text("43 jours au-delà du délai légal")
    card.get_by_role("link", name="Générer : Demande de mise en liberté").click()
    expect(page.get_by_text("Tout ce dont ce document a besoin figure au dossier.")).to_be_visible()
    submit(page, "Générer le document")
    expect(
        page.get_by_text("Le document a été généré et enregistré dans le dossier.")
    ).to_be_visible()
    files = {}
    for name, kind in (
        ("Télécharger le fichier Word (.docx)", "docx"),
        ("Télécharger le PDF", "pdf"),
    ):
        with page.expect_download() as download:
            page.get_by_role("link", name=name).click()
        assert download.value.suggested_filename.endswith(f".{kind}")
        files[kind] = open(download.value.path(), "rb").read()  # noqa: SIM115
    for text in (docx_text(files["docx"]), pdf_text(files["pdf"])):
        assert NAME in text
        assert "quarante-trois jours (43 jours) au-delà de cette limite" in text
    page.goto(f"/cases/{overdue.id}")
    expect(page.locator("#legal-documents")).to_contain_text("Demande de mise en liberté n° 1")
