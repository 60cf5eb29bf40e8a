"""Limits the Django admin to the organisations a user administers (deny by default)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from units.models import Organisation, Role
from units.selectors import organisation_list_for_user


def administered_organisations(request: HttpRequest) -> QuerySet[Organisation]:
    if request.user.is_superuser:
        return Organisation.objects.all()
    return organisation_list_for_user(user=request.user, roles={Role.ADMINISTRATOR})


class OrganisationScopedAdmin(SimpleHistoryAdmin):
    """Admin for a model that belongs to an organisation through `organisation_path`."""

    organisation_path = "organisation"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            **{f"{self.organisation_path}__in": administered_organisations(request)}
        )

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        related = db_field.related_model
        allowed = administered_organisations(request)
        if related is Organisation:
            kwargs["queryset"] = allowed
        elif hasattr(related, "organisation"):
            kwargs["queryset"] = related._default_manager.filter(organisation__in=allowed)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


admin.site.site_header = "Samverkan"
admin.site.site_title = "Samverkan"
