"""Cost responsibility for interventions (R33, R9, R20).

Each intervention on a case records who bears its cost: one or more bearers, each a unit or a
department, with shares in whole percent summing to 100. The split is proposed by the
organisation's cost rules (data, loaded from fixtures/organisations/*.json): 003's "treatment
for addiction is always paid by IoF", its joint cost for people over 65 in homelessness whose
housing includes home-care-like interventions, 001's payment responsibility following age and
"cost decisions for 18-20 year olds in consultation with the BoU operations manager". The
other side agrees, or disputes; a dispute goes up the escalation ladder to the department heads
("Oklarheter avseende kostnader för insatser hanteras av avdelningschefer", 003) and their
decision is recorded here.

Amounts are whole öre per month (`monthly_cost_ore`, an integer): sums stay exact in SQL on
SQLite and PostgreSQL alike, and a month's pro-rata part is rounded once, when it is allocated.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.models.cases import Case
from coordination.models.escalations import Escalation
from units.models import Department, Organisation, Role, Unit, UnitKind, User, code_validator


class InterventionKind(models.TextChoices):
    ADDICTION_TREATMENT = "addiction_treatment", _("Treatment for addiction")
    HOUSING = "housing", _("Housing")
    HOUSING_WITH_CARE = (
        "housing_with_care",
        _("Housing with interventions equivalent to home care or housing support"),
    )
    SPECIAL_HOUSING = "special_housing", _("Special housing")
    PLACEMENT = "placement", _("Placement (HVB, family home)")
    OPEN_CARE = "open_care", _("In-house open care")
    HOUSING_SUPPORT = "housing_support", _("Housing support")
    FINANCIAL_AID = "financial_aid", _("Financial aid")
    OTHER = "other", _("Other intervention")


class CostState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    DISPUTED = "disputed", _("Disputed")
    DECIDED = "decided", _("Decided by the department heads")


# A disputed cost returns to "agreed" only when its escalation is withdrawn: the units settled it.
COST_TRANSITIONS: dict[str, frozenset[str]] = {
    CostState.PROPOSED: frozenset({CostState.AGREED, CostState.DISPUTED}),
    CostState.DISPUTED: frozenset({CostState.DECIDED, CostState.AGREED}),
    CostState.AGREED: frozenset(),
    CostState.DECIDED: frozenset(),
}


class CostBearerKind(models.TextChoices):
    DEPARTMENT = "department", _("A department")
    UNIT_OF_KIND = "unit_of_kind", _("The organisation's unit of a kind")
    DECIDING_UNIT = "deciding_unit", _("The unit that decides the intervention")


class CostRuleManager(models.Manager):
    def get_by_natural_key(self, organisation_code: str, code: str) -> "CostRule":
        return self.get(organisation__code=organisation_code, code=code)


class CostRule(models.Model):
    """One of an organisation's rules proposing who bears an intervention's cost (R33).

    Rules are tried by priority, lowest first; the first whose conditions all hold proposes
    its shares. Ages are whole years on the first day of the intervention, inclusive.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="cost_rules",
    )
    code = models.SlugField(_("code"), max_length=60, validators=[code_validator])
    priority = models.PositiveSmallIntegerField(_("priority"))
    name = models.CharField(_("rule"), max_length=200)
    source = models.CharField(
        _("routine"), max_length=40, blank=True, help_text=_("For example 001 or 003.")
    )
    intervention_kinds = models.JSONField(
        _("kinds of intervention"), default=list, blank=True, help_text=_("Empty: every kind.")
    )
    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("up to and including age"), null=True, blank=True)
    in_homelessness = models.BooleanField(
        _("the person lives in homelessness"),
        null=True,
        blank=True,
        help_text=_("Empty: either."),
    )
    # R20 (001): "Ev. beslut med kostnadsansvar ska ske i samråd med verksamhetschef barn och
    # ungdom": the role and the kind of unit whose holder is consulted before agreeing.
    consult_role = models.CharField(
        _("consult the holder of role"), max_length=40, choices=Role.choices, blank=True
    )
    consult_unit_kind = models.CharField(
        _("at the unit of kind"), max_length=40, choices=UnitKind.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True, help_text=_("The routine's words."))

    history = HistoricalRecords()
    objects = CostRuleManager()

    class Meta:
        verbose_name = _("cost rule")
        verbose_name_plural = _("cost rules")
        ordering = ["organisation__name", "priority"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="cost_rule_unique_code"),
            models.UniqueConstraint(
                fields=["organisation", "priority"], name="cost_rule_unique_priority"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str, str]:
        return (self.organisation.code, self.code)

    natural_key.dependencies = ["units.organisation"]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        valid = {value for value, _label in InterventionKind.choices}
        unknown = [kind for kind in self.intervention_kinds or [] if kind not in valid]
        if unknown:
            errors["intervention_kinds"] = _("Unknown kinds of intervention: %(kinds)s") % {
                "kinds": ", ".join(map(str, unknown))
            }
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = _("The upper age is below the lower age.")
        if bool(self.consult_role) != bool(self.consult_unit_kind):
            errors["consult_unit_kind"] = _("Name both the role and the kind of unit, or neither.")
        if errors:
            raise ValidationError(errors)

    def applies_to(self, *, kind: str, age: int, in_homelessness: bool) -> bool:
        if self.intervention_kinds and kind not in self.intervention_kinds:
            return False
        if self.min_age is not None and age < self.min_age:
            return False
        if self.max_age is not None and age > self.max_age:
            return False
        return self.in_homelessness is None or self.in_homelessness == in_homelessness

    @property
    def requires_consultation(self) -> bool:
        return bool(self.consult_role and self.consult_unit_kind)


class CostRuleShareManager(models.Manager):
    def get_by_natural_key(
        self, organisation_code: str, rule_code: str, position: int
    ) -> "CostRuleShare":
        return self.get(
            rule__organisation__code=organisation_code, rule__code=rule_code, position=position
        )


class CostRuleShare(models.Model):
    """One bearer of a rule's proposal and its share; a rule's shares sum to 100 (checked
    when a proposal is made and by the fixtures' test, since rows load one at a time)."""

    rule = models.ForeignKey(
        CostRule, verbose_name=_("cost rule"), on_delete=models.CASCADE, related_name="shares"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    bearer = models.CharField(_("bearer"), max_length=20, choices=CostBearerKind)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unit_kind = models.CharField(
        _("unit kind"), max_length=40, choices=UnitKind.choices, blank=True
    )
    percent = models.PositiveSmallIntegerField(
        _("share, percent"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    history = HistoricalRecords()
    objects = CostRuleShareManager()

    class Meta:
        verbose_name = _("share of a cost rule")
        verbose_name_plural = _("shares of cost rules")
        ordering = ["rule", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "position"], name="cost_rule_share_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.percent} %"

    def natural_key(self) -> tuple[str, str, int]:
        return (*self.rule.natural_key(), self.position)

    natural_key.dependencies = ["coordination.costrule", "units.department"]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.bearer == CostBearerKind.DEPARTMENT:
            if not self.department_id:
                errors["department"] = _("Choose the department.")
            elif self.rule_id and self.department.organisation_id != self.rule.organisation_id:
                errors["department"] = _("The department belongs to another organisation.")
        elif self.department_id:
            errors["department"] = _("Only a department bearer names a department.")
        if self.bearer == CostBearerKind.UNIT_OF_KIND and not self.unit_kind:
            errors["unit_kind"] = _("Choose the kind of unit.")
        elif self.bearer != CostBearerKind.UNIT_OF_KIND and self.unit_kind:
            errors["unit_kind"] = _("Only a unit-of-kind bearer names a kind of unit.")
        if errors:
            raise ValidationError(errors)


class Intervention(models.Model):
    """An intervention decided on a case, and who bears its cost (R33)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="interventions"
    )
    kind = models.CharField(_("kind of intervention"), max_length=40, choices=InterventionKind)
    description = models.CharField(_("description"), max_length=200, blank=True)
    decided_on = models.DateField(_("decided on"))
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to, inclusive"))
    providing_unit = models.ForeignKey(
        Unit, verbose_name=_("providing unit"), on_delete=models.PROTECT, related_name="+"
    )
    monthly_cost_ore = models.PositiveBigIntegerField(
        _("cost per month, öre"), validators=[MinValueValidator(1)]
    )
    in_homelessness = models.BooleanField(_("the person lives in homelessness"), default=False)
    age_at_start = models.PositiveSmallIntegerField(_("age on the first day"))
    rule = models.ForeignKey(
        CostRule,
        verbose_name=_("proposed by rule"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CostState, default=CostState.PROPOSED
    )
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"))
    # R20 (001): who was consulted about the cost decision, and when.
    consultation_required = models.BooleanField(_("consultation required"), default=False)
    consulted = models.ForeignKey(
        User,
        verbose_name=_("consulted"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    consulted_on = models.DateField(_("consulted on"), null=True, blank=True)
    consultation_note = models.TextField(_("what was said"), blank=True)
    agreed_by = models.ForeignKey(
        User,
        verbose_name=_("agreed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    escalation = models.ForeignKey(
        Escalation,
        verbose_name=_("escalation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
    )
    decision = models.TextField(_("decision"), blank=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["-period_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_to__gte=models.F("period_from")),
                name="intervention_period_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(monthly_cost_ore__gt=0), name="intervention_cost_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_from} - {self.period_to}"

    def clean(self) -> None:
        if self.period_from and self.period_to and self.period_to < self.period_from:
            raise ValidationError({"period_to": _("The period ends before it starts.")})

    @property
    def monthly_cost_kronor(self) -> str:
        return format_sek(self.monthly_cost_ore)


class CostShare(models.Model):
    """One bearer of an intervention's cost and its share in whole percent."""

    intervention = models.ForeignKey(
        Intervention,
        verbose_name=_("intervention"),
        on_delete=models.CASCADE,
        related_name="shares",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    percent = models.PositiveSmallIntegerField(
        _("share, percent"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost share")
        verbose_name_plural = _("cost shares")
        ordering = ["intervention", "-percent", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(unit__isnull=False, department__isnull=True)
                    | models.Q(unit__isnull=True, department__isnull=False)
                ),
                name="cost_share_one_bearer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bearer}: {self.percent} %"

    @property
    def bearer(self) -> Unit | Department:
        return self.unit or self.department


class CostAllocation(models.Model):
    """An intervention's cost for one calendar month and one bearer, pro rata by days.

    Derived rows, rebuilt from the intervention and its shares whenever the split changes, so
    that the report sums them in SQL. Not history-tracked: the intervention and its shares,
    which they are computed from, are.
    """

    intervention = models.ForeignKey(
        Intervention,
        verbose_name=_("intervention"),
        on_delete=models.CASCADE,
        related_name="allocations",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    # The bearing department: the department itself, or the bearing unit's department.
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    joint = models.BooleanField(_("joint cost"), default=False)
    amount_ore = models.BigIntegerField(_("amount, öre"))

    class Meta:
        verbose_name = _("cost allocation")
        verbose_name_plural = _("cost allocations")
        ordering = ["month", "pk"]
        indexes = [
            models.Index(fields=["organisation", "month"], name="cost_allocation_by_month"),
        ]

    def __str__(self) -> str:
        return f"{self.intervention_id} {self.month:%Y-%m}: {self.amount_ore}"


def format_sek(ore: int | None) -> str:
    """Öre as Swedish kronor: "12 345,67 kr" (a no-break space between thousands)."""
    if ore is None:
        return ""
    sign = "-" if ore < 0 else ""
    kronor, rest = divmod(abs(int(ore)), 100)
    grouped = f"{kronor:,}".replace(",", "\u00a0")
    return f"{sign}{grouped},{rest:02d}\u00a0kr"
