"""Contacts with my units (R6): the contact record seen from the other unit's side.

The other unit sees the record a case recorded towards it (date, who, channel, the two
decisions, the note) and the person's name, never the recording case's contents (R4).
"""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from coordination import services
from coordination.models import AccessAction
from coordination.selectors_co_caseworkers import contact_list_with_user, own_case_by_individual
from coordination.views import CaseworkerMixin

CONTACTS_PER_PAGE = 50


class ContactsWithMyUnitsView(CaseworkerMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        paginator = Paginator(contact_list_with_user(user=request.user), CONTACTS_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        contacts = list(page.object_list)
        individual_ids = [contact.case.individual_id for contact in contacts]
        own_cases = own_case_by_individual(user=request.user, individual_ids=individual_ids)
        for contact in contacts:
            contact.own_case_id = own_cases.get(contact.case.individual_id)
        services.access_log_record(
            request=request, action=AccessAction.LIST, individual_ids=individual_ids
        )
        return render(
            request,
            "coordination/contacts/with_my_units.html",
            {"contacts": contacts, "page": page},
        )
