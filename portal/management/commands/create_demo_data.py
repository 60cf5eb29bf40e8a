"""Creates demo users (one per role), individuals, families and cases for an organisation."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from coordination.models import (
    Case,
    CaseStatus,
    ConsentForm,
    ConsentGivenBy,
    ConsentScope,
    Order,
)
from coordination.selectors_age import stockholm_today
from coordination.services.consent import consent_find_valid, consent_record
from coordination.services.orders import order_receive, order_send, order_start
from portal.services import DemoDataError, demo_data_create, demo_fixture_dir
from units.models import Unit, User

# Motala's SRV routine (004, R26-R29): Saga's case at BoU, under investigation, has an acute
# order to SRV that SRV received long enough ago for the sweep to raise the execution check
# for the administrative coordinator as soon as `make run` starts the worker.
_MOTALA_ORDER = {
    "identity_number": "201005142383",
    "unit": "bou",
    "provider_unit": "srv",
    "caseworker": "mot.socialsekreterare",
    "receiver": "mot.forste.behandlingssekreterare",
    "treater": "mot.behandlare.srv",
    "account": "Demo: oro för hemsituationen under pågående utredning; akut stöd i hemmet.",
    "needs": ["Stöd till föräldrarna i vardagsrutiner", "Trygghet för Saga i hemmet"],
}


def _demo_order(organisation_code: str) -> Order | None:
    """The demo's order to SRV (R26, R29), once: an acute order during the investigation,
    received by SRV execution-check days plus one ago. None when there is nothing to do."""
    spec = _MOTALA_ORDER if organisation_code == "motala" else None
    if spec is None:
        return None
    case = (
        Case.objects.filter(
            individual__identity_number=spec["identity_number"],
            unit__organisation__code=organisation_code,
            unit__code=spec["unit"],
            status=CaseStatus.INVESTIGATION,
        )
        .select_related("unit__organisation", "individual")
        .first()
    )
    if case is None or Order.objects.filter(case=case).exists():
        return None
    provider = Unit.objects.get(organisation=case.unit.organisation, code=spec["provider_unit"])
    caseworker = User.objects.get(username=spec["caseworker"])
    receiver = User.objects.get(username=spec["receiver"])
    treater = User.objects.get(username=spec["treater"])
    today = stockholm_today()
    days = case.unit.organisation.order_execution_check_days + 1
    sent_on = max(today - datetime.timedelta(days=days), case.opened_on)
    with transaction.atomic():
        if (
            consent_find_valid(
                individual=case.individual, scope=ConsentScope.WRITTEN_MATERIAL, on=sent_on
            )
            is None
        ):
            consent_record(
                actor=caseworker,
                individual=case.individual,
                scope=ConsentScope.WRITTEN_MATERIAL,
                form=ConsentForm.WRITTEN,
                given_by=ConsentGivenBy.INDIVIDUAL_AND_GUARDIANS,
                given_on=sent_on,
                provider=provider.name,
            )
        order = order_start(
            actor=caseworker,
            case=case,
            provider_unit=provider,
            acute=True,
            account=spec["account"],
            needs=spec["needs"],
            starts_on=sent_on,
            ends_on=sent_on + datetime.timedelta(days=90),
        )
        order = order_send(actor=caseworker, order=order, sent_on=sent_on)
        return order_receive(actor=receiver, order=order, received_on=sent_on, treater=treater)


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
        try:
            order = _demo_order(result.organisation.code)
        except ValidationError as exc:
            raise CommandError(f"The demo order: {' '.join(exc.messages)}") from None
        if order is not None:
            self.stdout.write(
                f"  An order to {order.provider_unit.short_name or order.provider_unit.name}, "
                f"received {order.received_on:%Y-%m-%d}: the execution check is due."
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
