"""A tampered `version` field (optimistic locking) gets the form back, never a 500
(issue 14: `int()` on `1e3`, `²` or a NUL byte in several views)."""

import pytest
from sqlalchemy import select

from legalaid.accounts.models import User
from legalaid.cases.models import Beneficiary
from legalaid.extensions import db
from tests.builders import make_case, make_user
from tests.cases.test_edit_person import person_form
from tests.cases.test_intake import client_of
from tests.conftest import sign_in

BAD_VERSIONS = ["1e3", "²", "1\x00", "-1", "9" * 40, "abc"]


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_a_bad_version_on_the_person_form_is_refused_without_error(app, org, version):
    case = make_case("litigation", by=org["paralegal"], full_name="Awa Traoré")
    client = client_of(app, org["paralegal"])
    response = client.post(
        f"/cases/{case.id}/person",
        data=person_form(case, version=version, full_name="Awa Keïta"),
    )
    assert response.status_code == 200
    assert "Ce formulaire n'est plus à jour" in response.text
    name = db.session.scalar(
        select(Beneficiary.full_name).where(Beneficiary.id == case.beneficiary_id)
    )
    assert name == "Awa Traoré"


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_a_bad_version_on_an_account_is_refused_without_error(app, reference, client, version):
    sign_in(client, make_user("admin"))
    target = make_user("lawyer")
    response = client.post(
        f"/admin/users/{target.id}",
        data={
            "email": target.email,
            "full_name": "Nom changé",
            "role": target.role,
            "organisation_id": target.organisation_id,
            "preferred_language": "fr",
            "version": version,
        },
    )
    assert response.status_code == 200
    assert db.session.scalar(select(User.full_name).where(User.id == target.id)) != "Nom changé"
