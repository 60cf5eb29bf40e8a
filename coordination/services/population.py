"""Synthetic load data: individuals with families and cases, written set-based (issue 3, item 9).

Everything here is load data for benchmarks, never a record about a real person, so it
bypasses the one-choke-point services on purpose: rows go in by PostgreSQL's COPY (or
`bulk_create` on SQLite), without `full_clean()` per row and without simple-history rows.
A history row says who changed a real record; generated rows were changed by nobody, and
writing 4-5 million history rows would double the load time for no reader.

Identity numbers are built so that they cannot belong to anyone: every birth date lies in
1800-1829. Skatteverket has assigned personal identity numbers only since 1947, to people
alive and registered, and nobody born before 1830 was alive in 1947 (117 years or more),
nor can anyone born then be registered later. The serial (födelsenummer) runs 001-999 and
the last digit is the Luhn check digit, so every number passes
`coordination.identity.parse_identity_number`. A serial range alone (980-999, say) gives no
such guarantee: before 1990 serials starting with 9 went to people born abroad.
"""

import datetime
import io
import json
import math
import queue
import random
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Max, Model
from django.db.models.functions import Substr
from django.utils import timezone

from coordination.identity import _luhn_check_digit
from coordination.models import (
    Case,
    CaseMatter,
    CaseStatus,
    Household,
    Individual,
    LegalBasis,
    ProtectedIdentity,
    Relation,
    RelationKind,
)
from units.models import Membership, Organisation, Role, Unit, User

FIRST_BIRTH_DATE = datetime.date(1800, 1, 1)
LAST_BIRTH_DATE = datetime.date(1829, 12, 31)
# The lowest and the first excluded 12-digit number of the synthetic range, for range filters.
NUMBER_RANGE = ("18000101", "18300101")
DATE_COUNT = (LAST_BIRTH_DATE - FIRST_BIRTH_DATE).days + 1
SERIAL_COUNT = 999
CAPACITY = DATE_COUNT * SERIAL_COUNT
# A prime that does not divide DATE_COUNT: consecutive people get scattered birth dates.
_DATE_STRIDE = 7919

# Swedish households: about a third live alone (SCB); sizes above 6 are left out.
HOUSEHOLD_SIZES = (1, 2, 3, 4, 5, 6)
HOUSEHOLD_WEIGHTS = (38, 28, 14, 13, 5, 2)
TWO_ADULT_SHARE = 0.7
CLOSED_SHARE = 0.4
PROTECTED_SHARE = 0.01
CASES_PER_CASEWORKER = 50
OPEN_STATUSES = (
    CaseStatus.REGISTERED.value,
    CaseStatus.PRELIMINARY_ASSESSMENT.value,
    CaseStatus.INVESTIGATION.value,
    CaseStatus.INTERVENTION.value,
)
LEGAL_BASES = (
    [LegalBasis.SOL.value],
    [LegalBasis.SOL.value],
    [LegalBasis.SOL.value],
    [LegalBasis.LSS.value],
    [LegalBasis.SOL.value, LegalBasis.LVU.value],
    [],
)
# Names contain no tab, newline or backslash: COPY's text format needs no escaping for them.
FEMALE_NAMES = (
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kerstin", "Ingrid", "Malin",
    "Linnea", "Elsa", "Maja", "Astrid", "Alice", "Ella", "Wilma", "Ebba", "Saga", "Alma",
)  # fmt: skip
MALE_NAMES = (
    "Lars", "Mikael", "Anders", "Johan", "Erik", "Per", "Karl", "Peter", "Jan", "Thomas",
    "Lucas", "Liam", "William", "Elias", "Noah", "Hugo", "Oliver", "Oscar", "Adam", "Nils",
)  # fmt: skip
LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson",
    "Bengtsson", "Lindberg", "Jakobsson", "Magnusson", "Lindström", "Olofsson", "Lindqvist",
    "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Mattsson",
    "Berglund",
)  # fmt: skip


class PopulationExistsError(Exception):
    """The organisation has generated data already and `append` was not asked for."""


@dataclass
class PopulationResult:
    """What one run wrote, and how long each table's writes took."""

    individuals: int = 0
    households: int = 0
    relations: int = 0
    cases: int = 0
    open_cases: int = 0
    caseworkers: int = 0
    seconds: float = 0.0
    write_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return (
            self.individuals + self.households + self.relations + self.cases
            + 2 * self.caseworkers
        )  # fmt: skip


def synthetic_identity_number(index: int) -> tuple[str, datetime.date]:
    """The `index`th number of the synthetic range (12 digits) and its birth date."""
    if not 0 <= index < CAPACITY:
        raise ValueError(f"index {index} is outside the synthetic range (0-{CAPACITY - 1})")
    birth_date = FIRST_BIRTH_DATE + datetime.timedelta(days=(index * _DATE_STRIDE) % DATE_COUNT)
    nine = f"{birth_date:%y%m%d}{index // DATE_COUNT + 1:03d}"
    return f"{birth_date.year}{nine[2:]}{_luhn_check_digit(nine)}", birth_date


def generated_population_exists(*, organisation: Organisation) -> bool:
    """Whether individuals with synthetic numbers are registered by the organisation's units."""
    return Individual.objects.filter(
        identity_number__gte=NUMBER_RANGE[0],
        identity_number__lt=NUMBER_RANGE[1],
        registered_by_unit__organisation=organisation,
    ).exists()


def population_generate(
    *,
    organisation: Organisation,
    individuals: int,
    seed: int = 1,
    cases_per_individual: int = 3,
    append: bool = False,
    batch_size: int = 50_000,
    progress: Callable[[str], None] | None = None,
) -> PopulationResult:
    """Writes `individuals` people in households of 1-6, their relations and cases; atomic.

    Every case's caseworker is a generated member of the case's unit; at most one case per
    person and unit is open (the unique constraint), the rest are closed. On PostgreSQL the
    tables are analysed afterwards so that the planner sees the new sizes at once.
    """
    started = time.perf_counter()
    report = progress or (lambda message: None)
    units = list(Unit.objects.filter(organisation=organisation, is_active=True).order_by("pk"))
    if not units:
        raise ValueError(f"{organisation.code} has no active units to hold cases.")
    if individuals < 1:
        raise ValueError("Generate at least one individual.")
    with transaction.atomic():
        writer = _writer_for_connection()
        writer.lock()
        if not append and generated_population_exists(organisation=organisation):
            raise PopulationExistsError(
                f"{organisation.code} already has generated individuals; use --append to add "
                f"more, or load into a fresh database."
            )
        first_index = _next_free_index()
        if first_index + individuals > CAPACITY:
            raise ValueError(
                f"The synthetic range holds {CAPACITY} numbers; {first_index} are taken."
            )
        # Reproducible load data from a seed, not secrets: a plain PRNG is what is wanted.
        rng = random.Random(seed)  # noqa: S311
        result = PopulationResult(write_seconds=dict.fromkeys(writer.TABLES, 0.0))
        caseworkers = _caseworkers_create(
            writer=writer,
            organisation=organisation,
            units=units,
            expected_cases=individuals * cases_per_individual,
            run_tag=first_index // DATE_COUNT + 1,
            rng=rng,
            result=result,
        )
        report(f"{result.caseworkers} caseworkers at {len(units)} units")
        first_ids = {
            model: writer.reserve(model) for model in (Household, Individual, Relation, Case)
        }
        batches = _population_rows(
            encode=writer.encode,
            first_ids=first_ids,
            units=units,
            caseworkers=caseworkers,
            first_index=first_index,
            count=individuals,
            cases_per_individual=cases_per_individual,
            rng=rng,
            batch_size=batch_size,
            result=result,
        )
        # Python builds and encodes the next batch while PostgreSQL loads this one.
        for batch in _in_background(batches):
            for model, payload, row_count in batch:
                writer.write(model, payload, row_count, result)
            report(f"{result.individuals} individuals, {result.cases} cases")
        writer.finish()
    writer.analyse()
    result.seconds = time.perf_counter() - started
    return result


def _next_free_index() -> int:
    """The first index of a fresh serial block above every synthetic number in use."""
    highest = Individual.objects.filter(
        identity_number__gte=NUMBER_RANGE[0], identity_number__lt=NUMBER_RANGE[1]
    ).aggregate(serial=Max(Substr("identity_number", 9, 3)))["serial"]
    return int(highest) * DATE_COUNT if highest else 0


def _caseworkers_create(
    *,
    writer: "_Writer",
    organisation: Organisation,
    units: list[Unit],
    expected_cases: int,
    run_tag: int,
    rng: random.Random,
    result: PopulationResult,
) -> dict[int, list[int]]:
    """Caseworker users with a caseworker membership at each unit, about 50 cases each."""
    per_unit = max(1, math.ceil(expected_cases / len(units) / CASES_PER_CASEWORKER))
    now = timezone.now()
    users, memberships = [], []
    caseworkers: dict[int, list[int]] = {}
    user_id = writer.reserve(User)
    membership_id = writer.reserve(Membership)
    for unit in units:
        caseworkers[unit.pk] = []
        for number in range(1, per_unit + 1):
            username = f"gen-{organisation.code}-{unit.code}-{run_tag}-{number}"[:150]
            female = rng.random() < 0.75
            users.append(
                (
                    user_id,
                    # "!" marks an unusable password, as Django's set_unusable_password does.
                    "!" + secrets.token_urlsafe(30),
                    None,
                    False,
                    username,
                    rng.choice(FEMALE_NAMES if female else MALE_NAMES),
                    rng.choice(LAST_NAMES),
                    f"{username}@example.invalid",
                    False,
                    True,
                    now,
                    "Socialsekreterare",
                    unit.phone,
                )
            )
            memberships.append(
                (
                    membership_id,
                    user_id,
                    organisation.pk,
                    unit.department_id,
                    unit.pk,
                    Role.CASEWORKER.value,
                    True,
                )
            )
            caseworkers[unit.pk].append(user_id)
            user_id += 1
            membership_id += 1
    writer.write(User, writer.encode(User, users), len(users), result)
    writer.write(Membership, writer.encode(Membership, memberships), len(memberships), result)
    result.caseworkers = len(users)
    return caseworkers


def _population_rows(
    *,
    encode: Callable[[type[Model], list[tuple]], object],
    first_ids: dict[type[Model], int],
    units: list[Unit],
    caseworkers: dict[int, list[int]],
    first_index: int,
    count: int,
    cases_per_individual: int,
    rng: random.Random,
    batch_size: int,
    result: PopulationResult,
) -> Iterator[list[tuple[type[Model], object, int]]]:
    """Encoded batches in foreign-key order: households, individuals, relations, cases.

    Pure Python without database access, so that it can run in a thread of its own.
    """
    now = timezone.now()
    today = timezone.localdate()
    unit_ids = [unit.pk for unit in units]
    individual_id, household_id = first_ids[Individual], first_ids[Household]
    relation_id, case_id = first_ids[Relation], first_ids[Case]
    index, end = first_index, first_index + count
    households, people, relations, cases = [], [], [], []
    while index < end:
        size = min(rng.choices(HOUSEHOLD_SIZES, HOUSEHOLD_WEIGHTS)[0], end - index)
        members = sorted(
            (synthetic_identity_number(i) for i in range(index, index + size)),
            key=lambda number: number[1],
        )
        index += size
        last_name = rng.choice(LAST_NAMES)
        this_household = None
        if size > 1:
            this_household = household_id
            households.append((household_id, f"Hushåll {last_name}", now))
            household_id += 1
        adults = 1 if size == 1 or rng.random() >= TWO_ADULT_SHARE else 2
        ids = list(range(individual_id, individual_id + size))
        individual_id += size
        for person_id, (number, birth_date) in zip(ids, members, strict=True):
            female = int(number[10]) % 2 == 0
            people.append(
                (
                    person_id,
                    number,
                    rng.choice(FEMALE_NAMES if female else MALE_NAMES),
                    last_name,
                    birth_date,
                    ProtectedIdentity.CONFIDENTIALITY_MARKING.value
                    if rng.random() < PROTECTED_SHARE
                    else ProtectedIdentity.NONE.value,
                    "",
                    "",
                    "",
                    this_household,
                    rng.choice(unit_ids),
                    now,
                )
            )
            open_units: set[int] = set()
            for _ in range(rng.randint(0, 2 * cases_per_individual)):
                unit_id = rng.choice(unit_ids)
                opened_on = today - datetime.timedelta(days=rng.randint(0, 3650))
                closed = unit_id in open_units or rng.random() < CLOSED_SHARE
                if closed:
                    closed_on = min(today, opened_on + datetime.timedelta(rng.randint(1, 700)))
                else:
                    open_units.add(unit_id)
                    closed_on = None
                cases.append(
                    (
                        case_id,
                        person_id,
                        unit_id,
                        rng.choice(caseworkers[unit_id]),
                        CaseStatus.CLOSED.value if closed else rng.choice(OPEN_STATUSES),
                        opened_on,
                        closed_on,
                        rng.choice(LEGAL_BASES),
                        "",
                        "",
                        "",
                        None,
                        None,
                        now,
                        CaseMatter.GENERAL.value,
                    )
                )
                case_id += 1
                result.open_cases += not closed
        family = []
        if adults == 2:
            family.append((ids[0], ids[1], RelationKind.PARTNER_OF.value))
        family.extend(
            (adult, child, RelationKind.GUARDIAN_OF.value)
            for adult in ids[:adults]
            for child in ids[adults:]
        )
        for from_id, to_id, kind in family:
            relations.append((relation_id, from_id, to_id, kind, now, None))
            relation_id += 1
        if len(people) >= batch_size or index >= end:
            yield [
                (model, encode(model, rows), len(rows))
                for model, rows in (
                    (Household, households),
                    (Individual, people),
                    (Relation, relations),
                    (Case, cases),
                )
            ]
            households, people, relations, cases = [], [], [], []


_DONE = object()
_COPY_READ_SIZE = 256 * 1024 * 1024


def _in_background(batches: Iterator) -> Iterator:
    """Runs `batches` in a thread, two batches ahead; its exceptions surface here."""
    pending: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                pending.put(item, timeout=0.2)
            except queue.Full:
                continue
            return True
        return False

    def produce() -> None:
        try:
            for batch in batches:
                if not put(batch):
                    return
            put(_DONE)
        except BaseException as exc:  # handed to the consuming thread, which raises it
            put(exc)

    thread = threading.Thread(target=produce, name="population-rows", daemon=True)
    thread.start()
    try:
        while (item := pending.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


# The columns each table is written with, in the order of the row tuples above.
_COLUMNS: dict[type[Model], tuple[str, ...]] = {
    User: (
        "id", "password", "last_login", "is_superuser", "username", "first_name", "last_name",
        "email", "is_staff", "is_active", "date_joined", "title", "phone",
    ),
    Membership: ("id", "user_id", "organisation_id", "department_id", "unit_id", "role",
                 "is_active"),
    Household: ("id", "name", "created_at"),
    Individual: (
        "id", "identity_number", "first_name", "last_name", "birth_date", "protected_identity",
        "address", "phone", "email", "household_id", "registered_by_unit_id", "created_at",
    ),
    Relation: ("id", "from_individual_id", "to_individual_id", "kind", "created_at",
               "created_by_id"),
    Case: (
        "id", "individual_id", "unit_id", "caseworker_id", "status", "opened_on", "closed_on",
        "legal_bases", "external_system", "external_reference", "summary", "contact_needed",
        "contact_assessed_at", "created_at", "matter",
    ),
}  # fmt: skip


class _Writer:
    """Writes row tuples into a table with ids handed out here, so rows can refer to rows."""

    TABLES = tuple(model._meta.db_table for model in _COLUMNS)

    def __init__(self) -> None:
        self._next: dict[type[Model], int] = {}

    def lock(self) -> None:
        """Keeps other writers out so that the ids handed out here stay free."""

    def reserve(self, model: type[Model]) -> int:
        """The first of the ids this run uses for `model`; they follow each other."""
        raise NotImplementedError

    def encode(self, model: type[Model], rows: list[tuple]) -> object:
        """The rows in the form `_write` takes; no database access (it runs in a thread)."""
        raise NotImplementedError

    def write(
        self, model: type[Model], payload: object, row_count: int, result: PopulationResult
    ) -> None:
        if not row_count:
            return
        started = time.perf_counter()
        self._write(model, payload)
        self._next[model] = self._next.get(model, 0) + row_count
        result.write_seconds[model._meta.db_table] += time.perf_counter() - started
        if model is Household:
            result.households += row_count
        elif model is Individual:
            result.individuals += row_count
        elif model is Relation:
            result.relations += row_count
        elif model is Case:
            result.cases += row_count

    def _write(self, model: type[Model], payload: object) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Last step inside the transaction."""

    def analyse(self) -> None:
        """After commit: let the planner see the new table sizes."""


class _PostgresWriter(_Writer):
    """COPY FROM STDIN in PostgreSQL's text format, one in-memory buffer per batch."""

    def lock(self) -> None:
        # SHARE ROW EXCLUSIVE blocks inserts elsewhere (not reads) until the commit, so no
        # one else takes an id between the first one read here and the sequence's new value.
        tables = ", ".join(connection.ops.quote_name(table) for table in self.TABLES)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
            # Foreign keys are checked per row instead of queueing millions of checks.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def reserve(self, model: type[Model]) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [model._meta.db_table]
            )
            first = cursor.fetchone()[0]
        self._next[model] = first
        return first

    def encode(self, model: type[Model], rows: list[tuple]) -> io.StringIO:
        buffer = io.StringIO()
        buffer.writelines(
            "\t".join(
                [
                    "\\N"
                    if value is None
                    else json.dumps(value)
                    if isinstance(value, list)
                    else str(value)
                    for value in row
                ]
            )
            + "\n"
            for row in rows
        )
        buffer.seek(0)
        return buffer

    def _write(self, model: type[Model], payload: object) -> None:
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(column) for column in _COLUMNS[model])
        with connection.cursor() as cursor:
            # One read of the whole buffer: the GIL is taken once, not once per 8 kB chunk.
            cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", payload, _COPY_READ_SIZE)

    def finish(self) -> None:
        # Move every sequence past the ids used, so that ordinary inserts continue above them.
        with connection.cursor() as cursor:
            for model, next_id in self._next.items():
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)",
                    [model._meta.db_table, next_id],
                )

    def analyse(self) -> None:
        with connection.cursor() as cursor:
            for table in self.TABLES:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


class _BulkCreateWriter(_Writer):
    """bulk_create in batches: SQLite, for the small populations of tests and demos."""

    def reserve(self, model: type[Model]) -> int:
        highest = model._default_manager.aggregate(highest=Max("pk"))["highest"] or 0
        return highest + 1

    def encode(self, model: type[Model], rows: list[tuple]) -> list[Model]:
        columns = _COLUMNS[model]
        return [model(**dict(zip(columns, row, strict=True))) for row in rows]

    def _write(self, model: type[Model], payload: object) -> None:
        model._default_manager.bulk_create(payload, batch_size=500)


def _writer_for_connection() -> _Writer:
    if connection.vendor == "postgresql":
        return _PostgresWriter()
    return _BulkCreateWriter()
