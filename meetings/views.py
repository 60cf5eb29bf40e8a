"""Pages for meetings (R21, R22), one view per step; each states who may use it.

`requires` names the right a view needs on its meeting: "agenda" (the series' participants and
the chair), "chair", "submit" (those who may submit) or "minutes" (the minute-taker and the
chair). Anyone else gets 404 and a logged denial. Individuals on an agenda are shown by name
and age to those who may see the agenda, and every such page is logged in the access log, one
row per case shown. Submissions are in views_submissions.py, the meeting itself (R23) in
views_minutes.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from coordination.models import AccessAction
from coordination.selectors_age import age_on
from coordination.services.access_log import access_log_cases
from coordination.views import deny_logged as deny
from meetings.forms import MeetingCancelForm, MeetingMoveForm
from meetings.models import Meeting, MeetingState, Submission
from meetings.selectors import (
    MeetingAccess,
    meeting_access,
    meeting_attendance,
    meeting_cutoff,
    meeting_get,
    meeting_list_for_user,
    submission_agenda,
    submission_waiting_for_acceptance,
)
from meetings.services.schedule import meeting_cancel, meeting_freeze, meeting_move, stockholm_now
from portal.forms import add_service_errors
from portal.pdf import PdfSection, pdf_document
from portal.permissions import RoleRequiredMixin
from units.models import Role


class MemberMixin(RoleRequiredMixin):
    """Anyone with a role may reach the meetings pages; each meeting then decides (below)."""

    allowed_roles = frozenset(Role)


class MeetingMixin(MemberMixin):
    requires: str = "agenda"

    def meeting_or_404(self, request: HttpRequest, pk: int) -> tuple[Meeting, MeetingAccess]:
        meeting = meeting_get(meeting_id=pk)
        if meeting is None:
            raise deny(request)
        access = meeting_access(user=request.user, meeting=meeting)
        allowed = {
            "agenda": access.sees_agenda,
            "chair": access.chair,
            "submit": access.submitter,
            "minutes": access.chair or meeting.minute_taker_id == request.user.pk,
        }[self.requires]
        if not allowed:
            raise deny(request)
        return meeting, access


def agenda_items(meeting: Meeting, submissions: list[Submission]) -> list[dict]:
    """Agenda rows; name and age read from the individual now, age on the meeting day."""
    rows = []
    for submission in submissions:
        individual = submission.case.individual if submission.case_id else None
        rows.append(
            {
                "submission": submission,
                "name": individual.full_name if individual else "",
                "age": age_on(individual.birth_date, meeting.date) if individual else None,
                "protected": (
                    individual.get_protected_identity_display()
                    if individual and individual.is_protected
                    else ""
                ),
            }
        )
    return rows


def log_cases(request: HttpRequest, submissions, action=AccessAction.VIEW) -> None:
    cases = [s.case for s in submissions if s.case_id]
    if cases:
        access_log_cases(request=request, action=action, cases=cases)


class MeetingListView(MemberMixin, View):
    """Upcoming meetings the user takes part in, chairs or may submit to (R21)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = meeting_list_for_user(user=request.user, today=stockholm_now().date())
        context = {
            "rows": [
                {"meeting": meeting, "access": access, "cutoff": meeting_cutoff(meeting)}
                for meeting, access in rows
            ]
        }
        return render(request, "meetings/list.html", context)


class MeetingDetailView(MeetingMixin, View):
    """The agenda (R22) for the series' participants and the chair."""

    requires = "agenda"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, access = self.meeting_or_404(request, pk)
        return self.render_detail(request, meeting, access)

    def render_detail(self, request, meeting, access, status=200) -> HttpResponse:
        submissions = submission_agenda(meeting=meeting)
        waiting = submission_waiting_for_acceptance(meeting=meeting) if access.chair else []
        log_cases(request, [*submissions, *waiting])
        keeps_minutes = access.chair or meeting.minute_taker_id == request.user.pk
        attendance = meeting_attendance(meeting) if meeting.held_at else []
        context = {
            "meeting": meeting,
            "access": access,
            "cutoff": meeting_cutoff(meeting),
            "items": agenda_items(meeting, submissions),
            "waiting": agenda_items(meeting, waiting),
            "attendance": attendance,
            "present": [str(row.user) for row in attendance if row.present],
            "absent": [str(row.user) for row in attendance if not row.present],
            "may_freeze": access.chair and meeting.state == MeetingState.PLANNED,
            "may_move": access.chair and meeting.state == MeetingState.PLANNED,
            "may_cancel": access.chair
            and meeting.state in {MeetingState.PLANNED, MeetingState.AGENDA_FROZEN},
            "may_hold": access.chair and meeting.state == MeetingState.AGENDA_FROZEN,
            "may_record": keeps_minutes and meeting.state == MeetingState.HELD,
            "published": meeting.state == MeetingState.MINUTES_PUBLISHED,
        }
        return render(request, "meetings/detail.html", context, status=status)


class MeetingAgendaPdfView(MeetingMixin, View):
    """The agenda as a PDF (R22), logged like the page."""

    requires = "agenda"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, _access = self.meeting_or_404(request, pk)
        submissions = submission_agenda(meeting=meeting)
        log_cases(request, submissions, action=AccessAction.EXPORT)
        response = HttpResponse(agenda_pdf(meeting, submissions), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="agenda-{meeting.date:%Y-%m-%d}-{meeting.pk}.pdf"'
        )
        response["Cache-Control"] = "no-store"
        return response


def agenda_pdf(meeting: Meeting, submissions: list[Submission]) -> bytes:
    """Date, time, state and each item's R22 content; an anonymous item has no person."""
    title = _("Agenda: %(meeting)s") % {"meeting": meeting.series.name}
    rows = [
        (_("Date"), f"{meeting.date:%Y-%m-%d} {meeting.start_time:%H:%M}"),
        (_("State"), meeting.get_state_display()),
        (_("Submissions closed"), f"{meeting_cutoff(meeting):%Y-%m-%d %H:%M}"),
    ]
    sections = []
    for number, item in enumerate(agenda_items(meeting, submissions), start=1):
        submission = item["submission"]
        if item["name"]:
            who = _("%(name)s, %(age)s years") % {"name": item["name"], "age": item["age"]}
            if item["protected"]:
                who = f"{who} ({item['protected']})"
        else:
            who = _("Anonymous consultation")
        sections.append(
            PdfSection(
                f"{number}. {who}",
                rows=[
                    (_("Submitted by"), f"{submission.submitted_by}, {submission.unit}"),
                    (_("Short background"), submission.background),
                    (_("Current situation"), submission.current_situation),
                    (_("Current problem"), submission.problem),
                    (_("Question to the meeting"), submission.question),
                ],
            )
        )
    if not sections:
        sections.append(PdfSection(_("No submissions."), []))
    return pdf_document(title=title, rows=rows, sections=sections)


class MeetingMoveView(MeetingMixin, View):
    """The chair moves a planned meeting, e.g. off a public holiday (R21)."""

    requires = "chair"

    def _render(self, request, meeting, form, status=200) -> HttpResponse:
        context = {"meeting": meeting, "form": form}
        return render(request, "meetings/move.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, _access = self.meeting_or_404(request, pk)
        return self._render(request, meeting, MeetingMoveForm(initial={"date": meeting.date}))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, _access = self.meeting_or_404(request, pk)
        form = MeetingMoveForm(request.POST)
        if form.is_valid():
            try:
                meeting = meeting_move(actor=request.user, meeting=meeting, **form.cleaned_data)
            except PermissionDenied:
                raise deny(request) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The meeting is moved to %(date)s.") % {"date": f"{meeting.date:%Y-%m-%d}"},
                )
                return redirect("meetings:meeting_detail", pk=meeting.pk)
        return self._render(request, meeting, form, status=400)


class MeetingCancelView(MeetingMixin, View):
    """The chair cancels a meeting not yet held; its items move to the next meeting (R21)."""

    requires = "chair"

    def _render(self, request, meeting, form, status=200) -> HttpResponse:
        context = {"meeting": meeting, "form": form}
        return render(request, "meetings/cancel.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, _access = self.meeting_or_404(request, pk)
        return self._render(request, meeting, MeetingCancelForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, _access = self.meeting_or_404(request, pk)
        form = MeetingCancelForm(request.POST)
        if form.is_valid():
            try:
                meeting_cancel(actor=request.user, meeting=meeting, **form.cleaned_data)
            except PermissionDenied:
                raise deny(request) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The meeting is cancelled."))
                return redirect("meetings:meeting_detail", pk=meeting.pk)
        return self._render(request, meeting, form, status=400)


class MeetingFreezeView(MeetingMixin, View):
    """The chair freezes the agenda before the cutoff (R22)."""

    requires = "chair"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, _access = self.meeting_or_404(request, pk)
        try:
            meeting_freeze(actor=request.user, meeting=meeting)
        except PermissionDenied:
            raise deny(request) from None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The agenda is frozen."))
        return redirect("meetings:meeting_detail", pk=meeting.pk)
