"""Generates a synthetic population with families and cases for load tests (issue 3, item 9)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coordination.services.population import (
    CAPACITY,
    PopulationExistsError,
    population_generate,
)
from units.models import Organisation


class Command(BaseCommand):
    help = (
        "Generate N synthetic individuals in households of 1-6 (partner_of between adults, "
        "guardian_of from adults to children) and on average --cases-per-individual cases "
        "each at the organisation's units, with generated caseworkers (unusable passwords) "
        "who are members of those units. Identity numbers have birth dates in 1800-1829, a "
        "serial 001-999 and a valid check digit: Skatteverket has numbered people only since "
        "1947, and nobody born before 1830 was alive then, so no number can belong to a real "
        "person. Written with COPY on PostgreSQL (bulk_create on SQLite), in one transaction, "
        "without history rows: this is load data, never a real record. Refuses if the "
        "organisation has generated data already, unless --append."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--individuals", type=int, required=True, help="how many people")
        parser.add_argument(
            "--organisation", required=True, help="organisation code, e.g. osthammar"
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--cases-per-individual",
            type=int,
            default=3,
            help="average cases per person, open and closed (default 3)",
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help="add to an organisation that has generated data already",
        )
        parser.add_argument(
            "--batch-size", type=int, default=50_000, help="individuals per COPY batch"
        )

    def handle(self, *args, **options) -> None:
        count = options["individuals"]
        if not 1 <= count <= CAPACITY:
            raise CommandError(f"--individuals must be between 1 and {CAPACITY}.")
        if options["cases_per_individual"] < 0:
            raise CommandError("--cases-per-individual cannot be negative.")
        code = options["organisation"]
        organisation = Organisation.objects.filter(code=code).first()
        if organisation is None:
            raise CommandError(
                f"No organisation {code!r}: load it first with `manage.py load_organisation "
                f"{code}`."
            )
        verbose = options["verbosity"] > 1
        try:
            result = population_generate(
                organisation=organisation,
                individuals=count,
                seed=options["seed"],
                cases_per_individual=options["cases_per_individual"],
                append=options["append"],
                batch_size=options["batch_size"],
                progress=self.stdout.write if verbose else None,
            )
        except PopulationExistsError as exc:
            raise CommandError(str(exc)) from None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        rate = result.rows / result.seconds if result.seconds else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {result.individuals} individuals in {result.households} households, "
                f"{result.relations} relations, {result.cases} cases ({result.open_cases} open) "
                f"and {result.caseworkers} caseworkers for {organisation.code} in "
                f"{result.seconds:.1f} s ({rate:,.0f} rows/s)."
            )
        )
        if verbose:
            for table, seconds in result.write_seconds.items():
                self.stdout.write(f"  writing {table}: {seconds:.1f} s")
