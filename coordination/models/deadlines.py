"""The deadline engine's due items and the notifications they send (R17, R26-R29).

A due item is raised once per subject, kind and period (the unique constraint), so a sweep
that runs twice, or twice at once, raises nothing more. Notifications likewise: one per
recipient, item and kind.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.models.cases import Case
from units.models import Organisation, Unit


class DueKind(models.TextChoices):
    HANDOVER_FIRST_NOTICE = "handover_first_notice", _("First notice of a coming handover")
    HANDOVER_DEADLINE = "handover_deadline", _("Handover to be announced")
    HANDOVER_REMINDER = "handover_reminder", _("Reminder: handover not yet announced")
    HANDOVER_OVERDUE = "handover_overdue", _("Handover announcement overdue")
    RESPONSIBILITY_PASSES = "responsibility_passes", _("Responsibility passes to the adult unit")
    HANDOVER_SENT = "handover_sent", _("Handover package received")
    # R26-R29: orders to in-house open care; these items carry their order.
    ORDER_SENT = "order_sent", _("Order to open care received")
    ORDER_REFUSED = "order_refused", _("Order refused by the provider")
    ORDER_EXECUTION_CHECK = "order_execution_check", _("Ask the provider about execution")
    ORDER_PLAN_DUE = "order_plan_due", _("Implementation plan due")
    ORDER_PLAN_COPY = "order_plan_copy", _("Copy of the implementation plan")
    ORDER_FOLLOW_UP = "order_follow_up", _("Follow-up of the intervention due")
    ORDER_CLOSING_DOCUMENTATION = (
        "order_closing_documentation",
        _("Closing documentation of the intervention due"),
    )
    # R2, R9: escalations; these items carry their escalation and no case.
    ESCALATION_WAITING = "escalation_waiting", _("Escalation waiting for your decision")
    ESCALATION_OVERDUE = "escalation_overdue", _("Escalation past its target time")
    ESCALATION_DECIDED = "escalation_decided", _("Escalation decided")
    ESCALATION_WITHDRAWN = "escalation_withdrawn", _("Escalation withdrawn")
    # R21-R23: meetings; these items carry their meeting and no case.
    MEETING_SUBMISSION_CUTOFF = (
        "meeting_submission_cutoff",
        _("Submissions to a meeting close soon"),
    )
    MEETING_AGENDA_FROZEN = "meeting_agenda_frozen", _("Meeting agenda ready")
    MEETING_MINUTES_PUBLISHED = "meeting_minutes_published", _("Meeting minutes published")
    # R24: the organisation's yearly review of the routines; no case, no meeting.
    ROUTINE_REVIEW = "routine_review", _("Annual review of the routines")
    # R30: a step of a routine running on a case; these items carry their step and its case.
    ROUTINE_STEP_OVERDUE = "routine_step_overdue", _("Routine step past its due date")
    ROUTINE_STEP_ESCALATED = (
        "routine_step_escalated",
        _("Routine step still not done: passed to the unit manager"),
    )
    # R31, R32: a copy sent to a unit; these items carry their copy and no case.
    COPY_RECEIVED = "copy_received", _("Copy from another unit received")
    # R33: a proposed cost split waiting for the other unit's answer; items carry the
    # intervention and no case.
    COST_AGREEMENT_WAITING = (
        "cost_agreement_waiting",
        _("Cost split waiting for your unit's agreement"),
    )


class DueItem(models.Model):
    """Something due: raised once by a sweep or a service, done by a person.

    Its subject is a case (handovers), an order (which also names its case), an escalation, a
    meeting, or, for the yearly routine review, only the organisation.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=40, choices=DueKind)
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="due_items",
    )
    # R26-R29: an order's items belong to the order; with kind and period it identifies them.
    order = models.ForeignKey(
        "coordination.Order",
        verbose_name=_("order"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="due_items",
    )
    escalation = models.ForeignKey(
        "coordination.Escalation",
        verbose_name=_("escalation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="due_items",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="due_items",
    )
    # R30: a routine step's items belong to the step (and name its case).
    routine_step = models.ForeignKey(
        "coordination.RoutineRunStep",
        verbose_name=_("routine step"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="due_items",
    )
    # R31, R32: a copy's item belongs to the copy; the sending case is not named, so the
    # receiving unit's inbox never opens the sending unit's case.
    unit_copy = models.ForeignKey(
        "coordination.UnitCopy",
        verbose_name=_("copy"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="due_items",
    )
    # R33: a cost split's items belong to the intervention.
    intervention = models.ForeignKey(
        "coordination.Intervention",
        verbose_name=_("intervention"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="due_items",
    )
    # The period the item belongs to: for a handover, the threshold birthday; a reminder's
    # period is the day it falls due. With kind and case (or order) it identifies the item.
    period = models.DateField(_("period"))
    due_on = models.DateField(_("due"))
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("receiving unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("due item")
        verbose_name_plural = _("due items")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "period"],
                condition=models.Q(order__isnull=True, routine_step__isnull=True),
                name="due_item_once_per_period",
            ),
            # An order's items: a case may have several orders, each with its own items.
            models.UniqueConstraint(
                fields=["order", "kind", "period"],
                condition=models.Q(order__isnull=False),
                name="due_item_once_per_order_period",
            ),
            models.UniqueConstraint(
                fields=["escalation", "kind", "period"],
                condition=models.Q(escalation__isnull=False),
                name="due_item_once_per_escalation_period",
            ),
            models.UniqueConstraint(
                fields=["meeting", "kind", "period"],
                condition=models.Q(meeting__isnull=False),
                name="due_item_once_per_meeting_period",
            ),
            models.UniqueConstraint(
                fields=["unit_copy", "kind"],
                condition=models.Q(unit_copy__isnull=False),
                name="due_item_once_per_copy",
            ),
            models.UniqueConstraint(
                fields=["intervention", "kind", "period"],
                condition=models.Q(intervention__isnull=False),
                name="due_item_once_per_intervention_period",
            ),
            # R30: exactly once per routine step and kind, whatever its period.
            models.UniqueConstraint(
                fields=["routine_step", "kind"],
                condition=models.Q(routine_step__isnull=False),
                name="due_item_once_per_routine_step",
            ),
            models.UniqueConstraint(
                fields=["organisation", "kind", "period"],
                condition=models.Q(
                    case__isnull=True,
                    escalation__isnull=True,
                    meeting__isnull=True,
                    unit_copy__isnull=True,
                    intervention__isnull=True,
                ),
                name="due_item_once_per_organisation_period",
            ),
        ]
        indexes = [models.Index(fields=["done_at", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%Y-%m-%d}"


class Notification(models.Model):
    """One message to one user about one due item: in the inbox, and by e-mail with only a
    link (no identity numbers, no case contents)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    due_item = models.ForeignKey(DueItem, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "due_item"], name="notification_once_per_item"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "acknowledged_at"])]

    def __str__(self) -> str:
        return str(self.due_item)


class AgeException(models.Model):
    """R16 "unless the managers agree otherwise": an agreed end of the youth unit's
    responsibility for one case, with the reason."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="age_exceptions"
    )
    responsibility_ends_on = models.DateField(_("responsibility ends"))
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreed age exception")
        verbose_name_plural = _("agreed age exceptions")
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.case}: {self.responsibility_ends_on:%Y-%m-%d}"


class HandoverState(models.TextChoices):
    DRAFT = "draft", _("Package being written")
    SENT = "sent", _("Sent to the receiving unit")
    RECEIVED = "received", _("Receipt confirmed")
    APPOINTED = "appointed", _("Receiving caseworker appointed")
    PASSED = "passed", _("Responsibility passed")
    CANCELLED = "cancelled", _("Cancelled")


class Handover(models.Model):
    """A young person's handover from the youth unit to an adult unit (R17, R18).

    The package is written at the sending unit, checked for consent (R12), sent to the
    receiving unit's deputy unit manager, who confirms receipt and appoints a caseworker;
    the receiving caseworker is co-caseworker until responsibility passes on the threshold
    birthday (a job does it)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="handovers"
    )
    receiving_unit = models.ForeignKey(
        Unit, verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="+"
    )
    passes_on = models.DateField(_("responsibility passes"))
    state = models.CharField(
        _("state"), max_length=20, choices=HandoverState, default=HandoverState.DRAFT
    )
    # R18: the package.
    background = models.TextField(_("background and family situation"), blank=True)
    legal_guardian = models.TextField(_("legal guardian or trustee"), blank=True)
    current_situation = models.TextField(_("current situation"), blank=True)
    problems_and_investigations = models.TextField(
        _("disability or problems, earlier investigations and diagnoses"), blank=True
    )
    interventions_and_planning = models.TextField(
        _("ongoing interventions and planning"), blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    received_at = models.DateTimeField(_("receipt confirmed"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receipt confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    receiving_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receiving caseworker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handovers_received",
    )
    joint_meeting_on = models.DateField(_("joint meeting"), null=True, blank=True)
    receiving_case = models.ForeignKey(
        Case,
        verbose_name=_("case at the receiving unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handed_over_from",
    )
    passed_at = models.DateTimeField(_("responsibility passed at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["passes_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=~models.Q(state="cancelled"),
                name="handover_one_live_per_case",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Handover to %(unit)s") % {"unit": self.receiving_unit})


class CalendarFeed(models.Model):
    """A user's personal iCal feed of deadlines and meetings, behind a secret token; no
    personal data about individuals in it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    daily_digest = models.BooleanField(_("daily digest by e-mail"), default=False)
    digest_sent_on = models.DateField(_("last digest"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        verbose_name = _("personal feed and digest")
        verbose_name_plural = _("personal feeds and digests")

    def __str__(self) -> str:
        return str(self.user)
