"""The API's shapes: input validated field by field, output no wider than the scope rule (R4).

Output serializers only read what a selector handed them; input serializers only check the
form of the data. Whether the caller may see or change something is decided in the views
through `coordination.permissions`, and every write goes through `coordination.services`.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from coordination.identity import IdentityNumberError, parse_identity_number
from coordination.models import (
    Case,
    CaseMatter,
    ExternalSystem,
    Individual,
    LegalBasis,
    ProtectedIdentity,
    Relation,
    RelationKind,
)
from units.models import User

CONTACT_FIELDS = ("address", "phone", "email")


def identity_number_display(number: str | None) -> str | None:
    """YYYYMMDD-NNNC, the form Skatteverket writes; stored as 12 digits."""
    return f"{number[:8]}-{number[8:]}" if number else None


class IdentityNumberField(serializers.CharField):
    """A personal identity or coordination number in any common form; validates to 12 digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "help_text", _("Personal identity or coordination number, e.g. 19121212-1212.")
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> str | None:
        value = super().to_internal_value(data).strip()
        if not value:
            return None
        try:
            return parse_identity_number(value).canonical
        except IdentityNumberError as exc:
            # The Swedish message says what is wrong (check digit, date, length...).
            raise serializers.ValidationError(exc.message, code=exc.code) from None

    def to_representation(self, value) -> str | None:
        return identity_number_display(value)


# Output ---------------------------------------------------------------------------------


class UnitBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)


class CaseworkerSerializer(serializers.Serializer):
    """Who to contact: name, phone and e-mail, nothing else about the user."""

    name = serializers.SerializerMethodField()
    phone = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)

    def get_name(self, user: User) -> str:
        return str(user)


class IndividualBriefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:individual-detail")
    name = serializers.CharField(source="full_name", read_only=True)
    identity_number = IdentityNumberField(read_only=True)

    class Meta:
        model = Individual
        fields = ("id", "url", "name", "identity_number")


class IndividualListSerializer(serializers.ModelSerializer):
    """A person in a list or search result: identity only, never contact data."""

    url = serializers.HyperlinkedIdentityField(view_name="api:individual-detail")
    identity_number = IdentityNumberField(read_only=True)
    is_protected = serializers.BooleanField(read_only=True)
    is_verified = serializers.BooleanField(read_only=True)

    class Meta:
        model = Individual
        fields = (
            "id",
            "url",
            "identity_number",
            "first_name",
            "last_name",
            "birth_date",
            "protected_identity",
            "is_protected",
            "is_verified",
        )
        read_only_fields = fields


class IndividualSerializer(IndividualListSerializer):
    """A person's page: address, phone and e-mail are left out entirely when protected."""

    active_cases_url = serializers.HyperlinkedIdentityField(view_name="api:individual-active-cases")

    class Meta(IndividualListSerializer.Meta):
        fields = (
            *IndividualListSerializer.Meta.fields,
            "registered_by_unit",
            "address",
            "phone",
            "email",
            "active_cases_url",
        )
        read_only_fields = fields
        extra_kwargs = {
            name: {
                "required": False,
                "help_text": _("Left out when the person has a protected identity."),
            }
            for name in CONTACT_FIELDS
        }

    def to_representation(self, instance: Individual) -> dict:
        data = super().to_representation(instance)
        if not instance.shows_contact_data:
            for name in CONTACT_FIELDS:
                data.pop(name, None)
        return data


class RelationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Relation
        fields = ("id", "from_individual", "to_individual", "kind", "created_at")
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer):
    """A case's facts for those who may see its contents (R4: owning unit and grants)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:case-detail")
    individual = IndividualBriefSerializer(read_only=True)
    unit = UnitBriefSerializer(read_only=True)
    caseworker = CaseworkerSerializer(read_only=True)

    class Meta:
        model = Case
        fields = (
            "id",
            "url",
            "individual",
            "unit",
            "caseworker",
            "status",
            "opened_on",
            "closed_on",
            "legal_bases",
            "external_system",
            "external_reference",
            "contact_needed",
            "contact_assessed_at",
        )
        read_only_fields = fields


class CaseDetailSerializer(CaseSerializer):
    class Meta(CaseSerializer.Meta):
        fields = (*CaseSerializer.Meta.fields, "summary")
        read_only_fields = fields


class CheckPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="individual.pk", read_only=True)
    name = serializers.CharField(source="individual.full_name", read_only=True)
    relation = serializers.CharField(read_only=True)


class CheckFamilyMemberSerializer(CheckPersonSerializer):
    is_child = serializers.BooleanField(read_only=True)


class CheckEntrySerializer(serializers.Serializer):
    """An open case elsewhere: whose, which unit, which caseworker, since when; no more (R4)."""

    member = CheckPersonSerializer(read_only=True)
    unit = UnitBriefSerializer(read_only=True)
    caseworker = CaseworkerSerializer(read_only=True)
    since = serializers.DateField(read_only=True)


class CheckIndividualSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField(source="full_name", read_only=True)


class ActiveCaseCheckSerializer(serializers.Serializer):
    """The active-case check (R3): the person, the family, and the open cases at other units.

    The fields declare the shape (and the OpenAPI schema); `to_representation` writes the
    same dictionaries directly, because DRF's field-by-field walk (a deep copy of every
    nested field per request) cost more than the check's SQL. The tests compare the two.
    """

    individual = CheckIndividualSerializer(read_only=True)
    is_active_elsewhere = serializers.BooleanField(read_only=True)
    family = CheckFamilyMemberSerializer(many=True, read_only=True)
    active_elsewhere = CheckEntrySerializer(many=True, read_only=True)

    def to_representation(self, instance) -> dict:
        individual = instance.individual
        return {
            "individual": {"id": individual.pk, "name": individual.full_name},
            "is_active_elsewhere": bool(instance.active_elsewhere),
            "family": [
                {
                    "id": member.individual.pk,
                    "name": member.individual.full_name,
                    "relation": str(member.relation),
                    "is_child": bool(member.is_child),
                }
                for member in instance.family
            ],
            "active_elsewhere": [
                {
                    "member": {
                        "id": entry.member.individual.pk,
                        "name": entry.member.individual.full_name,
                        "relation": str(entry.member.relation),
                    },
                    "unit": {
                        "id": entry.unit.pk,
                        "name": str(entry.unit.name),
                        "kind": str(entry.unit.kind),
                    },
                    "caseworker": {
                        "name": str(entry.caseworker),
                        "phone": str(entry.caseworker.phone),
                        "email": str(entry.caseworker.email),
                    },
                    "since": entry.since.isoformat(),
                }
                for entry in instance.active_elsewhere
            ],
        }

    def field_by_field(self, instance) -> dict:
        """DRF's own walk over the declared fields: what `to_representation` must equal."""
        return super().to_representation(instance)


class RoutingProposalSerializer(serializers.Serializer):
    """The unit kind the organisation's routine proposes and the rule that decided (R16, R20)."""

    rule = serializers.CharField(source="rule.name", read_only=True)
    source = serializers.CharField(
        source="rule.source", read_only=True, help_text=_("The routine, e.g. 001.")
    )
    age = serializers.IntegerField(read_only=True, help_text=_("Age on the registration day."))
    target_unit_kind = serializers.CharField(read_only=True)
    units = UnitBriefSerializer(
        many=True, read_only=True, help_text=_("Empty when the organisation has no such unit.")
    )


class CaseRegisteredSerializer(serializers.Serializer):
    case = CaseDetailSerializer(read_only=True)
    active_case_check = ActiveCaseCheckSerializer(read_only=True)
    matter = serializers.ChoiceField(choices=CaseMatter.choices, read_only=True)
    routing_proposal = RoutingProposalSerializer(
        read_only=True,
        allow_null=True,
        help_text=_("Null when no routing rule applies (R16, R20)."),
    )
    follows_proposal = serializers.BooleanField(
        read_only=True,
        allow_null=True,
        help_text=_("Whether the case is at a unit of the proposed kind; null without one."),
    )


class DuplicateIndividualSerializer(serializers.Serializer):
    identity_number = serializers.ListField(child=serializers.CharField())
    existing = IndividualBriefSerializer(
        required=False, help_text=_("Only when the registered person is in your scope.")
    )


# Input ----------------------------------------------------------------------------------


class UnitChoiceMixin(serializers.Serializer):
    unit = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("One of your units; required when you work at several."),
    )


class IndividualSearchSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=120,
        help_text=_("Identity number in any common form, or name."),
    )


class CaseFilterSerializer(serializers.Serializer):
    individual = serializers.IntegerField(required=False, min_value=1)


class IndividualCreateSerializer(UnitChoiceMixin):
    identity_number = IdentityNumberField(required=False, allow_blank=True, allow_null=True)
    first_name = serializers.CharField(max_length=120)
    last_name = serializers.CharField(max_length=120)
    birth_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("Only without an identity number: YYYY-MM-DD."),
    )
    protected_identity = serializers.ChoiceField(
        choices=ProtectedIdentity.choices, default=ProtectedIdentity.NONE
    )
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class RelationCreateSerializer(serializers.Serializer):
    from_individual = serializers.IntegerField(min_value=1)
    to_individual = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=RelationKind.choices)


class CaseRegisterSerializer(UnitChoiceMixin):
    """Register a case for a known individual (id) or by identity number (R3)."""

    individual = serializers.IntegerField(
        required=False, min_value=1, help_text=_("An individual in your scope.")
    )
    identity_number = IdentityNumberField(required=False, allow_blank=True, allow_null=True)
    first_name = serializers.CharField(
        max_length=120,
        required=False,
        allow_blank=True,
        help_text=_("Needed when the number is not registered yet."),
    )
    last_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    protected_identity = serializers.ChoiceField(
        choices=ProtectedIdentity.choices, default=ProtectedIdentity.NONE
    )
    legal_bases = serializers.ListField(
        child=serializers.ChoiceField(choices=LegalBasis.choices), required=False, default=list
    )
    external_system = serializers.ChoiceField(
        choices=ExternalSystem.choices, required=False, allow_blank=True, default=""
    )
    external_reference = serializers.CharField(
        max_length=80, required=False, allow_blank=True, default=""
    )
    matter = serializers.ChoiceField(
        choices=CaseMatter.choices,
        default=CaseMatter.GENERAL,
        help_text=_("What the case is about: the routine proposes a unit from it (R16, R20)."),
    )

    def validate(self, data: dict) -> dict:
        has_id = data.get("individual") is not None
        has_number = bool(data.get("identity_number"))
        if has_id == has_number:
            raise serializers.ValidationError(
                {"individual": _("Give either the individual's id or the identity number.")}
            )
        if data["external_reference"] and not data["external_system"]:
            raise serializers.ValidationError(
                {"external_system": _("Name the system the external case id belongs to.")}
            )
        # Kept in the order of LegalBasis, each once.
        data["legal_bases"] = [v for v in LegalBasis.values if v in set(data["legal_bases"])]
        return data
