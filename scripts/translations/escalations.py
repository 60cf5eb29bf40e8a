"""Swedish for the escalation ladder (issue 6 item 4, R2, R9): eskalering i trappan,
biträdande enhetschefer, enhetschefer, avdelningschefer (rutin 003); the lead merges it into
locale/."""

SV = {
    # coordination/models/escalations.py
    "Decided": "Beslutad",
    "escalation": "eskalering",
    "escalations": "eskaleringar",
    "the other unit's case": "den andra enhetens ärende",
    "meeting item": "mötespunkt",
    "raising unit": "enhet som lyfter frågan",
    "unit responsible for ongoing interventions": "enhet som ansvarar för pågående insatser",
    "the disagreement, in writing": "oenigheten, skriftligt",
    "what each unit proposes": "vad varje enhet föreslår",
    "current level": "nuvarande nivå",
    "at this level since": "på denna nivå sedan",
    "raised by": "lyft av",
    "decision": "beslut",
    "decided or withdrawn by": "beslutad eller återkallad av",
    "Choose the other unit, not your own.": "Välj den andra enheten, inte din egen.",
    "Choose one of the two units.": "Välj en av de två enheterna.",
    "Raised to the next level": "Lyft till nästa nivå",
    "entered": "kom till nivån",
    "why it was raised to this level": "varför frågan lyftes till denna nivå",
    "left": "lämnade nivån",
    "past the target time": "måltiden har passerats",
    "escalation step": "steg i eskaleringen",
    "escalation steps": "steg i eskaleringar",
    # coordination/models/deadlines.py (the escalation kinds)
    "Escalation waiting for your decision": "Eskalering väntar på ditt beslut",
    "Escalation past its target time": "Eskalering har passerat måltiden",
    "Escalation decided": "Eskalering beslutad",
    "Escalation withdrawn": "Eskalering återkallad",
    # coordination/forms_escalations.py
    "The unit you disagree with": "Enheten ni är oeniga med",
    "The disagreement, in writing": "Oenigheten, skriftligt",
    "What the units disagree about, and what the caseworkers have tried to resolve it.": (
        "Vad enheterna är oeniga om, och vad handläggarna har prövat för att lösa det."
    ),
    "What each unit proposes": "Vad varje enhet föreslår",
    "Responsible for the ongoing interventions while the question is open (R9)": (
        "Ansvarar för pågående insatser medan frågan är öppen (R9)"
    ),
    "The unit that decided the ongoing interventions keeps them meanwhile.": (
        "Den enhet som beslutade om de pågående insatserna behåller ansvaret under tiden."
    ),
    "The raising unit (%(unit)s)": "Enheten som lyfter frågan (%(unit)s)",
    "The other unit": "Den andra enheten",
    "Recorded and sent to every party. The unit holding the intervention and the delegation "
    "communicates it to the individual (R9).": (
        "Registreras och skickas till alla berörda. Den enhet där insats och delegation finns "
        "meddelar beslutet till den enskilde (R9)."
    ),
    "Why it goes to the next level": "Varför frågan lyfts till nästa nivå",
    "In writing, so that it is clear to everyone that the question is raised.": (
        "Skriftligt, så att det är tydligt för alla att frågan lyfts."
    ),
    "Why it is withdrawn": "Varför eskaleringen återkallas",
    "For example: the caseworkers resolved it themselves.": (
        "Till exempel: handläggarna löste det själva."
    ),
    # coordination/services/escalations.py
    "This escalation is already decided.": "Eskaleringen är redan beslutad.",
    "This escalation has been withdrawn.": "Eskaleringen har återkallats.",
    "The escalation has moved to level %(level)s since you opened the page; read it again "
    "before you act.": (
        "Eskaleringen har gått vidare till nivå %(level)s sedan du öppnade sidan; läs den igen "
        "innan du går vidare."
    ),
    "No one holds the role that decides at level %(rank)s (%(role)s) for these units; ask the "
    "administrator to appoint one.": (
        "Ingen har den roll som beslutar på nivå %(rank)s (%(role)s) för de här enheterna; be "
        "administratören utse någon."
    ),
    "Choose the other unit.": "Välj den andra enheten.",
    "Choose one of your organisation's units.": "Välj en av organisationens enheter.",
    "Write down the disagreement.": "Beskriv oenigheten skriftligt.",
    "An escalation about this case with %(unit)s is already open: #%(number)s.": (
        "En eskalering om ärendet med %(unit)s är redan öppen: #%(number)s."
    ),
    "Your organisation's ladder has no level above the caseworkers.": (
        "Organisationens eskaleringstrappa har ingen nivå ovanför handläggarna."
    ),
    "Only an item whose agreed outcome is an escalation goes onto the ladder.": (
        "Bara en mötespunkt vars överenskomna utfall är en eskalering lyfts i trappan."
    ),
    "This meeting item is already on the escalation ladder: #%(number)s.": (
        "Mötespunkten är redan lyft i eskaleringstrappan: #%(number)s."
    ),
    "The meeting's participants decide at the top of the ladder: there is no level above them "
    "to raise it to.": (
        "Mötets deltagare beslutar högst upp i trappan: det finns ingen nivå ovanför dem att "
        "lyfta frågan till."
    ),
    "%(level)s is the top of the ladder: the escalation is decided here.": (
        "%(level)s är högst upp i trappan: eskaleringen beslutas här."
    ),
    "Write why the question goes to the next level.": (
        "Skriv varför frågan lyfts till nästa nivå."
    ),
    "Write the decision.": "Skriv beslutet.",
    "Write why the escalation is withdrawn.": "Skriv varför eskaleringen återkallas.",
    # coordination/views_escalations.py
    "The escalation is raised to level %(level)s: %(name)s.": (
        "Eskaleringen är lyft till nivå %(level)s: %(name)s."
    ),
    "This meeting item is already on the escalation ladder.": (
        "Mötespunkten är redan lyft i eskaleringstrappan."
    ),
    "The decision is recorded and sent to every party.": (
        "Beslutet är registrerat och skickat till alla berörda."
    ),
    "The escalation is withdrawn; every party is told.": (
        "Eskaleringen är återkallad; alla berörda får besked."
    ),
    # templates/coordination/escalations/
    "caseworker %(caseworker)s": "handläggare %(caseworker)s",
    "Escalations": "Eskaleringar",
    "Escalation #%(number)s": "Eskalering #%(number)s",
    "open at level %(level)s; meanwhile %(unit)s remains responsible for the ongoing "
    "interventions (R9)": (
        "öppen på nivå %(level)s; under tiden ansvarar %(unit)s för de pågående insatserna (R9)"
    ),
    "Raise a disagreement": "Lyft en oenighet",
    "On the escalation ladder: escalation #%(number)s": (
        "Lyft i eskaleringstrappan: eskalering #%(number)s"
    ),
    "Raise on the escalation ladder": "Lyft i eskaleringstrappan",
    "Escalation": "Eskalering",
    "Between": "Mellan",
    "Level": "Nivå",
    "At this level since": "På denna nivå sedan",
    "Target date": "Måldatum",
    "Escalation #%(number)s: %(person)s": "Eskalering #%(number)s: %(person)s",
    "Escalation #%(number)s: anonymous consultation": (
        "Eskalering #%(number)s: anonym konsultation"
    ),
    "While this escalation is open, %(unit)s remains responsible for the ongoing interventions "
    "(R9).": (
        "Medan eskaleringen är öppen ligger ansvaret för pågående insatser kvar på %(unit)s (R9)."
    ),
    "Your change was not saved": "Din ändring sparades inte",
    "What you wrote:": "Det du skrev:",
    "Open, at level %(level)s": "Öppen, på nivå %(level)s",
    "Raised by": "Lyft av",
    "Responsible for the ongoing interventions": "Ansvarar för pågående insatser",
    "%(unit)s: no open case": "%(unit)s: inget öppet ärende",
    "Raised from the meeting": "Lyft från mötet",
    "The disagreement": "Oenigheten",
    "Decided by %(who)s at level %(level)s, %(at)s.": (
        "Beslutad av %(who)s på nivå %(level)s, %(at)s."
    ),
    "Withdrawn by %(who)s, %(at)s.": "Återkallad av %(who)s, %(at)s.",
    "The unit holding the intervention and the delegation communicates the decision to the "
    "individual (R9); while the question was open, %(unit)s was responsible.": (
        "Den enhet där insats och delegation finns meddelar beslutet till den enskilde (R9); "
        "medan frågan var öppen ansvarade %(unit)s."
    ),
    "The ladder": "Trappan",
    "The levels of the ladder and the time spent at each": (
        "Trappans nivåer och tiden på varje nivå"
    ),
    "Who decides, and where": "Vem beslutar, och var",
    "Target time": "Måltid",
    "Here": "Här",
    "now here": "nu här",
    "1 day": "1 dag",
    "%(days)s days": "%(days)s dagar",
    "by %(date)s": "senast %(date)s",
    "From %(at)s (%(who)s)": "Från %(at)s (%(who)s)",
    "until %(at)s: %(outcome)s": "till %(at)s: %(outcome)s",
    "Time spent: %(spent)s": "Tid på nivån: %(spent)s",
    "Decide": "Besluta",
    "Record the decision": "Registrera beslutet",
    "Raise to level %(level)s": "Lyft till nivå %(level)s",
    "If it cannot be resolved at this level, it goes one level up; everyone is told in writing "
    "(R9).": (
        "Kan frågan inte lösas på denna nivå lyfts den en nivå upp; alla får besked skriftligt "
        "(R9)."
    ),
    "Raise to the next level": "Lyft till nästa nivå",
    "Withdraw the escalation": "Återkalla eskaleringen",
    "When the units have resolved it themselves.": "När enheterna har löst det själva.",
    "All escalations": "Alla eskaleringar",
    "A disagreement between units that the caseworkers cannot resolve goes one level up the "
    "ladder, in writing; that level decides or raises it further (R2, R9).": (
        "En oenighet mellan enheter som handläggarna inte kan lösa lyfts skriftligt en nivå upp "
        "i trappan; den nivån beslutar eller lyfter den vidare (R2, R9)."
    ),
    "Waiting for your decision": "Väntar på ditt beslut",
    "Escalations waiting for your decision": "Eskaleringar som väntar på ditt beslut",
    "Nothing waits for your decision.": "Inget väntar på ditt beslut.",
    "Open escalations you are a party to": "Öppna eskaleringar där du är berörd",
    "No open escalations.": "Inga öppna eskaleringar.",
    "Closed in the last year": "Avslutade det senaste året",
    "Escalations closed in the last year": "Eskaleringar avslutade det senaste året",
    "None closed in the last year.": "Inga avslutade det senaste året.",
    "Raise a disagreement on the escalation ladder": "Lyft en oenighet i eskaleringstrappan",
    "Raising unit": "Enhet som lyfter frågan",
    "Escalation, as agreed at the meeting": "Eskalering, enligt överenskommelse på mötet",
    "The meeting could not resolve it: it goes to the level above the meeting's participants, "
    "in writing (R23, R9).": (
        "Mötet kunde inte lösa frågan: den lyfts skriftligt till nivån ovanför mötets deltagare "
        "(R23, R9)."
    ),
    "When the caseworkers cannot resolve a question together, it goes to the managers of the "
    "next level, in writing (R9). Talk with the other unit's caseworker first.": (
        "När handläggarna inte kan lösa en fråga tillsammans lyfts den skriftligt till cheferna "
        "på nästa nivå (R9). Prata med den andra enhetens handläggare först."
    ),
    "Raise the escalation": "Lyft frågan",
    "Back to the meeting item": "Tillbaka till mötespunkten",
    # templates/coordination/notifications/inbox.html (the column now also names escalations)
    "Person or subject": "Person eller ämne",
}
