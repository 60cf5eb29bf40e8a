"""The meetings' pages (R21 to R24); mounted under /meetings/ in the `meetings` namespace."""

from django.urls import path

from meetings import views, views_minutes, views_routine_review, views_submissions

app_name = "meetings"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting_list"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("<int:pk>/agenda.pdf", views.MeetingAgendaPdfView.as_view(), name="meeting_agenda_pdf"),
    path("<int:pk>/move/", views.MeetingMoveView.as_view(), name="meeting_move"),
    path("<int:pk>/cancel/", views.MeetingCancelView.as_view(), name="meeting_cancel"),
    path("<int:pk>/freeze/", views.MeetingFreezeView.as_view(), name="meeting_freeze"),
    path("<int:pk>/hold/", views_minutes.MeetingHoldView.as_view(), name="meeting_hold"),
    path(
        "<int:pk>/minutes/publish/",
        views_minutes.MeetingMinutesPublishView.as_view(),
        name="meeting_minutes_publish",
    ),
    path(
        "<int:pk>/minutes.pdf",
        views_minutes.MeetingMinutesPdfView.as_view(),
        name="meeting_minutes_pdf",
    ),
    path(
        "<int:pk>/submit/",
        views_submissions.SubmissionCreateView.as_view(),
        name="submission_create",
    ),
    path(
        "submissions/mine/", views_submissions.SubmissionMineView.as_view(), name="submission_mine"
    ),
    path(
        "submissions/<int:pk>/",
        views_submissions.SubmissionDetailView.as_view(),
        name="submission_detail",
    ),
    path(
        "submissions/<int:pk>/outcome/",
        views_minutes.SubmissionOutcomeView.as_view(),
        name="submission_outcome",
    ),
    path(
        "submissions/<int:pk>/accept/",
        views_submissions.SubmissionAcceptLateView.as_view(),
        name="submission_accept_late",
    ),
    # R24: the yearly review of the routines.
    path(
        "routine-reviews/",
        views_routine_review.RoutineReviewListView.as_view(),
        name="routine_review_list",
    ),
    path(
        "routine-reviews/<int:year>/",
        views_routine_review.RoutineReviewDetailView.as_view(),
        name="routine_review_detail",
    ),
]
