"""A routine running on a case (R30): one run of one definition version, one row per step.

A run keeps the definition version it started with (the foreign key to that version), so a
later revision of the routine never changes a running instance. Each step row names a concrete
person resolved from the step's responsible role and unit, its due date, and how it ended:
done with the record the step asks for (a note, or a link to a contact, consent, handover,
order, ...), or skipped with a written reason.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.models.cases import Case
from coordination.models.routines import RoutineDefinition, RoutineStep, RoutineTrigger
from units.models import Unit


class RoutineRunState(models.TextChoices):
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class RoutineRunStart(models.TextChoices):
    EVENT = "event", _("Started by its trigger")
    HAND = "hand", _("Started by hand")


class RoutineStepState(models.TextChoices):
    OPEN = "open", _("Not yet done")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")


class AssignedBecause(models.TextChoices):
    """Why the step's holder holds it, shown next to the name."""

    CASE_CASEWORKER = "case_caseworker", _("Caseworker of the case")
    ROLE_HOLDER = "role_holder", _("Holds the role at the unit")
    MANAGER_NOBODY_IN_ROLE = (
        "manager_nobody_in_role",
        _("Nobody holds the role at the unit: given to the unit manager"),
    )
    NOBODY = "nobody", _("Nobody holds the role or manages the unit: a manager must assign it")
    REASSIGNED = "reassigned", _("Reassigned by a manager")


class RoutineRun(models.Model):
    """One run of one version of a routine on one case (R30)."""

    definition = models.ForeignKey(
        RoutineDefinition,
        verbose_name=_("routine"),
        on_delete=models.PROTECT,
        related_name="runs",
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="routine_runs"
    )
    # The other unit of the run: the receiving unit (R18), the other group (R32), ...
    other_unit = models.ForeignKey(
        Unit,
        verbose_name=_("other unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=RoutineRunState, default=RoutineRunState.RUNNING
    )
    started_how = models.CharField(_("started"), max_length=10, choices=RoutineRunStart)
    trigger = models.CharField(_("trigger"), max_length=60, choices=RoutineTrigger, blank=True)
    start_reason = models.TextField(_("reason for starting"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"))
    # Stockholm's date of the start: deadlines counted from the trigger count from it.
    started_on = models.DateField(_("start date"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("routine on a case")
        verbose_name_plural = _("routines on cases")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(started_how="hand", start_reason=""),
                name="routine_run_by_hand_has_reason",
                violation_error_message=_("Say why the routine is started by hand."),
            ),
            models.CheckConstraint(
                condition=~models.Q(state="cancelled", cancel_reason=""),
                name="routine_run_cancel_has_reason",
                violation_error_message=_("Say why the routine is cancelled."),
            ),
            models.UniqueConstraint(
                fields=["case", "definition"],
                condition=models.Q(state="running"),
                name="routine_run_one_running_per_case",
                violation_error_message=_("This routine is already running on the case."),
            ),
        ]
        indexes = [models.Index(fields=["case", "state"], name="routine_run_by_case")]

    def __str__(self) -> str:
        return str(self.definition)


class RoutineRunStep(models.Model):
    """One step of a running routine: who holds it, by when, and how it ended (R30)."""

    run = models.ForeignKey(
        RoutineRun, verbose_name=_("routine"), on_delete=models.CASCADE, related_name="steps"
    )
    step = models.ForeignKey(
        RoutineStep, verbose_name=_("step"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("step"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="routine_steps",
    )
    assigned_because = models.CharField(
        _("why this person"), max_length=40, choices=AssignedBecause
    )
    # "Samordnare vux och bou": the second unit's holder shares the step.
    partner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("second responsible unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared with"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="routine_steps_shared",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=RoutineStepState, default=RoutineStepState.OPEN
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("done at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The record that completes the step (a contact, a consent, a handover, ...): validated
    # against the step's CompletionKind and the case by the service.
    record_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of record"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    record_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    skip_reason = models.TextField(_("reason for skipping"), blank=True)
    # Optimistic locking: a form carries the version it was shown with (stale page check).
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("routine step on a case")
        verbose_name_plural = _("routine steps on cases")
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "position"], name="routine_run_step_unique_position"
            ),
            models.CheckConstraint(
                condition=models.Q(state="open")
                | models.Q(completed_by__isnull=False, completed_at__isnull=False),
                name="routine_run_step_closed_by_someone",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="skipped", skip_reason=""),
                name="routine_run_step_skip_has_reason",
                violation_error_message=_("Say why the step is skipped."),
            ),
            models.CheckConstraint(
                condition=models.Q(record_type__isnull=True, record_id__isnull=True)
                | models.Q(record_type__isnull=False, record_id__isnull=False),
                name="routine_run_step_record_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_on"], name="routine_run_step_due"),
            models.Index(fields=["assignee", "state"], name="routine_run_step_mine"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.step.title}"

    @property
    def is_open(self) -> bool:
        return self.state == RoutineStepState.OPEN
