"""Work between units on one family (R6-R15): joint work plans, co-caseworkers, consent,
three-party meetings, SIP and care planning, acute consultations.

Each record belongs to a case or an individual and is read through the scope rule
(coordination/permissions.py); every change keeps history.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.models.cases import Case, CaseGrant
from coordination.models.people import Individual
from units.models import Department, Organisation, Unit


class JointPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED_OFF = "signed_off", _("Signed off")


class JointPlan(models.Model):
    """One joint work plan, linked to every involved case (R7, R11).

    The coordinating caseworker is proposed by the organisation's rules (R8) and recorded
    with the rule that decided; a manager may override it with a reason.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    cases = models.ManyToManyField(
        Case, verbose_name=_("cases"), related_name="joint_plans", through="JointPlanCase"
    )
    investigation_approach = models.TextField(_("how the investigations are carried out"))
    continued_cooperation = models.TextField(_("plan for continued cooperation"))
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinating caseworker"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    coordinator_reason = models.CharField(
        _("why this caseworker coordinates"), max_length=300, blank=True
    )
    coordinator_overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator chosen by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    coordinator_override_reason = models.TextField(_("reason for the choice"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=JointPlanStatus, default=JointPlanStatus.DRAFT
    )
    signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("joint work plan")
        verbose_name_plural = _("joint work plans")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(_("Joint work plan %(number)s") % {"number": self.pk})


class JointPlanCase(models.Model):
    """A case the plan is recorded in (R7: the same plan in every involved case file)."""

    plan = models.ForeignKey(JointPlan, on_delete=models.CASCADE, related_name="plan_cases")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plan_links")
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    # Each involved unit agrees to the plan; a change to the plan clears the agreements.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agreed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("agreed"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case in a joint work plan")
        verbose_name_plural = _("cases in joint work plans")
        constraints = [
            models.UniqueConstraint(fields=["plan", "case"], name="joint_plan_case_unique"),
        ]

    def __str__(self) -> str:
        return str(self.case)


class JointPlanResponsibility(models.Model):
    """What one unit is responsible for under the plan (R7, R11): a row per unit."""

    plan = models.ForeignKey(JointPlan, on_delete=models.CASCADE, related_name="responsibilities")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    responsibility = models.TextField(_("responsibility"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit responsibility")
        verbose_name_plural = _("unit responsibilities")
        ordering = ["unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit"], name="joint_plan_unit_unique"),
        ]

    def __str__(self) -> str:
        return str(self.unit)


class JointPlanFollowUp(models.Model):
    """A follow-up date of the plan, and when it was held."""

    plan = models.ForeignKey(JointPlan, on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField(_("follow-up date"))
    held_on = models.DateField(_("held"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.due_on:%Y-%m-%d}"


class CoCaseworkerPurpose(models.TextChoices):
    EXPERTISE = "expertise", _("Expertise")
    TRANSITION = "transition", _("Transition before a handover")


class CoCaseworker(models.Model):
    """A caseworker from another unit appointed to a case for a period (R17, R20).

    Access goes through a person-level grant (CaseGrant) that ends with the period or when
    the appointment is revoked.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="co_caseworkers"
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-caseworker"),
        on_delete=models.PROTECT,
        related_name="co_caseworker_appointments",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("co-caseworker's unit"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=CoCaseworkerPurpose)
    purpose_text = models.TextField(_("what the co-caseworker does"), blank=True)
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    ends_on = models.DateField(_("until"))
    grant = models.OneToOneField(
        CaseGrant, on_delete=models.PROTECT, null=True, blank=True, related_name="appointment"
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appointed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    appointed_at = models.DateTimeField(_("appointed"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("co-caseworker")
        verbose_name_plural = _("co-caseworkers")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="co_caseworker_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.caseworker} ({self.starts_on:%Y-%m-%d} - {self.ends_on:%Y-%m-%d})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})


class ConsentScope(models.TextChoices):
    """What a consent covers (R12)."""

    CONTACT_UNIT = "contact_unit", _("Contact with a named unit")
    HANDOVER = "handover", _("Handover to another unit")
    SIP = "sip", _("Coordinated individual plan (SIP)")
    WRITTEN_MATERIAL = "written_material", _("Written material to a provider")


class ConsentForm(models.TextChoices):
    ORAL = "oral", _("Oral")
    WRITTEN = "written", _("Written")


class ConsentGivenBy(models.TextChoices):
    INDIVIDUAL = "individual", _("The individual")
    GUARDIANS = "guardians", _("The guardians")
    INDIVIDUAL_AND_GUARDIANS = "individual_and_guardians", _("The individual and the guardians")


class Consent(models.Model):
    """A consent given by or for an individual (R12); withdrawn consents are kept."""

    individual = models.ForeignKey(
        Individual,
        verbose_name=_("individual"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    scope = models.CharField(_("covers"), max_length=30, choices=ConsentScope)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("named unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: any unit of the organisation."),
    )
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    given_on = models.DateField(_("given"), default=timezone.localdate)
    form = models.CharField(_("how"), max_length=20, choices=ConsentForm)
    given_by = models.CharField(_("given by"), max_length=30, choices=ConsentGivenBy)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-pk"]
        indexes = [models.Index(fields=["individual", "scope"])]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ({self.given_on:%Y-%m-%d})"

    def is_valid_on(self, day) -> bool:
        if self.given_on > day:
            return False
        if self.withdrawn_on is not None and self.withdrawn_on <= day:
            return False
        return self.valid_until is None or self.valid_until >= day


class OverrideLegalBasis(models.TextChoices):
    """Grounds on which information may pass without consent (R12 override)."""

    CHILD_CONCERN = "sol_14_1", _("Duty to report concern for a child (14 ch. 1 § SoL)")
    NECESSARY_DISCLOSURE = (
        "osl_10_2",
        _("Disclosure necessary to carry out the agency's work (10 ch. 2 § OSL)"),
    )
    DUTY_BY_LAW = "osl_10_28", _("Duty to disclose under law or ordinance (10 ch. 28 § OSL)")
    COMPULSORY_CARE = "lvu_lvm", _("Compulsory care under LVU or LVM may apply")
    NO_HARM = "osl_26_1", _("Clearly no harm to the individual (26 ch. 1 § OSL)")


class ConsentOverride(models.Model):
    """An action taken without the consent it needs, on a legal basis (R12); flagged for
    the log review until someone has reviewed it."""

    individual = models.ForeignKey(
        Individual, verbose_name=_("individual"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, null=True, blank=True
    )
    scope = models.CharField(_("consent missing"), max_length=30, choices=ConsentScope)
    action = models.CharField(_("action"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=30, choices=OverrideLegalBasis)
    reason = models.TextField(_("reason"))
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    overridden_at = models.DateTimeField(_("when"), auto_now_add=True)
    flagged_for_review = models.BooleanField(_("flagged for review"), default=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent override")
        verbose_name_plural = _("consent overrides")
        ordering = ["-overridden_at"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()}: {self.get_legal_basis_display()}"


class ThreePartyState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPOINTED = "appointed", _("Caseworker appointed")
    PRE_MEETING_HELD = "pre_meeting_held", _("Pre-meeting held")
    MEETING_HELD = "meeting_held", _("Meeting held")
    CLOSED = "closed", _("Outcome recorded")
    DECLINED = "declined", _("Declined")


class ThreePartyOutcome(models.TextChoices):
    APPLICATION_MADE = "application_made", _("Application made")
    REFERRED = "referred", _("Referred to another unit")
    NO_FURTHER_ACTION = "no_further_action", _("No further action")
    OTHER = "other", _("Other outcome")


class ThreePartyMeeting(models.Model):
    """R13: requested from the deputy unit manager of another unit, who appoints a
    caseworker; the two caseworkers meet first, then meet the individual."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("requesting case"),
        on_delete=models.PROTECT,
        related_name="three_party_meetings",
    )
    requested_unit = models.ForeignKey(
        Unit, verbose_name=_("requested unit"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    question = models.TextField(_("what the meeting is about"))
    state = models.CharField(
        _("state"), max_length=20, choices=ThreePartyState, default=ThreePartyState.REQUESTED
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appointed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    appointed_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appointed caseworker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="three_party_appointments",
    )
    appointed_at = models.DateTimeField(_("appointed"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    pre_meeting_on = models.DateField(_("pre-meeting"), null=True, blank=True)
    meeting_on = models.DateField(_("three-party meeting"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=ThreePartyOutcome, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("three-party meeting")
        verbose_name_plural = _("three-party meetings")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return str(_("Three-party meeting with %(unit)s") % {"unit": self.requested_unit})


class CarePlanningKind(models.TextChoices):
    SIP = "sip", _("Coordinated individual plan (SIP)")
    CARE_PLANNING = "care_planning", _("Care planning")


class CarePlanningMeeting(models.Model):
    """SIP or care planning (R14): which departments take part, no decisions taken at
    care planning, and a follow-up meeting booked close after. A SIP needs consent."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="care_planning"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CarePlanningKind)
    held_on = models.DateField(_("date"))
    departments = models.ManyToManyField(
        Department, verbose_name=_("departments taking part"), related_name="+"
    )
    other_participants = models.TextField(
        _("other participants"), blank=True, help_text=_("For example the region's care.")
    )
    no_decisions_taken = models.BooleanField(_("no decisions were taken at the meeting"))
    follow_up_on = models.DateField(_("follow-up meeting"))
    consent = models.ForeignKey(
        Consent,
        verbose_name=_("consent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SIP or care planning")
        verbose_name_plural = _("SIPs and care planning")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%Y-%m-%d}"


class AcuteConsultation(models.Model):
    """R15: deputy unit managers consult directly when a case cannot wait for the next
    standing meeting. Linked to a case only where the consulting manager can see it."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    from_unit = models.ForeignKey(
        Unit, verbose_name=_("from unit"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        Unit, verbose_name=_("consulted unit"), on_delete=models.PROTECT, related_name="+"
    )
    consulted_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consulted manager"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acute_consultations",
    )
    consulted_at = models.DateTimeField(_("when"), default=timezone.now)
    question = models.TextField(_("question"))
    agreed = models.TextField(_("what was agreed"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acute consultation")
        verbose_name_plural = _("acute consultations")
        ordering = ["-consulted_at"]

    def __str__(self) -> str:
        return str(_("Acute consultation with %(unit)s") % {"unit": self.to_unit})
