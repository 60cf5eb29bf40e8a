"""Pages of deviation reports (R25), one per step of the two-part form.

Who may use each page is stated once per view: deputy unit managers and unit managers (the
reporting side and the other side) and the organisation's controller; the report's policy
(deviations/permissions.py) decides the rest. Anyone else gets a plain 404. The refusal is
not written to the access log: a report names units, dates and staff, never an individual
(the proposals are pre-filled that way), so there is no individual's data whose refused read
R4 asks to log.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from coordination.models import DueItem
from coordination.selectors_age import stockholm_today
from deviations.forms import (
    DeviationDialogueForm,
    DeviationPartOneForm,
    DeviationPartTwoForm,
    DeviationSignForm,
)
from deviations.models import REPORTING_ROLES, DeviationReport, DeviationState
from deviations.permissions import ACTIONS
from deviations.selectors import (
    DeviationPage,
    deviation_counterpart_choices,
    deviation_page_for,
    deviation_report_get_for_user,
    deviation_report_list_for,
    reporting_unit_ids,
)
from deviations.selectors_proposals import deviation_proposals_for
from deviations.services import (
    deviation_dialogue_record,
    deviation_draft_create,
    deviation_draft_update,
    deviation_file,
    deviation_part1_submit,
    deviation_part2_write,
    deviation_send,
    deviation_sign,
)
from deviations.services_proposals import deviation_propose, deviation_propose_for_missed_handover
from portal.forms import add_service_errors as _add_errors
from portal.permissions import RoleRequiredMixin
from units.models import Role, Unit

_PART_ONE = ("what_happened", "perception", "improvement_proposals", "reporter_title")
_SIGNED_STATES = (
    DeviationState.SIGNED_REPORTING,
    DeviationState.SIGNED_OTHER,
    DeviationState.SIGNED,
)


class ReporterMixin(RoleRequiredMixin):
    """Deputy unit managers and unit managers: they write reports for their units (R25)."""

    allowed_roles = frozenset(REPORTING_ROLES)


class DeviationReaderMixin(RoleRequiredMixin):
    """Both sides of a report and the controller; `action` is the step the page takes (None
    for reading). A user with no side that may take it gets 404; a side that may, but not in
    the report's present state, is sent back to the report with the reason."""

    allowed_roles = frozenset({*REPORTING_ROLES, Role.CONTROLLER})
    action: str | None = None

    def page(self, request: HttpRequest, pk: int) -> DeviationPage:
        page = deviation_page_for(user=request.user, pk=pk)
        if page is None:
            raise Http404
        if self.action is not None and not ACTIONS[self.action][0] & page.sides:
            raise Http404
        return page

    def refused(self, request: HttpRequest, page: DeviationPage) -> HttpResponse | None:
        """The way back to the report when the step is not open now; None when it is."""
        if self.action is None or self.action in page.actions:
            return None
        messages.error(
            request,
            _("This cannot be done now: the report is %(state)s.")
            % {"state": page.report.get_state_display().lower()},
        )
        return redirect("deviations:report_detail", page.report.pk)


def _form(request: HttpRequest, *, report: DeviationReport | None = None, data=None):
    unit_ids = reporting_unit_ids(user=request.user)
    units = Unit.objects.filter(pk__in=unit_ids).order_by("name")
    organisation_ids = (
        {report.organisation_id} if report else set(units.values_list("organisation_id", flat=True))
    )
    initial = None
    if report is not None:
        initial = {name: getattr(report, name) for name in _PART_ONE}
        initial["concerned_units"] = list(report.concerned_units.all())
    else:
        initial = {"reporter_title": request.user.title}
        if len(unit_ids) == 1:
            initial["reporting_unit"] = next(iter(unit_ids))
    return DeviationPartOneForm(
        data,
        initial=initial,
        reporting_units=units,
        organisation_ids=organisation_ids,
        fixed_unit=report.reporting_unit if report else None,
    )


class DeviationReportListView(DeviationReaderMixin, View):
    """My units' reports by state; for a controller, the reports sent to them."""

    def get(self, request: HttpRequest) -> HttpResponse:
        groups = deviation_report_list_for(user=request.user)
        reporter = bool(set(request.user_roles) & set(REPORTING_ROLES))
        return render(
            request, "deviations/report_list.html", {"groups": groups, "reporter": reporter}
        )


class DeviationDraftListView(ReporterMixin, View):
    """The drafts are now one state of the report list; the old address leads there."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return redirect("deviations:report_list")


class DeviationDraftCreateView(ReporterMixin, View):
    template_name = "deviations/draft_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": _form(request), "report": None})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = _form(request, data=request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = deviation_draft_create(
                    actor=request.user,
                    reporting_unit=data["reporting_unit"],
                    concerned_units=list(data["concerned_units"]),
                    **{name: data[name] for name in _PART_ONE},
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect("deviations:draft_edit", report.pk)
        return render(request, self.template_name, {"form": form, "report": None}, status=400)


class DeviationDraftEditView(ReporterMixin, View):
    """Part 1 while it is a draft, for the reporting unit; afterwards, the report's page."""

    template_name = "deviations/draft_form.html"

    def _report(self, request: HttpRequest, pk: int) -> DeviationReport:
        report = deviation_report_get_for_user(user=request.user, pk=pk)
        if report is None:
            raise Http404
        return report

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self._report(request, pk)
        if report.state != DeviationState.DRAFT:
            return redirect("deviations:report_detail", report.pk)
        context = {"form": _form(request, report=report), "report": report}
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self._report(request, pk)
        form = _form(request, report=report, data=request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                deviation_draft_update(
                    actor=request.user,
                    report=report,
                    concerned_units=list(data["concerned_units"]),
                    **{name: data[name] for name in _PART_ONE},
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The draft is saved."))
                return redirect("deviations:draft_edit", report.pk)
        context = {"form": form, "report": report}
        return render(request, self.template_name, context, status=400)


class DeviationReportDetailView(DeviationReaderMixin, View):
    """The whole report with its signatures and history, and the steps open to the user."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        page = self.page(request, pk)
        return render(request, "deviations/report_detail.html", {"page": page})


class _ButtonView(DeviationReaderMixin, View):
    """A step taken with one button on the report's page (POST only)."""

    success_message = ""

    def act(self, request: HttpRequest, report: DeviationReport) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        page = self.page(request, pk)
        try:
            self.act(request, page.report)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, self.success_message)
        return redirect("deviations:report_detail", page.report.pk)


class DeviationPartOneSubmitView(_ButtonView):
    """The reporting side sends part 1 to the units concerned (R25)."""

    action = "submit_part1"

    @property
    def success_message(self) -> str:
        return _("Part 1 is sent to the units concerned. Contact the same level there.")

    def act(self, request: HttpRequest, report: DeviationReport) -> None:
        deviation_part1_submit(actor=request.user, report=report)


class DeviationSendView(_ButtonView):
    """Either side sends the report, signed by both, to the controller (R25)."""

    action = "send"

    @property
    def success_message(self) -> str:
        return _("The report is sent to the controller.")

    def act(self, request: HttpRequest, report: DeviationReport) -> None:
        deviation_send(actor=request.user, report=report)


class DeviationFileView(_ButtonView):
    """The organisation's controller files a report sent to them (R25)."""

    action = "file"

    @property
    def success_message(self) -> str:
        return _("The report is filed.")

    def act(self, request: HttpRequest, report: DeviationReport) -> None:
        deviation_file(actor=request.user, report=report)


class DeviationDialogueView(DeviationReaderMixin, View):
    """The reporting side records the dialogue with the same level at the other unit."""

    action = "record_dialogue"
    template_name = "deviations/dialogue_form.html"

    def _form(self, report: DeviationReport, data=None) -> DeviationDialogueForm:
        initial = {"held_on": report.dialogue_on or stockholm_today()}
        if report.dialogue_channel:
            initial["channel"] = report.dialogue_channel
            initial["notes"] = report.dialogue_notes
        counterparts = deviation_counterpart_choices(report)
        if report.dialogue_with_id:
            initial["counterpart"] = counterparts.filter(
                user_id=report.dialogue_with_id, unit_id=report.dialogue_unit_id
            ).first()
        return DeviationDialogueForm(data, initial=initial, counterparts=counterparts)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        page = self.page(request, pk)
        refused = self.refused(request, page)
        if refused:
            return refused
        form = self._form(page.report)
        return render(request, self.template_name, {"page": page, "form": form})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        page = self.page(request, pk)
        refused = self.refused(request, page)
        if refused:
            return refused
        form = self._form(page.report, data=request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                deviation_dialogue_record(
                    actor=request.user,
                    report=page.report,
                    counterpart=data["counterpart"],
                    held_on=data["held_on"],
                    channel=data["channel"],
                    notes=data["notes"],
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The dialogue is recorded. Write part 2 together."))
                return redirect("deviations:report_detail", page.report.pk)
        return render(request, self.template_name, {"page": page, "form": form}, status=400)


class DeviationPartTwoView(DeviationReaderMixin, View):
    """Either side writes part 2 after the dialogue; a change voids the signatures."""

    action = "write_part2"
    template_name = "deviations/part2_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        page = self.page(request, pk)
        refused = self.refused(request, page)
        if refused:
            return refused
        report = page.report
        form = DeviationPartTwoForm(
            initial={
                "joint_summary": report.joint_summary,
                "remaining_problems": report.remaining_problems,
                "action": report.action,
                "action_follow_up_on": report.action_follow_up_on,
            }
        )
        return render(request, self.template_name, {"page": page, "form": form})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        page = self.page(request, pk)
        refused = self.refused(request, page)
        if refused:
            return refused
        form = DeviationPartTwoForm(request.POST)
        if form.is_valid():
            signed_before = page.report.state in _SIGNED_STATES
            try:
                report = deviation_part2_write(
                    actor=request.user, report=page.report, **form.cleaned_data
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                if signed_before and report.state == DeviationState.PART2_DRAFTED:
                    messages.warning(
                        request,
                        _("Part 2 is changed, so the signatures given are void: both sign again."),
                    )
                else:
                    messages.success(request, _("Part 2 is saved."))
                return redirect("deviations:report_detail", report.pk)
        return render(request, self.template_name, {"page": page, "form": form}, status=400)


class DeviationSignView(DeviationReaderMixin, View):
    """A party signs part 2 with name and title after re-entering the password (R25)."""

    action = "sign"
    template_name = "deviations/sign_form.html"

    def _open(self, request: HttpRequest, pk: int) -> tuple[DeviationPage, HttpResponse | None]:
        page = self.page(request, pk)
        refused = self.refused(request, page)
        if refused is None and not page.sign_parties:
            messages.error(request, _("You have signed this report, or your party has."))
            refused = redirect("deviations:report_detail", page.report.pk)
        return page, refused

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        page, refused = self._open(request, pk)
        if refused:
            return refused
        form = DeviationSignForm(initial={"title": request.user.title}, parties=page.sign_parties)
        return render(request, self.template_name, {"page": page, "form": form})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        page, refused = self._open(request, pk)
        if refused:
            return refused
        form = DeviationSignForm(request.POST, parties=page.sign_parties)
        if form.is_valid():
            try:
                deviation_sign(actor=request.user, report=page.report, **form.cleaned_data)
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("You have signed the report."))
                return redirect("deviations:report_detail", page.report.pk)
        # PasswordInput does not render the typed password back; the other fields keep theirs.
        return render(request, self.template_name, {"page": page, "form": form}, status=400)


class DeviationProposalListView(ReporterMixin, View):
    """The routine events of my units that warrant a report and have none yet."""

    def get(self, request: HttpRequest) -> HttpResponse:
        proposals = deviation_proposals_for(user=request.user)
        return render(request, "deviations/proposal_list.html", {"proposals": proposals})


class DeviationProposeView(ReporterMixin, View):
    """POST only: opens the pre-filled draft for one proposed event (R25)."""

    def post(self, request: HttpRequest, source: str, event_id: int) -> HttpResponse:
        try:
            report = deviation_propose(actor=request.user, source=source, event_id=event_id)
        except PermissionDenied as exc:
            raise Http404 from exc
        if report.state == DeviationState.DRAFT and report.reporting_unit_id in (
            reporting_unit_ids(user=request.user)
        ):
            return redirect("deviations:draft_edit", report.pk)
        return redirect("deviations:report_detail", report.pk)


class DeviationFromMissedHandoverView(ReporterMixin, View):
    """POST only: opens the pre-filled draft for a missed handover deadline (R17, R25)."""

    def post(self, request: HttpRequest, due_item_id: int) -> HttpResponse:
        item = get_object_or_404(DueItem, pk=due_item_id)
        try:
            report = deviation_propose_for_missed_handover(actor=request.user, item=item)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("coordination:case_detail", item.case_id)
        return redirect("deviations:draft_edit", report.pk)
