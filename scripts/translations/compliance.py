"""Swedish for the routine-compliance dashboard (issue 7 item 5): /compliance/."""

SV = {
    # portal/selectors_compliance.py
    "%(percent)s %%": "%(percent)s %%",
    "Whole organisation": "Hela organisationen",
    "no unit named": "ingen enhet angiven",
    "Handovers announced in time (R17)": "Överlämningar anmälda i tid (R17)",
    "Submissions before the cutoff (R22)": "Anmälningar före sista anmälningstid (R22)",
    "Escalation lead times per level (R2, R9)": "Eskaleringarnas ledtider per nivå (R2, R9)",
    "Deviation reports per unit pair (R25)": "Avvikelserapporter per par av enheter (R25)",
    # portal/views_compliance.py
    "Enter the month as YYYY-MM, for example 2026-09.": (
        "Ange månaden som ÅÅÅÅ-MM, till exempel 2026-09."
    ),
    "From month": "Från månad",
    "To month": "Till månad",
    "YYYY-MM": "ÅÅÅÅ-MM",
    "YYYY-MM, included": "ÅÅÅÅ-MM, månaden räknas med",
    "Samverkan holds figures from %(year)s on: choose a later month.": (
        "Samverkan har siffror från %(year)s och framåt: välj en senare månad."
    ),
    "The period cannot start after this month (%(month)s).": (
        "Perioden kan inte börja efter innevarande månad (%(month)s)."
    ),
    "The period cannot end after this month (%(month)s).": (
        "Perioden kan inte sluta efter innevarande månad (%(month)s)."
    ),
    "The last month comes before the first month.": "Den sista månaden ligger före den första.",
    "Choose at most %(max)s months; this period has %(months)s.": (
        "Välj högst %(max)s månader; den här perioden har %(months)s."
    ),
    # templates/portal/compliance.html, templates/portal/compliance/
    "Routine compliance": "Följsamhet till rutinerna",
    "Counts and shares only: no individual is named.": (
        "Endast antal och andelar: ingen enskild nämns."
    ),
    "Measures": "Mått",
    "Figures from %(first)s to %(last)s, Stockholm time.": (
        "Siffror från %(first)s till %(last)s, svensk tid."
    ),
    "Show": "Visa",
    "Month": "Månad",
    "Total": "Totalt",
    "Handovers": "Överlämningar",
    "Announced in time": "Anmälda i tid",
    "Announced in time, per sending unit": "Anmälda i tid, per lämnande enhet",
    "Announced in time, per month responsibility passes": (
        "Anmälda i tid, per månad då ansvaret går över"
    ),
    "Handovers whose responsibility passes in the period (cancelled ones left out), and the "
    "share sent at least the organisation's notice before that day (notice: %(months)s "
    "months). Counted for the sending unit, in the month responsibility passes.": (
        "Överlämningar där ansvaret går över under perioden (avbrutna räknas inte), och andelen "
        "som skickades minst organisationens framförhållning före den dagen (framförhållning: "
        "%(months)s månader). Räknas för den lämnande enheten, den månad ansvaret går över."
    ),
    "Before the cutoff": "Före sista anmälningstid",
    "Before the cutoff, per submitting unit": "Före sista anmälningstid, per anmälande enhet",
    "Before the cutoff, per month of the meeting": "Före sista anmälningstid, per mötesmånad",
    "Submissions to the organisation's meetings held in the period, and the share made before "
    "the meeting's cutoff. Counted for the submitting unit, in the month of the meeting.": (
        "Anmälningar till organisationens möten under perioden, och andelen som gjordes före "
        "mötets sista anmälningstid. Räknas för den anmälande enheten, den månad mötet hålls."
    ),
    "Escalations decided at a level of the ladder in the period: the days from reaching the "
    "level to the decision (the median), and the share decided within the level's target "
    "time. A step counts for both units of the escalation.": (
        "Eskaleringar som beslutats på en nivå i eskaleringstrappan under perioden: dagarna från "
        "att ärendet nådde nivån till beslutet (medianen), och andelen som beslutades inom "
        "nivåns måltid. Ett steg räknas för båda enheterna i eskaleringen."
    ),
    "Median days at each level until the decision; the mark is the level's target": (
        "Median, dagar på varje nivå till beslut; strecket är nivåns måltid"
    ),
    "Decided within the level's target, per unit": "Beslutade inom nivåns måltid, per enhet",
    "Decided within the level's target, per month of the decision": (
        "Beslutade inom nivåns måltid, per beslutsmånad"
    ),
    "Decisions per level of the ladder, whole organisation": (
        "Beslut per nivå i eskaleringstrappan, hela organisationen"
    ),
    "Decisions per unit and level": "Beslut per enhet och nivå",
    "Within the target": "Inom måltiden",
    "All levels": "Alla nivåer",
    "No escalation was decided in the period.": "Ingen eskalering beslutades under perioden.",
    "Deviation reports dated in the period that went the whole way to the controller (sent or "
    "filed), from the reporting unit to each unit concerned. A report about two units counts "
    "once for each pair, and once in the organisation's month.": (
        "Avvikelserapporter daterade under perioden som gått hela vägen till "
        "verksamhetscontrollern (skickade eller förvarade), från den rapporterande enheten till "
        "varje berörd enhet. En rapport om två enheter räknas en gång för varje par, och en gång "
        "i organisationens månad."
    ),
    "Deviation reports per month, whole organisation": (
        "Avvikelserapporter per månad, hela organisationen"
    ),
    "Deviation reports per unit pair in the period": (
        "Avvikelserapporter per par av enheter under perioden"
    ),
    "Deviation reports per unit pair and month": "Avvikelserapporter per par av enheter och månad",
    "Whole organisation (each report once)": "Hela organisationen (varje rapport en gång)",
}
