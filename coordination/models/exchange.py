"""What 001's cross-unit flows send between units: copies of messages, and joint visits and
assessments (R31, R32).

A copy is sent from a case to another unit. The sending unit sees that it was sent, to which
unit, when and what it said; nothing after that: not whether it was read, not what the
receiving unit knows of the family, not what it did (R31: "the adult unit cannot see whether
the family is known there"). The receiving side's fields are read only by members of the
receiving unit.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.models.cases import Case
from coordination.models.people import Individual
from units.models import Unit

AUDIT_MAX = 40
DUDIT_MAX = 44


class CopyKind(models.TextChoices):
    DEBT_NOTICE = (
        "debt_notice",
        _("Message about electricity or rent debts, eviction or power cut"),
    )
    CHILD_CONCERN = "child_concern", _("Concern for a child")
    INVITATION = "invitation", _("Copy of an invitation or appointment")
    DECISION = "decision", _("Copy of a decision")
    MESSAGE = "message", _("Message to the unit's coordinator")


class DebtKind(models.TextChoices):
    RENT_DEBT = "rent_debt", _("Rent debt")
    ELECTRICITY_DEBT = "electricity_debt", _("Electricity debt")
    EVICTION = "eviction", _("Notice of eviction")
    POWER_CUT = "power_cut", _("Notice of power cut")


# At eviction or power cut both units assess together (R31).
DEBT_KINDS_NEEDING_JOINT_ASSESSMENT = (DebtKind.EVICTION, DebtKind.POWER_CUT)


class UnitCopy(models.Model):
    """A copy of a message sent from a case to another unit (R31, R32; 001).

    `case` is the sending case; `to_unit` the receiving unit. `read_*` and `assessment*` are the
    receiving unit's own and are never shown to the sending unit.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="copies_sent"
    )
    to_unit = models.ForeignKey(
        Unit, verbose_name=_("sent to"), on_delete=models.PROTECT, related_name="copies_received"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=CopyKind)
    debt_kind = models.CharField(_("kind of debt"), max_length=30, choices=DebtKind, blank=True)
    child = models.ForeignKey(
        Individual,
        verbose_name=_("child"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    message_received_on = models.DateField(_("message received"), null=True, blank=True)
    text = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"))
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("read by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    assessment = models.TextField(_("the receiving unit's assessment"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("copy to another unit")
        verbose_name_plural = _("copies to other units")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="debt_notice", message_received_on__isnull=False)
                & ~Q(debt_kind="")
                | ~Q(kind="debt_notice") & Q(debt_kind=""),
                name="unit_copy_debt_kind_with_debt_notice",
                violation_error_message=_(
                    "A debt message names the kind of debt and when it was received; other "
                    "copies name no debt."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind="child_concern", child__isnull=False)
                | ~Q(kind="child_concern") & Q(child__isnull=True),
                name="unit_copy_child_with_child_concern",
                violation_error_message=_("A concern names the child; other copies name none."),
            ),
            models.CheckConstraint(
                condition=Q(assessment="", assessed_at__isnull=True)
                | ~Q(assessment="") & Q(assessed_at__isnull=False, assessed_by__isnull=False),
                name="unit_copy_assessment_complete",
            ),
        ]
        indexes = [models.Index(fields=["to_unit", "read_at"], name="unit_copy_inbox")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.to_unit} ({self.sent_at:%Y-%m-%d})"


class JointVisitKind(models.TextChoices):
    PRELIMINARY_ASSESSMENT = "preliminary_assessment", _("Joint preliminary assessment")
    VISIT = "visit", _("Joint visit")
    DEBT_ASSESSMENT = "debt_assessment", _("Joint assessment at eviction or power cut")


class JointVisit(models.Model):
    """A preliminary assessment, visit or assessment made together by two units (R31, R32),
    with AUDIT and DUDIT recorded when they were used (001)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="joint_visits"
    )
    other_unit = models.ForeignKey(
        Unit, verbose_name=_("other unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=JointVisitKind)
    held_on = models.DateField(_("date"))
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("caseworker"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    other_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("other unit's caseworker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    audit_used = models.BooleanField(_("AUDIT used"), default=False)
    audit_score = models.PositiveSmallIntegerField(
        _("AUDIT score"), null=True, blank=True, validators=[MaxValueValidator(AUDIT_MAX)]
    )
    dudit_used = models.BooleanField(_("DUDIT used"), default=False)
    dudit_score = models.PositiveSmallIntegerField(
        _("DUDIT score"), null=True, blank=True, validators=[MaxValueValidator(DUDIT_MAX)]
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("joint visit or assessment")
        verbose_name_plural = _("joint visits and assessments")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(audit_score__isnull=True)
                | Q(audit_used=True, audit_score__lte=AUDIT_MAX),
                name="joint_visit_audit_score_when_used",
                violation_error_message=_("Give an AUDIT score (0-40) only when AUDIT was used."),
            ),
            models.CheckConstraint(
                condition=Q(dudit_score__isnull=True)
                | Q(dudit_used=True, dudit_score__lte=DUDIT_MAX),
                name="joint_visit_dudit_score_when_used",
                violation_error_message=_("Give a DUDIT score (0-44) only when DUDIT was used."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}"
