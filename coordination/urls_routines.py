"""Routines running on cases (R30): start, the run, its steps, and my steps."""

from django.urls import path

from coordination import views_routine_runs as views

urlpatterns = [
    path(
        "cases/<int:pk>/routines/start/",
        views.RoutineRunStartView.as_view(),
        name="routine_run_start",
    ),
    path(
        "routines/runs/<int:pk>/", views.RoutineRunDetailView.as_view(), name="routine_run_detail"
    ),
    path(
        "routines/runs/<int:pk>/cancel/",
        views.RoutineRunCancelView.as_view(),
        name="routine_run_cancel",
    ),
    path("routines/steps/mine/", views.RoutineStepsMineView.as_view(), name="routine_steps_mine"),
    path(
        "routines/steps/<int:pk>/",
        views.RoutineStepDetailView.as_view(),
        name="routine_step_detail",
    ),
    path(
        "routines/steps/<int:pk>/complete/",
        views.RoutineStepCompleteView.as_view(),
        name="routine_step_complete",
    ),
    path(
        "routines/steps/<int:pk>/skip/",
        views.RoutineStepSkipView.as_view(),
        name="routine_step_skip",
    ),
    path(
        "routines/steps/<int:pk>/reassign/",
        views.RoutineStepReassignView.as_view(),
        name="routine_step_reassign",
    ),
]
