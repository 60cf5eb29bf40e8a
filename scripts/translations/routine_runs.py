"""Swedish for routines running on cases (R30, issue 8 item 2); the lead merges it."""

SV = {
    # coordination/models/routine_runs.py
    "Running": "Pågår",
    "Completed": "Slutförd",
    "Cancelled": "Avbruten",
    "Started by its trigger": "Startad av sin händelse",
    "Started by hand": "Startas för hand",
    "Not yet done": "Ej utfört",
    "Done": "Klart",
    "Skipped": "Överhoppat",
    "Caseworker of the case": "Ärendets handläggare",
    "Holds the role at the unit": "Har rollen på enheten",
    "Nobody holds the role at the unit: given to the unit manager": (
        "Ingen har rollen på enheten: lagt på enhetschefen"
    ),
    "Nobody holds the role or manages the unit: a manager must assign it": (
        "Ingen har rollen eller leder enheten: en chef måste fördela steget"
    ),
    "Reassigned by a manager": "Omfördelat av en chef",
    "routine": "rutin",
    "case": "ärende",
    "other unit": "annan enhet",
    "state": "läge",
    "started": "startad",
    "trigger": "utlösande händelse",
    "reason for starting": "skäl till start",
    "started by": "startad av",
    "started at": "startad",
    "start date": "startdatum",
    "ended at": "avslutad",
    "cancelled by": "avbruten av",
    "routine on a case": "rutin i ett ärende",
    "routines on cases": "rutiner i ärenden",
    "Say why the routine is started by hand.": "Skriv varför rutinen startas för hand.",
    "Say why the routine is cancelled.": "Skriv varför rutinen avbryts.",
    "This routine is already running on the case.": "Rutinen pågår redan i ärendet.",
    "step": "steg",
    "responsible unit": "ansvarig enhet",
    "held by": "ligger hos",
    "why this person": "varför denna person",
    "second responsible unit": "andra ansvariga enheten",
    "shared with": "delas med",
    "done at": "utfört",
    "note": "anteckning",
    "kind of record": "typ av post",
    "record": "post",
    "reason for skipping": "skäl till att hoppa över",
    "routine step on a case": "rutinsteg i ett ärende",
    "routine steps on cases": "rutinsteg i ärenden",
    "Say why the step is skipped.": "Skriv varför steget hoppas över.",
    # coordination/models/deadlines.py
    "Routine step past its due date": "Rutinsteg har passerat sitt datum",
    "Routine step still not done: passed to the unit manager": (
        "Rutinsteg fortfarande inte klart: lyft till enhetschefen"
    ),
    "routine step": "rutinsteg",
    # coordination/services/routine_runs.py
    "The organisation has no active unit of the kind %(kind)s that this step needs.": (
        "Organisationen har ingen aktiv enhet av typen %(kind)s som steget behöver."
    ),
    "Step %(position)s is held by the other unit: choose the other unit.": (
        "Steg %(position)s ligger hos den andra enheten: välj den andra enheten."
    ),
    "%(name)s is already running on this case.": "%(name)s pågår redan i ärendet.",
    "Say why you start the routine.": "Skriv varför du startar rutinen.",
    "Choose one of your organisation's routines.": "Välj en av organisationens rutiner.",
    "Choose another unit of your organisation.": "Välj en annan enhet i organisationen.",
    "Someone changed this step after you opened the page: see its state now. What you wrote "
    "is still in the form.": "Någon ändrade steget efter att du öppnade sidan: se hur det ser "
    "ut nu. Det du skrev finns kvar i formuläret.",
    "This step is no longer open.": "Steget är inte längre öppet.",
    "Choose the %(kind)s that completes this step.": "Välj den post (%(kind)s) som slutför steget.",
    "Write what was done.": "Skriv vad som gjordes.",
    "That record does not complete this step.": "Den posten slutför inte det här steget.",
    "This step is mandatory: only a manager of the unit may skip it.": (
        "Steget är obligatoriskt: bara en chef på enheten får hoppa över det."
    ),
    "Choose an active member of the unit.": "Välj en aktiv medarbetare på enheten.",
    # coordination/forms_routine_runs.py, coordination/views_routine_runs.py
    "Routine": "Rutin",
    "The other unit": "Den andra enheten",
    "The receiving or other unit, for steps held by it.": (
        "Mottagande eller annan enhet, för steg som ligger där."
    ),
    "Why you start it": "Varför du startar den",
    "The record that completes the step": "Posten som slutför steget",
    "Note": "Anteckning",
    "Why the step is skipped": "Varför steget hoppas över",
    "Give the step to": "Ge steget till",
    "Why the routine is cancelled": "Varför rutinen avbryts",
    "The routine is started.": "Rutinen är startad.",
    "The routine is cancelled.": "Rutinen är avbruten.",
    "The step is done.": "Steget är klart.",
    "The step is skipped.": "Steget är överhoppat.",
    "The step is reassigned.": "Steget är omfördelat.",
    # templates/coordination/routines/
    "Person": "Person",
    "A case at another unit: its contents are not shown to you (R4).": (
        "Ett ärende på en annan enhet: innehållet visas inte för dig (R4)."
    ),
    "Case held by": "Ärendet hålls av",
    "Other unit": "Annan enhet",
    "Started": "Startad",
    "State": "Läge",
    "version %(version)s": "version %(version)s",
    "Steps": "Steg",
    "History": "Historik",
    "Cancel the routine": "Avbryt rutinen",
    "step %(position)s %(state)s": "steg %(position)s %(state)s",
    "held by %(name)s": "hos %(name)s",
    "My routine steps": "Mina rutinsteg",
    "Open routine steps you hold, earliest due first": (
        "Öppna rutinsteg som ligger hos dig, tidigast datum först"
    ),
    "Step": "Steg",
    "You hold no open routine steps.": "Du har inga öppna rutinsteg.",
    "A case at %(unit)s": "Ett ärende på %(unit)s",
    "The routine's steps": "Rutinens steg",
    "Held by": "Ligger hos",
    "When needed": "Vid behov",
    "Work on the step": "Arbeta med steget",
    "Start a routine": "Starta en rutin",
    "Start a routine on the case": "Starta en rutin i ärendet",
    "Unit": "Enhet",
    "Each step goes to the person holding its responsible role at its unit; a manager of the "
    "unit may give it to someone else (R30).": "Varje steg går till den som har den ansvariga "
    "rollen på sin enhet; en chef på enheten kan ge det till någon annan (R30).",
    "Start": "Starta",
    "The routine": "Rutinen",
    "What is asked": "Vad som ska göras",
    "Instructions": "Instruktioner",
    "Responsible, as the routine writes it": "Ansvar, som rutinen skriver det",
    "Completed by": "Slutförs med",
    "mandatory": "obligatoriskt",
    "when needed": "vid behov",
    "Linked record": "Kopplad post",
    "Reason for skipping": "Skäl till att hoppa över",
    "Complete the step": "Slutför steget",
    "Choose the record that shows the step is done; record it first on the case's page if it "
    "is not listed.": "Välj posten som visar att steget är gjort; registrera den först på "
    "ärendets sida om den inte finns i listan.",
    "Skip the step": "Hoppa över steget",
    "Skip": "Hoppa över",
    "Give the step to someone else": "Ge steget till någon annan",
    "Reassign": "Omfördela",
    "Step %(position)s: %(title)s": "Steg %(position)s: %(title)s",
    "Back to %(name)s": "Tillbaka till %(name)s",
    "Nobody yet": "Ingen ännu",
    "with": "med",
    "nobody yet": "ingen ännu",
    "Routines": "Rutiner",
    "at step %(position)s: %(title)s": "vid steg %(position)s: %(title)s",
    "due %(due)s": "senast %(due)s",
}
