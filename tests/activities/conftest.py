"""Fixtures for the activities: two organisations, their workers, a hand-counted data set."""
# ruff: noqa: E501 - the data set's rows stay one spreadsheet row a line, to be read as a table

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from legalaid.activities.importing import import_activities
from legalaid.activities.models import Activity
from legalaid.activities.services import add_recommendation
from legalaid.extensions import db
from tests.builders import make_organisation, make_user

PERIOD = (date(2026, 1, 1), date(2026, 6, 30))

# The hand-counted data set (figures worked out by hand in test_indicators.py). French column
# names and words for some rows, English for others, as spreadsheets come.
ACTIVITIES_CSV = """\
identifiant_externe,type,titre,organisme,date_de_debut,date_de_fin,région,commune,lieu,f_minor,f_youth,f_adult,f_unknown,m_minor,m_youth,m_adult,m_unknown
S1,Sensibilisation,Causerie sur les commissions foncières,ONG A,10/02/2026,11/02/2026,Mopti,Mopti,Sévaré,10,20,30,0,5,15,25,5
M1,radio,Émission sur la justice,ONG A,2026-03-01,,Ségou,Ségou,,,,,,,,12,
T1,formation,Formation des membres de CoFo,ONG A,05/04/2026,,Mopti,Mopti,,,,,,,,,
T2,training,Formation de rappel,ONG A,10/05/2026,12/05/2026,Ségou,Ségou,,,2,,,,,,
MM1,monitoring_mission,Mission à la chambre d'accusation,ONG A,01/06/2026,,Mopti,Mopti,Maison d'arrêt,,,,,,,3,
X1,sensitisation,Avant la période,ONG A,31/12/2025,,Mopti,,,,,100,,,,,
O1,community_engagement,Assemblée villageoise,ONG B,02/02/2026,,Kayes,,,,4,,,,,,
"""
ROSTER_CSV = """\
activity_external_id;nom_complet;sexe;annee_de_naissance;age;fonction;telephone;cofo
T1;Aminata Keïta;Femme;1990;;Présidente;;Commission foncière de Mopti
T1;Seydou Coulibaly;M;2000;;Secrétaire;;
T1;Moussa Traoré;H;;50;;;
T2;Aminata Keita;F;1990;;Présidente;;
T2;Seydou Kulibali;Homme;2000;;;;
T2;Fatoumata Diarra;F;;;;;
"""


@pytest.fixture
def orgs(reference):
    """Two partner organisations."""
    return make_organisation("ONG A"), make_organisation("ONG B")


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """The data set's two files."""
    activities, roster = tmp_path / "activites.csv", tmp_path / "participants.csv"
    activities.write_text(ACTIVITIES_CSV, encoding="utf-8")
    roster.write_text(ROSTER_CSV, encoding="utf-8")
    return activities, roster


@pytest.fixture
def dataset(orgs, files):
    """The hand-counted activities imported by an admin, and two recommendations on the
    mission (one pending, one implemented)."""
    from legalaid.land.services import seed_commissions

    seed_commissions()
    admin = make_user("admin", email="admin-activities@example.org")
    coordinator = make_user("coordinator", organisation=orgs[0])
    report = import_activities(files[0], roster_path=files[1], by_email=admin.email)
    assert (report.refused, report.errors) == ("", [])
    mission = db.session.scalar(select(Activity).where(Activity.external_id == "MM1"))
    add_recommendation(
        mission, "Juger les détenus au-delà du délai", "Procureur", "pending", coordinator
    )
    add_recommendation(mission, "Tenir le registre à jour", "Régisseur", "implemented", coordinator)
    return {"admin": admin, "coordinator": coordinator, "orgs": orgs, "report": report}
