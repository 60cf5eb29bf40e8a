"""The organisation model's invariants (R1, R2)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import DepartmentFactory, OrganisationFactory, UnitFactory, UserFactory, member
from units.models import EscalationLevel, Membership, Role, Unit
from units.services import membership_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.COORDINATOR, Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER]
)
def test_r1_unit_roles_need_a_unit(role):
    organisation = OrganisationFactory()

    with pytest.raises(ValidationError) as error:
        membership_create(user=UserFactory(), role=role, organisation=organisation)

    assert "unit" in error.value.message_dict
    assert not Membership.objects.exists()


def test_r1_department_head_needs_a_department():
    with pytest.raises(ValidationError) as error:
        membership_create(
            user=UserFactory(), role=Role.DEPARTMENT_HEAD, organisation=OrganisationFactory()
        )

    assert "department" in error.value.message_dict


def test_r1_controller_covers_the_whole_organisation_not_a_unit():
    unit = UnitFactory()

    with pytest.raises(ValidationError) as error:
        membership_create(
            user=UserFactory(), role=Role.CONTROLLER, organisation=unit.organisation, unit=unit
        )

    assert "unit" in error.value.message_dict


def test_r1_membership_takes_its_organisation_from_the_unit():
    unit = UnitFactory()
    other_organisation = OrganisationFactory()

    user = member(Role.CASEWORKER, unit=unit, organisation=other_organisation)

    membership = user.memberships.get()
    assert membership.organisation == unit.organisation
    assert membership.department == unit.department


def test_r1_one_person_may_hold_several_roles_and_units():
    unit_a, unit_b = UnitFactory(), UnitFactory()
    user = member(Role.CASEWORKER, unit=unit_a)
    membership_create(
        user=user, role=Role.COORDINATOR, organisation=unit_a.organisation, unit=unit_a
    )
    membership_create(
        user=user, role=Role.CASEWORKER, organisation=unit_b.organisation, unit=unit_b
    )

    assert user.memberships.count() == 3


def test_r1_the_same_role_twice_at_one_place_is_refused():
    unit = UnitFactory()
    user = member(Role.CASEWORKER, unit=unit)

    with pytest.raises(ValidationError):
        membership_create(
            user=user, role=Role.CASEWORKER, organisation=unit.organisation, unit=unit
        )


def test_r1_the_same_organisation_role_twice_is_refused_by_the_database():
    organisation = OrganisationFactory()
    user = member(Role.CONTROLLER, organisation=organisation)

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, organisation=organisation, role=Role.CONTROLLER)


def test_r1_a_unit_cannot_sit_in_another_organisations_department():
    unit = Unit(
        organisation=OrganisationFactory(),
        department=DepartmentFactory(),
        code="bou",
        name="BoU",
        kind="bou",
    )

    with pytest.raises(ValidationError) as error:
        unit.full_clean()

    assert "department" in error.value.message_dict


def test_r2_escalation_levels_are_unique_per_rank():
    organisation = OrganisationFactory()
    EscalationLevel.objects.create(
        organisation=organisation, rank=1, name="Handläggare", deciding_role=Role.CASEWORKER
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        EscalationLevel.objects.create(
            organisation=organisation, rank=1, name="Igen", deciding_role=Role.COORDINATOR
        )


def test_administrator_membership_opens_the_admin():
    user = member(Role.ADMINISTRATOR, organisation=OrganisationFactory())

    user.refresh_from_db()
    assert user.is_staff
    assert not user.is_superuser
    assert user.has_perm("units.change_unit")
