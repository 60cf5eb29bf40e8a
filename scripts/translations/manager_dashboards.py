"""Swedish for the managers' dashboards (issue 6 item 5): escalations waiting at the manager's
level, the next meeting, coming handovers and overdue items in the manager's units; the lead
merges it into locale/."""

SV = {
    # templates/portal/dashboard/_manager_escalations.html
    "Escalations waiting at your level": "Eskaleringar som väntar på din nivå",
    "Waiting for your decision: %(count)s.": "Väntar på ditt beslut: %(count)s.",
    "The escalations that have waited longest": "De eskaleringar som har väntat längst",
    "Escalation": "Eskalering",
    "Level": "Nivå",
    "Days at this level": "Dagar på denna nivå",
    "Target date": "Måldatum",
    "%(date)s, past the target time": "%(date)s, måltiden har passerats",
    "All escalations waiting for you": "Alla eskaleringar som väntar på dig",
    "No escalation is waiting for your decision.": "Ingen eskalering väntar på ditt beslut.",
    # templates/portal/dashboard/_manager_meeting.html
    "Your next meeting": "Ditt nästa möte",
    "closed for submissions": "stängd för anmälningar",
    "Submissions": "Anmälningar",
    "No submissions yet.": "Inga anmälningar ännu.",
    "Open the meeting": "Öppna mötet",
    "No meeting of your standing meetings is planned.": (
        "Inget möte i dina stående möten är planerat."
    ),
    # templates/portal/dashboard/_manager_handovers.html, portal/selectors_manager.py
    "Coming handovers in your units": "Kommande överlämningar i dina enheter",
    "Young people whose handover is to be announced, or whose responsibility passes, by "
    "%(date)s, and the handovers announced to your units (R17).": (
        "Unga vars överlämning ska aviseras, eller vars ansvar går över, senast %(date)s, och "
        "de överlämningar som aviserats till dina enheter (R17)."
    ),
    "No handovers are due in this period.": "Inga överlämningar infaller under perioden.",
    "From and to": "Från och till",
    "Announce by %(date)s": "Aviseras senast %(date)s",
    "Responsibility passes %(date)s": "Ansvaret går över %(date)s",
    "Not yet announced": "Ännu inte aviserad",
    "The %(shown)s soonest of %(total)s are shown.": ("De %(shown)s närmaste av %(total)s visas."),
    "Coming handovers per unit": "Kommande överlämningar per enhet",
    "To announce or hand over": "Att avisera eller lämna över",
    "Announced to the unit": "Aviserade till enheten",
    "Past their date": "Efter sitt datum",
    "First date": "Första datum",
    # templates/portal/dashboard/_manager_overdue.html
    "Overdue in your units": "Försenat i dina enheter",
    "Number": "Antal",
    "The oldest": "De äldsta",
    "due %(date)s, %(days)s days ago": "skulle vara klart %(date)s, för %(days)s dagar sedan",
    "Nothing is overdue in your units.": "Inget är försenat i dina enheter.",
}
