"""Standing meetings between managers: series, submissions, agendas, minutes (R21 to R23)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")
