"""Swedish for the two-part deviation report (R25, issue 7 items 1 and 2): the states, the
dialogue, part 2, the signatures, the controller's filing, and the proposals from routine
events. The wording follows the form of 2018-02-22 in routine 003 ("Avvikelserapport
samverkan IoF och AoF")."""

SV = {
    # deviations/models.py: states, sources, channels, parties
    "Part 1 sent to the other unit": "Del 1 skickad till den andra enheten",
    "Dialogue with the other unit recorded": "Dialog med den andra enheten registrerad",
    "Part 2 written, not signed": "Del 2 skriven, inte signerad",
    "Signed by the reporting unit": "Signerad av den rapporterande enheten",
    "Signed by the other unit": "Signerad av den andra enheten",
    "Signed by both units": "Signerad av båda enheterna",
    "Sent to the controller": "Skickad till verksamhetscontrollern",
    "Filed by the controller": "Förvarad av verksamhetscontrollern",
    "Action taken without consent": "Åtgärd utan samtycke",
    # the same as scripts/translations/escalations.py (the due item's kind)
    "Escalation past its target time": "Eskalering har passerat måltiden",
    "Execution of an order not checked in time": (
        "Verkställigheten av en beställning inte efterfrågad i tid"
    ),
    "Remarks in a review of the access log": "Anmärkningar vid logggranskning",
    "Video meeting": "Videomöte",
    "Telephone": "Telefon",
    "E-mail": "E-post",
    # deviations/models.py: field names
    "part 1 sent": "del 1 skickad",
    "part 1 sent by": "del 1 skickad av",
    "dialogue held": "dialog hållen",
    "dialogue with": "dialog med",
    "at the unit": "vid enheten",
    "notes from the dialogue": "anteckningar från dialogen",
    "dialogue recorded by": "dialog registrerad av",
    "joint summary with the solution": "gemensam sammanfattning med lösning",
    "remaining problems": "kvarstående problem",
    "follow-up of the action": "uppföljning av åtgärden",
    "sent to the controller": "skickad till verksamhetscontrollern",
    "filed": "förvarad",
    "filed by": "förvarad av",
    "party": "part",
    "for the unit": "för enheten",
    "signed by": "signerad av",
    "title": "titel",
    "signed": "signerad",
    "voided by a change to part 2": "ogiltig efter ändring av del 2",
    "signature of a deviation report": "signatur på en avvikelserapport",
    "signatures of deviation reports": "signaturer på avvikelserapporter",
    # deviations/selectors_proposals.py
    "Handover deadline %(due)s passed without an announcement.": (
        "Tidsfristen för överlämning %(due)s passerade utan avisering."
    ),
    "Execution of an order to %(provider)s not checked by %(due)s.": (
        "Verkställigheten av en beställning till %(provider)s efterfrågades inte senast %(due)s."
    ),
    "Escalation between %(first)s and %(second)s past its target time %(due)s.": (
        "Eskalering mellan %(first)s och %(second)s passerade måltiden %(due)s."
    ),
    "Action without consent (%(scope)s) on %(day)s.": (
        "Åtgärd utan samtycke (%(scope)s) den %(day)s."
    ),
    "Review of the access log for %(start)s to %(end)s with remarks.": (
        "Logggranskning för %(start)s till %(end)s med anmärkningar."
    ),
    # deviations/services_proposals.py: the pre-filled "what happened"
    "%(unit)s did not ask %(provider)s about the execution of an order received on "
    "%(received)s by the deadline %(due)s (R26).": (
        "%(unit)s frågade inte %(provider)s om verkställigheten av en beställning mottagen "
        "%(received)s senast %(due)s (R26)."
    ),
    "An escalation between %(first)s and %(second)s was still at one level of the ladder "
    "when its target time ran out on %(due)s; it had been at that level since %(entered)s "
    "(R2).": (
        "En eskalering mellan %(first)s och %(second)s låg kvar på samma nivå i "
        "eskaleringsordningen när måltiden gick ut %(due)s; den hade legat på nivån sedan "
        "%(entered)s (R2)."
    ),
    "On %(day)s an action at %(unit)s that needs consent (%(scope)s) was taken without it, "
    "on the legal basis: %(basis)s (R12).": (
        "Den %(day)s vidtogs en åtgärd vid %(unit)s som kräver samtycke (%(scope)s) utan "
        "samtycke, med stöd av: %(basis)s (R12)."
    ),
    "The review of the access log of %(unit)s for %(start)s to %(end)s, made on %(day)s, "
    "had remarks.": (
        "Logggranskningen av %(unit)s för %(start)s till %(end)s, gjord %(day)s, gav anmärkningar."
    ),
    # deviations/services.py
    "This cannot be done now: the report is %(state)s.": (
        "Det går inte nu: rapporten är %(state)s."
    ),
    "A report that is %(state)s cannot become %(to)s.": (
        "En rapport som är %(state)s kan inte bli %(to)s."
    ),
    "Write the reporter's title: part 1 is signed with name and title.": (
        "Skriv rapportörens titel: del 1 undertecknas med namn och titel."
    ),
    "Choose a deputy unit manager or unit manager of a unit the report concerns (R25: the "
    "same level at the other unit).": (
        "Välj en biträdande enhetschef eller enhetschef vid en enhet som rapporten gäller "
        "(R25: motsvarande nivå på den andra enheten)."
    ),
    "The dialogue cannot be held in the future.": "Dialogen kan inte ha hållits i framtiden.",
    "The dialogue follows part 1, sent on %(day)s.": (
        "Dialogen kommer efter del 1, som skickades %(day)s."
    ),
    "Choose how the dialogue was held.": "Välj hur dialogen hölls.",
    "Write the joint summary with the solution.": (
        "Skriv den gemensamma sammanfattningen med lösning."
    ),
    "Give the day the action is followed up.": "Ange dagen då åtgärden följs upp.",
    "Describe the action that is followed up.": "Beskriv åtgärden som följs upp.",
    "The follow-up day has passed.": "Dagen för uppföljning har passerat.",
    "The password is wrong. Nothing was signed.": "Lösenordet är fel. Inget har signerats.",
    "You cannot sign for that party.": "Du kan inte signera för den parten.",
    "This party has already signed.": "Den parten har redan signerat.",
    "You have signed for the other party: each party signs in person.": (
        "Du har signerat för den andra parten: varje part signerar själv."
    ),
    "Write your title: the report is signed with name and title.": (
        "Skriv din titel: rapporten signeras med namn och titel."
    ),
    "Both parties sign before the report is sent.": (
        "Båda parter signerar innan rapporten skickas."
    ),
    # deviations/forms.py
    "Date of the dialogue": "Datum för dialogen",
    "With whom": "Med vem",
    "A deputy unit manager or unit manager of a unit the report concerns.": (
        "En biträdande enhetschef eller enhetschef vid en enhet som rapporten gäller."
    ),
    "Notes from the dialogue": "Anteckningar från dialogen",
    "Joint summary with the solution": "Gemensam sammanfattning med lösning på problemet",
    "Remaining problems": "Kvarstående problem",
    "Follow-up of the action": "Uppföljning av åtgärden",
    "Sign for": "Signera för",
    "Your password": "Ditt lösenord",
    "Enter your password again to sign.": "Ange ditt lösenord igen för att signera.",
    # deviations/views.py
    "Part 1 is sent to the units concerned. Contact the same level there.": (
        "Del 1 är skickad till de berörda enheterna. Ta kontakt med motsvarande nivå där."
    ),
    "The report is sent to the controller.": "Rapporten är skickad till verksamhetscontrollern.",
    "The report is filed.": "Rapporten är förvarad.",
    "The dialogue is recorded. Write part 2 together.": (
        "Dialogen är registrerad. Skriv del 2 tillsammans."
    ),
    "Part 2 is changed, so the signatures given are void: both sign again.": (
        "Del 2 är ändrad, så de givna signaturerna är ogiltiga: båda signerar igen."
    ),
    "Part 2 is saved.": "Del 2 är sparad.",
    "You have signed this report, or your party has.": (
        "Du har signerat rapporten, eller så har din part gjort det."
    ),
    "You have signed the report.": "Du har signerat rapporten.",
    # templates/deviations/*
    "Back to the report": "Tillbaka till rapporten",
    "Dialogue with the other unit": "Dialog med den andra enheten",
    "After part 1 the reporter contacts the same level at the other unit: a deputy unit "
    "manager or unit manager. Record when, with whom and how.": (
        "Efter del 1 tar rapportören kontakt med motsvarande nivå på den andra enheten: en "
        "biträdande enhetschef eller enhetschef. Registrera när, med vem och hur."
    ),
    "Record the dialogue": "Registrera dialogen",
    "Part 1 is written by the reporting unit, at least at deputy manager level. Name units "
    "and dates, not the individuals concerned: the report goes to the other unit and to the "
    "controller.": (
        "Del 1 fylls i av den rapporterande enheten, lägst av biträdande enhetschef. Ange "
        "enheter och datum, inte de enskilda det gäller: rapporten går till den andra enheten "
        "och till verksamhetscontrollern."
    ),
    "Back to the reports": "Tillbaka till rapporterna",
    "Send part 1": "Skicka del 1",
    "When part 1 is complete, send it to the units concerned. It cannot be changed "
    "afterwards; then contact the same level at the other unit.": (
        "När del 1 är klar skickar du den till de berörda enheterna. Den kan inte ändras "
        "efteråt; ta sedan kontakt med motsvarande nivå på den andra enheten."
    ),
    "Send part 1 to the units concerned": "Skicka del 1 till de berörda enheterna",
    "Open the whole report": "Öppna hela rapporten",
    "Deviation report, part 2": "Avvikelserapport, del 2",
    "Part 2 is written together after the dialogue. Name units and dates, not the "
    "individuals concerned.": (
        "Del 2 fylls i tillsammans efter dialog. Ange enheter och datum, inte de enskilda det "
        "gäller."
    ),
    "The report has signatures. Saving a change voids them: both parties sign again.": (
        "Rapporten har signaturer. Sparar du en ändring blir de ogiltiga: båda parter "
        "signerar igen."
    ),
    "Save part 2": "Spara del 2",
    "Events that warrant a deviation report": "Händelser som föranleder en avvikelserapport",
    "Routine deadlines missed and other deviations at your units in the last twelve months "
    "that have no report yet. A report is pre-filled with the units and dates and linked to "
    "the event.": (
        "Missade tidsfrister och andra avvikelser vid dina enheter de senaste tolv månaderna "
        "som ännu saknar rapport. En rapport fylls i med enheter och datum och kopplas till "
        "händelsen."
    ),
    "Events without a report": "Händelser utan rapport",
    "Report": "Rapport",
    "Write a report": "Skriv en rapport",
    "No events without a report.": "Inga händelser utan rapport.",
    "Deviation report": "Avvikelserapport",
    "The event": "Händelsen",
    "the escalation": "eskaleringen",
    "the order": "beställningen",
    "Part 1: report of the deviation": "Del 1: rapportering av avvikelse",
    "Name and title": "Namn och titel",
    "Sent to the units concerned": "Skickad till de berörda enheterna",
    "Change part 1": "Ändra del 1",
    "The reporter contacts the same level at the other unit and records the dialogue here.": (
        "Rapportören tar kontakt med motsvarande nivå på den andra enheten och registrerar "
        "dialogen här."
    ),
    "Correct the dialogue": "Rätta dialogen",
    "Part 2: action, written together": "Del 2: åtgärd, ifylld tillsammans",
    "Change part 2": "Ändra del 2",
    "Write part 2": "Skriv del 2",
    "A change to part 2 voids the signatures given: both parties sign again.": (
        "En ändring av del 2 gör de givna signaturerna ogiltiga: båda parter signerar igen."
    ),
    "Signatures": "Signaturer",
    "Party": "Part",
    "Signed": "Signerad",
    "Not signed yet.": "Inte signerad än.",
    "Sign the report": "Signera rapporten",
    "Send to the controller": "Skicka till verksamhetscontrollern",
    "The controller": "Verksamhetscontrollern",
    "Filed": "Förvarad",
    "File the report": "Förvara rapporten",
    "History": "Historik",
    "Deviation reports": "Avvikelserapporter",
    "Events that warrant a report": "Händelser som föranleder en rapport",
    "No deviation reports.": "Inga avvikelserapporter.",
    "Sign the deviation report": "Signera avvikelserapporten",
    "You sign part 2 with your name and title. Enter your password again to confirm that it "
    "is you.": (
        "Du signerar del 2 med namn och titel. Ange ditt lösenord igen för att bekräfta att "
        "det är du."
    ),
    "Sign": "Signera",
}
