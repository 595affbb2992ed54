"""The values templates print: the same shape for a real case and the preview's invented one,
the person's code for whoever may not see her, every placeholder in the README."""

from pathlib import Path

import pytest

from legalaid.casekinds import case_kind
from legalaid.cases.services import details_of
from legalaid.drafting.fields import all_fields, case_values, sample_values
from legalaid.formutils import local_today
from tests.builders import make_case
from tests.land.conftest import make_land_case


def keys(values: dict, prefix: str = "") -> set[str]:
    found = set()
    for key, value in values.items():
        name = f"{prefix}.{key}" if prefix else key
        found |= keys(value, name) if isinstance(value, dict) else {name}
    return found


@pytest.mark.parametrize("kind", ["detention", "gbv", "litigation", "land_conciliation"])
def test_the_preview_has_the_shape_of_a_real_case(org, commissions, kind):
    if kind == "land_conciliation":
        case = make_land_case(org["paralegal"])
    else:
        case = make_case(kind, by=org["paralegal"])
    real = case_values(
        case,
        details_of(case),
        on=local_today(),
        language="fr",
        sees_identity=True,
        by=org["paralegal"],
    )
    sample = sample_values(kind, on=local_today(), language="fr")
    assert keys(real) == keys(sample) - {"referral.type", "referral.service", "referral.note"}
    assert keys(real) <= set(all_fields())
    assert set(case_kind(kind).document_fields) <= keys(real)


def test_whoever_may_not_see_her_identity_gets_her_code(org):
    case = make_case("gbv", by=org["paralegal"], full_name="Mariam Sangaré", commune="Sévaré")
    values = case_values(
        case,
        details_of(case),
        on=local_today(),
        language="fr",
        sees_identity=False,
        by=org["paralegal"],
    )
    assert values["person"]["name"] == case.beneficiary.code
    assert values["person"]["commune"] is None
    assert "Mariam" not in str(values)


def test_the_readme_lists_every_placeholder(app):
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    with app.test_request_context():
        missing = [name for name in all_fields() if f"| `{name}` |" not in readme]
    assert missing == []
