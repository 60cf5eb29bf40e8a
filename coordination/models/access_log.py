"""The read-access log (SoLPuL access control): append-only, one row per individual shown."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.models.cases import Case
from coordination.models.people import Individual
from units.models import Organisation, Unit, User


class AccessAction(models.TextChoices):
    VIEW = "view", _("View")
    LIST = "list", _("List")
    SEARCH = "search", _("Search")
    EXPORT = "export", _("Export")
    PRINT = "print", _("Print")
    CHECK = "check", _("Active-case check")
    READ_LOG = "read_log", _("Read the access log")


class AccessOutcome(models.TextChoices):
    GRANTED = "granted", _("Shown")
    DENIED = "denied", _("Denied")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The access log is append-only.")

    def delete(self):
        raise PermissionError("The access log is append-only.")


class AccessLogEntry(models.Model):
    """Who saw (or was refused) which individual's data, when, through which request."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    user_unit = models.ForeignKey(
        Unit, verbose_name=_("user's unit"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    user_role = models.CharField(_("user's role"), max_length=40, blank=True)
    individual = models.ForeignKey(
        Individual,
        verbose_name=_("individual"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=AccessAction)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=AccessOutcome, default=AccessOutcome.GRANTED
    )
    path = models.CharField(_("page or endpoint"), max_length=300, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["individual", "at"], name="accesslog_by_individual"),
            models.Index(fields=["user", "at"], name="accesslog_by_user"),
            models.Index(fields=["user_unit", "at"], name="accesslog_by_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.individual_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only.")


class ReviewResult(models.TextChoices):
    NO_REMARKS = "no_remarks", _("No remarks")
    REMARKS = "remarks", _("Remarks, followed up")


class AccessLogReview(models.Model):
    """A recorded review of the log for a period, with its random sample (log review duty)."""

    reviewer = models.ForeignKey(
        User, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    sample = models.ManyToManyField(AccessLogEntry, verbose_name=_("sample"), related_name="+")
    result = models.CharField(_("result"), max_length=20, choices=ReviewResult)
    findings = models.TextField(_("findings"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("access log review")
        verbose_name_plural = _("access log reviews")
        ordering = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"{self.period_start} - {self.period_end} ({self.reviewer})"
