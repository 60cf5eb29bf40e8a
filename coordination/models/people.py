"""Individuals, their family relations and households (R3: the check runs over the family)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coordination.identity import IdentityNumberError, parse_identity_number
from units.models import Unit, User


class ProtectedIdentity(models.TextChoices):
    NONE = "none", _("None")
    CONFIDENTIALITY_MARKING = "sekretessmarkering", _("Confidentiality marking")
    PROTECTED_REGISTRATION = "skyddad_folkbokforing", _("Protected population registration")


class Household(models.Model):
    """People who live together; the active-case check covers everyone in it (R3)."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.name or str(_("Household %(id)s") % {"id": self.pk})


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
    # Contact data is never shown for a protected person (see `shows_contact_data`).
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    registered_by_unit = models.ForeignKey(
        Unit,
        verbose_name=_("registered by unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
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
    def is_protected(self) -> bool:
        return self.protected_identity != ProtectedIdentity.NONE

    @property
    def shows_contact_data(self) -> bool:
        """Address and contact data of a protected person are never shown (item 2)."""
        return not self.is_protected

    @property
    def full_name(self) -> str:
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


class RelationKind(models.TextChoices):
    """How `from_individual` relates to `to_individual`."""

    GUARDIAN_OF = "guardian_of", _("Guardian of")
    PARENT_OF = "parent_of", _("Parent of (not guardian)")
    PARTNER_OF = "partner_of", _("Partner of")
    HOUSEHOLD_MEMBER_WITH = "household_member_with", _("Lives with")
    LEGAL_GUARDIAN_OF = "legal_guardian_of", _("Legal guardian or trustee of")


# Relations in which `to_individual` is a child of `from_individual`.
CHILD_RELATIONS = frozenset({RelationKind.GUARDIAN_OF, RelationKind.PARENT_OF})


class Relation(models.Model):
    """A directed family relation; the check follows relations both ways (R3)."""

    from_individual = models.ForeignKey(
        Individual,
        verbose_name=_("from"),
        on_delete=models.CASCADE,
        related_name="relations_from",
    )
    to_individual = models.ForeignKey(
        Individual,
        verbose_name=_("to"),
        on_delete=models.CASCADE,
        related_name="relations_to",
    )
    kind = models.CharField(_("relation"), max_length=40, choices=RelationKind)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.PROTECT, null=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(
                fields=["from_individual", "to_individual", "kind"], name="relation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_individual=models.F("to_individual")),
                name="relation_not_to_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_individual}: {self.get_kind_display()} {self.to_individual}"

    def clean(self) -> None:
        if self.from_individual_id and self.from_individual_id == self.to_individual_id:
            raise ValidationError(_("A person cannot be related to themselves."))
