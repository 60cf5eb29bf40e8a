"""Import of open cases from a case-management system's CSV export (issue 3, item 7).

Every row is validated before anything is written, and one invalid row means nothing is
imported: a partial import would leave an organisation unsure which of its cases are in the
portal. People are matched on their identity number and registered when new; a row whose
case is already open at the unit with the same external case id is skipped, so an export
can be imported again.
"""

import contextlib
import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import IO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords
from simple_history.utils import update_change_reason

from coordination.identity import IdentityNumberError, parse_identity_number
from coordination.models import Case, CaseStatus, ExternalSystem, Individual, LegalBasis
from coordination.services.individuals import individual_create
from units.models import UNIT_ROLES, Membership, Organisation, Role, Unit, User
from units.selectors import organisation_list_for_user

COLUMNS = (
    "identity_number",
    "first_name",
    "last_name",
    "unit_code",
    "caseworker_username",
    "opened_on",
    "legal_bases",
    "external_system",
    "external_reference",
)
MAX_FILE_BYTES = 10 * 1024 * 1024
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_LIST_SEPARATORS = re.compile(r"[\s|]+")


@dataclass(frozen=True)
class ImportMessage:
    """A problem (or a skipped row) on one line of the file; line 1 is the header."""

    line: int
    message: str
    column: str = ""

    def __str__(self) -> str:
        where = _("Line %(line)d") % {"line": self.line}
        if self.column:
            where = f"{where} ({self.column})"
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    errors: list[ImportMessage] = field(default_factory=list)
    skipped: list[ImportMessage] = field(default_factory=list)
    cases_created: int = 0
    individuals_created: int = 0
    individuals_reused: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    line: int
    values: dict[str, str]
    number: str = ""
    unit: Unit | None = None
    caseworker: User | None = None
    opened_on: datetime.date | None = None
    legal_bases: list[str] = field(default_factory=list)
    external_system: str = ""
    skip: bool = False


class _RowWriteError(Exception):
    """A row failed while writing: everything written so far is undone."""

    def __init__(self, error: ImportMessage):
        super().__init__(error.message)
        self.error = error


def case_import_csv(*, actor: User, organisation: Organisation, file: IO) -> ImportResult:
    """Imports the open cases in a CSV export, all or nothing; `result.errors` says why not.

    Columns (a header row, UTF-8 with or without BOM, `;` or `,`): identity_number,
    first_name, last_name, unit_code, caseworker_username, opened_on (YYYY-MM-DD),
    legal_bases (separated by spaces or |), external_system, external_reference. Created
    rows record the actor as their history user, with the reason "Imported from <file>".
    """
    if not _administers(actor, organisation):
        raise PermissionDenied(_("Only an administrator of the organisation may import cases."))
    result = ImportResult()
    rows = _read_rows(file, result)
    if result.errors:
        return result
    _validate(rows, organisation, result)
    if result.errors:
        return result
    with translation.override(settings.LANGUAGE_CODE):
        # History is read by everyone, so it is written in the organisation's language.
        reason = _("Imported from %(name)s") % {"name": Path(getattr(file, "name", "")).name}
    try:
        with transaction.atomic(), _history_user(actor):
            _write(rows, actor=actor, reason=reason, result=result)
    except _RowWriteError as exc:
        return ImportResult(errors=[exc.error])
    return result


@transaction.atomic
def case_open_imported(
    *,
    actor: User,
    individual: Individual,
    unit: Unit,
    caseworker: User,
    opened_on: datetime.date,
    legal_bases: list[str],
    external_system: str,
    external_reference: str,
    reason: str = "",
) -> Case:
    """Opens an imported case with case_register's invariants (one open case per person and
    unit, the caseworker a member of the unit), without requiring the actor to work at the
    unit: the importer is the organisation's administrator, not a caseworker."""
    case = Case(
        individual=individual,
        unit=unit,
        caseworker=caseworker,
        status=CaseStatus.REGISTERED,
        opened_on=opened_on,
        legal_bases=legal_bases,
        external_system=external_system,
        external_reference=external_reference,
    )
    case.full_clean(validate_constraints=False)
    if not _works_at(caseworker, unit):
        raise ValidationError({"caseworker": _("The caseworker must belong to the unit.")})
    duplicate = _("%(unit)s already has an open case for this person.") % {"unit": unit}
    if Case.objects.filter(individual=individual, unit=unit).exclude(status="closed").exists():
        raise ValidationError({"__all__": duplicate})
    case._change_reason = reason
    case._history_user = actor
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        # Registered at the same moment by someone else (unique open case per unit).
        raise ValidationError({"__all__": duplicate}) from None
    return case


def _administers(actor: User, organisation: Organisation) -> bool:
    if actor.is_superuser:
        return True
    administered = organisation_list_for_user(user=actor, roles={Role.ADMINISTRATOR})
    return administered.filter(pk=organisation.pk).exists()


def _works_at(user: User, unit: Unit) -> bool:
    return Membership.objects.filter(
        user=user, unit=unit, role__in=UNIT_ROLES, is_active=True
    ).exists()


@contextlib.contextmanager
def _history_user(actor: User) -> Iterator[None]:
    """simple-history takes the user from the current request; a command has none.

    In the admin the request's user is the actor already; elsewhere (the management
    command) the actor stands in for the request while the import writes.
    """
    context = HistoricalRecords.context
    current = getattr(context, "request", None)
    if current is not None and getattr(current, "user", None) == actor:
        yield
        return
    context.request = SimpleNamespace(user=actor)
    try:
        yield
    finally:
        if current is None:
            del context.request
        else:
            context.request = current


def _read_rows(file: IO, result: ImportResult) -> list[_Row]:
    raw = file.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        result.errors.append(
            ImportMessage(
                1,
                _("The file is larger than %(size)d MB.") % {"size": MAX_FILE_BYTES // 2**20},
            )
        )
        return []
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            result.errors.append(ImportMessage(line, _("The file is not UTF-8 text.")))
            return []
    else:
        text = raw.removeprefix("\ufeff")
    header_line = text.split("\n", 1)[0]
    if not header_line.strip():
        result.errors.append(ImportMessage(1, _("The file is empty: a header row is needed.")))
        return []
    # The export's separator: Swedish spreadsheets write `;`, most systems `,`.
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader)]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        result.errors.append(
            ImportMessage(1, _("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)})
        )
        return []
    index = {name: header.index(name) for name in COLUMNS}
    rows = []
    line = reader.line_num
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                result.errors.append(
                    ImportMessage(
                        start,
                        _("Expected %(expected)d values, found %(found)d.")
                        % {"expected": len(header), "found": len(cells)},
                    )
                )
                continue
            values = {name: cells[i].strip() for name, i in index.items()}
            rows.append(_Row(line=start, values=values))
    except csv.Error as exc:
        result.errors.append(
            ImportMessage(line + 1, _("Unreadable CSV: %(error)s") % {"error": exc})
        )
    return rows


def _validate(rows: list[_Row], organisation: Organisation, result: ImportResult) -> None:
    """Checks every row, reading what it needs in a few set-based queries."""
    errors = result.errors

    def error(row: _Row, column: str, message: str) -> None:
        errors.append(ImportMessage(row.line, str(message), column))

    for row in rows:
        _validate_values(row, error)
    units = {
        unit.code: unit
        for unit in Unit.objects.filter(
            organisation=organisation, code__in={r.values["unit_code"] for r in rows}
        )
    }
    users = {
        user.username: user
        for user in User.objects.filter(
            username__in={r.values["caseworker_username"] for r in rows}, is_active=True
        )
    }
    works_at = set(
        Membership.objects.filter(
            user__in=users.values(), unit__in=units.values(), role__in=UNIT_ROLES, is_active=True
        ).values_list("user_id", "unit_id")
    )
    numbers = {r.number for r in rows if r.number}
    people = {i.identity_number: i for i in Individual.objects.filter(identity_number__in=numbers)}
    open_cases = {
        (number, unit_id): reference
        for number, unit_id, reference in Case.objects.filter(
            individual__identity_number__in=numbers, unit__in=units.values()
        )
        .exclude(status=CaseStatus.CLOSED)
        .values_list("individual__identity_number", "unit_id", "external_reference")
    }
    first_line_of: dict[str, _Row] = {}
    first_case_of: dict[tuple[str, int], _Row] = {}
    for row in rows:
        values = row.values
        row.unit = units.get(values["unit_code"])
        if row.unit is None:
            error(
                row,
                "unit_code",
                _("%(organisation)s has no unit with the code %(code)s.")
                % {"organisation": organisation, "code": values["unit_code"]},
            )
        elif not row.unit.is_active:
            error(row, "unit_code", _("The unit %(unit)s is not active.") % {"unit": row.unit})
        row.caseworker = users.get(values["caseworker_username"])
        if row.caseworker is None:
            error(
                row,
                "caseworker_username",
                _("No active user with the username %(username)s.")
                % {"username": values["caseworker_username"]},
            )
        elif row.unit is not None and (row.caseworker.pk, row.unit.pk) not in works_at:
            error(
                row,
                "caseworker_username",
                _("%(user)s has no role at %(unit)s.")
                % {"user": values["caseworker_username"], "unit": row.unit},
            )
        if not row.number:
            continue
        name = (values["first_name"].casefold(), values["last_name"].casefold())
        existing = people.get(row.number)
        if existing is not None and name != (
            existing.first_name.casefold(),
            existing.last_name.casefold(),
        ):
            # A wrong digit would attach the case to someone else: the names must agree.
            error(
                row,
                "identity_number",
                _("The number belongs to a registered person with another name."),
            )
        earlier = first_line_of.setdefault(row.number, row)
        if earlier is not row and name != (
            earlier.values["first_name"].casefold(),
            earlier.values["last_name"].casefold(),
        ):
            error(
                row,
                "identity_number",
                _("Line %(line)d has the same number with another name.") % {"line": earlier.line},
            )
        if row.unit is None:
            continue
        key = (row.number, row.unit.pk)
        earlier_case = first_case_of.setdefault(key, row)
        if earlier_case is not row:
            error(
                row,
                "unit_code",
                _("Line %(line)d already opens a case for this person at %(unit)s.")
                % {"line": earlier_case.line, "unit": row.unit},
            )
        elif key in open_cases:
            if open_cases[key] == values["external_reference"]:
                row.skip = True
                result.skipped.append(
                    ImportMessage(
                        row.line,
                        _("Already imported: the case is open at %(unit)s.") % {"unit": row.unit},
                    )
                )
            else:
                error(
                    row,
                    "external_reference",
                    _("%(unit)s already has an open case for this person.") % {"unit": row.unit},
                )
    errors.sort(key=lambda e: e.line)


def _validate_values(row: _Row, error) -> None:
    """The row's own values, without the database."""
    values = row.values
    if not values["identity_number"]:
        error(row, "identity_number", _("This field is required."))
    else:
        try:
            row.number = parse_identity_number(values["identity_number"]).canonical
        except IdentityNumberError as exc:
            error(row, "identity_number", exc.message)
    person = Individual(
        identity_number=row.number or None,
        first_name=values["first_name"],
        last_name=values["last_name"],
    )
    _model_errors(
        row, person, error, only={"first_name", "last_name"}, exclude=["birth_date", "household"]
    )
    if not _DATE.fullmatch(values["opened_on"]):
        error(row, "opened_on", _("Write the date as YYYY-MM-DD."))
    else:
        try:
            row.opened_on = datetime.date.fromisoformat(values["opened_on"])
        except ValueError:
            error(row, "opened_on", _("The date does not exist."))
        else:
            if row.opened_on > timezone.localdate():
                error(row, "opened_on", _("The date is in the future."))
    given = [v.lower() for v in _LIST_SEPARATORS.split(values["legal_bases"]) if v]
    unknown = [v for v in given if v not in LegalBasis.values]
    if unknown:
        error(
            row,
            "legal_bases",
            _("Unknown legal basis %(values)s; use %(choices)s.")
            % {"values": ", ".join(unknown), "choices": ", ".join(LegalBasis.values)},
        )
    row.legal_bases = [v for v in LegalBasis.values if v in given]
    row.external_system = values["external_system"].lower()
    if row.external_system and row.external_system not in ExternalSystem.values:
        error(
            row,
            "external_system",
            _("Unknown case-management system %(value)s; use %(choices)s.")
            % {"value": values["external_system"], "choices": ", ".join(ExternalSystem.values)},
        )
        return
    case = Case(
        opened_on=row.opened_on or timezone.localdate(),
        legal_bases=row.legal_bases,
        external_system=row.external_system,
        external_reference=values["external_reference"],
    )
    _model_errors(
        row,
        case,
        error,
        only={"external_system", "external_reference"},
        exclude=["individual", "unit", "caseworker"],
    )


def _model_errors(row: _Row, instance, error, *, only: set[str], exclude: list[str]) -> None:
    """The model's own checks (lengths, blanks, clean()), reported on the row's columns."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if name in only:
                for message in messages:
                    error(row, name, message)


def _write(rows: list[_Row], *, actor: User, reason: str, result: ImportResult) -> None:
    people = {
        i.identity_number: i
        for i in Individual.objects.filter(identity_number__in={r.number for r in rows})
    }
    reused = set(people)
    for row in rows:
        if row.skip:
            continue
        try:
            individual = people.get(row.number)
            if individual is None:
                individual = individual_create(
                    first_name=row.values["first_name"],
                    last_name=row.values["last_name"],
                    identity_number=row.number,
                    registered_by_unit=row.unit,
                )
                update_change_reason(individual, reason)
                people[row.number] = individual
                result.individuals_created += 1
            case_open_imported(
                actor=actor,
                individual=individual,
                unit=row.unit,
                caseworker=row.caseworker,
                opened_on=row.opened_on,
                legal_bases=row.legal_bases,
                external_system=row.external_system,
                external_reference=row.values["external_reference"],
                reason=reason,
            )
        except ValidationError as exc:
            raise _RowWriteError(ImportMessage(row.line, " ".join(exc.messages))) from None
        result.cases_created += 1
    result.individuals_reused = len(reused & {r.number for r in rows if not r.skip})
