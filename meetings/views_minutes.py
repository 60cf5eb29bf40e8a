"""Pages for the meeting itself (R23): hold it, record each item's outcome, publish and print
the minutes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from coordination.models import AccessAction
from meetings.forms import MeetingHoldForm, SubmissionOutcomeForm
from meetings.models import Meeting, MeetingState, Submission
from meetings.selectors import meeting_attendance, meeting_minute_taker_rotation, submission_agenda
from meetings.services.minutes import (
    meeting_hold,
    meeting_minutes_publish,
    submission_outcome_record,
)
from meetings.views import MeetingMixin, agenda_items, deny, log_cases
from meetings.views_submissions import SubmissionMixin
from portal.forms import add_service_errors
from portal.pdf import PdfSection, pdf_document
from units.models import User


class MeetingHoldView(MeetingMixin, View):
    """The chair opens the meeting: attendance and the minute-taker by rotation (R23)."""

    requires = "chair"

    def _form(self, meeting, data=None) -> MeetingHoldForm:
        rotation = meeting_minute_taker_rotation(meeting)
        participants = User.objects.filter(pk__in=[u.pk for u in rotation]).order_by(
            "last_name", "first_name", "username"
        )
        initial = {"minute_taker": rotation[0].pk if rotation else None}
        return MeetingHoldForm(data, participants=participants, initial=initial)

    def _render(self, request, meeting, form, status=200) -> HttpResponse:
        context = {"meeting": meeting, "form": form}
        return render(request, "meetings/hold.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, _access = self.meeting_or_404(request, pk)
        return self._render(request, meeting, self._form(meeting))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, _access = self.meeting_or_404(request, pk)
        form = self._form(meeting, request.POST)
        if form.is_valid():
            try:
                meeting_hold(
                    actor=request.user,
                    meeting=meeting,
                    present=list(form.cleaned_data["present"]),
                    minute_taker=form.cleaned_data["minute_taker"],
                )
            except PermissionDenied:
                raise deny(request) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The meeting is held: record each item's outcome."))
                return redirect("meetings:meeting_detail", pk=meeting.pk)
        return self._render(request, meeting, form, status=400)


class SubmissionOutcomeView(SubmissionMixin, View):
    """The minute-taker (or the chair) records an item's notes and outcome (R23)."""

    def _get(self, request, pk) -> Submission:
        submission, access = self.submission_or_404(request, pk)
        meeting = submission.meeting
        if not (access.chair or meeting.minute_taker_id == request.user.pk):
            raise deny(request, submission.case_id)
        return submission

    def _render(self, request, submission, form, status=200) -> HttpResponse:
        log_cases(request, [submission])
        context = {
            "submission": submission,
            "item": agenda_items(submission.meeting, [submission])[0],
            "form": form,
        }
        return render(request, "meetings/outcome.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        submission = self._get(request, pk)
        initial = {
            "notes": submission.notes,
            "outcome": submission.outcome,
            "outcome_text": submission.outcome_text,
        }
        form = SubmissionOutcomeForm(initial=initial, case=submission.case)
        return self._render(request, submission, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        submission = self._get(request, pk)
        form = SubmissionOutcomeForm(request.POST, case=submission.case)
        if form.is_valid():
            try:
                submission_outcome_record(
                    actor=request.user, submission=submission, **form.cleaned_data
                )
            except PermissionDenied:
                raise deny(request, submission.case_id) from None
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The outcome is recorded."))
                return redirect("meetings:meeting_detail", pk=submission.meeting_id)
        return self._render(request, submission, form, status=400)


class MeetingMinutesPublishView(MeetingMixin, View):
    """The minute-taker (or the chair) publishes the minutes to the participants (R23)."""

    requires = "minutes"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, _access = self.meeting_or_404(request, pk)
        try:
            meeting_minutes_publish(actor=request.user, meeting=meeting)
        except PermissionDenied:
            raise deny(request) from None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The minutes are published to the participants."))
        return redirect("meetings:meeting_detail", pk=meeting.pk)


class MeetingMinutesPdfView(MeetingMixin, View):
    """The published minutes as a PDF (R23), logged like the page."""

    requires = "agenda"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting, _access = self.meeting_or_404(request, pk)
        if meeting.state != MeetingState.MINUTES_PUBLISHED:
            raise deny(request)
        submissions = submission_agenda(meeting=meeting)
        log_cases(request, submissions, action=AccessAction.EXPORT)
        response = HttpResponse(minutes_pdf(meeting, submissions), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="minutes-{meeting.date:%Y-%m-%d}-{meeting.pk}.pdf"'
        )
        response["Cache-Control"] = "no-store"
        return response


def minutes_pdf(meeting: Meeting, submissions: list[Submission]) -> bytes:
    """Attendance, the minute-taker and each item's question, notes and outcome (R23)."""
    attendance = meeting_attendance(meeting)
    present = ", ".join(str(row.user) for row in attendance if row.present)
    absent = ", ".join(str(row.user) for row in attendance if not row.present)
    rows = [
        (_("Date"), f"{meeting.date:%Y-%m-%d} {meeting.start_time:%H:%M}"),
        (_("Present"), present or "-"),
        (_("Absent"), absent or "-"),
        (_("Minute-taker"), str(meeting.minute_taker or "-")),
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
                    (_("Question to the meeting"), submission.question),
                    (_("Notes"), submission.notes),
                    (_("Outcome"), submission.get_outcome_display()),
                    (_("Decision or escalation"), submission.outcome_text),
                ],
            )
        )
    if not sections:
        sections.append(PdfSection(_("No submissions."), []))
    title = _("Minutes: %(meeting)s") % {"meeting": meeting.series.name}
    return pdf_document(title=title, rows=rows, sections=sections)
