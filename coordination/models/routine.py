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


class CaseMatter(models.TextChoices):
    """What a new case is about, as far as routing by age group needs it (R16, R20)."""

    GENERAL = "general", _("Application or report, general")
    ADDICTION = "addiction", _("Addiction")
    FINANCIAL_AID = "financial_aid", _("Financial aid")
    PARTNER_VIOLENCE = "partner_violence", _("Violence in close relationships")
    LOB_REPORT = "lob_report", _("LOB report (taken into custody when intoxicated)")
    TRAFFIC_SOBRIETY = "traffic_sobriety", _("Traffic sobriety offence")
    DRUG_OFFENCE = "drug_offence", _("Drug offence")
    DRIVING_LICENCE = "driving_licence", _("Driving-licence statement")
    HOUSING_SUPPORT = "housing_support", _("Application for housing support")
    CHILD_CONCERN = "child_concern", _("Report of concern for a child")


class KnownCondition(models.TextChoices):
    ANY = "any", _("Whether known or not")
    KNOWN = "known", _("Known at the unit kind")
    NOT_KNOWN = "not_known", _("Not known at the unit kind")
    UNKNOWN_ANYWHERE = "unknown_anywhere", _("Previously unknown at every unit")


class RoutingRule(models.Model):
    """Which kind of unit takes a new case, by age group and matter (R16, R20).

    Rules are tried in order of priority (lowest first); the first whose conditions all
    hold decides, and the registering caseworker is told which rule it was.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="routing_rules",
    )
    priority = models.PositiveSmallIntegerField(_("priority"))
    name = models.CharField(_("rule"), max_length=200)
    source = models.CharField(
        _("routine"), max_length=40, blank=True, help_text=_("For example 001 or 003.")
    )
    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("up to and including age"), null=True, blank=True)
    matters = models.JSONField(
        _("matters"), default=list, blank=True, help_text=_("Empty: every matter.")
    )
    excluded_matters = models.JSONField(_("except matters"), default=list, blank=True)
    known_condition = models.CharField(
        _("known"), max_length=20, choices=KnownCondition, default=KnownCondition.ANY
    )
    known_at_unit_kind = models.CharField(
        _("known at unit kind"), max_length=40, choices=UnitKind.choices, blank=True
    )
    known_within_years = models.PositiveSmallIntegerField(
        _("known within, years"),
        null=True,
        blank=True,
        help_text=_("Empty: ever known."),
    )
    target_unit_kind = models.CharField(
        _("goes to unit kind"), max_length=40, choices=UnitKind.choices
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["organisation__name", "priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "priority"], name="routing_rule_unique_priority"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        valid = {value for value, _label in CaseMatter.choices}
        for field in ("matters", "excluded_matters"):
            unknown = [m for m in getattr(self, field) or [] if m not in valid]
            if unknown:
                errors[field] = _("Unknown matters: %(matters)s") % {
                    "matters": ", ".join(map(str, unknown))
                }
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = _("The upper age is below the lower age.")
        needs_kind = self.known_condition in {KnownCondition.KNOWN, KnownCondition.NOT_KNOWN}
        if needs_kind and not self.known_at_unit_kind:
            errors["known_at_unit_kind"] = _("Name the kind of unit the person is known at.")
        if errors:
            raise ValidationError(errors)
