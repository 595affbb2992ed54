"""Import of activities from a CSV or XLSX file, one row per activity, and their rosters from a
second file (or the workbook's second sheet). Checked whole first; nothing is written while a row
is in error; a row finds its activity again by (organisation, `external_id`), so importing the
same file twice creates nothing twice. A row's roster, when the file gives one, replaces the
activity's roster."""

from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from legalaid.accounts.models import Organisation, User
from legalaid.activities.models import GRID_COLUMNS, Activity, ActivityType
from legalaid.activities.services import ActivityData, ParticipantData, new_participant
from legalaid.audit.services import audit
from legalaid.cases.matching import fold
from legalaid.extensions import db
from legalaid.formutils import control_character, local_today, parse_date
from legalaid.imports.aliases import CodeWords
from legalaid.imports.columns import column_key
from legalaid.imports.reading import FileRefused, file_rows
from legalaid.imports.rows import RowError
from legalaid.land.models import LandCommission
from legalaid.reference.models import Region
from legalaid.roles import Role
from legalaid.unitofwork import unit_of_work

# column -> its French names (read folded, like the case import's).
COLUMNS: dict[str, tuple[str, ...]] = {
    "external_id": ("identifiant_externe", "id_externe"),
    "type": ("type_d_activite", "type_activite"),
    "title": ("titre", "intitule"),
    "organisation": ("organisme", "structure"),
    "start_on": ("date_de_debut", "debut", "date"),
    "end_on": ("date_de_fin", "fin"),
    "region": ("région",),
    "commune": ("commune",),
    "place": ("lieu",),
    "f_minor": ("femmes_mineures",),
    "f_youth": ("femmes_jeunes",),
    "f_adult": ("femmes_adultes",),
    "f_unknown": ("femmes_age_inconnu",),
    "m_minor": ("hommes_mineurs",),
    "m_youth": ("hommes_jeunes",),
    "m_adult": ("hommes_adultes",),
    "m_unknown": ("hommes_age_inconnu",),
}
ROSTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "activity_external_id": ("identifiant_activite", "id_activite"),
    "full_name": ("nom_complet", "nom_et_prenom", "nom"),
    "sex": ("sexe",),
    "birth_year": ("annee_de_naissance", "annee_naissance"),
    "age": ("âge",),
    "role": ("fonction", "qualite"),
    "phone": ("telephone",),
    "commission": ("commission_fonciere", "cofo"),
}
REQUIRED = ("external_id", "type", "title", "start_on")
ROSTER_REQUIRED = ("activity_external_id", "full_name", "sex")
TYPE_WORDS = CodeWords(
    {
        ActivityType.SENSITISATION: ("sensibilisation", "causerie"),
        ActivityType.TRAINING: ("formation",),
        ActivityType.COMMUNITY_ENGAGEMENT: ("engagement_communautaire", "activite_communautaire"),
        ActivityType.MONITORING_MISSION: ("mission_de_suivi", "mission_de_monitoring"),
        ActivityType.MEDIA: ("emission", "radio", "media"),
        ActivityType.OTHER: ("autre",),
    }
)
SEX_WORDS = CodeWords({"F": ("femme", "feminin"), "M": ("homme", "masculin", "h")})
MAX_COUNT = 1_000_000


@dataclass
class ActivityImportReport:
    """What an import did (or, dry, would do), and why it stopped if it did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    roster_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    refused: str = ""

    @property
    def error_rows(self) -> set[tuple[str, int]]:
        """The rows in error (of either file)."""
        return {(error.column, error.row) for error in self.errors}


def _positions(header: list[str], columns: dict[str, tuple[str, ...]]) -> dict[str, int]:
    names = {
        column_key(alias): column
        for column, aliases in columns.items()
        for alias in (column, *aliases)
    }
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        column = names.get(column_key(cell or ""))
        if column is not None:
            positions.setdefault(column, index)
    return positions


def _records(rows, columns: dict[str, tuple[str, ...]], required: tuple[str, ...]):
    """(row number, {column: text}) for each non-blank row; the header checked for `required`."""
    rows = iter(rows)
    header = next(rows, None)
    if header is None:
        raise FileRefused(_("The file is empty."))
    positions = _positions(header, columns)
    missing = [column for column in required if column not in positions]
    if missing:
        raise FileRefused(_("The file lacks the columns: %(columns)s", columns=", ".join(missing)))
    for number, cells in enumerate(rows, start=2):
        values = {
            column: (cells[index] if index < len(cells) else "").strip()
            for column, index in positions.items()
        }
        if any(values.values()):
            yield number, values


class _Row:
    """One row's cells, read with its errors recorded."""

    def __init__(self, number: int, values: dict[str, str], errors: list[RowError], sheet: str):
        self.line, self.values, self.errors, self.sheet = number, values, errors, sheet

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.line, f"{self.sheet}{column}", message))

    def text(self, column: str, *, required: bool = False, limit: int = 200) -> str:
        value = self.values.get(column, "")
        if control_character(value):
            self.error(column, _("This cell holds a control character."))
            return ""
        if value.startswith("="):
            self.error(column, _("A formula cannot be imported."))
            return ""
        if required and not value:
            self.error(column, _("This column is required."))
        if len(value) > limit:
            self.error(column, _("At most %(limit)s characters.", limit=limit))
        return value

    def day(self, column: str, *, required: bool = False):
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            parsed = parse_date(value.split(" ")[0].split("T")[0])
        except ValueError as error:
            self.error(column, str(error))
            return None
        if parsed > local_today():
            self.error(column, _("This date is in the future."))
        return parsed

    def number(self, column: str, low: int, high: int) -> int | None:
        value = self.text(column)
        if not value:
            return None
        if value.endswith(".0"):  # a spreadsheet's whole number
            value = value[:-2]
        if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
            self.error(column, _("A whole number from %(low)s to %(high)s.", low=low, high=high))
            return None
        return int(value)

    def code(self, column: str, words: CodeWords, *, required: bool = False):
        value = self.text(column, required=required)
        if not value:
            return None
        code = words.read(value)
        if code is None:
            self.error(column, _("Unknown value; accepted: %(values)s", values=words.allowed()))
        return code


@dataclass
class _Planned:
    number: int
    organisation_id: int
    external_id: str
    data: ActivityData
    roster: list[ParticipantData] | None = None


def _importer(email: str) -> User:
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not user.active or user.role not in (Role.ADMIN, Role.COORDINATOR):
        raise FileRefused(_("The importer must be an active admin or coordinator."))
    return user


def _organisation(name: str | None, by: User) -> Organisation | None:
    if not name:
        if by.role == Role.COORDINATOR:
            return by.organisation
        return None
    wanted = fold(name)
    found = next(
        (
            o
            for o in db.session.scalars(select(Organisation).where(Organisation.active))
            if fold(o.name) == wanted
        ),
        None,
    )
    if found is None:
        raise FileRefused(_("Unknown name: %(name)s", name=name))
    if by.role == Role.COORDINATOR and found.id != by.organisation_id:
        raise FileRefused(_("A coordinator imports for their own organisation only."))
    return found


def _plan(
    path: Path,
    roster_path: Path | None,
    organisation: Organisation | None,
    report: ActivityImportReport,
) -> list[_Planned]:
    max_bytes = current_app.config["IMPORT_MAX_BYTES"]
    organisations = {
        fold(o.name): o.id
        for o in db.session.scalars(select(Organisation).where(Organisation.active))
    }
    regions = {fold(name): id_ for id_, name in db.session.execute(select(Region.id, Region.name))}
    commissions = {}
    for id_, code, name in db.session.execute(
        select(LandCommission.id, LandCommission.code, LandCommission.name)
    ):
        commissions[fold(code)] = commissions[fold(name)] = id_
    planned: dict[str, _Planned] = {}
    required = REQUIRED if organisation is not None else (*REQUIRED, "organisation")
    for number, values in _records(file_rows(path, max_bytes), COLUMNS, required):
        row = _Row(number, values, report.errors, "")
        before = len(report.errors)
        external_id = row.text("external_id", required=True, limit=100)
        kind = row.code("type", TYPE_WORDS, required=True)
        title = row.text("title", required=True)
        start_on = row.day("start_on", required=True)
        end_on = row.day("end_on")
        if start_on and end_on and end_on < start_on:
            row.error("end_on", _("The last day comes before the first."))
        organisation_id = organisation.id if organisation is not None else None
        named = row.text("organisation")
        if named:
            named_id = organisations.get(fold(named))
            if named_id is None:
                row.error("organisation", _("Unknown name: %(name)s", name=named))
            elif organisation is not None and named_id != organisation.id:
                row.error("organisation", _("Not the organisation of this import."))
            organisation_id = named_id
        elif organisation is None:
            row.error("organisation", _("This column is required."))
        region_name = row.text("region")
        region_id = regions.get(fold(region_name)) if region_name else None
        if region_name and region_id is None:
            row.error("region", _("Unknown name: %(name)s", name=region_name))
        grid = {name: row.number(name, 0, MAX_COUNT) or 0 for name in GRID_COLUMNS}
        if external_id in planned:
            row.error("external_id", _("This external_id is already on an earlier row."))
        if len(report.errors) > before or organisation_id is None:
            continue
        planned[external_id] = _Planned(
            number,
            organisation_id,
            external_id,
            ActivityData(
                type=kind,
                title=title,
                start_on=start_on,
                end_on=end_on,
                region_id=region_id,
                commune=row.text("commune", limit=120),
                place=row.text("place"),
                grid=grid,
            ),
        )
    roster_rows = (
        file_rows(roster_path, max_bytes) if roster_path else file_rows(path, max_bytes, sheet=1)
    )
    try:
        records = list(_records(roster_rows, ROSTER_COLUMNS, ROSTER_REQUIRED))
    except FileRefused as refusal:
        if roster_path is None and str(refusal) == _("The file is empty."):
            records = []  # a workbook without a roster sheet
        else:
            raise
    for number, values in records:
        row = _Row(number, values, report.errors, _("roster") + ": ")
        before = len(report.errors)
        activity_id = row.text("activity_external_id", required=True, limit=100)
        name = row.text("full_name", required=True)
        sex = row.code("sex", SEX_WORDS, required=True)
        birth_year = row.number("birth_year", 1900, local_today().year)
        age = row.number("age", 0, 120)
        commission_name = row.text("commission")
        commission_id = commissions.get(fold(commission_name)) if commission_name else None
        if commission_name and commission_id is None:
            row.error("commission", _("Unknown name: %(name)s", name=commission_name))
        target = planned.get(activity_id)
        if target is None and activity_id:
            row.error("activity_external_id", _("No activity of the file has this external_id."))
        if len(report.errors) > before or target is None:
            continue
        target.roster = (target.roster or []) + [
            ParticipantData(
                full_name=name,
                sex=sex,
                birth_year=birth_year,
                age=age,
                role=row.text("role", limit=120),
                phone=row.text("phone", limit=40),
                commission_id=commission_id,
            )
        ]
        report.roster_rows += 1
    return list(planned.values())


def _roster_key(rows) -> list[tuple]:
    return sorted(
        (p.full_name, p.sex, p.birth_year, p.role, p.phone, p.commission_id) for p in rows
    )


def _settle(plans: list[_Planned], by: User, report: ActivityImportReport, *, write: bool) -> None:
    for plan in plans:
        activity = db.session.scalar(
            select(Activity).where(
                Activity.organisation_id == plan.organisation_id,
                Activity.external_id == plan.external_id,
            )
        )
        is_new = activity is None
        if is_new:
            activity = Activity(
                organisation_id=plan.organisation_id,
                external_id=plan.external_id,
                created_by_id=by.id,
            )
        values = plan.data.values()
        changed = [name for name, value in values.items() if getattr(activity, name) != value]
        roster = [new_participant(_dated(plan), p) for p in plan.roster or []]
        roster_changed = plan.roster is not None and _roster_key(roster) != _roster_key(
            activity.participants
        )
        if is_new:
            report.created += 1
        elif changed or roster_changed:
            report.updated += 1
        else:
            report.unchanged += 1
        if not write or not (is_new or changed or roster_changed):
            continue
        for name in changed:
            setattr(activity, name, values[name])
        if roster_changed:
            activity.participants = roster
        if is_new:
            db.session.add(activity)
        db.session.flush()
        audit(
            "activity_create" if is_new else "activity_update",
            by=by,
            obj=activity,
            details="import " + ", ".join(changed + (["roster"] if roster_changed else [])),
        )


def _dated(plan: _Planned) -> Activity:
    """A stand-in with the start date, to estimate birth years from ages before the activity
    exists."""
    return Activity(start_on=plan.data.start_on)


@unit_of_work()
def _write(plans: list[_Planned], by: User, roster_rows: int) -> ActivityImportReport:
    """Write every planned row in one transaction; what was done (a retry starts afresh)."""
    done = ActivityImportReport(roster_rows=roster_rows)
    _settle(plans, by, done, write=True)
    audit(
        "import_activities",
        by=by,
        details=f"{done.created} created, {done.updated} updated, {done.unchanged} unchanged",
    )
    return done


def import_activities(
    path: Path,
    *,
    roster_path: Path | None = None,
    organisation_name: str | None = None,
    by_email: str,
    dry_run: bool = False,
) -> ActivityImportReport:
    """Check the file (and its roster) whole, then, unless dry or in error, write it."""
    report = ActivityImportReport()
    try:
        by = _importer(by_email)
        organisation = _organisation(organisation_name, by)
        plans = _plan(path, roster_path, organisation, report)
    except FileRefused as refusal:
        report.refused = str(refusal)
        return report
    if report.errors or dry_run:
        _settle(plans, by, report, write=False)
        db.session.rollback()
        return report
    return _write(plans, by, report.roster_rows)


# The import template: one example activity of each way of counting, and a roster for the
# training; headed in French (the first French name of each column) or English (the codes).
EXAMPLE_ACTIVITIES = [
    {
        "external_id": "SENS-001",
        "type": ("sensitisation", "sensibilisation"),
        "title": ("Village talk on the land commissions", "Causerie sur les commissions foncières"),
        "start_on": "10/02/2026",
        "region": "Mopti",
        "commune": "Mopti",
        "place": "Sévaré",
        "f_youth": "40",
        "f_adult": "61",
        "m_youth": "35",
        "m_adult": "52",
    },
    {
        "external_id": "FORM-001",
        "type": ("training", "formation"),
        "title": ("Training of land commission members", "Formation des membres de CoFo"),
        "start_on": "05/03/2026",
        "end_on": "06/03/2026",
        "region": "Mopti",
        "commune": "Mopti",
    },
]
EXAMPLE_ROSTER = [
    {
        "activity_external_id": "FORM-001",
        "full_name": "Aminata Keïta",
        "sex": ("F", "femme"),
        "birth_year": "1990",
        "role": ("Chair", "Présidente"),
    },
    {
        "activity_external_id": "FORM-001",
        "full_name": "Seydou Coulibaly",
        "sex": ("M", "homme"),
        "age": "26",
        "commission": "Commission foncière de Mopti",
    },
]


def _template_rows(columns: dict[str, tuple[str, ...]], examples, french: bool, organisation):
    header = [aliases[0] if french and aliases else column for column, aliases in columns.items()]
    rows = [header]
    for example in examples:
        values = {**({"organisation": organisation} if organisation else {}), **example}
        row = []
        for column in columns:
            value = values.get(column, "")
            if isinstance(value, tuple):
                value = value[1] if french else value[0]
            row.append(value)
        rows.append(row)
    return rows


def template_sheets(language: str, organisation_name: str) -> list[tuple[str, list[list[str]]]]:
    """The template's sheets (activities, then rosters) as rows of text, header first."""
    french = language.startswith("fr")
    return [
        (
            "Activités" if french else "Activities",
            _template_rows(COLUMNS, EXAMPLE_ACTIVITIES, french, organisation_name),
        ),
        (
            "Participants",
            _template_rows(ROSTER_COLUMNS, EXAMPLE_ROSTER, french, ""),
        ),
    ]
