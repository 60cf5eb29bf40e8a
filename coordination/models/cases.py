"""Cases at units, person-level access grants, and the R5 assessment and contact records."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from coordination.models.people import Individual
from coordination.models.routine import CaseMatter
from units.models import Unit, User


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    PRELIMINARY_ASSESSMENT = "preliminary_assessment", _("Preliminary assessment")
    INVESTIGATION = "investigation", _("Investigation")
    INTERVENTION = "intervention", _("Intervention")
    CLOSED = "closed", _("Closed")


# The only moves a case's status may make (STYLE.md rule 6).
CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.REGISTERED: frozenset(
        {CaseStatus.PRELIMINARY_ASSESSMENT, CaseStatus.INVESTIGATION, CaseStatus.CLOSED}
    ),
    CaseStatus.PRELIMINARY_ASSESSMENT: frozenset({CaseStatus.INVESTIGATION, CaseStatus.CLOSED}),
    CaseStatus.INVESTIGATION: frozenset({CaseStatus.INTERVENTION, CaseStatus.CLOSED}),
    CaseStatus.INTERVENTION: frozenset({CaseStatus.INVESTIGATION, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
}


class LegalBasis(models.TextChoices):
    SOL = "sol", _("SoL")
    LVU = "lvu", _("LVU")
    LVM = "lvm", _("LVM")
    LSS = "lss", _("LSS")
    FAMILY_HOME_PLACEMENT = "family_home_placement", _("Family-home placement")
    UPPER_SECONDARY_STUDIES = "upper_secondary_studies", _("Upper-secondary studies")


class ExternalSystem(models.TextChoices):
    PROCAPITA = "procapita", "Procapita"
    VIVA = "viva", "Viva"
    LIFECARE = "lifecare", "Lifecare"
    TRESERVA = "treserva", "Treserva"


class Case(models.Model):
    """A case (ärende) about one individual at one unit; its contents belong to that unit (R4)."""

    individual = models.ForeignKey(
        Individual, verbose_name=_("individual"), on_delete=models.PROTECT, related_name="cases"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="cases"
    )
    caseworker = models.ForeignKey(
        User,
        verbose_name=_("responsible caseworker"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    status = models.CharField(
        _("status"), max_length=40, choices=CaseStatus, default=CaseStatus.REGISTERED
    )
    opened_on = models.DateField(_("opened"), default=timezone.localdate)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    legal_bases = models.JSONField(_("legal bases"), default=list, blank=True)
    external_system = models.CharField(
        _("case-management system"), max_length=20, choices=ExternalSystem, blank=True
    )
    external_reference = models.CharField(_("external case id"), max_length=80, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    # What the case is about, for routing by age group (R16, R20).
    matter = models.CharField(
        _("matter"), max_length=30, choices=CaseMatter, default=CaseMatter.GENERAL
    )
    contact_needed = models.BooleanField(
        _("contact with the other units needed"),
        null=True,
        blank=True,
        help_text=_("The caseworker's assessment when the person is active elsewhere (R5)."),
    )
    contact_assessed_at = models.DateTimeField(_("contact need assessed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-pk"]
        permissions = [("view_case_contents", _("Can see the contents of a case"))]
        constraints = [
            # One open case per person and unit: two simultaneous registrations cannot both win.
            models.UniqueConstraint(
                fields=["individual", "unit"],
                condition=~models.Q(status="closed"),
                name="case_one_open_per_individual_and_unit",
            ),
        ]
        indexes = [
            models.Index(
                fields=["individual", "unit"],
                condition=~models.Q(status="closed"),
                name="case_open_by_individual",
            ),
            models.Index(fields=["caseworker", "status"], name="case_by_caseworker"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.individual}"

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED

    def clean(self) -> None:
        errors: dict[str, str] = {}
        unknown = set(self.legal_bases or []) - set(LegalBasis.values)
        if not isinstance(self.legal_bases, list) or unknown:
            errors["legal_bases"] = _("Unknown legal basis.")
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("A case cannot close before it opened.")
        if self.external_reference and not self.external_system:
            errors["external_system"] = _("Name the system the external case id belongs to.")
        if errors:
            raise ValidationError(errors)


class GrantReason(models.TextChoices):
    CO_CASEWORKER = "co_caseworker", _("Co-caseworker")
    ESCALATION = "escalation", _("Manager on the escalation path")
    ACTIVE_DECISION = "active_decision", _("Active decision with a stated reason")


class CaseGrant(UserObjectPermissionBase):
    """A person-level grant to one case (django-guardian's direct foreign-key table).

    Guardian answers "has the permission"; the extra columns say why, until when, and
    whether it was revoked, and the scope rule honours them (R4).
    """

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grants")
    reason = models.CharField(_("reason"), max_length=40, choices=GrantReason)
    reason_text = models.TextField(_("stated reason"), blank=True)
    granted_by = models.ForeignKey(
        User, verbose_name=_("granted by"), on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    flagged_for_review = models.BooleanField(_("flagged for review"), default=False)
    # R9: a manager's access on an escalation's path ends when that escalation closes.
    escalation = models.ForeignKey(
        "coordination.Escalation",
        verbose_name=_("escalation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
    )

    history = HistoricalRecords()

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("case access grant")
        verbose_name_plural = _("case access grants")


class ContactChannel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    SECURE_MESSAGE = "secure_message", _("Secure message")


class Contact(models.Model):
    """A recorded contact from a case to another unit's caseworker (R5, R6).

    Both sides see the record itself; neither sees the other's case contents through it.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="contacts"
    )
    other_unit = models.ForeignKey(
        Unit, verbose_name=_("other unit"), on_delete=models.PROTECT, related_name="+"
    )
    other_caseworker = models.ForeignKey(
        User,
        verbose_name=_("other unit's caseworker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    contacted_on = models.DateField(_("date"), default=timezone.localdate)
    channel = models.CharField(_("channel"), max_length=20, choices=ContactChannel)
    participants = models.TextField(_("participants"), blank=True)
    information_transfer_needed = models.BooleanField(_("information transfer needed"))
    joint_work_plan_needed = models.BooleanField(_("joint work plan needed"))
    # R12: a contact initiated for a handover needs the individual's consent.
    for_handover = models.BooleanField(_("contact about a handover"), default=False)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-contacted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case} ↔ {self.other_unit} ({self.contacted_on})"

    def clean(self) -> None:
        if self.case_id and self.other_unit_id and self.case.unit_id == self.other_unit_id:
            raise ValidationError({"other_unit": _("Choose another unit than the case's own.")})
