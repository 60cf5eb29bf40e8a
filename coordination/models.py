"""Routine settings for coordination (R8, R16) and the individuals cases are about."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.identity import IdentityNumberError, parse_identity_number
from units.models import Organisation, UnitKind


class CoordinationMethod(models.TextChoices):
    UNIT_KIND = "unit_kind", _("The caseworker at the named kind of unit")
    LONGEST_CONTACT = (
        "longest_contact",
        _("The caseworker with the longest contact with the family"),
    )


class CoordinationRule(models.Model):
    """Who coordinates when two kinds of unit work with one family (R8).

    A rule with no unit kinds is the organisation's default: it applies to every other pair
    and whenever three or more units are involved.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="coordination_rules",
    )
    unit_kind_a = models.CharField(
        _("unit kind"), max_length=40, choices=UnitKind.choices, blank=True
    )
    unit_kind_b = models.CharField(
        _("other unit kind"), max_length=40, choices=UnitKind.choices, blank=True
    )
    method = models.CharField(_("who coordinates"), max_length=40, choices=CoordinationMethod)
    coordinating_unit_kind = models.CharField(
        _("coordinating unit kind"), max_length=40, choices=UnitKind.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coordination rule")
        verbose_name_plural = _("coordination rules")
        ordering = ["organisation__name", "unit_kind_a", "unit_kind_b"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "unit_kind_a", "unit_kind_b"],
                name="coordination_rule_unique_pair",
            ),
        ]

    def __str__(self) -> str:
        if not self.unit_kind_a:
            return str(_("Default: %(method)s") % {"method": self.get_method_display()})
        return f"{self.get_unit_kind_a_display()} + {self.get_unit_kind_b_display()}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if bool(self.unit_kind_a) != bool(self.unit_kind_b):
            errors["unit_kind_b"] = _("Give both unit kinds, or neither for the default rule.")
        elif self.unit_kind_a and self.unit_kind_a > self.unit_kind_b:
            # One stored order per pair keeps the unique constraint meaningful.
            self.unit_kind_a, self.unit_kind_b = self.unit_kind_b, self.unit_kind_a
        if self.method == CoordinationMethod.UNIT_KIND:
            if not self.coordinating_unit_kind:
                errors["coordinating_unit_kind"] = _("Name the kind of unit that coordinates.")
            elif self.coordinating_unit_kind not in {self.unit_kind_a, self.unit_kind_b}:
                errors["coordinating_unit_kind"] = _("It must be one of the two unit kinds.")
        elif self.coordinating_unit_kind:
            errors["coordinating_unit_kind"] = _("Leave empty when the longest contact decides.")
        if errors:
            raise ValidationError(errors)


class AgeCondition(models.TextChoices):
    """The circumstances under which a different age threshold applies (R16)."""

    NONE = "none", _("No special circumstance")
    LVU = "lvu", _("Care under LVU")
    FAMILY_HOME_UPPER_SECONDARY = (
        "family_home_upper_secondary",
        _("Family-home placement during upper-secondary studies"),
    )
    PLACED_BY_FAMILY_CARE = "placed_by_family_care", _("Placed by family care")
    FINANCIAL_AID_APPLICATION = "financial_aid_application", _("Application for financial aid")
    HOUSING_SUPPORT_APPLICATION = (
        "housing_support_application",
        _("Application for housing support"),
    )


class AgeThreshold(models.Model):
    """The birthday on which responsibility moves from one kind of unit to another (R16)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="age_thresholds",
    )
    from_unit_kind = models.CharField(_("from unit kind"), max_length=40, choices=UnitKind)
    to_unit_kind = models.CharField(
        _("to unit kind"),
        max_length=40,
        choices=UnitKind,
        blank=True,
        help_text=_("Empty: the adult unit that matches the need."),
    )
    condition = models.CharField(
        _("condition"), max_length=40, choices=AgeCondition, default=AgeCondition.NONE
    )
    age = models.PositiveSmallIntegerField(
        _("age"), validators=[MinValueValidator(15), MaxValueValidator(25)]
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("age threshold")
        verbose_name_plural = _("age thresholds")
        ordering = ["organisation__name", "from_unit_kind", "age"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "from_unit_kind", "to_unit_kind", "condition"],
                name="age_threshold_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_unit_kind_display()} → {self.age} ({self.get_condition_display()})"


class ProtectedIdentity(models.TextChoices):
    NONE = "none", _("None")
    CONFIDENTIALITY_MARKING = "sekretessmarkering", _("Confidentiality marking")
    PROTECTED_REGISTRATION = "skyddad_folkbokforing", _("Protected population registration")


class Individual(models.Model):
    """A person a case can be about; the identity number is unique when present."""

    # NULL, not "", for "no number": the unique constraint must let many lack one.
    identity_number = models.CharField(  # noqa: DJ001
        _("personal identity or coordination number"),
        max_length=12,
        null=True,
        blank=True,
        help_text=_("Stored as 12 digits, YYYYMMDDNNNC."),
    )
    first_name = models.CharField(_("first name"), max_length=120)
    last_name = models.CharField(_("last name"), max_length=120)
    birth_date = models.DateField(_("birth date"))
    protected_identity = models.CharField(
        _("protected identity"),
        max_length=40,
        choices=ProtectedIdentity,
        default=ProtectedIdentity.NONE,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("individual")
        verbose_name_plural = _("individuals")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["identity_number"],
                condition=models.Q(identity_number__isnull=False),
                name="individual_identity_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_verified(self) -> bool:
        """An individual without an identity number is registered on name and birth date only."""
        return bool(self.identity_number)

    def clean_fields(self, exclude: list[str] | None = None) -> None:
        # The number decides the birth date, so it is read before the fields are checked.
        errors: dict = {}
        exclude = set(exclude or [])
        try:
            self._apply_identity_number()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
            exclude.add("birth_date")
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _apply_identity_number(self) -> None:
        if not self.identity_number:
            self.identity_number = None
            return
        try:
            parsed = parse_identity_number(self.identity_number)
        except IdentityNumberError as exc:
            raise ValidationError({"identity_number": exc.message}) from None
        self.identity_number = parsed.canonical
        if parsed.birth_date_is_approximate:
            # A coordination number with month 00 or day 60 hides part of the date: a birth
            # date known from elsewhere wins over the number's earliest possible date.
            self.birth_date = self.birth_date or parsed.birth_date
            return
        if self.birth_date and self.birth_date != parsed.birth_date:
            raise ValidationError(
                {"birth_date": _("The birth date does not match the identity number.")}
            )
        self.birth_date = parsed.birth_date
