"""Organisation data (R1, R2): who works where, in which role, and who decides at each level."""

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*$",
    _("Use lower-case letters, digits and hyphens only."),
)


class Role(models.TextChoices):
    """Roles of R1, ordered from the caseworker up; the order is used to pick a landing page."""

    CASEWORKER = "caseworker", _("Caseworker")
    COORDINATOR = "coordinator", _("Coordinator")
    DEPUTY_UNIT_MANAGER = "deputy_unit_manager", _("Deputy unit manager")
    UNIT_MANAGER = "unit_manager", _("Unit manager")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    CONTROLLER = "controller", _("Controller")
    ADMINISTRATOR = "administrator", _("Administrator")


UNIT_ROLES = frozenset(
    {Role.CASEWORKER, Role.COORDINATOR, Role.DEPUTY_UNIT_MANAGER, Role.UNIT_MANAGER}
)
DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_HEAD})
ORGANISATION_ROLES = frozenset({Role.CONTROLLER, Role.ADMINISTRATOR})


class UnitKind(models.TextChoices):
    """The kinds of unit the routines name (glossary of RULES.md)."""

    BOU = "bou", _("Children and youth (BoU)")
    VUXEN = "vuxen", _("Adults (Vuxen)")
    BEROENDE = "beroende", _("Addiction (Beroende)")
    MOU = "mou", _("Reception and investigation (MoU)")
    MOTTAGNING = "mottagning", _("Reception (Mottagning)")
    FLYKTINGMOTTAGNING = "flyktingmottagning", _("Refugee reception (Flyktingmottagning)")
    SOCIALPSYKIATRI = "socialpsykiatri", _("Social psychiatry (Socialpsykiatri)")
    BISTAND_SOL_LSS = "bistand_sol_lss", _("Needs assessment SoL/LSS (Biståndsenhet)")
    SRV = "srv", _("In-house open care (SRV)")
    FAMILJERATT = "familjeratt", _("Family law (Familjerätt)")
    FAMILJEVARD = "familjevard", _("Family care (Familjevård)")
    EKONOMISKT_BISTAND = "ekonomiskt_bistand", _("Financial aid (Ekonomiskt bistånd)")
    ALDREOMSORG = "aldreomsorg", _("Elderly care (Äldreomsorg)")
    OTHER = "other", _("Other")


class User(AbstractUser):
    """A person who signs in; what they may do follows from their memberships."""

    title = models.CharField(_("job title"), max_length=120, blank=True)
    phone = models.CharField(_("work phone"), max_length=40, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class OrganisationManager(models.Manager):
    def get_by_natural_key(self, code: str) -> "Organisation":
        return self.get(code=code)


class Organisation(models.Model):
    """A municipality's social services: one tenant of routine settings (R1)."""

    code = models.SlugField(_("code"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    municipality = models.CharField(_("municipality"), max_length=120)
    source_routines = models.CharField(
        _("source routines"),
        max_length=200,
        blank=True,
        help_text=_("The written routines these settings come from."),
    )
    # R22: submissions close at a local time a number of days before the meeting.
    submission_cutoff_days_before = models.PositiveSmallIntegerField(
        _("submission cutoff, days before the meeting"),
        default=1,
        validators=[MaxValueValidator(14)],
    )
    submission_cutoff_time = models.TimeField(
        _("submission cutoff, local time"), default=datetime.time(12, 0)
    )
    caseworkers_may_submit = models.BooleanField(
        _("caseworkers may submit cases to meetings"), default=False
    )
    late_submission_accepted_by = models.CharField(
        _("role that may accept a late submission"),
        max_length=40,
        choices=Role.choices,
        default=Role.DEPUTY_UNIT_MANAGER,
    )
    # R17: how far ahead a handover is announced, and an optional earlier first notice.
    handover_notice_months = models.PositiveSmallIntegerField(
        _("handover notice, months before the threshold birthday"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    # R4: a cross-unit read with a stated reason ("active decision"), if the organisation allows.
    cross_unit_read_allowed = models.BooleanField(
        _("cross-unit read with a stated reason allowed"), default=False
    )
    cross_unit_read_hours = models.PositiveSmallIntegerField(
        _("cross-unit read lasts, hours"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
    )
    handover_first_notice_age = models.PositiveSmallIntegerField(
        _("age of a first handover notice"),
        null=True,
        blank=True,
        validators=[MinValueValidator(14), MaxValueValidator(25)],
        help_text=_("Leave empty when the routine asks for no earlier notice."),
    )

    # R16: a birthday on 29 February falls on 1 March in common years, or on 28 February.
    leap_day_birthday = models.CharField(
        _("birthday of someone born on 29 February, in common years"),
        max_length=10,
        choices=[("03-01", _("1 March")), ("02-28", _("28 February"))],
        default="03-01",
    )
    # R17: reminders after the handover deadline, and when it goes to the unit manager.
    handover_reminder_days = models.PositiveSmallIntegerField(
        _("remind about an unannounced handover every, days"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    handover_overdue_days = models.PositiveSmallIntegerField(
        _("an unannounced handover goes to the unit manager after, days"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    # R14: the follow-up after a SIP or care planning is booked "close after".
    care_planning_follow_up_days = models.PositiveSmallIntegerField(
        _("follow-up after SIP or care planning within, days"),
        default=42,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    # R12, R28: from this age the child's own consent is asked besides the guardians'.
    child_consent_age = models.PositiveSmallIntegerField(
        _("age from which a child's own consent is asked"),
        default=15,
        validators=[MinValueValidator(12), MaxValueValidator(18)],
    )

    # R26, R27: orders to in-house open care (004: the administrative coordinator asks the
    # provider about execution within two weeks of receipt; follow-up at least every six
    # months; the provider's documentation within two weeks of closing).
    order_execution_check_days = models.PositiveSmallIntegerField(
        _("execution check of an order, days after receipt"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    order_execution_check_role = models.CharField(
        _("role at the ordering unit that checks execution"),
        max_length=40,
        choices=Role.choices,
        default=Role.COORDINATOR,
    )
    order_follow_up_months = models.PositiveSmallIntegerField(
        _("follow-up of an ordered intervention at least every, months"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    order_closing_documentation_days = models.PositiveSmallIntegerField(
        _("closing documentation of an order within, days"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    # R22: participants are reminded this many days before a meeting's submission cutoff.
    meeting_reminder_days = models.PositiveSmallIntegerField(
        _("remind of a meeting's submission cutoff, days before"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(14)],
    )
    # R24: the managers are reminded of the yearly routine review on the 1st of this month.
    routine_review_month = models.PositiveSmallIntegerField(
        _("month of the yearly routine review"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    # R30: a routine step still open this many days after it became overdue goes to the unit
    # manager. The seeds name no number; five days (a working week) is the default.
    routine_step_escalation_days = models.PositiveSmallIntegerField(
        _("an overdue routine step goes to the unit manager after, days"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "Counted from the day after the step's due date, when its holder is told it is overdue."
        ),
    )

    history = HistoricalRecords()
    objects = OrganisationManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class DepartmentManager(models.Manager):
    def get_by_natural_key(self, organisation_code: str, code: str) -> "Department":
        return self.get(organisation__code=organisation_code, code=code)


class Department(models.Model):
    """An administration or department, e.g. IFO or VoO (R1)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="departments",
    )
    code = models.SlugField(_("code"), max_length=40, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)

    history = HistoricalRecords()
    objects = DepartmentManager()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="department_code_unique_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def natural_key(self) -> tuple[str, str]:
        return (*self.organisation.natural_key(), self.code)

    natural_key.dependencies = ["units.organisation"]


class UnitManager(models.Manager):
    def get_by_natural_key(self, organisation_code: str, code: str) -> "Unit":
        return self.get(organisation__code=organisation_code, code=code)


class Unit(models.Model):
    """A unit or group where cases are held (R1); its kind drives the routine settings."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="units"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="units"
    )
    code = models.SlugField(
        _("code"),
        max_length=40,
        validators=[code_validator],
        help_text=_("Unique within the organisation."),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=UnitKind.choices)
    email = models.EmailField(_("functional e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = UnitManager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="unit_code_unique_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def natural_key(self) -> tuple[str, str]:
        return (self.organisation.code, self.code)

    natural_key.dependencies = ["units.department"]

    def clean(self) -> None:
        if (
            self.department_id
            and self.organisation_id
            and self.department.organisation_id != self.organisation_id
        ):
            raise ValidationError(
                {"department": _("The department belongs to another organisation.")}
            )


class Membership(models.Model):
    """A user's role at a unit, a department or the whole organisation (R1).

    Unit roles need a unit, a department head needs a department, and the controller and
    administrator act for the organisation. One person may hold several memberships.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "unit__name", "role"]
        constraints = [
            # Three partial constraints, since a NULL never equals another NULL in SQL.
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=models.Q(unit__isnull=False),
                name="membership_unique_at_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "department", "role"],
                condition=models.Q(unit__isnull=True, department__isnull=False),
                name="membership_unique_at_department",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(unit__isnull=True, department__isnull=True),
                name="membership_unique_at_organisation",
            ),
        ]

    def __str__(self) -> str:
        place = self.unit or self.department or self.organisation
        return f"{self.user}: {self.get_role_display()}, {place}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.role in UNIT_ROLES and not self.unit_id:
            errors["unit"] = _("This role is held at a unit: choose the unit.")
        if self.role in DEPARTMENT_ROLES and not self.department_id:
            errors["department"] = _("A department head needs a department.")
        if self.unit_id:
            self.department = self.unit.department
        if self.department_id:
            self.organisation = self.department.organisation
        if self.role in ORGANISATION_ROLES and self.unit_id:
            errors["unit"] = _("This role covers the whole organisation: leave the unit empty.")
        if errors:
            raise ValidationError(errors)

    @property
    def place(self) -> Unit | Department | Organisation:
        return self.unit or self.department or self.organisation


class EscalationLevelManager(models.Manager):
    def get_by_natural_key(self, organisation_code: str, rank: int) -> "EscalationLevel":
        return self.get(organisation__code=organisation_code, rank=rank)


class EscalationLevel(models.Model):
    """One rung of an organisation's escalation ladder (R2): who decides, and where."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="escalation_levels",
    )
    rank = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    name = models.CharField(_("name"), max_length=200)
    deciding_role = models.CharField(_("deciding role"), max_length=40, choices=Role.choices)
    forum = models.CharField(_("forum"), max_length=200, blank=True)
    target_days = models.PositiveSmallIntegerField(
        _("target time in days"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("After this many days an open escalation is overdue at this level."),
    )

    history = HistoricalRecords()
    objects = EscalationLevelManager()

    class Meta:
        verbose_name = _("escalation level")
        verbose_name_plural = _("escalation levels")
        ordering = ["organisation__name", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "rank"], name="escalation_rank_unique_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.name}"

    def natural_key(self) -> tuple[str, int]:
        return (self.organisation.code, self.rank)

    natural_key.dependencies = ["units.organisation"]
