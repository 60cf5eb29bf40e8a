"""Deviation reports (R25): part 1 by the reporting unit, at least at deputy manager level.

Until the two-part flow with signatures and the controller arrives (issue 7), a report is a
draft of part 1: written by hand or proposed by the portal when a routine deadline is missed,
pre-filled and linked to the missed item. The text names units and dates, never a person.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.models import DueItem
from units.models import Organisation, Role, Unit

# R25: part 1 is written at least at deputy manager level of the reporting unit.
REPORTING_ROLES = (Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER)


class DeviationState(models.TextChoices):
    DRAFT = "draft", _("Draft of part 1")


class DeviationSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    HANDOVER_NOT_ANNOUNCED = (
        "handover_not_announced",
        _("Handover not announced six months ahead"),
    )


class DeviationReport(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    reporting_unit = models.ForeignKey(
        Unit,
        verbose_name=_("reporting unit"),
        on_delete=models.PROTECT,
        related_name="deviations_reported",
    )
    concerned_units = models.ManyToManyField(
        Unit, verbose_name=_("units concerned"), related_name="deviations_concerning"
    )
    state = models.CharField(
        _("state"), max_length=30, choices=DeviationState, default=DeviationState.DRAFT
    )
    source = models.CharField(
        _("source"), max_length=40, choices=DeviationSource, default=DeviationSource.MANUAL
    )
    # The missed routine deadline a proposed report comes from; one report per deadline.
    due_item = models.OneToOneField(
        DueItem,
        verbose_name=_("missed deadline"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviation_report",
    )
    what_happened = models.TextField(_("what happened"))
    perception = models.TextField(_("how the reporting unit perceived it"), blank=True)
    improvement_proposals = models.TextField(_("improvement proposals"), blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reporter_title = models.CharField(_("reporter's title"), max_length=120, blank=True)
    reported_on = models.DateField(_("date"), default=timezone.localdate)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[concerned_units])

    class Meta:
        verbose_name = _("deviation report")
        verbose_name_plural = _("deviation reports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["reporting_unit", "state"])]

    def __str__(self) -> str:
        return str(
            _("Deviation report %(day)s, %(unit)s")
            % {"day": f"{self.reported_on:%Y-%m-%d}", "unit": self.reporting_unit}
        )
