"""Standing meeting series per organisation (R21); instances and submissions come later."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import Organisation, Role


class MeetingKind(models.TextChoices):
    MANAGER_MEETING = "manager_meeting", _("Managers' coordination meeting")
    ALIGNMENT = "alignment", _("Alignment meeting")
    COORDINATION = "coordination", _("Coordination meeting")


class Recurrence(models.TextChoices):
    WEEKS = "weeks", _("Every N weeks")
    MONTHS = "months", _("Every N months")


class Attendance(models.TextChoices):
    MANDATORY = "mandatory", _("Mandatory")
    BY_SUMMONS = "by_summons", _("When summoned")


class MeetingSeries(models.Model):
    """A standing meeting (R21): its cadence, who takes part and whether attendance is mandatory.

    Monthly alternating meetings are two series, each every second month, one month apart.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="meeting_series",
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40, choices=MeetingKind)
    recurrence = models.CharField(_("recurrence"), max_length=10, choices=Recurrence)
    interval = models.PositiveSmallIntegerField(
        _("interval"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    first_date = models.DateField(_("first meeting date"))
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    attendance = models.CharField(
        _("attendance"), max_length=20, choices=Attendance, default=Attendance.MANDATORY
    )
    participant_roles = models.JSONField(
        _("participant roles"),
        default=list,
        help_text=_('Roles that take part, e.g. ["deputy_unit_manager"].'),
    )
    purpose = models.TextField(_("purpose"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="meeting_series_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        roles = self.participant_roles
        if not isinstance(roles, list) or not roles:
            raise ValidationError({"participant_roles": _("List at least one role.")})
        unknown = sorted(set(roles) - set(Role.values))
        if unknown:
            raise ValidationError(
                {"participant_roles": _("Unknown roles: %(roles)s") % {"roles": ", ".join(unknown)}}
            )
