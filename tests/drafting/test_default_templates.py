"""Each default template rendered for a case built to match it, read back from DOCX and PDF."""

from datetime import date, timedelta

import pytest
from num2words import num2words
from sqlalchemy import select

from legalaid.cases.documents import document_path
from legalaid.cases.models import GbvIncident
from legalaid.cases.services import details_of
from legalaid.drafting.models import DocumentTemplate
from legalaid.drafting.services import GenerationRefused, Referral, draft, generate
from legalaid.drafting.words import long_date
from legalaid.extensions import db
from legalaid.formutils import local_today
from legalaid.land.services import SessionData, dispute_of, record_session
from tests.builders import make_case
from tests.drafting.conftest import NAME, committal_for, detention_case, docx_text, pdf_text
from tests.land.conftest import make_land_case

ARTICLE_127 = "Loi 01-080 (Code de procédure pénale), art. 127"
PARTY = {"kind": "person", "phone": ""}
AGREEMENT = "Accord sur la limite du karité."


def template(code: str) -> DocumentTemplate:
    return db.session.scalar(
        select(DocumentTemplate).where(
            DocumentTemplate.code == code, DocumentTemplate.organisation_id.is_(None)
        )
    )


def both_texts(case, code: str, by, referral=None) -> tuple[str, str, list[str]]:
    made = draft(
        case,
        details_of(case),
        template(code),
        by=by,
        sees_identity=True,
        on=local_today(),
        referral=referral,
    )
    generated = generate(case, made, by=by)
    docx = document_path(generated.docx).read_bytes()
    pdf = document_path(generated.pdf).read_bytes()
    return docx_text(docx), pdf_text(pdf), made.missing


def assert_complete(*texts: str) -> None:
    for text in texts:
        assert "{{" not in text and "{%" not in text
        assert "à compléter" not in text


def test_the_release_request_states_the_limit_the_days_beyond_and_the_article(org, overdue):
    committal = committal_for(43)
    limit = local_today() - timedelta(days=43)
    held = (local_today() - committal).days
    docx, pdf, missing = both_texts(overdue, "release_request", org["lawyer"])
    assert missing == []
    for text in (docx, pdf):
        assert NAME in text  # œ and the Bambara letters intact in both files
        assert "Maison" in text or "Prison" in text or "prison" in text
        assert f"placé(e) sous mandat de dépôt le {long_date(committal, 'fr')}" in text
        assert f"au-delà du {long_date(limit, 'fr')}" in text
        assert "soit quarante-trois jours (43 jours) au-delà de cette limite" in text
        assert f"depuis {num2words(held, lang='fr')} jours ({held} jours)" in text
        assert f"({ARTICLE_127})" in text
        assert "Délit puni de plus de 2 ans" in text or "plus de 2 ans" in text
        assert "aucune ordonnance de prolongation" in text
        assert overdue.reference in text
    assert_complete(docx, pdf)


def test_the_release_request_lists_the_orders_on_file(org):
    from legalaid.detention.services import add_order

    committal = committal_for(43, months=12)  # six months and one six-month extension
    case = detention_case(org["coordinator"], committal_on=committal)
    ordered_on = committal + timedelta(days=170)
    add_order(
        details_of(case),
        case,
        org["coordinator"],
        ordered_on=ordered_on,
        months=6,
        body="investigating_judge",
        today=local_today(),
    )
    docx, pdf, _missing = both_texts(case, "release_request", org["coordinator"])
    for text in (docx, pdf):
        assert (
            f"ordonnance du {long_date(ordered_on, 'fr')} (Juge d'instruction), pour six mois"
            in text
        )
        assert "quarante-trois jours (43 jours) au-delà" in text


def test_the_letter_to_the_judge_gives_the_limit_and_the_renewal_deadline(org):
    committal = committal_for(-20)  # the limit falls in 20 days: renewal due
    case = detention_case(org["paralegal"], committal_on=committal)
    limit = local_today() + timedelta(days=20)
    docx, pdf, missing = both_texts(case, "judge_letter", org["paralegal"])
    assert missing == []
    for text in (docx, pdf):
        assert f"cette détention prend fin le {long_date(limit, 'fr')}" in text
        assert f"rendue au plus tard le {long_date(limit, 'fr')}" in text
        assert f"({ARTICLE_127})" in text


def test_the_legal_aid_request_fits_any_case(org):
    case = make_case("litigation", by=org["paralegal"], full_name="Sœur Ɛmi Coulibaly")
    docx, pdf, missing = both_texts(case, "legal_aid_request", org["paralegal"])
    assert missing == ["person.region"]  # the person's region was not recorded
    for text in (docx, pdf):
        assert "Sœur Ɛmi Coulibaly" in text
        assert org["organisation"].name in text
        assert f"Âge {local_today().year - 1990} ans" in text
        assert f"ouvert le {long_date(case.opened_on, 'fr')}" in text
        assert "« à compléter »" in text  # the region, printed to fill in by hand


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        ("pv_conciliation", "la commission constate leur accord dans les termes suivants"),
        ("pv_non_conciliation", "ne sont pas parvenues à un accord"),
    ],
)
def test_the_pvs_name_the_commission_parties_sessions_and_signatures(
    org, commissions, code, sentence
):
    commission = commissions["COFO-MOP-SOCOURA"]
    case = make_land_case(
        org["paralegal"],
        commission=commission,
        parcel="Champ de mil",
        parties=[
            {
                "kind": "person",
                "full_name": "Hawa Kɔnɛ",
                "sex": "F",
                "role": "requesting",
                "phone": "",
            },
            {
                "kind": "person",
                "full_name": "Amadou Bocoum",
                "sex": "M",
                "role": "other",
                "phone": "",
            },
        ],
    )
    present = [party.id for party in dispute_of(case).parties]
    for held_on, minutes in (
        (date(2026, 4, 2), "Positions exposées."),
        (date(2026, 5, 1), "Accord sur la limite du karité."),
    ):
        record_session(
            case,
            org["paralegal"],
            SessionData(
                held_on=held_on,
                place="Mairie de Socoura",
                beneficiary_present=True,
                present_party_ids=present,
                attendance_total=6,
                attendance_women=2,
                attendance_youth=1,
                minutes=minutes,
            ),
            expected_version=case.version,
        )
    docx, pdf, missing = both_texts(case, code, org["paralegal"])
    assert missing == []
    for text in (docx, pdf):
        assert commission.name in text
        assert sentence in text
        assert "– Hawa Kɔnɛ, Partie requérante" in text or "Hawa Kɔnɛ, Requesting party" in text
        assert "séance du 2 avril 2026, à Mairie de Socoura" in text
        assert "séance du 1er mai 2026" in text
        assert AGREEMENT in text
        assert "Hawa Kɔnɛ (" in text and "Amadou Bocoum (" in text  # a signature line each
        assert "Le président" in text and "Le secrétaire" in text
    assert_complete(docx, pdf)


def test_the_referral_slip_needs_the_matching_consent(org):
    case = make_case(
        "gbv",
        by=org["paralegal"],
        full_name="Kadiatou Dembélé",
        details={
            "consent_health": True,
            "narrative": "Récit confidentiel de l'incident",
            "incident_date": date(2026, 11, 2),
        },
    )
    for refused in ("legal", "psychosocial"):
        with pytest.raises(GenerationRefused, match="consent"):
            draft(
                case,
                details_of(case),
                template("referral_slip"),
                by=org["paralegal"],
                sees_identity=True,
                on=local_today(),
                referral=Referral(refused, "Clinique juridique", ""),
            )
    docx, pdf, missing = both_texts(
        case,
        "referral_slip",
        org["paralegal"],
        referral=Referral("health", "CSRéf de Mopti", "Consultation dans les 72 heures."),
    )
    assert missing == []
    for text in (docx, pdf):
        assert "Service de référence : santé" in text
        assert "CSRéf de Mopti" in text and "Kadiatou Dembélé" in text
        assert "Date de l'incident 2 novembre 2026" in text
        assert "Récit confidentiel" not in text  # the narrative never leaves
    incident = db.session.scalar(select(GbvIncident).where(GbvIncident.case_id == case.id))
    assert incident.narrative == "Récit confidentiel de l'incident"
