"""Swedish for the joint work plan feature (R7, R8, R11); merged by scripts/translate.py."""

SV = {
    # Pages and panel
    "Joint work plans": "Gemensamma arbetsplaneringar",
    "One plan for every involved unit, recorded in each involved case (R7).": (
        "En planering för alla berörda enheter, dokumenterad i varje berört ärende (R7)."
    ),
    "No joint work plan yet.": "Ingen gemensam arbetsplanering ännu.",
    "Start a joint work plan": "Påbörja en gemensam arbetsplanering",
    "coordinator": "samordnare",
    "New joint work plan": "Ny gemensam arbetsplanering",
    "Choose the other units' cases from the active-case check: you see only the unit and its "
    "caseworker, never the case (R4). The plan is recorded in every chosen case (R7).": (
        "Välj de andra enheternas ärenden ur aktualitetskontrollen: du ser bara enheten och "
        "dess handläggare, aldrig ärendet (R4). Planeringen dokumenteras i varje valt ärende (R7)."
    ),
    "No one in the family has an open case at another unit: there is nobody to plan with.": (
        "Ingen i familjen är aktuell på någon annan enhet: det finns ingen att planera med."
    ),
    "Create the plan": "Skapa planeringen",
    "Cancel": "Avbryt",
    "The plan was changed after it had been agreed: the agreements were cleared and the plan "
    "must be agreed again by every unit.": (
        "Planeringen har ändrats efter att den godkänts: godkännandena är borttagna och alla "
        "enheter måste godkänna den på nytt."
    ),
    "The plan was changed after it had been agreed: the agreements are cleared and every unit "
    "must agree again.": (
        "Planeringen ändrades efter att den godkänts: godkännandena är borttagna och alla "
        "enheter måste godkänna den på nytt."
    ),
    "Status": "Status",
    "Coordinating caseworker": "Samordnande handläggare",
    "Chosen by %(who)s: %(reason)s": "Vald av %(who)s: %(reason)s",
    "Created": "Skapad",
    "Involved units": "Berörda enheter",
    "Unit": "Enhet",
    "Person": "Person",
    "Caseworker": "Handläggare",
    "Agreed": "Godkänd",
    "Not yet agreed": "Inte godkänd ännu",
    "Agree to the plan": "Godkänn planeringen",
    "How the investigations are carried out": "Hur utredningarna genomförs",
    "Each unit's responsibility": "Varje enhets ansvar",
    "Responsibility": "Ansvar",
    "Not yet written.": "Inte ifyllt ännu.",
    "Write the responsibility of %(unit)s": "Skriv ansvaret för %(unit)s",
    "Plan for continued cooperation": "Plan för fortsatt samverkan",
    "Follow-up dates": "Uppföljningsdatum",
    "No follow-up dates.": "Inga uppföljningsdatum.",
    "The plan": "Planeringen",
    "Edit the plan": "Ändra planeringen",
    "Choose the coordinating caseworker": "Välj samordnande handläggare",
    "History of changes": "Ändringshistorik",
    "Download as PDF": "Ladda ner som PDF",
    "The plan is signed off. Saving a change clears every agreement and returns the plan to "
    "draft.": (
        "Planeringen är fastställd. Om du sparar en ändring tas alla godkännanden bort och "
        "planeringen blir ett utkast igen."
    ),
    "The plan's common text": "Planeringens gemensamma text",
    "Save the plan": "Spara planeringen",
    "Add cases at other units": "Lägg till ärenden på andra enheter",
    "Add the cases": "Lägg till ärendena",
    "No other open case in the family to add.": (
        "Inga fler aktuella ärenden i familjen att lägga till."
    ),
    "Responsibility of %(unit)s": "Ansvar för %(unit)s",
    "Save the responsibility": "Spara ansvaret",
    "Proposed by the rules": "Föreslagen enligt reglerna",
    "Save the choice": "Spara valet",
    "Back to the plan": "Tillbaka till planeringen",
    "When": "När",
    "Who": "Vem",
    "What": "Vad",
    "What changed": "Ändring",
    "added": "tillagd",
    "removed": "borttagen",
    "changed": "ändrad",
    "to": "till",
    "No changes recorded.": "Inga ändringar registrerade.",
    # Forms
    "One or more dates as YYYY-MM-DD, separated by commas, for example 2026-12-01.": (
        "Ett eller flera datum som ÅÅÅÅ-MM-DD, åtskilda med kommatecken, till exempel 2026-12-01."
    ),
    "“%(value)s” is not a date: write it as YYYY-MM-DD.": (
        "”%(value)s” är inte ett datum: skriv det som ÅÅÅÅ-MM-DD."
    ),
    "At most %(count)s follow-up dates.": "Högst %(count)s uppföljningsdatum.",
    "%(unit)s, caseworker %(caseworker)s (%(person)s, %(relation)s)": (
        "%(unit)s, handläggare %(caseworker)s (%(person)s, %(relation)s)"
    ),
    "Cases at other units in the plan": "Ärenden på andra enheter i planeringen",
    "Choose at least one case at another unit to plan with.": (
        "Välj minst ett ärende på en annan enhet att planera med."
    ),
    "Your unit's responsibility": "Din enhets ansvar",
    "Choose at least one case to add.": "Välj minst ett ärende att lägga till.",
    "The unit's responsibility": "Enhetens ansvar",
    "Describe what the unit is responsible for.": "Beskriv vad enheten ansvarar för.",
    "Reason for the choice": "Skäl till valet",
    "Give the reason for choosing this caseworker.": (
        "Ange skälet till att välja denna handläggare."
    ),
    # Messages and services
    "The joint work plan is created.": "Den gemensamma arbetsplaneringen är skapad.",
    "The plan is saved.": "Planeringen är sparad.",
    "The cases are added to the plan.": "Ärendena är tillagda i planeringen.",
    "The unit's responsibility is saved.": "Enhetens ansvar är sparat.",
    "Every unit has agreed: the plan is signed off.": (
        "Alla enheter har godkänt: planeringen är fastställd."
    ),
    "Your agreement is recorded.": "Ditt godkännande är registrerat.",
    "The coordinating caseworker is changed.": "Samordnande handläggare är ändrad.",
    "Choose among the open cases the active-case check shows.": (
        "Välj bland de aktuella ärenden som aktualitetskontrollen visar."
    ),
    "You have already agreed to this plan.": "Du har redan godkänt planeringen.",
    "Only a unit manager or deputy unit manager of an involved unit may choose.": (
        "Bara enhetschef eller biträdande enhetschef på en berörd enhet får välja."
    ),
    "Choose one of the caseworkers of the linked cases.": (
        "Välj en av handläggarna för de kopplade ärendena."
    ),
    "Coordinator chosen by a manager: %(reason)s": "Samordnare vald av chef: %(reason)s",
    "Agreements cleared after a change": "Godkännanden borttagna efter en ändring",
    # Who coordinates (R8)
    "%(units)s: the caseworker at %(unit)s (rule)": "%(units)s: handläggaren på %(unit)s (regel)",
    "%(units)s: the caseworker at %(unit)s, in contact with the family since %(since)s "
    "(longest contact)": (
        "%(units)s: handläggaren på %(unit)s, i kontakt med familjen sedan %(since)s "
        "(längst kontakt)"
    ),
    # History
    "Case at %(unit)s": "Ärende på %(unit)s",
    "Follow-up": "Uppföljning",
    # PDF
    "Why this caseworker coordinates": "Varför denna handläggare samordnar",
    "Chosen by": "Vald av",
    "Signed off": "Fastställd",
    "%(person)s, caseworker %(caseworker)s, %(agreed)s": (
        "%(person)s, handläggare %(caseworker)s, %(agreed)s"
    ),
    "agreed %(date)s": "godkänd %(date)s",
    "not yet agreed": "inte godkänd ännu",
    "None.": "Inga.",
    # Model labels shown on the plan and its history (coordination/models/cooperation.py)
    "Draft": "Utkast",
    "Joint work plan %(number)s": "Gemensam arbetsplanering %(number)s",
    "joint work plan": "gemensam arbetsplanering",
    "joint work plans": "gemensamma arbetsplaneringar",
    "how the investigations are carried out": "hur utredningarna genomförs",
    "plan for continued cooperation": "plan för fortsatt samverkan",
    "coordinating caseworker": "samordnande handläggare",
    "why this caseworker coordinates": "varför denna handläggare samordnar",
    "coordinator chosen by": "samordnare vald av",
    "reason for the choice": "skäl till valet",
    "signed off": "fastställd",
    "signed off by": "fastställd av",
    "agreed by": "godkänd av",
    "agreed": "godkänd",
    "responsibility": "ansvar",
    "unit responsibility": "enhetens ansvar",
    "follow-up date": "uppföljningsdatum",
    "held": "genomförd",
    "note": "anteckning",
}
