"""Swedish for three-party meetings (R13) and acute consultations (R15); the lead merges."""

SV = {
    # States and outcomes of the model, as the pages show them
    "Requested": "Begärd",
    "Caseworker appointed": "Handläggare utsedd",
    "Pre-meeting held": "Förmöte hållet",
    "Meeting held": "Möte hållet",
    "Outcome recorded": "Resultat registrerat",
    "Declined": "Avböjd",
    "Application made": "Ansökan gjord",
    "Referred to another unit": "Hänvisad till annan enhet",
    "No further action": "Ingen vidare åtgärd",
    "Other outcome": "Annat utfall",
    # Steps on the meeting page
    "Done": "Klart",
    "Waiting": "Väntar",
    "Not yet": "Inte än",
    "Not held": "Inte hållet",
    "%(requesting)s and %(appointed)s": "%(requesting)s och %(appointed)s",
    "the appointed caseworker": "den utsedda handläggaren",
    "Deputy unit managers at %(unit)s": "Biträdande enhetschefer på %(unit)s",
    "Request": "Begäran",
    "Appoint a caseworker": "Utse en handläggare",
    "Pre-meeting": "Förmöte",
    "Three-party meeting with the individual": "Trepartsmöte med den enskilde",
    "Record the pre-meeting": "Registrera förmötet",
    "Record the three-party meeting": "Registrera trepartsmötet",
    "Record the outcome": "Registrera resultatet",
    # Service messages
    "A caseworker can only be appointed while the request waits for an answer; the meeting "
    "is now: %(state)s.": "En handläggare kan bara utses medan begäran väntar på svar; "
    "mötet är nu: %(state)s.",
    "Only a request that waits for an answer can be declined; the meeting is now: %(state)s.": (
        "Bara en begäran som väntar på svar kan avböjas; mötet är nu: %(state)s."
    ),
    "The pre-meeting is recorded once, after a caseworker is appointed; the meeting is now: "
    "%(state)s.": "Förmötet registreras en gång, efter att en handläggare har utsetts; "
    "mötet är nu: %(state)s.",
    "The three-party meeting is recorded once, after the pre-meeting; the meeting is now: "
    "%(state)s.": "Trepartsmötet registreras en gång, efter förmötet; mötet är nu: %(state)s.",
    "The outcome is recorded once, after the three-party meeting; the meeting is now: "
    "%(state)s.": "Resultatet registreras en gång, efter trepartsmötet; mötet är nu: %(state)s.",
    "Only the deputy unit managers of %(unit)s can answer the request.": (
        "Bara de biträdande enhetscheferna på %(unit)s kan besvara begäran."
    ),
    "Only the requesting and the appointed caseworker record the meetings.": (
        "Bara den begärande och den utsedda handläggaren registrerar mötena."
    ),
    "Only the requesting caseworker records the outcome.": (
        "Bara den begärande handläggaren registrerar resultatet."
    ),
    "Enter the date.": "Ange datumet.",
    "The date cannot be in the future.": "Datumet kan inte ligga i framtiden.",
    "Only the case's caseworker or a co-caseworker can ask for a three-party meeting.": (
        "Bara ärendets handläggare eller en medhandläggare kan begära ett trepartsmöte."
    ),
    "The case is closed: a three-party meeting cannot be asked.": (
        "Ärendet är avslutat: ett trepartsmöte kan inte begäras."
    ),
    "Choose an active unit of the same organisation.": (
        "Välj en aktiv enhet i samma organisation."
    ),
    "%(unit)s has no deputy unit manager or unit manager to receive the request.": (
        "%(unit)s har ingen biträdande enhetschef eller enhetschef som kan ta emot begäran."
    ),
    "Write what the meeting is about.": "Skriv vad mötet gäller.",
    "%(person)s is not a caseworker at %(unit)s.": "%(person)s är inte handläggare på %(unit)s.",
    "Write why the request is declined.": "Skriv varför begäran avböjs.",
    "The pre-meeting cannot be before the request.": "Förmötet kan inte vara före begäran.",
    "The three-party meeting cannot be before the pre-meeting (%(day)s).": (
        "Trepartsmötet kan inte vara före förmötet (%(day)s)."
    ),
    "Choose the outcome from the list.": "Välj resultatet i listan.",
    "Describe the outcome when you choose 'Other'.": "Beskriv resultatet när du väljer 'Annat'.",
    "You are not a deputy unit manager or unit manager at %(unit)s.": (
        "Du är inte biträdande enhetschef eller enhetschef på %(unit)s."
    ),
    "Choose another unit than your own.": "Välj en annan enhet än din egen.",
    "Choose a unit of the same organisation.": "Välj en enhet i samma organisation.",
    "Choose the manager you consulted, not yourself.": (
        "Välj den chef du konsulterade, inte dig själv."
    ),
    "%(person)s is not a deputy unit manager or unit manager at %(unit)s.": (
        "%(person)s är inte biträdande enhetschef eller enhetschef på %(unit)s."
    ),
    "Enter when you consulted.": "Ange när du konsulterade.",
    "The consultation cannot be in the future.": "Konsultationen kan inte ligga i framtiden.",
    "Write the question.": "Skriv frågan.",
    "Write what was agreed.": "Skriv vad ni kom överens om.",
    "You can link only a case you can see.": "Du kan bara koppla ett ärende som du kan se.",
    # Forms
    "Unit you want to meet": "Enhet du vill träffa",
    "The request goes to the unit's deputy unit managers.": (
        "Begäran går till enhetens biträdande enhetschefer."
    ),
    "What the meeting is about": "Vad mötet gäller",
    "The appointed caseworker sees this, not the contents of your case.": (
        "Den utsedda handläggaren ser detta, inte innehållet i ditt ärende."
    ),
    "Caseworker to appoint": "Handläggare som utses",
    "Reason for declining": "Skäl till att avböja",
    "Date held": "Datum då det hölls",
    "Note on the outcome": "Anteckning om resultatet",
    "Required when the outcome is 'Other'.": "Krävs när resultatet är 'Annat'.",
    "Your unit": "Din enhet",
    "Consulted unit": "Konsulterad enhet",
    "Consulted manager": "Konsulterad chef",
    "A deputy unit manager or unit manager at the consulted unit.": (
        "En biträdande enhetschef eller enhetschef på den konsulterade enheten."
    ),
    "When": "När",
    "YYYY-MM-DD HH:MM, not in the future.": "ÅÅÅÅ-MM-DD TT:MM, inte i framtiden.",
    "Question": "Fråga",
    "What was agreed": "Vad ni kom överens om",
    "Case": "Ärende",
    # Views
    "The request is sent to the deputy unit managers of %(unit)s.": (
        "Begäran är skickad till de biträdande enhetscheferna på %(unit)s."
    ),
    "Date of the pre-meeting": "Datum för förmötet",
    "Date of the three-party meeting": "Datum för trepartsmötet",
    "The caseworker is appointed.": "Handläggaren är utsedd.",
    "The request is declined.": "Begäran är avböjd.",
    "The pre-meeting is recorded.": "Förmötet är registrerat.",
    "The three-party meeting is recorded.": "Trepartsmötet är registrerat.",
    "The outcome is recorded and the meeting is closed.": (
        "Resultatet är registrerat och mötet är avslutat."
    ),
    "The acute consultation is recorded.": "Den akuta konsultationen är registrerad.",
    # Templates
    "Record an acute consultation": "Registrera en akut konsultation",
    "For a case that cannot wait for the next standing meeting, when you consulted a deputy "
    "unit manager of another unit directly.": "För ett ärende som inte kan vänta till nästa "
    "ordinarie möte, när du har konsulterat en biträdande enhetschef på en annan enhet direkt.",
    "Record the consultation": "Registrera konsultationen",
    "About the case of %(person)s at %(unit)s.": "Gäller ärendet för %(person)s på %(unit)s.",
    "Acute consultations": "Akuta konsultationer",
    "Cases that cannot wait for the next standing meeting: deputy unit managers consult each "
    "other directly.": "Ärenden som inte kan vänta till nästa ordinarie möte: biträdande "
    "enhetschefer konsulterar varandra direkt.",
    "Acute consultations concerning your units": "Akuta konsultationer som rör dina enheter",
    "Recorded by": "Registrerad av",
    "Consulted": "Konsulterad",
    "No acute consultations concern your units.": "Inga akuta konsultationer rör dina enheter.",
    "a case at %(unit)s": "ett ärende på %(unit)s",
    "Three-party meetings": "Trepartsmöten",
    "requested": "begärt",
    "No three-party meetings requested.": "Inga trepartsmöten begärda.",
    "Request a three-party meeting": "Begär ett trepartsmöte",
    "Record an acute consultation about this case": (
        "Registrera en akut konsultation om detta ärende"
    ),
    "With %(unit)s": "Med %(unit)s",
    "appointed caseworker %(person)s": "utsedd handläggare %(person)s",
    "From": "Från",
    "To": "Till",
    "State": "Läge",
    "Appointed caseworker": "Utsedd handläggare",
    "Three-party meeting": "Trepartsmöte",
    "born": "född",
    "Requesting caseworker": "Begärande handläggare",
    "Requested unit": "Begärd enhet",
    "Go to the requesting case": "Gå till det begärande ärendet",
    "Steps": "Steg",
    "Owner": "Ansvarig",
    "Appoint": "Utse",
    "Decline the request": "Avböj begäran",
    "Decline": "Avböj",
    "Record the meeting": "Registrera mötet",
    "Three-party meeting with %(unit)s": "Trepartsmöte med %(unit)s",
    "My three-party meetings": "Mina trepartsmöten",
    "You take part in no three-party meeting.": "Du deltar inte i något trepartsmöte.",
    "The deputy unit managers of the unit you choose receive the request and appoint a "
    "caseworker. You and that caseworker first hold a pre-meeting, then the meeting with the "
    "individual.": "De biträdande enhetscheferna på den enhet du väljer tar emot begäran och "
    "utser en handläggare. Du och den handläggaren håller först ett förmöte och sedan mötet "
    "med den enskilde.",
    "Send the request": "Skicka begäran",
    "Requests for three-party meetings to my units": "Begäran om trepartsmöten till mina enheter",
    "No requests to your units.": "Ingen begäran till dina enheter.",
}
