"""Account commands: create-org, create-user, create-first-admin, seed-demo."""

import pytest
from sqlalchemy import func, select

from legalaid.accounts.models import Organisation, User
from legalaid.auth.services import authenticate
from legalaid.extensions import db
from tests.builders import make_organisation
from tests.conftest import build_app


@pytest.fixture
def cli(app):
    """Run a `flask` command of the app; returns click's result."""
    runner = app.test_cli_runner()

    def invoke(*args, **kwargs):
        db.session.commit()
        result = runner.invoke(args=list(args), **kwargs)
        db.session.rollback()
        return result

    return invoke


def test_create_org_is_idempotent(cli):
    first = cli("create-org", "Barreau du Mali", "--kind", "bar_association")
    second = cli("create-org", "barreau du mali")
    assert first.exit_code == second.exit_code == 0
    assert "Organisation créée" in first.output and "déjà existante" in second.output
    assert db.session.scalar(select(func.count(Organisation.id))) == 1
    assert db.session.scalar(select(Organisation.kind)) == "bar_association"


def test_create_org_refuses_an_unknown_kind(cli):
    result = cli("create-org", "X", "--kind", "club")
    assert result.exit_code != 0


def test_create_user_reads_the_password_from_stdin(cli, reference):
    make_organisation("DEME SO")
    result = cli(
        "create-user",
        "Awa@Example.org",
        "--role",
        "paralegal",
        "--org",
        "DEME SO",
        input="une phrase de passe solide\n",
    )
    assert result.exit_code == 0, result.output
    assert "une phrase de passe solide" not in result.output
    user = authenticate("awa@example.org", "une phrase de passe solide")
    assert user is not None and user.must_change_password is False


def test_create_user_generates_a_password_when_none_is_given(cli, reference):
    result = cli("create-user", "admin2@example.org", "--role", "admin", input="")
    assert result.exit_code == 0, result.output
    password = result.output.split("une seule fois) : ")[1].strip()
    user = authenticate("admin2@example.org", password)
    assert user is not None and user.must_change_password is True


def test_create_user_for_a_prison_officer(cli, reference):
    make_organisation("Administration pénitentiaire")
    result = cli(
        "create-user",
        "regisseur@example.org",
        "--role",
        "prison_officer",
        "--org",
        "Administration pénitentiaire",
        "--prison",
        "MA-MOP",
        "--prison",
        "Maison d'arrêt de Bandiagara",
        input="",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "regisseur@example.org"))
    assert sorted(p.code for p in user.prisons) == ["MA-BDG", "MA-MOP"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "lawyer", "--org", "Nowhere"], "Organisation inconnue : Nowhere"),
        (
            ["--role", "prison_officer", "--org", "DEME SO", "--prison", "Atlantis"],
            "Prison inconnue : Atlantis",
        ),
        (["--role", "lawyer"], "appartient à une organisation"),
        (["--role", "wizard", "--org", "DEME SO"], "Invalid value for '--role'"),
    ],
)
def test_create_user_fails_clearly(cli, reference, args, message):
    make_organisation("DEME SO")
    result = cli("create-user", "x@example.org", *args, input="")
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_create_user_refuses_a_weak_password(cli, reference):
    make_organisation("DEME SO")
    result = cli(
        "create-user",
        "x@example.org",
        "--role",
        "lawyer",
        "--org",
        "DEME SO",
        input="motdepasse123\n",
    )
    assert result.exit_code != 0 and "trop courant" in result.output


def test_first_admin_is_created_once_with_a_printed_password(cli):
    first = cli("create-first-admin")
    assert first.exit_code == 0
    password = first.output.split("une seule fois) : ")[1].split()[0]
    admin = authenticate("admin@example.org", password)
    assert admin is not None and admin.role == "admin" and admin.must_change_password
    second = cli("create-first-admin")
    assert second.exit_code == 0 and second.output == ""
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_seed_demo_creates_one_user_per_role(cli, reference):
    result = cli("seed-demo")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 6
    for line in lines:
        role, email, password = line.split()
        user = authenticate(email, password)
        assert user is not None and user.role == role
    again = cli("seed-demo")
    assert again.exit_code == 0
    assert db.session.scalar(select(func.count(User.id))) == 6


def test_seed_demo_refuses_production(database_url, reference):
    production = build_app(database_url, ENV_NAME="production")
    db.session.commit()
    with production.app_context():  # commands run in the current app context
        result = production.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "production" in result.output
    assert db.session.scalar(select(func.count(User.id))) == 0
