"""Swedish for joint visits and assessments (R31, R32) and for addiction or risky use noticed at
BoU (R32); the lead merges."""

SV = {
    # Whose addiction was noticed (inside a sentence, and capitalised as radio labels)
    "the young person": "ungdomen",
    "a guardian": "en vårdnadshavare",
    # The form's fields
    "What was done together": "Vad som gjordes tillsammans",
    "Caseworker who took part for the case's unit": "Handläggare som deltog för ärendets enhet",
    "The other unit's caseworker who took part": "Den andra enhetens handläggare som deltog",
    "They may read this record, never the case.": ("Hen får läsa den här posten, aldrig ärendet."),
    "AUDIT used": "AUDIT gjord",
    "AUDIT score": "AUDIT-poäng",
    "DUDIT used": "DUDIT gjord",
    "DUDIT score": "DUDIT-poäng",
    "Only when the test was used; 0 to %(most)s.": "Bara när testet gjordes; 0 till %(most)s.",
    "Whose addiction or risky use": "Vems beroende eller riskbruk",
    "Adult unit to discuss with": "Vuxenenhet att rådgöra med",
    "What was noticed": "Vad som uppmärksammades",
    "Kept as the reason the routine started; shown only to those who read the case.": (
        "Sparas som skälet till att rutinen startades; visas bara för dem som läser ärendet."
    ),
    # Service messages
    "Choose another active unit of your organisation.": (
        "Välj en annan aktiv enhet i er organisation."
    ),
    "Choose what was done together.": "Välj vad som gjordes tillsammans.",
    "Choose who took part for %(unit)s.": "Välj vem som deltog för %(unit)s.",
    "%(person)s is not a member of %(unit)s or a co-caseworker.": (
        "%(person)s är inte medlem i %(unit)s eller medhandläggare."
    ),
    "Choose someone else than the case's caseworker.": (
        "Välj någon annan än ärendets handläggare."
    ),
    "%(person)s is not an active member of %(unit)s.": (
        "%(person)s är inte aktiv medlem i %(unit)s."
    ),
    "Tick “%(test)s used” to give its score.": "Kryssa i ”%(test)s gjord” för att ange poängen.",
    "The %(test)s score is between 0 and %(most)s.": "%(test)s-poängen är mellan 0 och %(most)s.",
    "Write at most %(most)s characters.": "Skriv högst %(most)s tecken.",
    "Someone corrected this record after you opened the page: see it now. What you wrote is "
    "still in the form.": "Någon rättade posten efter att du öppnade sidan: se hur den ser ut "
    "nu. Det du skrev finns kvar i formuläret.",
    "Choose whose addiction or risky use was noticed.": (
        "Välj vems beroende eller riskbruk som uppmärksammades."
    ),
    "Choose an adult unit of your organisation.": "Välj en vuxenenhet i er organisation.",
    "Write what was noticed.": "Skriv vad som uppmärksammades.",
    "%(names)s is already running on this case: nothing new was started. Write what you "
    "noticed in its steps.": "%(names)s pågår redan i ärendet: inget nytt startades. Skriv "
    "det du uppmärksammat i dess steg.",
    "The routine could not be started: its steps need units your organisation does not have. "
    "Ask the administrator to look at the routine.": "Rutinen kunde inte startas: dess steg "
    "behöver enheter som er organisation inte har. Be administratören se över rutinen.",
    "Addiction or risky use noticed in %(whose)s: %(note)s": (
        "Beroende eller riskbruk uppmärksammat hos %(whose)s: %(note)s"
    ),
    # Messages after a step
    "The joint visit is recorded.": "Det gemensamma besöket är registrerat.",
    "The record is corrected.": "Posten är rättad.",
    "Started: %(names)s. Discuss it with %(unit)s.": ("Startad: %(names)s. Rådgör med %(unit)s."),
    "Already running on the case, not started again: %(names)s.": (
        "Pågår redan i ärendet och startades inte igen: %(names)s."
    ),
    # Pages
    "Joint visits and assessments": "Gemensamma besök och bedömningar",
    "The scores are on each record's page.": "Poängen finns på varje posts sida.",
    "Record a joint visit or assessment": "Registrera ett gemensamt besök eller en bedömning",
    "A preliminary assessment, visit or assessment made together with another unit (R31, "
    "R32). Record AUDIT and DUDIT when they were used; the score is optional.": "En "
    "förhandsbedömning, ett besök eller en bedömning som gjorts tillsammans med en annan enhet "
    "(R31, R32). Registrera AUDIT och DUDIT när de gjordes; poängen är frivillig.",
    "Correct the joint visit": "Rätta det gemensamma besöket",
    "Correct the record": "Rätta posten",
    "See the record now": "Se posten som den är nu",
    "The kind and the other unit stay as recorded: if they are wrong, record the visit anew. "
    "The earlier version is kept in the history.": "Typen och den andra enheten står kvar som "
    "de registrerades: är de fel, registrera besöket på nytt. Den tidigare versionen sparas i "
    "historiken.",
    "Save the correction": "Spara rättelsen",
    "Took part for %(unit)s": "Deltog för %(unit)s",
    "Used": "Gjord",
    "Not used": "Inte gjord",
    "score %(score)s of %(most)s": "%(score)s av %(most)s poäng",
    "You took part: you may read this record. The case belongs to another unit and its "
    "contents are not shown to you (R4).": "Du deltog: du får läsa den här posten. Ärendet "
    "tillhör en annan enhet och dess innehåll visas inte för dig (R4).",
    "Addiction or risky use noticed": "Uppmärksammat beroende eller riskbruk",
    "Addiction or risky use noticed (R32)": "Uppmärksammat beroende eller riskbruk (R32)",
    "Addiction or risky use noticed in a young person or a guardian during an investigation "
    "or ongoing interventions is always discussed with the adult unit; joint visits or a "
    "co-caseworker from the adult unit when needed (R32).": "Beroende eller riskbruk som "
    "uppmärksammas hos en ungdom eller vårdnadshavare under utredning eller pågående insatser "
    "rådgörs alltid med vuxenenheten; gemensamma besök eller en medhandläggare från "
    "vuxenenheten vid behov (R32).",
    "This starts:": "Detta startar:",
    "Start the routine": "Starta rutinen",
    "discussed with %(unit)s": "rådgörs med %(unit)s",
}
