"""Deviation reports (R25) on the two-part form of routine 003 (the form of 2018-02-22).

Part 1 is written by the reporting unit, at least at deputy manager level: the units it
concerns, what happened and how the reporting unit perceived it, improvement proposals, name,
title and date. The reporter then contacts the same level at the other unit; the dialogue is
recorded. Part 2 is written together after the dialogue: a joint summary with the solution,
remaining problems, the action and its follow-up date, and both parties' signatures with
titles and dates. The signed report goes to the organisation's controller, who files it.

A report is written by hand or proposed by the portal from a routine event (a missed handover
deadline, a consent override, an escalation past its target time, a missed execution check of
an order, a log review with remarks, a mandatory routine step skipped), pre-filled and linked
to the event: one report per event. The text names units and dates, never an individual.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.models import AccessLogReview, ConsentOverride, DueItem, RoutineRunStep
from units.models import Organisation, Role, Unit

# R25: both parts are written and signed at least at deputy manager level, and the reporter
# contacts "the same level" at the other unit: deputy unit managers and unit managers.
REPORTING_ROLES = (Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER)


class DeviationState(models.TextChoices):
    DRAFT = "draft", _("Draft of part 1")
    PART1_SUBMITTED = "part1_submitted", _("Part 1 sent to the other unit")
    DIALOGUE_RECORDED = "dialogue_recorded", _("Dialogue with the other unit recorded")
    PART2_DRAFTED = "part2_drafted", _("Part 2 written, not signed")
    SIGNED_REPORTING = "signed_reporting", _("Signed by the reporting unit")
    SIGNED_OTHER = "signed_other", _("Signed by the other unit")
    SIGNED = "signed", _("Signed by both units")
    SENT = "sent", _("Sent to the controller")
    FILED = "filed", _("Filed by the controller")


# The only moves a report may make (STYLE rule 6). The two signatures come in either order;
# a change to part 2 before sending voids the signatures given and returns the report to
# "part 2 written" (the parties sign what they agreed on, not an earlier version).
DEVIATION_TRANSITIONS: dict[str, frozenset[str]] = {
    DeviationState.DRAFT: frozenset({DeviationState.PART1_SUBMITTED}),
    DeviationState.PART1_SUBMITTED: frozenset({DeviationState.DIALOGUE_RECORDED}),
    DeviationState.DIALOGUE_RECORDED: frozenset({DeviationState.PART2_DRAFTED}),
    DeviationState.PART2_DRAFTED: frozenset(
        {DeviationState.SIGNED_REPORTING, DeviationState.SIGNED_OTHER}
    ),
    DeviationState.SIGNED_REPORTING: frozenset(
        {DeviationState.SIGNED, DeviationState.PART2_DRAFTED}
    ),
    DeviationState.SIGNED_OTHER: frozenset({DeviationState.SIGNED, DeviationState.PART2_DRAFTED}),
    DeviationState.SIGNED: frozenset({DeviationState.SENT, DeviationState.PART2_DRAFTED}),
    DeviationState.SENT: frozenset({DeviationState.FILED}),
    DeviationState.FILED: frozenset(),
}


class DeviationSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    HANDOVER_NOT_ANNOUNCED = (
        "handover_not_announced",
        _("Handover not announced six months ahead"),
    )
    CONSENT_OVERRIDE = "consent_override", _("Action taken without consent")
    ESCALATION_OVERDUE = "escalation_overdue", _("Escalation past its target time")
    ORDER_EXECUTION_CHECK_MISSED = (
        "order_execution_check_missed",
        _("Execution of an order not checked in time"),
    )
    ACCESS_LOG_FINDING = "access_log_finding", _("Remarks in a review of the access log")
    ROUTINE_STEP_SKIPPED = "routine_step_skipped", _("Mandatory routine step skipped")


# The sources whose event is a due item of the deadline engine.
DUE_ITEM_SOURCES = (
    DeviationSource.HANDOVER_NOT_ANNOUNCED,
    DeviationSource.ESCALATION_OVERDUE,
    DeviationSource.ORDER_EXECUTION_CHECK_MISSED,
)


class DialogueChannel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    VIDEO = "video", _("Video meeting")
    PHONE = "phone", _("Telephone")
    EMAIL = "email", _("E-mail")
    OTHER = "other", _("Other")


class SignatureParty(models.TextChoices):
    REPORTING = "reporting", _("Reporting unit")
    OTHER = "other", _("Other unit")


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
    # The event a proposed report comes from; one report per event (the one-to-one keys).
    due_item = models.OneToOneField(
        DueItem,
        verbose_name=_("missed deadline"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviation_report",
    )
    consent_override = models.OneToOneField(
        ConsentOverride,
        verbose_name=_("consent override"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviation_report",
    )
    access_log_review = models.OneToOneField(
        AccessLogReview,
        verbose_name=_("access log review"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviation_report",
    )
    # R25, R30: a mandatory step of a routine on a case, skipped with a manager's reason.
    routine_step = models.OneToOneField(
        RoutineRunStep,
        verbose_name=_("skipped routine step"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviation_report",
    )
    # Part 1, by the reporting unit.
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
    submitted_at = models.DateTimeField(_("part 1 sent"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("part 1 sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The contact with the same level at the other unit.
    dialogue_on = models.DateField(_("dialogue held"), null=True, blank=True)
    dialogue_with = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dialogue with"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dialogue_unit = models.ForeignKey(
        Unit,
        verbose_name=_("at the unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dialogue_channel = models.CharField(
        _("how"), max_length=20, choices=DialogueChannel, blank=True
    )
    dialogue_notes = models.TextField(_("notes from the dialogue"), blank=True)
    dialogue_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dialogue recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Part 2, together after the dialogue.
    joint_summary = models.TextField(_("joint summary with the solution"), blank=True)
    remaining_problems = models.TextField(_("remaining problems"), blank=True)
    action = models.TextField(_("action"), blank=True)
    action_follow_up_on = models.DateField(_("follow-up of the action"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent to the controller"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("filed"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[concerned_units])

    class Meta:
        verbose_name = _("deviation report")
        verbose_name_plural = _("deviation reports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["reporting_unit", "state"]),
            models.Index(fields=["organisation", "state"], name="deviation_by_org_state"),
        ]
        constraints = [
            # The link to the event matches the source: a report by hand links nothing.
            models.CheckConstraint(
                condition=(
                    (
                        models.Q(due_item__isnull=True)
                        | models.Q(source__in=[str(s) for s in DUE_ITEM_SOURCES])
                    )
                    & (
                        models.Q(consent_override__isnull=True)
                        | models.Q(source=DeviationSource.CONSENT_OVERRIDE)
                    )
                    & (
                        models.Q(access_log_review__isnull=True)
                        | models.Q(source=DeviationSource.ACCESS_LOG_FINDING)
                    )
                    & (
                        models.Q(routine_step__isnull=True)
                        | models.Q(source=DeviationSource.ROUTINE_STEP_SKIPPED)
                    )
                ),
                name="deviation_link_matches_source",
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Deviation report %(day)s, %(unit)s")
            % {"day": f"{self.reported_on:%Y-%m-%d}", "unit": self.reporting_unit}
        )


class DeviationSignature(models.Model):
    """One party's signature of part 2 (R25), given in the portal after re-entering the
    password. A change to part 2 voids it (voided_at); it is kept, not deleted."""

    report = models.ForeignKey(
        DeviationReport,
        verbose_name=_("deviation report"),
        on_delete=models.CASCADE,
        related_name="signatures",
    )
    party = models.CharField(_("party"), max_length=20, choices=SignatureParty)
    unit = models.ForeignKey(
        Unit, verbose_name=_("for the unit"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=120)
    signed_at = models.DateTimeField(_("signed"))
    voided_at = models.DateTimeField(_("voided by a change to part 2"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signature of a deviation report")
        verbose_name_plural = _("signatures of deviation reports")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "party"],
                condition=models.Q(voided_at__isnull=True),
                name="deviation_signature_once_per_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.user} ({self.title})"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"
    PDF = "pdf", "PDF"


class ExportDelivery(models.TextChoices):
    DIRECT = "direct", _("Downloaded at once")
    JOB = "job", _("Prepared in the background")


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DeviationExport(models.Model):
    """One export of deviation reports, and the log of exports (R25; docs/exports.md): who
    exported what filter of which organisations, in what format, how many rows, when. A large
    XLSX export is a job run by a worker; its file lies under VAR_DIR/exports/ until the
    retention sweep deletes it. The controller's CSV and XLSX carry the filter; the PDF of
    one report carries the report."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exported by"),
        on_delete=models.PROTECT,
        related_name="deviation_exports",
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), related_name="+"
    )
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat)
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=ExportDelivery, default=ExportDelivery.DIRECT
    )
    report = models.ForeignKey(
        DeviationReport,
        verbose_name=_("deviation report"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exports",
    )
    # The controller's filter (deviations/selectors_controller.DeviationFilter) as JSON.
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    # The language of the column headings and labels, so a job writes what the user reads.
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(
        _("state"), max_length=10, choices=ExportState, default=ExportState.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    # The prepared file's name inside VAR_DIR/exports/; empty for direct exports and once
    # the file is deleted.
    file_name = models.CharField(_("file"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file_deleted_at = models.DateTimeField(_("file deleted"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("export of deviation reports")
        verbose_name_plural = _("exports of deviation reports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="deviation_export_by_user"),
            models.Index(fields=["state", "finished_at"], name="deviation_export_by_state"),
        ]
        constraints = [
            # The PDF is of one report; the lists are of a filter.
            models.CheckConstraint(
                condition=(
                    models.Q(format=ExportFormat.PDF, report__isnull=False)
                    | (~models.Q(format=ExportFormat.PDF) & models.Q(report__isnull=True))
                ),
                name="deviation_export_report_iff_pdf",
            ),
            # Only a job leaves a file behind.
            models.CheckConstraint(
                condition=models.Q(file_name="") | models.Q(delivery=ExportDelivery.JOB),
                name="deviation_export_file_only_for_jobs",
            ),
        ]

    def __str__(self) -> str:
        when = f" {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}" if self.created_at else ""
        return f"{self.get_format_display()}{when}, {self.requested_by}"

    @property
    def is_finished(self) -> bool:
        return self.state in {ExportState.DONE, ExportState.FAILED}

    @property
    def progress_percent(self) -> int:
        if self.state == ExportState.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_written * 100 // self.rows_total)

    @property
    def can_download(self) -> bool:
        return self.state == ExportState.DONE and bool(self.file_name)
