"""Escalations up the organisation's ladder (R2, R9).

An escalation is a disagreement between two units about one person's case, raised in
writing by an involved caseworker to the next level of the ladder. It sits at one level at a
time; that level's managers decide or raise it further. Each move is a step, so the time spent
at every level can be read back (the target time per level, the compliance figures).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.models.cases import Case
from units.models import EscalationLevel, Organisation, Unit, User


class EscalationState(models.TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Escalation(models.Model):
    """A disagreement between two units, raised up the ladder until a level decides it."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    # The raising caseworker's case. Empty only for an anonymous meeting consultation (R22),
    # which links no individual anywhere.
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations",
    )
    # The other unit's open case of the same person, when there is one: the managers on the
    # path get access to both (R9, R4).
    other_case = models.ForeignKey(
        Case,
        verbose_name=_("the other unit's case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Raised from a meeting item whose outcome was an escalation (R23).
    submission = models.ForeignKey(
        "meetings.Submission",
        verbose_name=_("meeting item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations",
    )
    raising_unit = models.ForeignKey(
        Unit, verbose_name=_("raising unit"), on_delete=models.PROTECT, related_name="+"
    )
    other_unit = models.ForeignKey(
        Unit, verbose_name=_("other unit"), on_delete=models.PROTECT, related_name="+"
    )
    # R9: while the question is open, responsibility for ongoing interventions stays with the
    # unit that decided them.
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit responsible for ongoing interventions"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.TextField(_("the disagreement, in writing"))
    positions = models.TextField(_("what each unit proposes"), blank=True)
    level = models.ForeignKey(
        EscalationLevel,
        verbose_name=_("current level"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level_entered_at = models.DateTimeField(_("at this level since"))
    state = models.CharField(
        _("state"), max_length=20, choices=EscalationState, default=EscalationState.OPEN
    )
    raised_by = models.ForeignKey(
        User, verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised"))
    decision = models.TextField(_("decision"), blank=True)
    closed_by = models.ForeignKey(
        User,
        verbose_name=_("decided or withdrawn by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-raised_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "level"], name="escalation_by_state_level"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(raising_unit=models.F("other_unit")),
                name="escalation_between_two_units",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Escalation')} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state == EscalationState.OPEN

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.raising_unit_id and self.raising_unit_id == self.other_unit_id:
            errors["other_unit"] = _("Choose the other unit, not your own.")
        if self.responsible_unit_id and self.responsible_unit_id not in (
            self.raising_unit_id,
            self.other_unit_id,
        ):
            errors["responsible_unit"] = _("Choose one of the two units.")
        if errors:
            raise ValidationError(errors)


class StepOutcome(models.TextChoices):
    RAISED = "raised", _("Raised to the next level")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EscalationStep(models.Model):
    """The time an escalation spent at one level and how it left it."""

    escalation = models.ForeignKey(
        Escalation, verbose_name=_("escalation"), on_delete=models.CASCADE, related_name="steps"
    )
    level = models.ForeignKey(
        EscalationLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"))
    entered_by = models.ForeignKey(
        User, verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why it was raised to this level"))
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=StepOutcome, blank=True)
    # Set when the target time at this level passed while it was still here.
    overdue_at = models.DateTimeField(_("past the target time"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")
        ordering = ["escalation", "entered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["escalation", "level"], name="escalation_step_once_per_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.escalation} {self.level}"
