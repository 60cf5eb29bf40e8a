"""Creates demo users (one per role), individuals, families and cases for an organisation."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.services import DemoDataError, demo_data_create, demo_fixture_dir


class Command(BaseCommand):
    help = "Create demo users, individuals, families and cases (never in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="demo file name, e.g. osthammar")

    def handle(self, *args, organisation: str, **options) -> None:
        directory = demo_fixture_dir()
        available = sorted(path.stem for path in directory.glob("*.json"))
        if organisation not in available:
            raise CommandError(
                f"No demo file for {organisation!r}. Available: {', '.join(available)}"
            )
        try:
            result = demo_data_create(path=directory / f"{organisation}.json")
        except DemoDataError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Demo data for {result.organisation}:")
        if result.individuals_created:
            self.stdout.write(f"  {result.individuals_created} demo individuals created.")
        # Printed also when nothing is new: a second run shows that it created nothing.
        self.stdout.write(
            f"  Families and cases created: households {result.households_created}, "
            f"relations {result.relations_created}, cases {result.cases_created}, "
            f"contact records {result.contacts_recorded}."
        )
        self.stdout.write("  Demo logins, one per role, at http://127.0.0.1:8000/login/")
        first_per_role = {}
        for login in result.logins:
            first_per_role.setdefault(login.role, login)
        width = max(len(login.username) for login in first_per_role.values())
        for login in first_per_role.values():
            note = "" if login.created else "  (existed: password as last set)"
            self.stdout.write(
                f"    {login.username.ljust(width)}  {login.role.label}, {login.place}{note}"
            )
        others = [login.username for login in result.logins if login not in first_per_role.values()]
        if others:
            self.stdout.write(f"  More demo users: {', '.join(others)}")
        self.stdout.write(f"  Password: {result.password}")
