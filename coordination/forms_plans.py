"""Forms for joint work plans (R7, R8, R11); validation only, writes go through services."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import User

MAX_FOLLOW_UPS = 20
TEXTAREA = {"rows": 5, "cols": 60}


class FollowUpDatesField(forms.CharField):
    """Dates as YYYY-MM-DD, separated by commas, spaces or new lines."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Follow-up dates"))
        kwargs.setdefault(
            "help_text",
            _("One or more dates as YYYY-MM-DD, separated by commas, for example 2026-12-01."),
        )
        kwargs.setdefault("max_length", 400)
        super().__init__(**kwargs)

    def clean(self, value) -> list[datetime.date]:
        text = super().clean(value)
        dates: list[datetime.date] = []
        for part in re.split(r"[\s,;]+", text or ""):
            if not part:
                continue
            try:
                dates.append(datetime.date.fromisoformat(part))
            except ValueError:
                raise forms.ValidationError(
                    _("“%(value)s” is not a date: write it as YYYY-MM-DD."),
                    code="invalid_date",
                    params={"value": part[:20]},
                ) from None
        if len(set(dates)) > MAX_FOLLOW_UPS:
            raise forms.ValidationError(
                _("At most %(count)s follow-up dates."), params={"count": MAX_FOLLOW_UPS}
            )
        return sorted(set(dates))


def follow_up_initial(plan) -> str:
    """The coming follow-up dates; those already held are kept whatever the list says."""
    return ", ".join(f.due_on.isoformat() for f in plan.follow_ups.all() if f.held_on is None)


def _linkable_choices(entries) -> list[tuple[int, str]]:
    return [
        (
            entry.case_id,
            _("%(unit)s, caseworker %(caseworker)s (%(person)s, %(relation)s)")
            % {
                "unit": entry.unit.name,
                "caseworker": entry.caseworker.get_full_name() or entry.caseworker.username,
                "person": entry.member.individual.full_name,
                "relation": entry.member.relation,
            },
        )
        for entry in entries
    ]


class JointPlanTextForm(forms.Form):
    """The plan's common text and follow-up dates (R7)."""

    investigation_approach = forms.CharField(
        label=_("How the investigations are carried out"),
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=10000,
    )
    continued_cooperation = forms.CharField(
        label=_("Plan for continued cooperation"),
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=10000,
    )
    follow_up_dates = FollowUpDatesField()


class JointPlanCreateForm(JointPlanTextForm):
    """A new plan from a case: the other cases come from the active-case check (R3, R7)."""

    other_cases = forms.TypedMultipleChoiceField(
        label=_("Cases at other units in the plan"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one case at another unit to plan with.")},
    )
    responsibility = forms.CharField(
        label=_("Your unit's responsibility"),
        widget=forms.Textarea(attrs=TEXTAREA),
        required=False,
        max_length=10000,
    )

    field_order = [
        "other_cases",
        "investigation_approach",
        "responsibility",
        "continued_cooperation",
        "follow_up_dates",
    ]

    def __init__(self, *args, linkable=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other_cases"].choices = _linkable_choices(linkable)


class JointPlanCasesAddForm(forms.Form):
    """More cases for the plan, from the active-case check (R7)."""

    cases = forms.TypedMultipleChoiceField(
        label=_("Add cases at other units"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one case to add.")},
    )

    def __init__(self, *args, linkable=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = _linkable_choices(linkable)


class JointPlanResponsibilityForm(forms.Form):
    """One unit's responsibility under the plan (R11)."""

    responsibility = forms.CharField(
        label=_("The unit's responsibility"),
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=10000,
        error_messages={"required": _("Describe what the unit is responsible for.")},
    )


class CoordinatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class JointPlanCoordinatorForm(forms.Form):
    """A manager chooses the coordinating caseworker, with a reason (R8)."""

    coordinator = CoordinatorChoiceField(
        label=_("Coordinating caseworker"), queryset=User.objects.none(), empty_label=None
    )
    reason = forms.CharField(
        label=_("Reason for the choice"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=2000,
        error_messages={"required": _("Give the reason for choosing this caseworker.")},
    )

    def __init__(self, *args, caseworkers=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = User.objects.filter(
            pk__in=[u.pk for u in caseworkers]
        ).order_by("last_name", "first_name")


class JointPlanFollowUpHeldForm(forms.Form):
    """That a follow-up was held: when, not in the future nor before the plan, and a note
    (R7, R11)."""

    held_on = forms.DateField(
        label=_("Held on"),
        help_text=_("As YYYY-MM-DD."),
        error_messages={
            "required": _("Give the date the follow-up was held."),
            "invalid": _("Write the date as YYYY-MM-DD."),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_held_on(self) -> datetime.date:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(
                _("The follow-up cannot have been held in the future."), code="future"
            )
        created_on = timezone.localdate(self.plan.created_at)
        if held_on < created_on:
            raise forms.ValidationError(
                _("The follow-up cannot have been held before the plan was created (%(date)s)."),
                code="before_plan",
                params={"date": created_on.isoformat()},
            )
        return held_on
