"""Swedish for routine definitions as data (R30, issue 8 item 1); the lead merges it."""

SV = {
    # coordination/models/routines.py: RoutineTrigger
    "Started by hand": "Startas för hand",
    "Report concerning a guardian with addiction or risky use registered": (
        "Anmälan om vårdnadshavare med beroende eller riskbruk aktualiserad"
    ),
    "Message about electricity or rent debts, eviction or power cut, in a family with "
    "children": "Meddelande om el- eller hyresskulder, vräkning eller avstängning av el, i en "
    "barnfamilj",
    "LOB, traffic-sobriety or drug-offence report concerning an 18-20 year old not known "
    "at BoU": "LOB-, trafikonykterhets- eller narkotikabrottsanmälan om en 18\u201320-åring "
    "som inte är aktuell på BoU",
    "Report concerning an 18-20 year old": "Anmälan om en 18\u201320-åring",
    "A young person with continued needs approaches the threshold birthday": (
        "En ung person med fortsatt stödbehov närmar sig åldersgränsen"
    ),
    "Case registered for a person active at another unit": (
        "Ärende aktualiserat för en person som är aktuell på en annan enhet"
    ),
    "Application for financial aid from a client active at the addiction unit": (
        "Ansökan om ekonomiskt bistånd från en klient som är aktuell på Beroendeenheten"
    ),
    "A meeting decided a transfer": "Ett möte har beslutat om överföring",
    "An order to in-house open care is being written": "En beställning till egen öppenvård skrivs",
    # ResponsibleParty
    "The unit of the named kind": "Enheten av angivet slag",
    "The units of both named kinds": "Enheterna av båda angivna slagen",
    "The unit that registered the case": "Enheten som aktualiserade ärendet (mottagande grupp)",
    "The receiving unit": "Mottagande enhet",
    "The sending unit": "Remitterande enhet",
    "Both units involved in the case": "Båda enheterna som är involverade i ärendet",
    # DeadlineAnchor
    "after the trigger": "efter det som startade rutinen",
    "after the previous step is done": "efter att föregående steg är klart",
    # CompletionKind
    "A note": "En anteckning",
    "Case registered (aktualiserat)": "Ärendet aktualiserat",
    "Contact with another unit": "Kontakt med annan enhet",
    "Consent": "Samtycke",
    "Copy sent to another unit": "Kopia lämnad till annan enhet",
    "Joint visit": "Gemensamt besök",
    "Joint assessment": "Gemensam bedömning",
    "Decision": "Beslut",
    "Appointment of a caseworker": "En handläggare utsedd",
    "Appointment of a co-caseworker": "En medhandläggare utsedd",
    "Joint work plan": "Gemensam arbetsplanering",
    "Meeting": "Möte",
    "Three-party meeting": "Trepartsmöte",
    "Handover announced": "Överlämning aviserad",
    "Handover received and confirmed": "Överlämning mottagen och bekräftad",
    "Question raised to the managers": "Frågan lyft till cheferna",
    "Order sent": "Beställning skickad",
    "Execution of the order checked": "Verkställigheten av beställningen kontrollerad",
    "Kick-off held": "Uppstartsträff genomförd",
    "Implementation plan": "Genomförandeplan",
    "Follow-up": "Uppföljning",
    "Order closed": "Beställningen avslutad",
    # RoutineDefinition fields and messages
    "Stable across versions, unique within the organisation.": (
        "Densamma i alla versioner, unik inom organisationen."
    ),
    "version": "version",
    "current version": "gällande version",
    "The seed routine, e.g. 001.": "Den skrivna rutinen, t.ex. 001.",
    "rules": "regler",
    "The rules it implements, e.g. R30.": "Reglerna den genomför, t.ex. R30.",
    "trigger": "start",
    "description": "beskrivning",
    "routine definition": "rutinbeskrivning",
    "routine definitions": "rutinbeskrivningar",
    "This routine already has a version with this number.": (
        "Rutinen har redan en version med det numret."
    ),
    "This routine already has a current version.": "Rutinen har redan en gällande version.",
    "Versions are numbered from 1.": "Versionerna numreras från 1.",
    "%(name)s, version %(version)s": "%(name)s, version %(version)s",
    "Version %(version)s of this routine is kept as it was; revise the current version "
    "instead.": "Version %(version)s av rutinen sparas som den var; ändra i den gällande "
    "versionen i stället.",
    "Number the steps 1, 2, 3 … without gaps or repeats (given: %(positions)s).": (
        "Numrera stegen 1, 2, 3 … utan luckor eller upprepningar (angivet: %(positions)s)."
    ),
    # RoutineStep fields and messages
    "step": "steg",
    "instructions": "anvisning",
    "The routine's own words for the step.": "Rutinens egen formulering av steget.",
    "responsible, as the routine writes it": "ansvar, som rutinen skriver det",
    "responsible role": "ansvarig roll",
    "responsible unit": "ansvarig enhet",
    "second unit kind": "andra enhetsslaget",
    "deadline, days": "tidsfrist, dagar",
    "Empty: no deadline.": "Tomt: ingen tidsfrist.",
    "deadline counted": "tidsfristen räknas",
    "mandatory": "obligatoriskt",
    "Any step may be skipped with a written reason; skipping a mandatory one proposes a "
    "deviation report.": "Varje steg kan hoppas över med en skriftlig motivering; att hoppa "
    "över ett obligatoriskt steg föreslår en avvikelserapport.",
    "completed by": "klart genom",
    "routine step": "rutinsteg",
    "routine steps": "rutinsteg",
    "Two steps of the routine have the same number.": "Två steg i rutinen har samma nummer.",
    "Steps are numbered from 1.": "Stegen numreras från 1.",
    "Give a deadline as a number of days of 0 or more together with what it is counted "
    "from, or neither.": "Ange en tidsfrist som ett antal dagar, 0 eller fler, tillsammans "
    "med vad den räknas från, eller ingetdera.",
    "The first step has no previous step: count its deadline from the trigger.": (
        "Det första steget har inget föregående steg: räkna dess tidsfrist från det som "
        "startade rutinen."
    ),
    "Name the kind of the responsible unit.": "Ange vilket slags enhet som är ansvarig.",
    "Name the kind of the second responsible unit.": (
        "Ange vilket slags enhet som är den andra ansvariga."
    ),
    "The two unit kinds must differ.": "De två enhetsslagen måste vara olika.",
    "Leave empty: one unit kind is responsible.": "Lämna tomt: ett enhetsslag är ansvarigt.",
    "Leave the unit kinds empty: the unit follows from the case.": (
        "Lämna enhetsslagen tomma: enheten följer av ärendet."
    ),
    "Give a deadline as a number of days together with what it is counted from, or "
    "neither.": "Ange en tidsfrist som ett antal dagar tillsammans med vad den räknas från, "
    "eller ingetdera.",
    "The steps of an old version are kept as they were; revise the current version "
    "instead.": "Stegen i en äldre version sparas som de var; ändra i den gällande versionen "
    "i stället.",
    # coordination/services/routines.py
    "Unknown step fields: %(fields)s": "Okända fält i steget: %(fields)s",
    "A routine needs at least one step.": "En rutin behöver minst ett steg.",
    "Step %(position)s: %(errors)s": "Steg %(position)s: %(errors)s",
    "These fields cannot be changed in a new version: %(fields)s": (
        "De här fälten kan inte ändras i en ny version: %(fields)s"
    ),
    "Version %(version)s of “%(name)s” is no longer current: someone saved a newer "
    "version. Open the current version and make the change there.": "Version %(version)s av "
    "”%(name)s” gäller inte längre: någon har sparat en nyare version. Öppna den gällande "
    "versionen och gör ändringen där.",
    # coordination/admin_routines.py
    "Changed in the admin": "Ändrad i administrationen",
    "Saved as version %(version)s.": "Sparad som version %(version)s.",
}
