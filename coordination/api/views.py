"""The REST API: the same scope rule, access log and services as the caseworker's pages.

Every endpoint reads through `coordination.permissions` (missing and forbidden both answer
404, and the refusal is logged), writes one access-log row per individual it shows, and
writes only through `coordination.services`. Integrations authenticate with a token
(`manage.py drf_create_token USER`, header `Authorization: Token <key>`), the browser with
its session.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from coordination import selectors, selectors_routing, services
from coordination.api import serializers as api
from coordination.api.selectors import active_case_check_by_id
from coordination.models import AccessAction, Individual
from coordination.permissions import (
    can_register_cases,
    case_visible_to,
    individual_visible_to,
    require_case,
    require_individual,
    unit_ids_of,
)
from coordination.services import DuplicateIndividualError
from units.models import Unit

# How many matches a search returns at most, across pages: a search is for finding a person.
SEARCH_LIMIT = 200


class RegistersCases(permissions.BasePermission):
    """Writes are for people with a role at a unit, the ones who register cases (R3)."""

    def has_permission(self, request: Request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or can_register_cases(request.user)


class ApiView(GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, RegistersCases]


def _does_not_exist(pk: int) -> str:
    # DRF's own wording (and translation): the same for missing and out of scope.
    message = serializers.PrimaryKeyRelatedField.default_error_messages["does_not_exist"]
    return str(message).format(pk_value=pk)


def _log(request: Request, action: AccessAction, individual_ids) -> None:
    services.access_log_record(request=request, action=action, individual_ids=individual_ids)


def _individual_or_404(request: Request, pk: int) -> Individual:
    try:
        return require_individual(request.user, pk)
    except Http404:
        services.access_log_denied(request=request, action=AccessAction.VIEW, individual_id=pk)
        raise


def _unit_for(request: Request, unit_id: int | None) -> Unit:
    """The caller's unit the write is made for: the only one, or the one they name."""
    units = list(Unit.objects.filter(pk__in=unit_ids_of(request.user)).order_by("name"))
    if unit_id is None:
        if len(units) == 1:
            return units[0]
        raise ValidationError({"unit": [_("You work at several units: choose the unit.")]})
    unit = next((u for u in units if u.pk == unit_id), None)
    if unit is None:
        raise ValidationError({"unit": [_("Choose one of your own units.")]})
    return unit


class IndividualListView(ApiView):
    """Search among the individuals in your scope, or list them; register an individual."""

    serializer_class = api.IndividualListSerializer

    def get_queryset(self):
        return individual_visible_to(self.request.user).order_by("last_name", "first_name", "pk")

    @extend_schema(
        parameters=[api.IndividualSearchSerializer],
        responses=api.IndividualListSerializer(many=True),
        description=gettext_lazy(
            "Individuals in your scope; with q, those whose identity number (any common "
            "form) or name matches. Every person shown is written to the access log."
        ),
    )
    def get(self, request: Request) -> Response:
        params = api.IndividualSearchSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        query = params.validated_data.get("q", "").strip()
        if query:
            action = AccessAction.SEARCH
            people = selectors.individual_find(user=request.user, query=query, limit=SEARCH_LIMIT)
        else:
            action = AccessAction.LIST
            people = self.get_queryset()
        page = self.paginate_queryset(people)
        _log(request, action, [person.pk for person in page])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=api.IndividualCreateSerializer,
        description=gettext_lazy(
            "Register an individual at your unit (name `unit` if you work at several). "
            "Without an identity number the birth date is required."
        ),
        responses={
            201: api.IndividualSerializer,
            400: OpenApiResponse(
                api.DuplicateIndividualSerializer,
                description=gettext_lazy(
                    "Invalid data, or the number is registered already: the existing "
                    "person is linked only when in your scope."
                ),
            ),
        },
    )
    def post(self, request: Request) -> Response:
        form = api.IndividualCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        unit = _unit_for(request, data.pop("unit", None))
        try:
            individual = services.individual_create(registered_by_unit=unit, **data)
        except DuplicateIndividualError as exc:
            return self._duplicate(request, exc)
        _log(request, AccessAction.VIEW, [individual.pk])
        body = api.IndividualSerializer(individual, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})

    def _duplicate(self, request: Request, exc: DuplicateIndividualError) -> Response:
        """The existing person is named only to those who may see them (R4)."""
        body = {"identity_number": exc.message_dict["identity_number"]}
        existing = exc.existing
        if individual_visible_to(request.user).filter(pk=existing.pk).exists():
            context = self.get_serializer_context()
            body["existing"] = api.IndividualBriefSerializer(existing, context=context).data
            _log(request, AccessAction.VIEW, [existing.pk])
        else:
            services.access_log_denied(
                request=request, action=AccessAction.VIEW, individual_id=existing.pk
            )
        return Response(body, status=status.HTTP_400_BAD_REQUEST)


class IndividualDetailView(ApiView):
    serializer_class = api.IndividualSerializer

    @extend_schema(
        description=gettext_lazy(
            "An individual in your scope. Address, phone and e-mail are left out for a "
            "person with a protected identity. Written to the access log."
        )
    )
    def get(self, request: Request, pk: int) -> Response:
        individual = _individual_or_404(request, pk)
        _log(request, AccessAction.VIEW, [individual.pk])
        return Response(self.get_serializer(individual).data)


class IndividualActiveCasesView(ApiView):
    """The active-case check (R3): who else is active with the person and the family.

    Shows each open case at another unit as the unit, its caseworker (name, phone, e-mail)
    and since when, never the case itself (R4). Open to anyone who registers cases, so it
    can be run before registering; four queries whatever the size of the family: the
    token, the check, the caller's memberships and the access-log rows.
    """

    serializer_class = api.ActiveCaseCheckSerializer

    @extend_schema(
        description=gettext_lazy(
            "The active-case check (R3): the open cases of the person, the family and every "
            "child at units other than yours, as the unit, its caseworker and since when; "
            "never the case itself (R4). Everyone shown is written to the access log."
        )
    )
    def get(self, request: Request, pk: int) -> Response:
        check = active_case_check_by_id(user=request.user, individual_id=pk)
        if check is None:
            services.access_log_denied(request=request, action=AccessAction.CHECK, individual_id=pk)
            raise Http404
        _log(request, AccessAction.CHECK, check.individual_ids)
        return Response(self.get_serializer(check).data)


class RelationCreateView(ApiView):
    """Record a family relation between two individuals in your scope (R3)."""

    serializer_class = api.RelationSerializer

    @extend_schema(
        request=api.RelationCreateSerializer,
        responses={201: api.RelationSerializer},
        description=gettext_lazy(
            "Record a family relation; both individuals must be in your scope. The "
            "active-case check follows relations both ways (R3)."
        ),
    )
    def post(self, request: Request) -> Response:
        form = api.RelationCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        ends = {name: data[name] for name in ("from_individual", "to_individual")}
        visible = individual_visible_to(request.user).in_bulk(list(ends.values()))
        errors = {}
        for name, pk in ends.items():
            if pk not in visible:
                services.access_log_denied(
                    request=request, action=AccessAction.VIEW, individual_id=pk
                )
                errors[name] = [_does_not_exist(pk)]
        if errors:
            raise ValidationError(errors)
        relation = services.relation_create(
            actor=request.user,
            from_individual=visible[ends["from_individual"]],
            to_individual=visible[ends["to_individual"]],
            kind=data["kind"],
        )
        _log(request, AccessAction.VIEW, ends.values())
        return Response(self.get_serializer(relation).data, status=status.HTTP_201_CREATED)


class CaseListView(ApiView):
    """Cases whose contents you may see (R4); register a case (R3)."""

    serializer_class = api.CaseSerializer

    def get_queryset(self):
        return (
            case_visible_to(self.request.user)
            .select_related("individual", "unit", "caseworker")
            .order_by("-opened_on", "-pk")
        )

    @extend_schema(
        parameters=[api.CaseFilterSerializer],
        responses=api.CaseSerializer(many=True),
        description=gettext_lazy(
            "Cases whose contents you may see: your units' cases and those you are granted "
            "(R4). Every case shown is written to the access log."
        ),
    )
    def get(self, request: Request) -> Response:
        params = api.CaseFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        cases = self.get_queryset()
        if "individual" in params.validated_data:
            cases = cases.filter(individual_id=params.validated_data["individual"])
        page = self.paginate_queryset(cases)
        services.access_log_cases(request=request, action=AccessAction.LIST, cases=page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=api.CaseRegisterSerializer,
        responses={201: api.CaseRegisteredSerializer},
        description=gettext_lazy(
            "Register a case at your unit for an individual in your scope (id) or by "
            "identity number, registering the person if the number is new. The answer "
            "holds the active-case check (R3) and the unit the organisation's routine "
            "proposes for the person's age and the `matter` (R16, R20)."
        ),
    )
    def post(self, request: Request) -> Response:
        form = api.CaseRegisterSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        unit = _unit_for(request, data.get("unit"))
        # Outside the transaction, so that a logged refusal is not rolled back with it.
        individual = self._individual_in_scope(request, data.get("individual"))
        with transaction.atomic():
            individual = individual or self._individual_by_number(data, unit)
            # R16, R20: proposed from what was known before this case, so read first.
            proposal = selectors_routing.routing_propose(
                organisation=unit.organisation_id, individual=individual, matter=data["matter"]
            )
            case = services.case_register(
                actor=request.user,
                individual=individual,
                unit=unit,
                legal_bases=data["legal_bases"],
                external_system=data["external_system"],
                external_reference=data["external_reference"],
                matter=data["matter"],
            )
        # R3: the check is shown with every registration.
        check = active_case_check_by_id(user=request.user, individual_id=individual.pk)
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        _log(request, AccessAction.CHECK, check.individual_ids)
        context = self.get_serializer_context()
        body = {
            "case": api.CaseDetailSerializer(case, context=context).data,
            "active_case_check": api.ActiveCaseCheckSerializer(check, context=context).data,
            "matter": case.matter,
            "routing_proposal": (
                api.RoutingProposalSerializer(proposal, context=context).data if proposal else None
            ),
            "follows_proposal": proposal.proposes(unit) if proposal else None,
        }
        return Response(
            body, status=status.HTTP_201_CREATED, headers={"Location": body["case"]["url"]}
        )

    @staticmethod
    def _individual_in_scope(request: Request, pk: int | None) -> Individual | None:
        """A person named by id must be in the caller's scope; a refusal is logged (R4)."""
        if pk is None:
            return None
        individual = individual_visible_to(request.user).filter(pk=pk).first()
        if individual is None:
            services.access_log_denied(request=request, action=AccessAction.VIEW, individual_id=pk)
            raise ValidationError({"individual": [_does_not_exist(pk)]})
        return individual

    @staticmethod
    def _individual_by_number(data: dict, unit: Unit) -> Individual:
        """Anyone with the number (R3: a case is registered whoever else knows the person),
        registered at the caller's unit when new."""
        number = data["identity_number"]
        existing = selectors.individual_by_identity_number(number=number)
        if existing is not None:
            return existing
        if not (data.get("first_name", "").strip() and data.get("last_name", "").strip()):
            raise ValidationError(
                {"first_name": [_("The person is not registered: give the first and last name.")]}
            )
        try:
            return services.individual_create(
                first_name=data["first_name"],
                last_name=data["last_name"],
                identity_number=number,
                protected_identity=data["protected_identity"],
                registered_by_unit=unit,
            )
        except DuplicateIndividualError as exc:
            # A simultaneous registration of the same number won: the case is for that person.
            return exc.existing


class CaseDetailView(ApiView):
    serializer_class = api.CaseDetailSerializer

    @extend_schema(
        description=gettext_lazy(
            "A case's contents, for its unit and those granted access (R4). Written to "
            "the access log."
        )
    )
    def get(self, request: Request, pk: int) -> Response:
        try:
            case = require_case(request.user, pk)
        except Http404:
            services.access_log_denied(request=request, action=AccessAction.VIEW, case_id=pk)
            raise
        services.access_log_cases(request=request, action=AccessAction.VIEW, cases=[case])
        return Response(self.get_serializer(case).data)


class ApiDocsView(LoginRequiredMixin, TemplateView):
    """The endpoints, read from the OpenAPI schema and served from here: no script, no CDN."""

    template_name = "coordination/api_docs.html"

    def get_context_data(self, **kwargs) -> dict:
        schema = SchemaGenerator().get_schema(request=None, public=True)
        endpoints = [
            {
                "path": path,
                "method": method.upper(),
                "description": operation.get("description", ""),
                "parameters": [p["name"] for p in operation.get("parameters", [])],
            }
            for path, operations in schema["paths"].items()
            for method, operation in operations.items()
        ]
        return super().get_context_data(endpoints=endpoints, schema=schema, **kwargs)


@csrf_exempt
def not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Unknown paths under /api/ answer in JSON too, whatever the method (nothing is done)."""
    return JsonResponse({"detail": _("Not found.")}, status=404)
