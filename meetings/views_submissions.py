"""Pages for submissions to a meeting (R22): submit, read, accept a late one, my own."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from coordination.models import AccessAction
from coordination.services.access_log import access_log_cases
from meetings.forms import SubmissionForm
from meetings.models import MeetingState, Submission
from meetings.selectors import (
    MeetingAccess,
    meeting_access,
    meeting_cutoff,
    submission_case_choices,
    submission_get,
    submission_list_for_submitter,
)
from meetings.services.schedule import stockholm_now
from meetings.services.submissions import (
    submission_accept_late,
    submission_create,
    submission_cutoff_passed,
)
from meetings.views import (
    MeetingMixin,
    MemberMixin,
    agenda_items,
    deny,
    log_cases,
)
from portal.forms import add_service_errors


class SubmissionCreateView(MeetingMixin, View):
    """A deputy unit manager (or a caseworker, where allowed) submits to a meeting (R22)."""

    requires = "submit"

    def _form(self, request, meeting, data=None) -> SubmissionForm:
        cases = submission_case_choices(
            user=request.user, organisation_id=meeting.series.organisation_id
        )
        return SubmissionForm(data, cases=cases, initial={"kind": "individual"})

    def _render(self, request, meeting, form, status=200) -> HttpResponse:
        cases = list(form.fields["case"].queryset)
        if cases:
            access_log_cases(request=request, action=AccessAction.LIST, cases=cases)
        context = {
            "meeting": meeting,
            "form": form,
            "cutoff": meeting_cutoff(meeting),
            "late": submission_cutoff_passed(meeting=meeting),
        }
        return render(request, "meetings/submit.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, _access = self.meeting_or_404(request, pk)
        return self._render(request, meeting, self._form(request, meeting))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, _access = self.meeting_or_404(request, pk)
        form = self._form(request, meeting, request.POST)
        if form.is_valid():
            try:
                result = submission_create(actor=request.user, meeting=meeting, **form.cleaned_data)
            except PermissionDenied:
                raise deny(request) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                placed = result.placed_on
                if result.late:
                    messages.warning(
                        request,
                        _(
                            "Submissions to the meeting of %(asked)s had closed: yours is on the "
                            "meeting of %(placed)s, unless the chair accepts it onto %(asked)s."
                        )
                        % {
                            "asked": f"{meeting.date:%Y-%m-%d}",
                            "placed": f"{placed.date:%Y-%m-%d}",
                        },
                    )
                else:
                    messages.success(
                        request,
                        _("Submitted to the meeting of %(date)s.")
                        % {"date": f"{placed.date:%Y-%m-%d}"},
                    )
                return redirect("meetings:submission_detail", pk=result.submission.pk)
        return self._render(request, meeting, form, status=400)


class SubmissionMixin(MemberMixin):
    def submission_or_404(self, request: HttpRequest, pk: int) -> tuple[Submission, MeetingAccess]:
        submission = submission_get(submission_id=pk)
        if submission is None:
            raise deny(request)
        access = meeting_access(user=request.user, meeting=submission.requested_meeting)
        if not (access.sees_agenda or submission.submitted_by_id == request.user.pk):
            raise deny(request, submission.case_id)
        return submission, access


class SubmissionDetailView(SubmissionMixin, View):
    """The submitter, and the participants and chair of the meeting, read a submission."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        submission, access = self.submission_or_404(request, pk)
        log_cases(request, [submission])
        item = agenda_items(submission.meeting, [submission])[0]
        waiting = submission.late and submission.meeting_id != submission.requested_meeting_id
        context = {
            "submission": submission,
            "item": item,
            "may_accept": access.chair
            and waiting
            and submission.requested_meeting.state
            in {MeetingState.PLANNED, MeetingState.AGENDA_FROZEN},
        }
        return render(request, "meetings/submission_detail.html", context)


class SubmissionAcceptLateView(SubmissionMixin, View):
    """The chair accepts a late submission onto the meeting it was made for (R22)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        submission, access = self.submission_or_404(request, pk)
        if not access.chair:
            raise deny(request, submission.case_id)
        try:
            submission = submission_accept_late(actor=request.user, submission=submission)
        except PermissionDenied:
            raise deny(request, submission.case_id) from None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("The submission is accepted onto the meeting of %(date)s.")
                % {"date": f"{submission.meeting.date:%Y-%m-%d}"},
            )
        return redirect("meetings:submission_detail", pk=submission.pk)


class SubmissionMineView(MemberMixin, View):
    """The user's own submissions, newest first."""

    def get(self, request: HttpRequest) -> HttpResponse:
        since = stockholm_now().date() - datetime.timedelta(days=365)
        submissions = submission_list_for_submitter(user=request.user, since=since)
        log_cases(request, submissions, action=AccessAction.LIST)
        rows = [{**agenda_items(s.meeting, [s])[0], "meeting": s.meeting} for s in submissions]
        return render(request, "meetings/mine.html", {"rows": rows})
