"""Routine definitions as data (R30): the seeds' step-and-responsibility tables per organisation.

A routine definition is one organisation's written routine turned into an ordered list of
steps, each naming who is responsible ("Ansvar"), an optional deadline and what completes
it. Definitions are versioned: a change makes a new version (the service
`routine_definition_revise`), the old version is kept unchanged and is never current again,
so a routine started on it can keep following it.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import Organisation, Role, UnitKind, code_validator


class RoutineTrigger(models.TextChoices):
    """What starts a routine: by hand, or an event the portal can recognise (R30)."""

    MANUAL = "manual", _("Started by hand")
    GUARDIAN_ADDICTION_REPORT = (
        "guardian_addiction_report",
        _("Report concerning a guardian with addiction or risky use registered"),
    )
    DEBTS_IN_FAMILY_WITH_CHILDREN = (
        "debts_in_family_with_children",
        _(
            "Message about electricity or rent debts, eviction or power cut, in a family with "
            "children"
        ),
    )
    YOUNG_ADULT_LOB_NOT_KNOWN_AT_BOU = (
        "young_adult_lob_not_known_at_bou",
        _(
            "LOB, traffic-sobriety or drug-offence report concerning an 18-20 year old not known "
            "at BoU"
        ),
    )
    YOUNG_ADULT_REPORT = "young_adult_report", _("Report concerning an 18-20 year old")
    HANDOVER_DUE = (
        "handover_due",
        _("A young person with continued needs approaches the threshold birthday"),
    )
    ACTIVE_AT_ANOTHER_UNIT = (
        "active_at_another_unit",
        _("Case registered for a person active at another unit"),
    )
    FINANCIAL_AID_ACTIVE_AT_BEROENDE = (
        "financial_aid_active_at_beroende",
        _("Application for financial aid from a client active at the addiction unit"),
    )
    MEETING_DECIDED_TRANSFER = "meeting_decided_transfer", _("A meeting decided a transfer")
    ORDER_DRAFTED = "order_drafted", _("An order to in-house open care is being written")
    CHILD_CONCERN_AT_ADULT_UNIT = (
        "child_concern_at_adult_unit",
        _("Concern for a child noticed at an adult unit"),
    )
    ADDICTION_NOTICED_AT_BOU = (
        "addiction_noticed_at_bou",
        _("Addiction or risky use noticed in a case at the children's unit"),
    )


class ResponsibleParty(models.TextChoices):
    """Which unit a step's responsible role is taken from, as the tables name it (R30)."""

    UNIT_OF_KIND = "unit_of_kind", _("The unit of the named kind")
    UNITS_OF_BOTH_KINDS = "units_of_both_kinds", _("The units of both named kinds")
    REGISTERING_UNIT = "registering_unit", _("The unit that registered the case")
    RECEIVING_UNIT = "receiving_unit", _("The receiving unit")
    SENDING_UNIT = "sending_unit", _("The sending unit")
    BOTH_UNITS = "both_units", _("Both units involved in the case")


class DeadlineAnchor(models.TextChoices):
    TRIGGER = "trigger", _("after the trigger")
    PREVIOUS_STEP = "previous_step", _("after the previous step is done")


class CompletionKind(models.TextChoices):
    """What completes a step: a written note, or a linked record of this kind."""

    NOTE = "note", _("A note")
    CASE_REGISTERED = "case_registered", _("Case registered (aktualiserat)")
    CONTACT = "contact", _("Contact with another unit")
    CONSENT = "consent", _("Consent")
    COPY_SENT = "copy_sent", _("Copy sent to another unit")
    JOINT_VISIT = "joint_visit", _("Joint visit")
    JOINT_ASSESSMENT = "joint_assessment", _("Joint assessment")
    DECISION = "decision", _("Decision")
    CASEWORKER_APPOINTED = "caseworker_appointed", _("Appointment of a caseworker")
    CO_CASEWORKER_APPOINTED = "co_caseworker_appointed", _("Appointment of a co-caseworker")
    JOINT_PLAN = "joint_plan", _("Joint work plan")
    MEETING = "meeting", _("Meeting")
    THREE_PARTY_MEETING = "three_party_meeting", _("Three-party meeting")
    HANDOVER = "handover", _("Handover announced")
    HANDOVER_RECEIVED = "handover_received", _("Handover received and confirmed")
    ESCALATION = "escalation", _("Question raised to the managers")
    ORDER_SENT = "order_sent", _("Order sent")
    ORDER_EXECUTION_CHECKED = "order_execution_checked", _("Execution of the order checked")
    KICK_OFF = "kick_off", _("Kick-off held")
    IMPLEMENTATION_PLAN = "implementation_plan", _("Implementation plan")
    FOLLOW_UP = "follow_up", _("Follow-up")
    ORDER_CLOSED = "order_closed", _("Order closed")


class RoutineDefinitionManager(models.Manager):
    def get_by_natural_key(
        self, organisation_code: str, code: str, version: int
    ) -> "RoutineDefinition":
        return self.get(organisation__code=organisation_code, code=code, version=version)


class RoutineDefinition(models.Model):
    """One version of an organisation's routine: its trigger and its ordered steps (R30).

    Only the current version of a code may change; changing it means revising it into a
    new version, and older versions stay exactly as they were.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="routine_definitions",
    )
    code = models.SlugField(
        _("code"),
        max_length=60,
        validators=[code_validator],
        help_text=_("Stable across versions, unique within the organisation."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(
        _("routine"), max_length=40, blank=True, help_text=_("The seed routine, e.g. 001.")
    )
    rules = models.CharField(
        _("rules"), max_length=100, blank=True, help_text=_("The rules it implements, e.g. R30.")
    )
    trigger = models.CharField(
        _("trigger"), max_length=60, choices=RoutineTrigger, default=RoutineTrigger.MANUAL
    )
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()
    objects = RoutineDefinitionManager()

    class Meta:
        verbose_name = _("routine definition")
        verbose_name_plural = _("routine definitions")
        ordering = ["organisation__name", "code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code", "version"],
                name="routine_definition_unique_version",
                violation_error_message=_("This routine already has a version with this number."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "code"],
                condition=models.Q(is_current=True),
                name="routine_definition_one_current_version",
                violation_error_message=_("This routine already has a current version."),
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1),
                name="routine_definition_version_from_1",
                violation_error_message=_("Versions are numbered from 1."),
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("%(name)s, version %(version)s") % {"name": self.name, "version": self.version}
        )

    def natural_key(self) -> tuple[str, str, int]:
        return (self.organisation.code, self.code, self.version)

    natural_key.dependencies = ["units.organisation"]

    def clean(self) -> None:
        if self.pk is not None:
            stored = RoutineDefinition.objects.filter(pk=self.pk).values("is_current").first()
            if stored is not None and not stored["is_current"]:
                raise ValidationError(
                    _(
                        "Version %(version)s of this routine is kept as it was; "
                        "revise the current version instead."
                    )
                    % {"version": self.version}
                )

    def steps_check(self, positions: list[int] | None = None) -> None:
        """Refuses positions that are not 1, 2, … n without gaps (R30: an ordered list)."""
        if positions is None:
            positions = list(self.steps.values_list("position", flat=True))
        if sorted(positions) != list(range(1, len(positions) + 1)):
            raise ValidationError(
                _("Number the steps 1, 2, 3 … without gaps or repeats (given: %(positions)s).")
                % {"positions": ", ".join(map(str, sorted(positions))) or "-"}
            )


class RoutineStepManager(models.Manager):
    def get_by_natural_key(
        self, organisation_code: str, code: str, version: int, position: int
    ) -> "RoutineStep":
        return self.get(
            definition__organisation__code=organisation_code,
            definition__code=code,
            definition__version=version,
            position=position,
        )


# Parties that name unit kinds, and how many (R30: "Handläggare vux", "Samordnare vux och bou").
_KINDS_NEEDED = {ResponsibleParty.UNIT_OF_KIND: 1, ResponsibleParty.UNITS_OF_BOTH_KINDS: 2}


class RoutineStep(models.Model):
    """One row of a step table: what is done, by whom, by when, and what completes it (R30)."""

    definition = models.ForeignKey(
        RoutineDefinition,
        verbose_name=_("routine definition"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    position = models.PositiveSmallIntegerField(_("step"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(
        _("instructions"), blank=True, help_text=_("The routine's own words for the step.")
    )
    responsible_as_written = models.CharField(
        _("responsible, as the routine writes it"), max_length=200, blank=True
    )
    responsible_role = models.CharField(_("responsible role"), max_length=40, choices=Role)
    responsible_party = models.CharField(
        _("responsible unit"), max_length=40, choices=ResponsibleParty
    )
    responsible_unit_kind = models.CharField(
        _("unit kind"), max_length=40, choices=UnitKind, blank=True
    )
    second_unit_kind = models.CharField(
        _("second unit kind"), max_length=40, choices=UnitKind, blank=True
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline, days"), null=True, blank=True, help_text=_("Empty: no deadline.")
    )
    deadline_from = models.CharField(
        _("deadline counted"), max_length=20, choices=DeadlineAnchor, blank=True
    )
    mandatory = models.BooleanField(
        _("mandatory"),
        default=True,
        help_text=_(
            "Any step may be skipped with a written reason; skipping a mandatory one "
            "proposes a deviation report."
        ),
    )
    completed_by = models.CharField(
        _("completed by"), max_length=40, choices=CompletionKind, default=CompletionKind.NOTE
    )
    # R31: the adult unit must not learn whether the family is known at BoU, so who holds
    # BoU's step and how it ended stay within the responsible unit.
    kept_within_unit = models.BooleanField(
        _("kept within the responsible unit"),
        default=False,
        help_text=_(
            "Only the responsible unit sees who holds the step, its state and its record; "
            "the other units see the step's title and unit."
        ),
    )

    history = HistoricalRecords()
    objects = RoutineStepManager()

    class Meta:
        verbose_name = _("routine step")
        verbose_name_plural = _("routine steps")
        ordering = ["definition", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "position"],
                name="routine_step_unique_position",
                violation_error_message=_("Two steps of the routine have the same number."),
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1),
                name="routine_step_position_from_1",
                violation_error_message=_("Steps are numbered from 1."),
            ),
            models.CheckConstraint(
                condition=models.Q(deadline_days__isnull=True, deadline_from="")
                | models.Q(deadline_days__gte=0, deadline_from__in=list(DeadlineAnchor.values)),
                name="routine_step_deadline_complete",
                violation_error_message=_(
                    "Give a deadline as a number of days of 0 or more together with what it "
                    "is counted from, or neither."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(position=1, deadline_from=DeadlineAnchor.PREVIOUS_STEP),
                name="routine_step_first_has_no_previous",
                violation_error_message=_(
                    "The first step has no previous step: count its deadline from the trigger."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def natural_key(self) -> tuple[str, str, int, int]:
        return (*self.definition.natural_key(), self.position)

    natural_key.dependencies = ["coordination.routinedefinition"]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        needed = _KINDS_NEEDED.get(self.responsible_party, 0)
        given = [k for k in (self.responsible_unit_kind, self.second_unit_kind) if k]
        if needed >= 1 and not self.responsible_unit_kind:
            errors["responsible_unit_kind"] = _("Name the kind of the responsible unit.")
        if needed == 2 and not self.second_unit_kind:
            errors["second_unit_kind"] = _("Name the kind of the second responsible unit.")
        elif needed == 2 and self.second_unit_kind == self.responsible_unit_kind:
            errors["second_unit_kind"] = _("The two unit kinds must differ.")
        if needed == 1 and self.second_unit_kind:
            errors["second_unit_kind"] = _("Leave empty: one unit kind is responsible.")
        if needed == 0 and given:
            errors["responsible_unit_kind"] = _(
                "Leave the unit kinds empty: the unit follows from the case."
            )
        if (self.deadline_days is None) != (not self.deadline_from):
            errors["deadline_from"] = _(
                "Give a deadline as a number of days together with what it is counted from, "
                "or neither."
            )
        elif self.position == 1 and self.deadline_from == DeadlineAnchor.PREVIOUS_STEP:
            errors["deadline_from"] = _(
                "The first step has no previous step: count its deadline from the trigger."
            )
        if self.definition_id is not None:
            current = (
                RoutineDefinition.objects.filter(pk=self.definition_id)
                .values_list("is_current", flat=True)
                .first()
            )
            if current is False:
                errors["definition"] = _(
                    "The steps of an old version are kept as they were; revise the current "
                    "version instead."
                )
        if errors:
            raise ValidationError(errors)
