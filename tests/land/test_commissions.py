"""The land commissions' admin pages: list, add, correct, deactivate (admins only, audited)."""

import pytest
from sqlalchemy import select

from legalaid.audit.models import AuditEntry
from legalaid.extensions import db
from legalaid.land.models import LandCommission
from legalaid.reference.models import Region

PAGES = ("/admin/land-commissions", "/admin/land-commissions/new")


@pytest.mark.parametrize("role", ["coordinator", "lawyer", "paralegal", "prison_officer", "viewer"])
def test_only_admins_manage_commissions(login_as, commissions, role):
    client = login_as(role)
    konna = commissions["COFO-MOP-KONNA"]
    for page in (*PAGES, f"/admin/land-commissions/{konna.id}"):
        assert client.get(page).status_code == 403
    assert client.post(f"/admin/land-commissions/{konna.id}/deactivate").status_code == 403
    db.session.refresh(konna)
    assert konna.active


def test_the_list_shows_every_commission(login_as, commissions):
    page = login_as("admin").get("/admin/land-commissions").text
    assert "Commission foncière de Gourma-Rharous" in page
    assert "COFO-TBT-GOURMA-RHAROUS" in page
    assert page.count("/deactivate") == len(commissions)


def test_an_admin_adds_a_village_commission(login_as, commissions):
    mopti = db.session.scalar(select(Region.id).where(Region.code == "MOP"))
    response = login_as("admin").post(
        "/admin/land-commissions/new",
        data={
            "code": "cofov-mop-sio",
            "name": "Commission foncière villageoise de Sio",
            "level": "village",
            "commune": "Sio",
            "region_id": mopti,
        },
    )
    assert response.status_code == 302
    added = db.session.scalars(
        select(LandCommission).where(LandCommission.code == "COFOV-MOP-SIO")
    ).one()
    assert (added.name, added.level, added.commune, added.active) == (
        "Commission foncière villageoise de Sio",
        "village",
        "Sio",
        True,
    )
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "land_commission_create")
    ).one()
    assert (entry.object_id, entry.details) == (added.id, "COFOV-MOP-SIO")


def test_an_admin_corrects_a_commission_but_not_into_a_twin(login_as, commissions):
    konna = commissions["COFO-MOP-KONNA"]
    client = login_as("admin")
    form = {
        "code": konna.code,
        "name": "Commission foncière de Mopti",  # taken
        "level": "commune",
        "commune": "Konna",
        "region_id": konna.region_id,
    }
    refused = client.post(f"/admin/land-commissions/{konna.id}", data=form)
    assert refused.status_code == 400
    response = client.post(
        f"/admin/land-commissions/{konna.id}",
        data={**form, "name": "Commission foncière communale de Konna"},
    )
    assert response.status_code == 302
    db.session.refresh(konna)
    assert konna.name == "Commission foncière communale de Konna"
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "land_commission_update")
    ).one()
    assert entry.details == "name"


def test_an_admin_deactivates_a_commission(login_as, commissions):
    konna = commissions["COFO-MOP-KONNA"]
    response = login_as("admin").post(f"/admin/land-commissions/{konna.id}/deactivate")
    assert response.status_code == 302
    db.session.refresh(konna)
    assert not konna.active
    assert (
        db.session.scalar(
            select(AuditEntry.details).where(AuditEntry.action == "land_commission_deactivate")
        )
        == "COFO-MOP-KONNA"
    )


def test_an_unknown_commission_is_not_found(login_as, commissions):
    client = login_as("admin")
    assert client.get("/admin/land-commissions/999999").status_code == 404
    assert client.post("/admin/land-commissions/999999/deactivate").status_code == 404


def test_the_reference_data_page_links_each_kinds_admin_pages(login_as, commissions):
    page = login_as("admin").get("/reference/").text
    assert 'href="/admin/land-commissions">Commissions foncières</a>' in page
    assert 'href="/admin/detention-rules">Règles de détention</a>' in page
