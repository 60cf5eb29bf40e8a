"""Loads one or more organisations' routine settings from fixtures/organisations/."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from units.services import RoutineSettingsError, organisation_load


def organisation_fixture_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "organisations"


class Command(BaseCommand):
    help = (
        "Load an organisation's routine settings (departments, units, escalation ladder, "
        "coordination rules, age thresholds, meeting series). An organisation that already "
        "exists is left unchanged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="*", help="fixture names, e.g. osthammar")
        parser.add_argument("--all", action="store_true", help="load every fixture")

    def handle(self, *args, codes: list[str], **options) -> None:
        directory = organisation_fixture_dir()
        available = sorted(path.stem for path in directory.glob("*.json"))
        if options["all"]:
            codes = available
        if not codes:
            raise CommandError(
                f"Name an organisation or use --all. Available: {', '.join(available)}"
            )
        unknown = [code for code in codes if code not in available]
        if unknown:
            raise CommandError(
                f"No fixture for {', '.join(unknown)}. Available: {', '.join(available)}"
            )
        for code in codes:
            try:
                result = organisation_load(path=directory / f"{code}.json")
            except RoutineSettingsError as exc:
                raise CommandError(str(exc)) from None
            if result.created:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Loaded {result.organisation} ({result.object_count} rows)."
                    )
                )
            else:
                self.stdout.write(f"{result.organisation} already exists: left unchanged.")
