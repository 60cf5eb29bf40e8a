"""Swedish for the handover from the youth unit to an adult unit (R17, R18)."""

SV = {
    # coordination/services/handovers.py
    "Responsibility for %(person)s passes to %(unit)s on %(day)s. Interventions can be "
    "registered from that day (R18).": (
        "Ansvaret för %(person)s går över till %(unit)s den %(day)s. Insatser kan registreras "
        "från den dagen (R18)."
    ),
    "Write this part of the package before sending it (R18).": (
        "Skriv den här delen av överlämningen innan den skickas (R18)."
    ),
    "Choose one of the organisation's adult units.": "Välj en av organisationens vuxenenheter.",
    "The day responsibility passes must be in the future.": (
        "Dagen då ansvaret går över måste ligga i framtiden."
    ),
    "The case already has a handover.": "Ärendet har redan en överlämning.",
    "Handover to %(unit)s": "Överlämning till %(unit)s",
    "The handover is %(state)s; this step is not possible now.": (
        "Överlämningen har läget %(state)s; det här steget går inte nu."
    ),
    "Handover package sent to %(unit)s": "Överlämning skickad till %(unit)s",
    "As when the handover was sent: %(reason)s": ("Som när överlämningen skickades: %(reason)s"),
    "The youth case's caseworker no longer works at its unit; ask its unit manager.": (
        "Ungdomsärendets handläggare arbetar inte längre på enheten; vänd dig till dess enhetschef."
    ),
    "Write why the handover is cancelled.": "Skriv varför överlämningen avbryts.",
    "The joint meeting is held before responsibility passes (%(day)s).": (
        "Det gemensamma mötet hålls innan ansvaret går över (%(day)s)."
    ),
    # coordination/forms_handovers.py
    "Receiving unit": "Mottagande enhet",
    "Responsibility passes": "Ansvaret går över",
    "YYYY-MM-DD. From this day the receiving unit decides (R17).": (
        "ÅÅÅÅ-MM-DD. Från den dagen beslutar den mottagande enheten (R17)."
    ),
    "Background and family situation": "Bakgrund och familjesituation",
    "Legal guardian or trustee": "Vårdnadshavare eller god man/förvaltare",
    "Current situation": "Aktuell situation",
    "Disability or problems, earlier investigations and diagnoses": (
        "Funktionsnedsättning eller problematik, tidigare utredningar och diagnoser"
    ),
    "Ongoing interventions and planning": "Pågående insatser och planering",
    "Why the handover cannot wait for consent": "Varför överlämningen inte kan vänta på samtycke",
    "Receiving caseworker": "Mottagande handläggare",
    "Joint meeting": "Gemensamt möte",
    "YYYY-MM-DD. Both caseworkers, the young person, and trustees if any.": (
        "ÅÅÅÅ-MM-DD. Båda handläggarna, den unge och eventuell god man."
    ),
    "Reason for cancelling": "Skäl till att avbryta",
    # coordination/views_handovers.py
    "Receipt of the handover package is confirmed.": "Mottagandet av överlämningen är bekräftat.",
    "The handover package is saved as a draft.": "Överlämningen är sparad som utkast.",
    "The handover package is saved.": "Överlämningen är sparad.",
    "The joint meeting is recorded.": "Det gemensamma mötet är registrerat.",
    "The handover is cancelled.": "Överlämningen är avbruten.",
    "The handover package is sent to %(unit)s.": "Överlämningen är skickad till %(unit)s.",
    "%(person)s is appointed receiving caseworker.": (
        "%(person)s är utsedd till mottagande handläggare."
    ),
    # templates/coordination/handovers/*
    "Handover package": "Överlämning",
    "The package tells the receiving unit what it needs to take over (R18). The receiving "
    "unit reads the package only, not the rest of the case.": (
        "Överlämningen ger den mottagande enheten det den behöver för att ta över (R18). Den "
        "mottagande enheten läser bara överlämningen, inte resten av ärendet."
    ),
    "Save the draft": "Spara utkastet",
    "Sent": "Skickad",
    "Receipt confirmed": "Mottagandet bekräftat",
    "Responsibility passed at": "Ansvaret gick över",
    "Back to the case": "Tillbaka till ärendet",
    "The case at the receiving unit": "Ärendet på den mottagande enheten",
    "Edit the package": "Ändra överlämningen",
    "Send the package": "Skicka överlämningen",
    "Sending needs the young person's consent to the handover to the receiving unit (R12).": (
        "För att skicka behövs den unges samtycke till överlämning till den mottagande "
        "enheten (R12)."
    ),
    "Send to the receiving unit": "Skicka till den mottagande enheten",
    "Confirm receipt": "Bekräfta mottagandet",
    "Appoint the receiving caseworker": "Utse mottagande handläggare",
    "The caseworker contacts the young person and the sending caseworker, and is "
    "co-caseworker on the youth case until responsibility passes (R17, R18).": (
        "Handläggaren kontaktar den unge och den överlämnande handläggaren, och är "
        "medhandläggare i ungdomsärendet tills ansvaret går över (R17, R18)."
    ),
    "The joint meeting": "Det gemensamma mötet",
    "Record the joint meeting": "Registrera det gemensamma mötet",
    "Cancel the handover": "Avbryt överlämningen",
    "Handover of %(person)s": "Överlämning av %(person)s",
    "Handovers to my units": "Överlämningar till mina enheter",
    "No handovers to your units.": "Inga överlämningar till dina enheter.",
    "Start a handover": "Påbörja en överlämning",
    "responsibility passes %(day)s": "ansvaret går över %(day)s",
    "receiving caseworker %(person)s": "mottagande handläggare %(person)s",
    "Handed over from %(unit)s; responsibility passed %(day)s.": (
        "Överlämnat från %(unit)s; ansvaret gick över %(day)s."
    ),
    "The youth unit's responsibility ends %(day)s.": (
        "Barn- och ungdomsenhetens ansvar upphör %(day)s."
    ),
}
