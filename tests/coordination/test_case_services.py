"""Registering cases and moving them along; the R5 contact rule; duplicates and grants."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coordination.models import CaseStatus, ContactChannel, GrantReason
from coordination.permissions import case_visible_to
from coordination.services import (
    CaseRuleError,
    case_grant,
    case_grant_revoke,
    case_read_with_reason,
    case_register,
    case_transition,
    contact_record,
    individual_create,
)
from coordination.services.individuals import DuplicateIndividualError
from tests.factories import member
from units.models import Role

pytestmark = pytest.mark.django_db


def test_r5_investigation_needs_a_recorded_contact_with_each_unit_where_the_person_is_active(
    family,
):
    # given the child is also registered at Vuxen (e.g. a report about a 17-year-old)
    vuxen_case = case_register(
        actor=family.vuxen_caseworker, individual=family.child, unit=family.vuxen
    )

    # when Vuxen tries to start an investigation without contacting BoU
    with pytest.raises(CaseRuleError) as refused:
        case_transition(actor=family.vuxen_caseworker, case=vuxen_case, to=CaseStatus.INVESTIGATION)

    # then it is refused, naming BoU
    assert "BoU" in refused.value.messages[0]
    vuxen_case.refresh_from_db()
    assert vuxen_case.status == CaseStatus.REGISTERED

    # and after the contact is recorded the investigation may start
    contact_record(
        actor=family.vuxen_caseworker,
        case=vuxen_case,
        other_unit=family.bou,
        channel=ContactChannel.PHONE,
        information_transfer_needed=True,
        joint_work_plan_needed=False,
    )
    case_transition(actor=family.vuxen_caseworker, case=vuxen_case, to=CaseStatus.INVESTIGATION)
    vuxen_case.refresh_from_db()
    assert vuxen_case.status == CaseStatus.INVESTIGATION


def test_illegal_status_moves_are_refused(family):
    with pytest.raises(CaseRuleError):
        case_transition(
            actor=family.bou_caseworker, case=family.child_case, to=CaseStatus.INTERVENTION
        )


def test_closing_sets_the_closing_date(family):
    case_transition(actor=family.bou_caseworker, case=family.child_case, to=CaseStatus.CLOSED)

    family.child_case.refresh_from_db()
    assert family.child_case.closed_on == timezone.localdate()


def test_a_second_open_case_at_the_same_unit_is_refused(family):
    with pytest.raises(ValidationError, match="redan ett öppet ärende"):
        case_register(actor=family.bou_caseworker, individual=family.child, unit=family.bou)


def test_cases_are_registered_only_at_the_actors_own_units(family):
    with pytest.raises(ValidationError) as refused:
        case_register(actor=family.vuxen_caseworker, individual=family.child, unit=family.bou)

    assert "unit" in refused.value.message_dict


def test_a_duplicate_identity_number_points_to_the_existing_person(family):
    with pytest.raises(DuplicateIndividualError) as duplicate:
        individual_create(
            first_name="Annan", last_name="Person", identity_number=family.child.identity_number
        )

    assert duplicate.value.existing == family.child


def test_r4_a_co_caseworker_grant_opens_the_case_until_it_ends(family):
    # given a Vuxen caseworker appointed co-caseworker on the child's BoU case for a week
    now = timezone.now()
    grant = case_grant(
        actor=family.bou_caseworker,
        case=family.child_case,
        user=family.vuxen_caseworker,
        reason=GrantReason.CO_CASEWORKER,
        valid_until=now + datetime.timedelta(days=7),
    )

    # then the case is visible to them now
    assert family.child_case in case_visible_to(family.vuxen_caseworker)

    # and not after revocation
    case_grant_revoke(actor=family.bou_caseworker, grant=grant)
    assert family.child_case not in case_visible_to(family.vuxen_caseworker)


def test_r4_an_expired_grant_opens_nothing(family, time_machine):
    case_grant(
        actor=family.bou_caseworker,
        case=family.child_case,
        user=family.vuxen_caseworker,
        reason=GrantReason.CO_CASEWORKER,
        valid_until=timezone.now() + datetime.timedelta(hours=1),
    )

    time_machine.move_to(timezone.now() + datetime.timedelta(hours=2))

    assert family.child_case not in case_visible_to(family.vuxen_caseworker)


def test_r4_reading_with_a_reason_needs_the_organisation_to_allow_it(family):
    with pytest.raises(ValidationError):
        case_read_with_reason(
            actor=family.vuxen_caseworker, case=family.child_case, reason_text="Akut läge"
        )

    assert family.child_case not in case_visible_to(family.vuxen_caseworker)


def test_r4_reading_with_a_reason_opens_for_hours_and_is_flagged(family):
    family.organisation.cross_unit_read_allowed = True
    family.organisation.save()

    grant = case_read_with_reason(
        actor=family.vuxen_caseworker, case=family.child_case, reason_text="Akut läge, LVU-beslut"
    )

    assert grant.flagged_for_review
    assert family.child_case in case_visible_to(family.vuxen_caseworker)
    assert grant.valid_until - timezone.now() <= datetime.timedelta(hours=8)


def test_r4_department_heads_and_controllers_see_no_case_contents(family):
    head = member(Role.DEPARTMENT_HEAD, department=family.bou.department)
    controller = member(Role.CONTROLLER, organisation=family.organisation)

    assert not case_visible_to(head).exists()
    assert not case_visible_to(controller).exists()


def test_a_person_without_a_number_can_get_a_case(family):
    newcomer = individual_create(
        first_name="Nyanländ",
        last_name="Person",
        birth_date=datetime.date(2011, 3, 4),
        registered_by_unit=family.bou,
    )

    case = case_register(actor=family.bou_caseworker, individual=newcomer, unit=family.bou)

    assert not case.individual.is_verified
