"""A generated document names the person: the retention purge removes both of its files."""

from datetime import date

from legalaid.cases.documents import upload_folder
from legalaid.cases.services import details_of
from legalaid.drafting.services import draft, generate
from legalaid.extensions import db
from legalaid.maintenance.services import ANONYMISED, purge_expired
from tests.builders import make_case
from tests.drafting.test_default_templates import template
from tests.maintenance.test_retention import TODAY, YEARS, close, years_ago


def test_the_purge_removes_the_files_of_generated_documents(org):
    case = make_case("litigation", by=org["paralegal"], full_name="Moussa Diarra")
    made = draft(
        case,
        details_of(case),
        template("legal_aid_request"),
        by=org["paralegal"],
        sees_identity=True,
        on=date(2014, 3, 1),
    )
    generated = generate(case, made, by=org["paralegal"])
    files = [
        upload_folder() / generated.docx.stored_name,
        upload_folder() / generated.pdf.stored_name,
    ]
    assert all(path.exists() for path in files)
    close(case, years_ago(11))
    assert purge_expired(today=TODAY, years=YEARS).anonymised == 1
    db.session.expire_all()
    assert not any(path.exists() for path in files)
    assert generated.docx.original_name == generated.pdf.original_name == ANONYMISED
