"""Standing meetings per organisation (R21), their instances and the submissions (R22)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.validators import IDENTITY_NUMBER_MESSAGE, looks_like_identity_number
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


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    AGENDA_FROZEN = "agenda_frozen", _("Agenda frozen")
    HELD = "held", _("Held")
    MINUTES_PUBLISHED = "minutes_published", _("Minutes published")
    CANCELLED = "cancelled", _("Cancelled")


# The only moves a meeting's state may make (STYLE rule 6).
MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    MeetingState.PLANNED: frozenset({MeetingState.AGENDA_FROZEN, MeetingState.CANCELLED}),
    MeetingState.AGENDA_FROZEN: frozenset({MeetingState.HELD, MeetingState.CANCELLED}),
    MeetingState.HELD: frozenset({MeetingState.MINUTES_PUBLISHED}),
    MeetingState.MINUTES_PUBLISHED: frozenset(),
    MeetingState.CANCELLED: frozenset(),
}


class Meeting(models.Model):
    """One meeting of a series (R21), created ahead by the schedule.

    `scheduled_date` is the date the cadence gives and never changes, so that the schedule
    recognises a meeting the chair has moved; `date` is when it is actually held.
    """

    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("meeting series"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    scheduled_date = models.DateField(_("date by the cadence"))
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    state = models.CharField(
        _("state"), max_length=20, choices=MeetingState, default=MeetingState.PLANNED
    )
    # R21: a meeting on a Swedish public holiday or a weekend is flagged for the chair to move.
    needs_moving = models.BooleanField(_("needs moving"), default=False)
    moved_reason = models.TextField(_("reason for moving"), blank=True)
    cancel_reason = models.TextField(_("reason the meeting is cancelled"), blank=True)
    frozen_at = models.DateTimeField(_("agenda frozen"), null=True, blank=True)
    # R23: the minute-taker rotates among the participants.
    minute_taker = models.ForeignKey(
        "units.User",
        verbose_name=_("minute-taker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    held_at = models.DateTimeField(_("held"), null=True, blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date", "start_time", "series__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "scheduled_date"], name="meeting_once_per_series_date"
            ),
            models.UniqueConstraint(fields=["series", "date"], name="meeting_one_per_series_day"),
        ]

    def __str__(self) -> str:
        return f"{self.series.name} {self.date:%Y-%m-%d}"


class MeetingAttendance(models.Model):
    """Whether a participant was at a meeting (R23); one row per participant."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    user = models.ForeignKey(
        "units.User", verbose_name=_("participant"), on_delete=models.PROTECT, related_name="+"
    )
    present = models.BooleanField(_("present"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.meeting}"


class Outcome(models.TextChoices):
    """R23: each case discussed ends with a decision or an escalation."""

    DECISION = "decision", _("Decision")
    ESCALATED = "escalated", _("Escalated")


class SubmissionKind(models.TextChoices):
    INDIVIDUAL = "individual", _("About an individual")
    ANONYMOUS = "anonymous", _("Anonymous consultation")


class Submission(models.Model):
    """A case submitted to a meeting (R22): an agenda item.

    About an individual, it links a case the submitter's unit has open; name and age are read
    from the individual when shown, never copied here. An anonymous consultation links nothing
    and stores no identity: the texts are checked for identity numbers (R22).
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="submissions"
    )
    # R22: a late submission goes to the next meeting; the meeting asked for is kept so that the
    # chair can accept it onto that one.
    requested_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting asked for"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SubmissionKind)
    case = models.ForeignKey(
        "coordination.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_submissions",
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("submitting unit"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        "units.User", verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"))
    background = models.TextField(_("short background (diagnoses, earlier investigations)"))
    current_situation = models.TextField(_("current situation (ongoing interventions, planning)"))
    problem = models.TextField(_("current problem"))
    question = models.TextField(_("question to the meeting"))
    late = models.BooleanField(_("submitted after the cutoff"), default=False)
    late_accepted_by = models.ForeignKey(
        "units.User",
        verbose_name=_("late submission accepted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    late_accepted_at = models.DateTimeField(_("late submission accepted"), null=True, blank=True)
    # R23: notes and the outcome agreed at the meeting.
    notes = models.TextField(_("notes"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome, blank=True)
    outcome_text = models.TextField(_("decision or escalation, as agreed"), blank=True)
    outcome_recorded_by = models.ForeignKey(
        "units.User",
        verbose_name=_("outcome recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome_recorded_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["submitted_at", "pk"]
        constraints = [
            # R22: an anonymous consultation links no individual, ever.
            models.CheckConstraint(
                condition=(
                    models.Q(kind="anonymous", case__isnull=True)
                    | models.Q(kind="individual", case__isnull=False)
                ),
                name="submission_case_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    TEXT_FIELDS = (
        "background",
        "current_situation",
        "problem",
        "question",
        "notes",
        "outcome_text",
    )

    def clean(self) -> None:
        errors = {
            name: IDENTITY_NUMBER_MESSAGE
            for name in self.TEXT_FIELDS
            if looks_like_identity_number(getattr(self, name))
        }
        if errors:
            raise ValidationError(errors)
        if self.kind == SubmissionKind.ANONYMOUS and self.case_id:
            raise ValidationError({"case": _("An anonymous consultation links no case.")})
        if self.kind == SubmissionKind.INDIVIDUAL and not self.case_id:
            raise ValidationError({"case": _("Choose the case the submission is about.")})


class RoutineReview(models.Model):
    """The managers' yearly review of the routines themselves (R24): when it was held and
    what it concluded. One per organisation and year."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="routine_reviews",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    held_on = models.DateField(_("held"))
    participants = models.TextField(_("participants"))
    conclusions = models.TextField(_("conclusions and changes to the routines"))
    recorded_by = models.ForeignKey(
        "units.User", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("routine review")
        verbose_name_plural = _("routine reviews")
        ordering = ["organisation__name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="routine_review_once_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"
