"""Swedish for the controller's pages of deviation reports (R25, issue 7 item 3): the filter,
the list and the statistics; and the year's summary for the routine review (R24, issue 7
item 4). The words follow the existing ones: verksamhetscontroller, förvarad, enhetspar,
kvarstående problem, rutinöversyn."""

SV = {
    # deviations/forms_controller.py
    "Enter the first day as YYYY-MM-DD.": "Skriv första dagen som ÅÅÅÅ-MM-DD.",
    "Enter the last day as YYYY-MM-DD.": "Skriv sista dagen som ÅÅÅÅ-MM-DD.",
    "Choose one of the organisation's units.": "Välj en av organisationens enheter.",
    "and unit": "och enhet",
    "Any unit": "Vilken enhet som helst",
    "Choose sent or filed.": "Välj skickad eller förvarad.",
    "Choose one of the listed sources.": "Välj en av källorna i listan.",
    "The last day comes before the first day.": "Sista dagen ligger före första dagen.",
    "Choose two different units for a pair.": "Välj två olika enheter för ett enhetspar.",
    # templates/deviations/controller/_filter_form.html, _nav.html, _pagination.html
    "Period (the report's date)": "Period (rapportens datum)",
    "One unit: every report it reports or is concerned by. Two units: the reports between "
    "them, in either direction.": (
        "En enhet: alla rapporter som enheten har skrivit eller berörs av. Två enheter: "
        "rapporterna mellan dem, åt båda hållen."
    ),
    "Deviation reports for the controller": "Avvikelserapporter för verksamhetscontrollern",
    "Statistics": "Statistik",
    "Summary of %(year)s for the routine review": "Sammanställning av %(year)s för rutinöversynen",
    # templates/deviations/controller/list.html
    "Deviation reports sent to the controller": (
        "Avvikelserapporter skickade till verksamhetscontrollern"
    ),
    "Reports found: %(total)s": "Antal rapporter: %(total)s",
    "Deviation reports, newest first": "Avvikelserapporter, nyaste först",
    "Days from part 1 sent to filed": "Dagar från del 1 skickad till förvarad",
    "No report matches the filter.": "Ingen rapport matchar filtret.",
    # templates/deviations/controller/statistics.html
    "Statistics of deviation reports": "Statistik över avvikelserapporter",
    "Reports sent to the controller or filed, for the filter above. Each figure links to the "
    "reports behind it.": (
        "Rapporter skickade till verksamhetscontrollern eller förvarade, enligt filtret ovan. "
        "Varje siffra leder till rapporterna bakom den."
    ),
    "The reports of the filter": "Rapporterna i filtret",
    # templates/deviations/controller/_figures.html, _follow_up_table.html
    "In all": "Totalt",
    "Reports sent to the controller": "Rapporter skickade till verksamhetscontrollern",
    "Of them filed": "Varav förvarade",
    "Not yet filed": "Ännu inte förvarade",
    "With remaining problems": "Med kvarstående problem",
    "Actions with a follow-up day": "Åtgärder med uppföljningsdag",
    "Follow-up day passed": "Uppföljningsdagen har passerat",
    "Follow-up day still ahead": "Uppföljningsdagen har inte kommit än",
    "Reports per month": "Rapporter per månad",
    "Month": "Månad",
    "No reports.": "Inga rapporter.",
    "Reports per unit pair": "Rapporter per enhetspar",
    "A pair is two units, whichever of them reported; a report concerning several units "
    "counts for each pair.": (
        "Ett enhetspar är två enheter, oavsett vilken av dem som rapporterade; en rapport som "
        "berör flera enheter räknas för varje par."
    ),
    "Unit pair": "Enhetspar",
    "Reports per source": "Rapporter per källa",
    "Time to close": "Tid till avslut",
    "Days from the day part 1 was sent to the day the controller filed the report, over the "
    "filed reports.": (
        "Dagar från dagen då del 1 skickades till dagen då verksamhetscontrollern förvarade "
        "rapporten, för de förvarade rapporterna."
    ),
    "Filed reports": "Förvarade rapporter",
    "Median": "Median",
    "Longest": "Längst",
    "Median time to close per unit pair": "Mediantid till avslut per enhetspar",
    "Time to close per unit pair": "Tid till avslut per enhetspar",
    "Recurring problems": "Återkommande problem",
    "A unit pair and source with two reports or more in the period.": (
        "Ett enhetspar och en källa med två rapporter eller fler under perioden."
    ),
    "First": "Första",
    "Last": "Senaste",
    "The reports, newest first": "Rapporterna, nyaste först",
    "No recurring problems.": "Inga återkommande problem.",
    "Reports whose part 2 leaves remaining problems": (
        "Rapporter där del 2 lämnar kvarstående problem"
    ),
    "No report leaves remaining problems.": "Ingen rapport lämnar kvarstående problem.",
    "Actions whose follow-up day has passed": "Åtgärder vars uppföljningsdag har passerat",
    "Actions whose follow-up day has passed, oldest first": (
        "Åtgärder vars uppföljningsdag har passerat, äldsta först"
    ),
    "No action's follow-up day has passed.": "Ingen åtgärds uppföljningsdag har passerat.",
    "The first %(shown)s of %(total)s.": "De första %(shown)s av %(total)s.",
    # templates/deviations/controller/annual_summary.html
    "Deviation reports %(year)s": "Avvikelserapporter %(year)s",
    "Deviation reports %(year)s: summary for the routine review": (
        "Avvikelserapporter %(year)s: sammanställning för rutinöversynen"
    ),
    "As of %(day)s": "Per %(day)s",
    "The reports of %(year)s (by the report's date) that were sent to the controller. Counts, "
    "units and dates only; no text of any report.": (
        "Rapporterna från %(year)s (efter rapportens datum) som skickades till "
        "verksamhetscontrollern. Bara antal, enheter och datum; ingen text ur någon rapport."
    ),
    "The year is not over: the figures are so far.": (
        "Året är inte slut: siffrorna gäller hittills."
    ),
    "Other years and pages": "Andra år och sidor",
    "Summary of %(other)s": "Sammanställning av %(other)s",
    "The routine review of %(review_year)s": "Rutinöversynen %(review_year)s",
    "The reports of %(year)s": "Rapporterna från %(year)s",
    # for the lead: the link on templates/meetings/routine_review_detail.html
    "The deviation reports of %(last)s in detail": "Avvikelserapporterna från %(last)s i detalj",
}
