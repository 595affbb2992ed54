"""Account commands: organisations, users, the first administrator, demo data."""

import sys

import click
from flask import Flask, current_app
from flask_babel import gettext as _

from legalaid.accounts.models import OrganisationKind
from legalaid.accounts.services import (
    AccountError,
    create_first_admin,
    create_user,
    ensure_organisation,
    find_organisation,
    find_prison,
    seed_demo,
)
from legalaid.auth.passwords import password_problem
from legalaid.roles import Role


@click.command("create-org")
@click.argument("name")
@click.option(
    "--kind",
    type=click.Choice([kind.value for kind in OrganisationKind]),
    default=OrganisationKind.NGO.value,
    show_default=True,
)
def create_org_command(name: str, kind: str) -> None:
    """Create an organisation unless it exists already."""
    organisation, created = ensure_organisation(name, kind)
    if created:
        click.echo(_("Organisation created: %(name)s", name=organisation.name))
    else:
        click.echo(_("Organisation already exists: %(name)s", name=organisation.name))


def _read_password() -> str | None:
    """The password from standard input (prompted on a terminal); None to generate one."""
    if sys.stdin.isatty():
        return (
            click.prompt(
                _("Password (leave empty to generate one)"),
                hide_input=True,
                confirmation_prompt=True,
                default="",
                show_default=False,
            )
            or None
        )
    return sys.stdin.readline().rstrip("\r\n") or None


@click.command("create-user")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option("--org", "org_name", help="Organisation name (not needed for admin).")
@click.option("--prison", "prison_names", multiple=True, help="Prison name or code (officers).")
@click.option("--name", "full_name", help="Full name (defaults to the email).")
@click.option("--phone")
def create_user_command(
    email: str,
    role: str,
    org_name: str | None,
    prison_names: tuple[str, ...],
    full_name: str | None,
    phone: str | None,
) -> None:
    """Create an account; the password is read from standard input or generated."""
    organisation = None
    if org_name:
        organisation = find_organisation(org_name)
        if organisation is None:
            raise click.ClickException(_("Unknown organisation: %(name)s", name=org_name))
    prisons = []
    for prison_name in prison_names:
        prison = find_prison(prison_name)
        if prison is None:
            raise click.ClickException(_("Unknown prison: %(name)s", name=prison_name))
        prisons.append(prison)
    password = _read_password()
    problem = password_problem(password) if password is not None else None
    if problem:
        raise click.ClickException(problem)
    try:
        account = create_user(
            email=email,
            full_name=full_name or email,
            role=role,
            organisation=organisation,
            prisons=prisons,
            phone=phone,
            password=password,
            must_change_password=password is None,
        )
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(_("User created: %(email)s (%(role)s)", email=account.user.email, role=role))
    if password is None:
        click.echo(_("Password (shown once): %(password)s", password=account.password))


@click.command("create-first-admin")
def create_first_admin_command() -> None:
    """On an empty database, create the administrator and print its password once."""
    account = create_first_admin(current_app.config["ADMIN_EMAIL"])
    if account is None:
        return
    click.echo("=" * 60)
    click.echo(_("First administrator account created."))
    click.echo(_("Email: %(email)s", email=account.user.email))
    click.echo(_("Password (shown once): %(password)s", password=account.password))
    click.echo(_("You will be asked to change it at first login."))
    click.echo("=" * 60)


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Demo organisations and one user per role, with their passwords (not in production)."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException(_("seed-demo refuses to run in production."))
    try:
        accounts = seed_demo()
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    for account in accounts:
        click.echo(f"{account.user.role:<15} {account.user.email:<45} {account.password}")


def register(app: Flask) -> None:
    """Attach the account commands to the app."""
    for command in (
        create_org_command,
        create_user_command,
        create_first_admin_command,
        seed_demo_command,
    ):
        app.cli.add_command(command)
