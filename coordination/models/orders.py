"""Orders to in-house open care (R26-R29): the order with its assignment, sent to a provider
unit such as SRV, the provider's implementation plan, and the follow-ups measured per need.

The ordering case's caseworker writes the assignment (needs, goals, the intervention decided
on and its time limit) and sends it; the provider unit receives it or refuses it with a
written reason; the kick-off meeting marks it executed; the provider draws up and revises the
implementation plan; follow-ups assess every need of the assignment; the order is closed and
the provider completes its documentation. An acute order (R29) is a simplified one sent
while the case is under investigation.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.models.cases import Case
from units.models import Unit


class OrderState(models.TextChoices):
    DRAFT = "draft", _("Order being written")
    SENT = "sent", _("Sent to the provider")
    RECEIVED = "received", _("Received by the provider")
    REFUSED = "refused", _("Refused by the provider")
    EXECUTED = "executed", _("Executed: kick-off held")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# The only moves an order may make (STYLE rule 6).
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderState.DRAFT: frozenset({OrderState.SENT, OrderState.CANCELLED}),
    OrderState.SENT: frozenset({OrderState.RECEIVED, OrderState.REFUSED, OrderState.CANCELLED}),
    OrderState.RECEIVED: frozenset({OrderState.EXECUTED, OrderState.REFUSED, OrderState.CANCELLED}),
    OrderState.EXECUTED: frozenset({OrderState.CLOSED}),
    OrderState.REFUSED: frozenset(),
    OrderState.CLOSED: frozenset(),
    OrderState.CANCELLED: frozenset(),
}


class ClosingReason(models.TextChoices):
    GOALS_MET = "goals_met", _("The goals are met")
    GUARDIANS_ENDED = "guardians_ended", _("Ended early by the guardians")
    NOT_WORKING = "not_working", _("The provider judges that it is not working")
    OTHER = "other", _("Other reason")


class NeedResult(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class Order(models.Model):
    """An order with its assignment from a case to a provider unit (R26-R29)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="orders"
    )
    provider_unit = models.ForeignKey(
        Unit, verbose_name=_("provider unit"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=OrderState, default=OrderState.DRAFT
    )
    # R29: a simplified order while the case is under investigation.
    acute = models.BooleanField(_("acute order during an investigation"), default=False)
    # R26: the assignment.
    account = models.TextField(_("short account"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    intervention = models.TextField(_("intervention decided on"), blank=True)
    starts_on = models.DateField(_("intervention from"), null=True, blank=True)
    ends_on = models.DateField(_("intervention until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    received_on = models.DateField(_("received"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receipt recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    refused_at = models.DateTimeField(_("refused"), null=True, blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("refused by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    refusal_reason = models.TextField(_("reason for refusing"), blank=True)
    execution_checked_at = models.DateTimeField(_("execution checked"), null=True, blank=True)
    execution_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("execution checked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    execution_answer = models.TextField(_("the provider's answer about execution"), blank=True)
    treater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible treater"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders_treated",
    )
    kick_off_on = models.DateField(_("kick-off meeting"), null=True, blank=True)
    kick_off_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kick-off recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # R27: the implementation plan is drawn up "within an agreed time".
    plan_agreed_by = models.DateField(_("implementation plan agreed by"), null=True, blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closing_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=ClosingReason, blank=True
    )
    closing_note = models.TextField(_("about the closing"), blank=True)
    documentation_done_at = models.DateTimeField(
        _("closing documentation done"), null=True, blank=True
    )
    documentation_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closing documentation by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # R28: the guardians want to end the intervention early.
    guardians_ended_on = models.DateField(_("guardians asked to end it"), null=True, blank=True)
    continues_without_guardians = models.BooleanField(
        _("the intervention continues towards the child without the guardians' consent"),
        null=True,
        blank=True,
    )
    investigation_warranted = models.BooleanField(
        _("concern for the child's development warrants an investigation"),
        null=True,
        blank=True,
    )
    termination_assessment = models.TextField(_("the caseworker's assessment"), blank=True)
    # R29: an investigation opened during the ongoing intervention.
    investigation_started_on = models.DateField(
        _("investigation started during the intervention"), null=True, blank=True
    )
    continues_during_investigation = models.BooleanField(
        _("the intervention continues during the investigation"), null=True, blank=True
    )
    investigation_agreement = models.TextField(
        _("agreement on the intervention during the investigation"), blank=True
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("order to open care")
        verbose_name_plural = _("orders to open care")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["provider_unit", "state"], name="order_by_provider")]

    def __str__(self) -> str:
        return str(_("Order to %(unit)s") % {"unit": self.provider_unit})

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError(
                {"ends_on": _("The intervention must end after the day it starts.")}
            )


class OrderNeed(models.Model):
    """One need of the assignment; each follow-up assesses every one (R27)."""

    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="needs"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("need"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("need in the assignment")
        verbose_name_plural = _("needs in the assignment")
        ordering = ["order", "position"]
        constraints = [
            models.UniqueConstraint(fields=["order", "position"], name="order_need_position"),
        ]

    def __str__(self) -> str:
        return self.text


class OrderImplementationPlan(models.Model):
    """A version of the provider's implementation plan, drawn up with the family (R27)."""

    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="plans"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    content = models.TextField(_("implementation plan"))
    with_family = models.BooleanField(_("drawn up with the family"), default=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")
        ordering = ["order", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["order", "version"], name="order_plan_version"),
        ]

    def __str__(self) -> str:
        return str(_("Implementation plan, version %(version)s") % {"version": self.version})


class OrderFollowUp(models.Model):
    """A follow-up of the intervention, measured against the assignment's needs (R27)."""

    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    held_on = models.DateField(_("held"))
    summary = models.TextField(_("summary"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up of the order")
        verbose_name_plural = _("follow-ups of the order")
        ordering = ["order", "-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d}"


class OrderNeedAssessment(models.Model):
    """How far one need of the assignment is met at a follow-up (R27)."""

    follow_up = models.ForeignKey(
        OrderFollowUp,
        verbose_name=_("follow-up"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    need = models.ForeignKey(
        OrderNeed, verbose_name=_("need"), on_delete=models.CASCADE, related_name="assessments"
    )
    result = models.CharField(_("result"), max_length=10, choices=NeedResult)
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment of a need")
        verbose_name_plural = _("assessments of needs")
        ordering = ["follow_up", "need__position"]
        constraints = [
            models.UniqueConstraint(fields=["follow_up", "need"], name="order_need_assessed_once"),
        ]

    def __str__(self) -> str:
        return f"{self.need}: {self.get_result_display()}"
