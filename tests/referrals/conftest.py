"""Two organisations on the platform and a third, their people, and a helper that refers."""

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from legalaid.accounts.models import Organisation, OrganisationKind, User
from legalaid.cases.services import add_timeline_entry, details_of
from legalaid.extensions import db
from legalaid.permissions import load_case
from legalaid.reference.models import Region
from legalaid.referrals.models import OutsideService
from legalaid.referrals.services import ReferralData, send
from tests.builders import assign, make_case, make_organisation, make_user

CONSENTED_ON = date(2026, 11, 20)


@dataclass
class World:
    """A paralegal NGO (the sender), the bar association (the receiver), and a third."""

    ngo: Organisation
    bar: Organisation
    other: Organisation
    ngo_coordinator: User
    ngo_paralegal: User
    ngo_lawyer: User
    bar_coordinator: User
    bar_lawyer: User
    bar_paralegal: User
    other_coordinator: User


@pytest.fixture
def world(reference) -> World:
    """The people of three organisations (the `reference` regions and prisons loaded)."""
    ngo = make_organisation("ONG Deme So")
    bar = make_organisation("Barreau du Mali", OrganisationKind.BAR_ASSOCIATION)
    other = make_organisation("Association tierce")
    return World(
        ngo=ngo,
        bar=bar,
        other=other,
        ngo_coordinator=make_user("coordinator", organisation=ngo, full_name="Coord ONG"),
        ngo_paralegal=make_user("paralegal", organisation=ngo, full_name="Para ONG"),
        ngo_lawyer=make_user("lawyer", organisation=ngo, full_name="Avocat ONG"),
        bar_coordinator=make_user("coordinator", organisation=bar, full_name="Coord Barreau"),
        bar_lawyer=make_user("lawyer", organisation=bar, full_name="Maître Keïta"),
        bar_paralegal=make_user("paralegal", organisation=bar, full_name="Para Barreau"),
        other_coordinator=make_user("coordinator", organisation=other, full_name="Coord Tiers"),
    )


def refer(
    case,
    by: User,
    to: Organisation | None = None,
    *,
    service: str = "legal",
    mode: str = "referral",
    consent: bool = True,
    outside_id: int | None = None,
    urgency: str = "normal",
):
    """Send `case` through the service, as `by` sees it."""
    access = load_case(by, case.id)
    data = ReferralData(
        mode=mode,
        service=service,
        to_organisation_id=to.id if to is not None else None,
        outside_service_id=outside_id,
        urgency=urgency,
        reason="Besoin d'un avocat",
        message="Audience bientôt",
        consent_to_share=consent,
        consent_given_on=CONSENTED_ON if consent else None,
    )
    return send(access, details_of(case), data, by=by)


@pytest.fixture
def ngo_case(world: World):
    """A litigation case the NGO's paralegal took in."""
    return make_case("litigation", by=world.ngo_paralegal, full_name="Moussa Diarra")


@pytest.fixture
def gbv_case(world: World):
    """A GBV case of the NGO whose survivor consents to legal referrals only, with a narrative
    and a psychosocial note on its timeline that no receiver may read."""
    case = make_case(
        "gbv",
        by=world.ngo_paralegal,
        full_name="Aminata Coulibaly",
        details={"consent_legal": True, "narrative": "Récit confidentiel de l'incident"},
    )
    assign(case, world.ngo_paralegal)
    add_timeline_entry(case, world.ngo_paralegal, "Note psychosociale confidentielle")
    return case


@pytest.fixture
def outside(world: World):
    """A health centre outside the platform."""
    region = db.session.scalars(select(Region).order_by(Region.code)).first()
    service = OutsideService(name="CSRéf de Sévaré", service="health", region_id=region.id)
    db.session.add(service)
    db.session.commit()
    return service
