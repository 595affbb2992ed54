"""`flask backup`, `flask restore FILE`, `flask purge-expired`: for the operator and cron."""

from pathlib import Path

import click
from flask import Flask, current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from legalaid.cases.documents import upload_folder
from legalaid.formutils import local_today
from legalaid.maintenance.services import (
    MaintenanceError,
    backup_database,
    backup_documents,
    check_documents,
    purge_expired,
    restore_database,
    restore_documents,
)
from legalaid.timeutils import utcnow


def default_backup_dir(app: Flask) -> Path:
    """BACKUP_DIR when set, else instance/backups/: next to the data, never under static/."""
    return Path(app.config.get("BACKUP_DIR") or Path(app.instance_path) / "backups")


@click.command("backup")
@click.option(
    "--to",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the backup (default: BACKUP_DIR, else instance/backups/).",
)
def backup_command(directory: Path | None) -> None:
    """Write a consistent copy of the database, then of the documents; print both paths."""
    directory = directory or default_backup_dir(current_app)
    now = utcnow()
    try:
        database = backup_database(
            current_app.config["SQLALCHEMY_DATABASE_URI"], directory, now=now
        )
        documents = backup_documents(upload_folder(), directory, now=now)
    except MaintenanceError as error:
        raise click.ClickException(str(error)) from None
    click.echo(str(database))
    click.echo(str(documents))


@click.command("restore")
@click.argument(
    "source", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--documents",
    "documents",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The documents archive written with the same backup (into an empty UPLOAD_FOLDER).",
)
def restore_command(source: Path, documents: Path | None) -> None:
    """Load a backup (and its documents) into an empty database; nothing if either is refused."""
    try:
        if documents:
            check_documents(documents, upload_folder())
        report = restore_database(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
        files = restore_documents(documents, upload_folder()) if documents else 0
    except MaintenanceError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        _(
            "Restored %(file)s into %(database)s: %(rows)d rows in %(tables)d tables.",
            file=source.name,
            database=report.database,
            rows=report.total_rows,
            tables=len(report.rows),
        )
    )
    for table, count in report.rows.items():
        if count:
            click.echo(f"  {table:<28} {count:>8}")
    if documents:
        click.echo(
            ngettext(
                "%(num)d document restored from %(file)s.",
                "%(num)d documents restored from %(file)s.",
                files,
                file=documents.name,
            )
        )


@click.command("purge-expired")
@click.option("--dry-run", is_flag=True, help="Count the beneficiaries, change nothing.")
def purge_expired_command(dry_run: bool) -> None:
    """Anonymise the beneficiaries whose cases all closed more than RETENTION_YEARS ago."""
    try:
        report = purge_expired(
            today=local_today(), years=current_app.config["RETENTION_YEARS"], dry_run=dry_run
        )
    except MaintenanceError as error:
        raise click.ClickException(str(error)) from None
    numbers = {"count": report.anonymised, "day": report.closed_before.isoformat()}
    if dry_run:
        click.echo(
            _(
                "%(count)d beneficiaries would be anonymised (all cases closed before %(day)s).",
                **numbers,
            )
        )
        return
    click.echo(
        _("%(count)d beneficiaries anonymised (all cases closed before %(day)s).", **numbers)
    )


def register(app: Flask) -> None:
    """Attach the maintenance commands to the app."""
    for command in (backup_command, restore_command, purge_expired_command):
        app.cli.add_command(command)
