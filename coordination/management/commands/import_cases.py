"""Imports open cases from a case-management system's CSV export, all rows or none."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from coordination.services.case_import import COLUMNS, case_import_csv
from units.models import Organisation, User


class Command(BaseCommand):
    help = (
        "Import open cases from a CSV export of the case-management system (Procapita, Viva, "
        "Lifecare, Treserva). Header row with the columns "
        f"{', '.join(COLUMNS)}; UTF-8 with or without BOM; ';' or ','. Every row is checked "
        "first: one invalid row and nothing is imported, and the errors are listed by line. "
        "New people are registered by identity number; a row whose case is open at the unit "
        "with the same external case id is skipped. The actor, an administrator of the "
        "organisation, is recorded as the history user of every created row."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the CSV file")
        parser.add_argument(
            "--organisation", required=True, help="organisation code, e.g. osthammar"
        )
        parser.add_argument(
            "--actor", required=True, help="username of the administrator who imports"
        )

    def handle(self, *args, file: Path, organisation: str, actor: str, **options) -> None:
        found = Organisation.objects.filter(code=organisation).first()
        if found is None:
            raise CommandError(
                _("No organisation with the code %(code)s.") % {"code": organisation}
            )
        user = User.objects.filter(username=actor, is_active=True).first()
        if user is None:
            raise CommandError(
                _("No active user with the username %(username)s.") % {"username": actor}
            )
        try:
            with file.open("rb") as handle:
                result = case_import_csv(actor=user, organisation=found, file=handle)
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
            ) from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        if result.errors:
            lines = [str(error) for error in result.errors]
            lines.append(
                _("Nothing was imported. Errors: %(count)s.") % {"count": len(result.errors)}
            )
            raise CommandError("\n".join(lines))
        for skipped in result.skipped:
            self.stdout.write(str(skipped))
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Import done. Cases opened: %(cases)d; people registered: %(created)d; "
                    "people already known: %(reused)d; rows skipped as already imported: "
                    "%(skipped)d."
                )
                % {
                    "cases": result.cases_created,
                    "created": result.individuals_created,
                    "reused": result.individuals_reused,
                    "skipped": len(result.skipped),
                }
            )
        )
