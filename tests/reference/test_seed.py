"""Reference data seeding."""

import pytest
from sqlalchemy import func, select

from legalaid.extensions import db
from legalaid.reference.models import Court, Prison, Region
from legalaid.reference.services import seed_reference_data


def snapshot():
    return {
        model.__tablename__: sorted(
            tuple(getattr(row, column.key) for column in model.__table__.columns)
            for row in db.session.scalars(select(model))
        )
        for model in (Region, Court, Prison)
    }


@pytest.mark.usefixtures("empty_database")
def test_seed_loads_mali_reference_data():
    report = seed_reference_data()
    assert report.created == {"regions": 20, "courts": 16, "prisons": 18, "detention_rules": 4}
    names = set(db.session.scalars(select(Region.name)))
    assert {"District de Bamako", "Taoudénit", "Ménaka", "Dioïla", "Nioro", "San"} <= names
    mopti = db.session.scalar(select(Prison).where(Prison.code == "MA-MOP"))
    assert mopti.name == "Maison d'arrêt de Mopti" and mopti.region.name == "Mopti"
    bolle = db.session.scalar(select(Prison).where(Prison.code == "CD-BOL"))
    assert bolle.for_women_and_minors and bolle.region.name == "District de Bamako"
    pole = db.session.scalar(select(Court).where(Court.kind == "specialised_pole"))
    assert "Commune VI" in pole.name
    assert db.session.scalar(select(func.count(Court.id)).where(Court.kind == "high_court")) == 12


def test_seed_is_idempotent():
    seed_reference_data()
    before = snapshot()
    report = seed_reference_data()
    assert not report.changed
    assert report.created == {"regions": 0, "courts": 0, "prisons": 0, "detention_rules": 0}
    assert snapshot() == before


def test_seed_corrects_an_edited_row_and_keeps_ids():
    seed_reference_data()
    prison = db.session.scalar(select(Prison).where(Prison.code == "MA-MOP"))
    prison_id = prison.id
    prison.name = "Typo"
    db.session.commit()
    report = seed_reference_data()
    assert report.updated["prisons"] == 1
    assert db.session.get(Prison, prison_id).name == "Maison d'arrêt de Mopti"


@pytest.mark.usefixtures("empty_database")
def test_seed_command(app):
    result = app.test_cli_runner().invoke(args=["seed-reference"])
    assert result.exit_code == 0
    assert "prisons : 18 créé(s), 0 mis à jour" in result.output
    assert "Détention provisoire : 0 créé(s)" in result.output
