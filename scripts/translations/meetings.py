"""Swedish for meeting instances, submissions, agendas and minutes (R21 to R23)."""

SV = {
    # meetings/validators.py
    "Remove the personal identity number: a submission carries no identity number in its text "
    "(an anonymous consultation no identity at all).": (
        "Ta bort personnumret: en anmälan innehåller inget personnummer i texten (en anonym "
        "konsultation ingen identitet alls)."
    ),
    # meetings/models.py
    "Planned": "Planerat",
    "Agenda frozen": "Dagordningen fastställd",
    "Held": "Hållet",
    "Minutes published": "Protokollet publicerat",
    "date by the cadence": "datum enligt mötesschemat",
    "needs moving": "behöver flyttas",
    "reason for moving": "skäl till flytt",
    "agenda frozen": "dagordningen fastställd",
    "meeting": "möte",
    "meetings": "möten",
    "About an individual": "Gäller en enskild",
    "Anonymous consultation": "Anonym konsultation",
    "meeting asked for": "önskat möte",
    "submitting unit": "anmälande enhet",
    "submitted by": "anmält av",
    "submitted": "anmält",
    "short background (diagnoses, earlier investigations)": (
        "kort bakgrund (diagnoser, tidigare utredningar)"
    ),
    "current situation (ongoing interventions, planning)": (
        "aktuell situation (pågående insatser, planering)"
    ),
    "current problem": "aktuell problembild",
    "question to the meeting": "frågeställning till mötet",
    "submitted after the cutoff": "anmält efter sista anmälningstid",
    "late submission accepted by": "sen anmälan godtagen av",
    "late submission accepted": "sen anmälan godtagen",
    "submission": "anmälan",
    "submissions": "anmälningar",
    "An anonymous consultation links no case.": (
        "En anonym konsultation kopplas inte till något ärende."
    ),
    "Choose the case the submission is about.": "Välj ärendet som anmälan gäller.",
    # meetings/forms.py
    "New date": "Nytt datum",
    "YYYY-MM-DD, a working day.": "ÅÅÅÅ-MM-DD, en arbetsdag.",
    "Reason for moving": "Skäl till flytten",
    "What is submitted": "Vad anmäls",
    "Open cases at your units. Name and age are shown from the case.": (
        "Öppna ärenden på dina enheter. Namn och ålder visas från ärendet."
    ),
    "Short background": "Kort bakgrund",
    "Diagnoses, earlier investigations.": "Diagnoser, tidigare utredningar.",
    "Ongoing interventions, planning.": "Pågående insatser, planering.",
    "Current problem": "Aktuell problembild",
    "Question to the meeting": "Frågeställning till mötet",
    "An anonymous consultation links no case: leave the case empty or choose “About an "
    "individual”.": (
        "En anonym konsultation kopplas inte till något ärende: lämna ärendet tomt eller välj "
        "”Gäller en enskild”."
    ),
    # meetings/views.py
    "Agenda: %(meeting)s": "Dagordning: %(meeting)s",
    "Submissions closed": "Sista anmälningstid",
    "%(name)s, %(age)s years": "%(name)s, %(age)s år",
    "Submitted by": "Anmält av",
    "No submissions.": "Inga anmälningar.",
    "The meeting is moved to %(date)s.": "Mötet är flyttat till %(date)s.",
    "The agenda is frozen.": "Dagordningen är fastställd.",
    "Submissions to the meeting of %(asked)s had closed: yours is on the meeting of "
    "%(placed)s, unless the chair accepts it onto %(asked)s.": (
        "Anmälan till mötet %(asked)s hade stängt: din anmälan ligger på mötet %(placed)s, om "
        "inte ordföranden godtar den till %(asked)s."
    ),
    "Submitted to the meeting of %(date)s.": "Anmält till mötet %(date)s.",
    "The submission is accepted onto the meeting of %(date)s.": (
        "Anmälan är godtagen till mötet %(date)s."
    ),
    # meetings/services/
    "A meeting that is %(state)s cannot become %(to)s.": (
        "Ett möte som är %(state)s kan inte bli %(to)s."
    ),
    "Only a planned meeting can be moved.": "Bara ett planerat möte kan flyttas.",
    "The new date has passed.": "Det nya datumet har passerats.",
    "The new date is a Saturday or Sunday: choose a working day.": (
        "Det nya datumet är en lördag eller söndag: välj en arbetsdag."
    ),
    "The new date is a public holiday (%(holiday)s): choose a working day.": (
        "Det nya datumet är en helgdag (%(holiday)s): välj en arbetsdag."
    ),
    "The series already has a meeting that day.": "Mötesserien har redan ett möte den dagen.",
    "State why the meeting is moved.": "Ange varför mötet flyttas.",
    "Choose what kind of submission this is.": "Välj vilken sorts anmälan det är.",
    "This meeting takes no more submissions.": "Mötet tar inte emot fler anmälningar.",
    "Submissions to this meeting closed %(cutoff)s and the series has no later meeting "
    "scheduled yet: ask the chair.": (
        "Anmälan till mötet stängde %(cutoff)s och serien har inget senare möte inplanerat än: "
        "fråga ordföranden."
    ),
    "This submission is already on the meeting it was made for.": (
        "Anmälan ligger redan på mötet den gjordes till."
    ),
    "That meeting takes no more submissions.": "Det mötet tar inte emot fler anmälningar.",
    # templates/meetings/
    "My submissions": "Mina anmälningar",
    "Upcoming meetings": "Kommande möten",
    "Submissions close": "Sista anmälningstid",
    "Falls on a holiday or weekend: to be moved": "Infaller på en helgdag eller helg: ska flyttas",
    "Submit a case": "Anmäl ett ärende",
    "Move the meeting": "Flytta mötet",
    "No upcoming meetings for you.": "Du har inga kommande möten.",
    "About an individual: choose the case; name and age are shown from it. An anonymous "
    "consultation has no name, identity number or anything else that identifies the person.": (
        "Gäller en enskild: välj ärendet; namn och ålder visas från det. En anonym konsultation "
        "har inget namn, personnummer eller annat som identifierar personen."
    ),
    "Submit": "Anmäl",
    "Submissions to this meeting closed %(cutoff)s: yours goes to the next meeting unless the "
    "chair accepts it onto this one.": (
        "Anmälan till mötet stängde %(cutoff)s: din anmälan går till nästa möte om inte "
        "ordföranden godtar den till det här."
    ),
    "Submissions close %(cutoff)s (Swedish time).": "Sista anmälningstid %(cutoff)s (svensk tid).",
    "Submission": "Anmälan",
    "Submitted after the cutoff for": "Anmäld efter sista anmälningstid till",
    "accepted by %(chair)s": "godtagen av %(chair)s",
    "Accept onto the meeting of %(date)s": "Godta till mötet %(date)s",
    "Submitted": "Anmält",
    "late": "sen",
    "You have made no submissions in the last year.": (
        "Du har inte gjort några anmälningar det senaste året."
    ),
    "Moved from": "Flyttat från",
    "This meeting falls on a public holiday or a weekend: move it to a working day.": (
        "Mötet infaller på en helgdag eller helg: flytta det till en arbetsdag."
    ),
    "Agenda as PDF": "Dagordningen som pdf",
    "Freeze the agenda now": "Fastställ dagordningen nu",
    "Agenda so far": "Dagordningen hittills",
    "Agenda": "Dagordning",
    "late, accepted by the chair": "sen, godtagen av ordföranden",
    "Late submissions for this meeting": "Sena anmälningar till mötet",
    "These came in after the cutoff and are on a later meeting unless you accept them onto this "
    "one.": (
        "De kom in efter sista anmälningstid och ligger på ett senare möte om du inte godtar dem "
        "till det här."
    ),
    # R23: meetings/models.py, forms.py, views.py, services/minutes.py, templates
    "minute-taker": "sekreterare",
    "minutes published": "protokollet publicerat",
    "participant": "deltagare",
    "present": "närvarande",
    "Decision": "Beslut",
    "Escalated": "Eskalerat",
    "decision or escalation, as agreed": "beslut eller eskalering, enligt överenskommelse",
    "outcome recorded by": "utfallet antecknat av",
    "outcome recorded": "utfallet antecknat",
    "Present": "Närvarande",
    "Absent": "Frånvarande",
    "Minute-taker": "Sekreterare",
    "Proposed by rotation: the participant who took the minutes least recently.": (
        "Föreslås enligt turordning: den deltagare som förde protokoll för längst tid sedan."
    ),
    "Decision or escalation, as agreed by those present": (
        "Beslut eller eskalering, enligt överenskommelse mellan de närvarande"
    ),
    "The meeting is held: record each item's outcome.": (
        "Mötet hålls: anteckna utfallet för varje punkt."
    ),
    "The outcome is recorded.": "Utfallet är antecknat.",
    "The minutes are published to the participants.": ("Protokollet är publicerat för deltagarna."),
    "Decision or escalation": "Beslut eller eskalering",
    "Minutes: %(meeting)s": "Protokoll: %(meeting)s",
    "Freeze the agenda before the meeting is held.": ("Fastställ dagordningen innan mötet hålls."),
    "Mark who is present.": "Markera vilka som är närvarande.",
    "Only the series' participants can be marked present.": (
        "Bara mötesseriens deltagare kan markeras som närvarande."
    ),
    "The minute-taker must be among those present.": "Sekreteraren måste vara bland de närvarande.",
    "Outcomes are recorded while the meeting is held.": "Utfall antecknas medan mötet hålls.",
    "Choose a decision or an escalation.": "Välj beslut eller eskalering.",
    "Write the decision or the escalation as agreed.": (
        "Skriv beslutet eller eskaleringen som ni kom överens om."
    ),
    "Only a held meeting's minutes can be published.": (
        "Bara ett hållet mötes protokoll kan publiceras."
    ),
    "Every item needs its decision or escalation before the minutes are published.": (
        "Varje punkt behöver sitt beslut eller sin eskalering innan protokollet publiceras."
    ),
    "Each case discussed ends with a decision or an escalation, agreed by those present (R23).": (
        "Varje ärende som diskuteras avslutas med ett beslut eller en eskalering som de "
        "närvarande är överens om (R23)."
    ),
    "Hold the meeting": "Håll mötet",
    "Start the meeting": "Starta mötet",
    "Minutes as PDF": "Protokollet som pdf",
    "Publish the minutes": "Publicera protokollet",
    "Outcomes of coordination meetings": "Utfall från samverkansmöten",
    # cancelling a meeting (R21)
    "reason the meeting is cancelled": "skäl till att mötet ställs in",
    "Why the meeting is cancelled": "Varför mötet ställs in",
    "The submissions move to the series' next meeting.": (
        "Anmälningarna flyttas till seriens nästa möte."
    ),
    "State why the meeting is cancelled.": "Ange varför mötet ställs in.",
    "The meeting has submissions and the series has no later meeting to move them to.": (
        "Mötet har anmälningar och serien har inget senare möte att flytta dem till."
    ),
    "The meeting is cancelled.": "Mötet är inställt.",
    "Cancel the meeting": "Ställ in mötet",
    "Back to the meeting": "Tillbaka till mötet",
}
