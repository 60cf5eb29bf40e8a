"""Swedish for the meetings' notifications (R22, R23) and the yearly routine review (R24)."""

SV = {
    # coordination/models/deadlines.py: the meetings' and the routine review's due items
    "Submissions to a meeting close soon": "Anmälan till ett möte stänger snart",
    "Meeting agenda ready": "Mötets dagordning är klar",
    "Meeting minutes published": "Mötets protokoll är publicerat",
    "Annual review of the routines": "Årlig översyn av rutinerna",
    # templates/coordination/notifications/inbox.html
    "Routine review %(year)s": "Rutinöversyn %(year)s",
    # units/models.py, units/admin.py
    "remind of a meeting's submission cutoff, days before": (
        "påminn om ett mötes sista anmälningstid, dagar före"
    ),
    "month of the yearly routine review": "månad för den årliga rutinöversynen",
    "Annual routine review (R24)": "Årlig rutinöversyn (R24)",
    # meetings/models.py
    "year": "år",
    "routine review": "rutinöversyn",
    "routine reviews": "rutinöversyner",
    "conclusions and changes to the routines": "slutsatser och ändringar i rutinerna",
    # meetings/forms.py
    "Conclusions and changes to the routines": "Slutsatser och ändringar i rutinerna",
    "The managers who took part, with their titles.": "De chefer som deltog, med titlar.",
    "About the routines only: no individual is named here.": (
        "Bara om rutinerna: ingen enskild nämns här."
    ),
    # meetings/services/routine_review.py
    "A routine review can be recorded for this year or earlier.": (
        "En rutinöversyn kan registreras för i år eller tidigare år."
    ),
    "The routine review of %(year)s is already recorded: held %(held)s, recorded by %(by)s. "
    "There is one review per year.": (
        "Rutinöversynen %(year)s är redan registrerad: den hölls %(held)s och registrerades av "
        "%(by)s. Det finns en översyn per år."
    ),
    "The review cannot be recorded before it is held.": (
        "Översynen kan inte registreras innan den har hållits."
    ),
    "The review of %(year)s is held in %(year)s.": "Översynen för %(year)s hålls under %(year)s.",
    "List the managers who took part.": "Ange de chefer som deltog.",
    "Write what the review concluded, or that nothing changes.": (
        "Skriv vad översynen kom fram till, eller att inget ändras."
    ),
    "Remove the personal identity number: the review is about the routines and names no "
    "individual.": ("Ta bort personnumret: översynen gäller rutinerna och nämner ingen enskild."),
    # meetings/views_routine_review.py
    "The routine review of %(year)s is recorded.": "Rutinöversynen %(year)s är registrerad.",
    # templates/meetings/routine_review_list.html
    "Routine reviews": "Rutinöversyner",
    "Once a year the managers review the routines themselves, with the figures of the year "
    "before.": (
        "En gång om året ser cheferna över rutinerna själva, med siffrorna från året innan."
    ),
    "Routine reviews by year, newest first": "Rutinöversyner per år, senaste först",
    "Year": "År",
    "Reminder": "Påminnelse",
    "Routine review": "Rutinöversyn",
    "Held %(held)s": "Hölls %(held)s",
    "Not recorded": "Inte registrerad",
    # templates/meetings/routine_review_detail.html
    "All years": "Alla år",
    "The review": "Översynen",
    "Recorded": "Registrerad",
    "The review of this year is not recorded yet.": (
        "Översynen för det här året är inte registrerad än."
    ),
    "Record the review when the managers have held it: when, who took part and what it "
    "concluded.": (
        "Registrera översynen när cheferna har hållit den: när, vilka som deltog och vad den "
        "kom fram till."
    ),
    "Record the routine review": "Registrera rutinöversynen",
    "Figures for %(last)s": "Siffror för %(last)s",
    "Samverkan holds no figures for %(last)s.": "Samverkan har inga siffror för %(last)s.",
    "Counts only: no individual is named.": "Endast antal: ingen enskild nämns.",
    "Handovers with responsibility passing in the year": (
        "Överlämningar där ansvaret övergår under året"
    ),
    "Announced in time (notice: %(months)s months)": (
        "Anmälda i tid (framförhållning: %(months)s månader)"
    ),
    "Meetings and submissions (R21, R22)": "Möten och anmälningar (R21, R22)",
    "Meetings held": "Genomförda möten",
    "Meetings cancelled": "Inställda möten",
    "Submissions": "Anmälningar",
    "Submitted before the cutoff": "Anmälda före sista anmälningstid",
    "Escalations (R2, R9)": "Eskaleringar (R2, R9)",
    "Escalations raised": "Eskaleringar som lyfts",
    "Escalations decided": "Eskaleringar som beslutats",
    "Decisions per level of the ladder": "Beslut per nivå i eskaleringstrappan",
    "Level": "Nivå",
    "Target time in days": "Måltid i dagar",
    "Decided there": "Beslutade där",
    "Median days at the level until the decision": "Median, dagar på nivån till beslut",
    "Deviation reports (R25)": "Avvikelserapporter (R25)",
    "Deviation reports": "Avvikelserapporter",
    "Deviation reports per pair of units": "Avvikelserapporter per par av enheter",
    "Unit concerned": "Berörd enhet",
    "Reports": "Rapporter",
    # templates/meetings/routine_review_share.html
    "%(count)s of %(total)s (%(percent)s %%)": "%(count)s av %(total)s (%(percent)s %%)",
}
