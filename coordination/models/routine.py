"""Routine settings for coordination: who coordinates (R8) and age thresholds (R16)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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
