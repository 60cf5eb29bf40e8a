"""Swedish for orders to in-house open care (R26-R29): beställning och uppdrag till SRV."""

SV = {
    # coordination/models/orders.py
    "Order being written": "Beställningen skrivs",
    "Sent to the provider": "Skickad till utföraren",
    "Received by the provider": "Mottagen av utföraren",
    "Refused by the provider": "Avböjd av utföraren",
    "Executed: kick-off held": "Verkställd: uppstartsträff hållen",
    "The goals are met": "Målen är uppnådda",
    "Ended early by the guardians": "Avslutad i förtid av vårdnadshavarna",
    "The provider judges that it is not working": "Utföraren bedömer att insatsen inte fungerar",
    "Other reason": "Annat skäl",
    "Met": "Uppnått",
    "Partly met": "Delvis uppnått",
    "Not met": "Inte uppnått",
    "provider unit": "utförande enhet",
    "acute order during an investigation": "akut beställning under utredning",
    "short account": "kort redogörelse",
    "goals": "mål",
    "intervention decided on": "beslutad insats",
    "intervention from": "insatsen från",
    "intervention until": "insatsen till och med",
    "sent by": "skickad av",
    "received": "mottagen",
    "receipt recorded by": "mottagande registrerat av",
    "refused": "avböjd",
    "refused by": "avböjd av",
    "reason for refusing": "skäl till att avböja",
    "execution checked": "verkställighet kontrollerad",
    "execution checked by": "verkställighet kontrollerad av",
    "the provider's answer about execution": "utförarens svar om verkställighet",
    "responsible treater": "behandlingsansvarig",
    "kick-off meeting": "uppstartsträff",
    "kick-off recorded by": "uppstartsträff registrerad av",
    "implementation plan agreed by": "genomförandeplan överenskommen till",
    "closed by": "avslutad av",
    "reason for closing": "skäl till avslut",
    "about the closing": "om avslutet",
    "closing documentation done": "avslutsdokumentation klar",
    "closing documentation by": "avslutsdokumentation av",
    "guardians asked to end it": "vårdnadshavarna bad om avslut",
    "the intervention continues towards the child without the guardians' consent": (
        "insatsen fortsätter gentemot barnet utan vårdnadshavarnas samtycke"
    ),
    "concern for the child's development warrants an investigation": (
        "oro för barnets utveckling ger skäl att inleda utredning"
    ),
    "the caseworker's assessment": "socialsekreterarens bedömning",
    "investigation started during the intervention": "utredning inledd under pågående insats",
    "the intervention continues during the investigation": ("insatsen pågår under utredningstiden"),
    "agreement on the intervention during the investigation": (
        "överenskommelse om insatsen under utredningstiden"
    ),
    "order to open care": "beställning till öppenvård",
    "orders to open care": "beställningar till öppenvård",
    "Order to %(unit)s": "Beställning till %(unit)s",
    "The intervention must end after the day it starts.": (
        "Insatsen måste sluta efter dagen den börjar."
    ),
    "order": "beställning",
    "position": "ordning",
    "need": "behov",
    "need in the assignment": "behov i uppdraget",
    "needs in the assignment": "behov i uppdraget",
    "version": "version",
    "implementation plan": "genomförandeplan",
    "drawn up with the family": "upprättad tillsammans med familjen",
    "written": "skriven",
    "implementation plans": "genomförandeplaner",
    "Implementation plan, version %(version)s": "Genomförandeplan, version %(version)s",
    "follow-up of the order": "uppföljning av beställningen",
    "follow-ups of the order": "uppföljningar av beställningen",
    "comment": "kommentar",
    "assessment of a need": "bedömning av ett behov",
    "assessments of needs": "bedömningar av behov",
    # coordination/services/orders.py
    "The order is %(state)s; this step is not possible now.": (
        "Beställningen har läget %(state)s; det här steget går inte nu."
    ),
    "Choose one of the organisation's open-care units.": (
        "Välj en av organisationens öppenvårdsenheter."
    ),
    "An acute order is possible only while the case is under investigation (R29).": (
        "En akut beställning går bara att göra medan ärendet utreds (R29)."
    ),
    "Write at most %(count)s needs.": "Skriv högst %(count)s behov.",
    "Write at least one need of the assignment.": "Skriv minst ett behov i uppdraget.",
    "Write this part of the assignment before sending it.": (
        "Skriv den här delen av uppdraget innan beställningen skickas."
    ),
    "The intervention is time-limited: give the day it starts.": (
        "Insatsen är tidsbestämd: ange dagen den börjar."
    ),
    "The intervention is time-limited: give the day it ends.": (
        "Insatsen är tidsbestämd: ange dagen den slutar."
    ),
    "The day of sending cannot be in the future.": "Dagen för utskick kan inte ligga i framtiden.",
    "The order cannot be sent before the case opened.": (
        "Beställningen kan inte skickas innan ärendet öppnades."
    ),
    "Order sent to %(unit)s": "Beställning skickad till %(unit)s",
    "%(person)s does not work at %(unit)s.": "%(person)s arbetar inte vid %(unit)s.",
    "The day of receipt cannot be in the future.": (
        "Dagen för mottagandet kan inte ligga i framtiden."
    ),
    "The order was sent on %(day)s; it cannot be received before.": (
        "Beställningen skickades %(day)s; den kan inte ha tagits emot före det."
    ),
    "Write why the order will not be executed: it goes to the caseworker.": (
        "Skriv varför beställningen inte verkställs: det går till socialsekreteraren."
    ),
    "Write what the provider answered about execution.": (
        "Skriv vad utföraren svarade om verkställigheten."
    ),
    "Record the kick-off once it has been held.": (
        "Registrera uppstartsträffen när den har hållits."
    ),
    "The order was received on %(day)s; the kick-off cannot be before.": (
        "Beställningen togs emot %(day)s; uppstartsträffen kan inte vara före det."
    ),
    "The plan cannot be due before the kick-off.": (
        "Planen kan inte vara klar före uppstartsträffen."
    ),
    "Write the implementation plan.": "Skriv genomförandeplanen.",
    "The implementation plan is drawn up with the family (R27).": (
        "Genomförandeplanen upprättas tillsammans med familjen (R27)."
    ),
    "Record the follow-up once it has been held.": "Registrera uppföljningen när den har hållits.",
    "The follow-up cannot be before the kick-off (%(day)s).": (
        "Uppföljningen kan inte vara före uppstartsträffen (%(day)s)."
    ),
    "Assess this need: met, partly met or not met.": (
        "Bedöm behovet: uppnått, delvis uppnått eller inte uppnått."
    ),
    "Assess only the needs of this order's assignment.": (
        "Bedöm bara behoven i den här beställningens uppdrag."
    ),
    "The order cannot be closed in the future.": "Beställningen kan inte avslutas i framtiden.",
    "The order cannot be closed before its kick-off.": (
        "Beställningen kan inte avslutas före uppstartsträffen."
    ),
    "Record the guardians' early termination with its assessment (R28).": (
        "Registrera vårdnadshavarnas förtida avslut med bedömningen (R28)."
    ),
    "Choose why the order is closed.": "Välj varför beställningen avslutas.",
    "The goals are met when the latest follow-up has found every need met (R28). Record that "
    "follow-up first.": (
        "Målen är uppnådda när den senaste uppföljningen har funnit varje behov uppnått (R28). "
        "Registrera den uppföljningen först."
    ),
    "Write why the intervention ends.": "Skriv varför insatsen avslutas.",
    "The day cannot be in the future.": "Dagen kan inte ligga i framtiden.",
    "Write your assessment.": "Skriv din bedömning.",
    "The child is %(age)s or older: assess whether the intervention can continue towards the "
    "child without the parents' consent (R28).": (
        "Barnet är %(age)s år eller äldre: bedöm om insatsen kan ske till barnet utan "
        "föräldrarnas samtycke (R28)."
    ),
    "The child is under %(age)s: the intervention cannot continue without the guardians' "
    "consent (R28).": (
        "Barnet är under %(age)s år: insatsen kan inte fortsätta utan vårdnadshavarnas "
        "samtycke (R28)."
    ),
    "Assess whether concern for the child's development warrants an investigation (R28).": (
        "Bedöm om oron för barnets utveckling ger skäl att inleda utredning (R28)."
    ),
    "Write how the intervention is carried out during the investigation.": (
        "Skriv hur insatsen utförs under utredningstiden."
    ),
    "Write how the intervention is ended with the treater and the family.": (
        "Skriv hur insatsen avslutas tillsammans med behandlaren och familjen."
    ),
    "The closing documentation is already recorded.": (
        "Avslutsdokumentationen är redan registrerad."
    ),
    "Write why the order is cancelled.": "Skriv varför beställningen återkallas.",
    # coordination/forms_orders.py
    "Provider unit": "Utförande enhet",
    "Acute order during the investigation (R29)": "Akut beställning under utredningen (R29)",
    "Simplified: a short account and the most acute needs are enough.": (
        "Förenklad: en kort redogörelse och de mest akuta behoven räcker."
    ),
    "Short account": "Kort redogörelse",
    "One need per line. Each follow-up assesses every need (R27).": (
        "Ett behov per rad. Varje uppföljning bedömer alla behov (R27)."
    ),
    "Goals": "Mål",
    "Intervention decided on": "Beslutad insats",
    "Intervention from": "Insatsen från",
    "Intervention until": "Insatsen till och med",
    "YYYY-MM-DD. The intervention is time-limited (R26).": (
        "ÅÅÅÅ-MM-DD. Insatsen är tidsbestämd (R26)."
    ),
    "Why the order cannot wait for consent": "Varför beställningen inte kan vänta på samtycke",
    "Received": "Mottagen",
    "YYYY-MM-DD. The execution check falls due from this day (R26).": (
        "ÅÅÅÅ-MM-DD. Kontrollen av verkställigheten räknas från den här dagen (R26)."
    ),
    "Responsible treater": "Behandlingsansvarig",
    "Why the order will not be executed": "Varför beställningen inte verkställs",
    "The provider's answer about execution": "Utförarens svar om verkställigheten",
    "Kick-off meeting held": "Uppstartsträff hållen",
    "YYYY-MM-DD. The order is executed from this day (R26).": (
        "ÅÅÅÅ-MM-DD. Beställningen är verkställd från den här dagen (R26)."
    ),
    "Implementation plan agreed by": "Genomförandeplanen klar senast",
    "YYYY-MM-DD. The day the provider's plan is to be ready (R27).": (
        "ÅÅÅÅ-MM-DD. Dagen då utförarens plan ska vara klar (R27)."
    ),
    "Implementation plan": "Genomförandeplan",
    "Drawn up with the family": "Upprättad tillsammans med familjen",
    "Follow-up held": "Uppföljning hållen",
    "Summary": "Sammanfattning",
    "Comment": "Kommentar",
    "Reason for closing": "Skäl till avslut",
    "About the closing": "Om avslutet",
    "The guardians asked to end it": "Vårdnadshavarna bad om avslut",
    "Can the intervention continue towards the child without the parents' consent?": (
        "Kan insatsen ske till barnet utan föräldrarnas samtycke?"
    ),
    "Only for a child of 15 or older (R28).": "Bara för ett barn som är 15 år eller äldre (R28).",
    "Does concern for the child's development warrant an investigation?": (
        "Ger oron för barnets utveckling skäl att inleda utredning?"
    ),
    "Needed when the intervention ends (R28).": "Behövs när insatsen avslutas (R28).",
    "Your assessment": "Din bedömning",
    "Investigation started": "Utredning inledd",
    "Does the intervention continue during the investigation?": (
        "Pågår insatsen under utredningstiden?"
    ),
    "Agreement with the treater and the family": "Överenskommelse med behandlaren och familjen",
    # coordination/views_orders.py
    "The order is saved as a draft.": "Beställningen är sparad som utkast.",
    "The order is saved.": "Beställningen är sparad.",
    "The order is sent to the provider unit.": "Beställningen är skickad till utföraren.",
    "Receipt of the order is recorded.": "Mottagandet av beställningen är registrerat.",
    "The order is refused; the caseworker is told why.": (
        "Beställningen är avböjd; socialsekreteraren får veta varför."
    ),
    "The execution check is recorded.": "Kontrollen av verkställigheten är registrerad.",
    "The kick-off is recorded: the order is executed.": (
        "Uppstartsträffen är registrerad: beställningen är verkställd."
    ),
    "The implementation plan is saved; a copy goes to the caseworker.": (
        "Genomförandeplanen är sparad; en kopia går till socialsekreteraren."
    ),
    "The follow-up is recorded.": "Uppföljningen är registrerad.",
    "The order is closed; the provider's closing documentation is due.": (
        "Beställningen är avslutad; utförarens avslutsdokumentation ska göras."
    ),
    "The guardians' request and your assessment are recorded.": (
        "Vårdnadshavarnas begäran och din bedömning är registrerade."
    ),
    "The investigation during the intervention is recorded.": (
        "Utredningen under pågående insats är registrerad."
    ),
    "The order is cancelled.": "Beställningen är återkallad.",
    "The closing documentation is recorded.": "Avslutsdokumentationen är registrerad.",
    # units/models.py
    "execution check of an order, days after receipt": (
        "kontroll av verkställighet, dagar efter mottagandet"
    ),
    "role at the ordering unit that checks execution": (
        "roll vid den beställande enheten som kontrollerar verkställigheten"
    ),
    "follow-up of an ordered intervention at least every, months": (
        "uppföljning av beställd insats minst var, månader"
    ),
    "closing documentation of an order within, days": "avslutsdokumentation inom, dagar",
    # units/admin.py (the fieldset the lead adds for these settings)
    "Orders to open care (R26-R28)": "Beställningar till öppenvård (R26-R28)",
    # coordination/models/deadlines.py
    "Order to open care received": "Beställning till öppenvård inkommen",
    "Order refused by the provider": "Beställning avböjd av utföraren",
    "Ask the provider about execution": "Fråga utföraren om verkställigheten",
    "Implementation plan due": "Genomförandeplan ska vara klar",
    "Copy of the implementation plan": "Kopia av genomförandeplanen",
    "Follow-up of the intervention due": "Uppföljning av insatsen ska göras",
    "Closing documentation of the intervention due": "Avslutsdokumentation av insatsen ska göras",
    # templates/coordination/orders/
    "Orders to open care": "Beställningar till öppenvård",
    "acute": "akut",
    "Write an order to open care": "Skriv en beställning till öppenvård",
    "Order to open care": "Beställning till öppenvård",
    "The assignment describes the needs and the goals, communicated with the family, and the "
    "time-limited intervention decided on (R26). The provider reads the order only, not the "
    "rest of the case.": (
        "Uppdraget beskriver behoven och målen, kommunicerade med familjen, och den beslutade "
        "tidsbestämda insatsen (R26). Utföraren läser bara beställningen, inte resten av "
        "ärendet."
    ),
    "The case is under investigation: an acute, simplified order needs only a short account, "
    "the most acute needs and the time limit (R29).": (
        "Ärendet utreds: en akut, förenklad beställning behöver bara en kort redogörelse, de "
        "mest akuta behoven och tidsgränsen (R29)."
    ),
    "Order for %(person)s to %(unit)s": "Beställning för %(person)s till %(unit)s",
    "Acute, simplified order during an investigation (R29).": (
        "Akut, förenklad beställning under utredning (R29)."
    ),
    "Ordered by": "Beställd av",
    "Execution check due": "Kontroll av verkställighet senast",
    "Execution checked": "Verkställighet kontrollerad",
    "Refused": "Avböjd",
    "Kick-off meeting": "Uppstartsträff",
    "Next follow-up at the latest": "Nästa uppföljning senast",
    "Closing documentation due": "Avslutsdokumentation senast",
    "Closing documentation done": "Avslutsdokumentation klar",
    "The assignment": "Uppdraget",
    "Time limit": "Tidsgräns",
    "Edit the assignment": "Redigera uppdraget",
    "The guardians asked to end the intervention": "Vårdnadshavarna bad om att avsluta insatsen",
    "Day": "Dag",
    "Continues towards the child without the parents' consent": (
        "Fortsätter gentemot barnet utan föräldrarnas samtycke"
    ),
    "yes,no": "ja,nej",
    "Concern warrants an investigation": "Oron ger skäl att inleda utredning",
    "The caseworker's assessment": "Socialsekreterarens bedömning",
    "Investigation during the intervention": "Utredning under pågående insats",
    "The intervention continues": "Insatsen pågår",
    "Agreement": "Överenskommelse",
    "Version %(version)s, %(day)s (%(person)s)": "Version %(version)s, %(day)s (%(person)s)",
    "No implementation plan yet.": "Ingen genomförandeplan ännu.",
    "Follow-ups": "Uppföljningar",
    "Follow-up %(day)s (%(person)s)": "Uppföljning %(day)s (%(person)s)",
    "The needs of the assignment": "Uppdragets behov",
    "Need": "Behov",
    "No follow-ups yet.": "Inga uppföljningar ännu.",
    "Send the order": "Skicka beställningen",
    "Sending needs the consent to written material going to a provider (R12), and the "
    "assignment communicated with the family (R26).": (
        "För att skicka behövs samtycke till att skriftligt material lämnas till en utförare "
        "(R12), och uppdraget ska vara kommunicerat med familjen (R26)."
    ),
    "Send to the provider unit": "Skicka till utföraren",
    "Record receipt": "Registrera mottagande",
    "Execution check": "Kontroll av verkställighet",
    "Ask the provider whether and when the order will be executed, and record the answer (R26).": (
        "Fråga utföraren om och när beställningen verkställs, och registrera svaret (R26)."
    ),
    "Record the execution check": "Registrera kontrollen av verkställigheten",
    "The caseworker leads the kick-off with the family and the treater; the order is executed "
    "when it is held (R26, R27).": (
        "Socialsekreteraren leder uppstartsträffen med familjen och behandlaren; beställningen "
        "är verkställd när den har hållits (R26, R27)."
    ),
    "Record the kick-off": "Registrera uppstartsträffen",
    "Revise the implementation plan": "Revidera genomförandeplanen",
    "Write the implementation plan": "Skriv genomförandeplanen",
    "Drawn up with the family; a copy goes to the caseworker (R27).": (
        "Upprättas tillsammans med familjen; en kopia går till socialsekreteraren (R27)."
    ),
    "Record a follow-up": "Registrera en uppföljning",
    "Measure the intervention against every need of the assignment (R27).": (
        "Mät insatsen mot varje behov i uppdraget (R27)."
    ),
    "Record the follow-up": "Registrera uppföljningen",
    "Close the order": "Avsluta beställningen",
    "When a follow-up has shown that the goals are met, or with the reason it ends (R28).": (
        "När en uppföljning har visat att målen är uppnådda, eller med skälet till att den "
        "avslutas (R28)."
    ),
    "The guardians want to end the intervention": "Vårdnadshavarna vill avsluta insatsen",
    "For a child of %(age)s or older, assess whether the intervention can continue towards "
    "the child without the parents' consent; if it ends, assess whether concern for the "
    "child's development warrants an investigation (R28). The child is %(now)s today.": (
        "För ett barn som är %(age)s år eller äldre: bedöm om insatsen kan ske till barnet utan "
        "föräldrarnas samtycke; om den avslutas, bedöm om oron för barnets utveckling ger skäl "
        "att inleda utredning (R28). Barnet är %(now)s år i dag."
    ),
    "An investigation starts during the intervention": "En utredning inleds under pågående insats",
    "Decide whether the intervention continues during the investigation and record the "
    "agreement with the treater and the family (R29).": (
        "Ta ställning till om insatsen ska pågå under utredningstiden och registrera "
        "överenskommelsen med behandlaren och familjen (R29)."
    ),
    "Record": "Registrera",
    "Closing documentation": "Avslutsdokumentation",
    "Complete the documentation of the intervention within the set time after closing (R27).": (
        "Gör klart dokumentationen av insatsen inom den bestämda tiden efter avslutet (R27)."
    ),
    "The closing documentation is done": "Avslutsdokumentationen är klar",
    "Refuse the order": "Avböj beställningen",
    "The reason goes in writing to the caseworker and the ordering unit's deputy unit manager "
    "(R26).": (
        "Skälet går skriftligt till socialsekreteraren och den beställande enhetens 1:e "
        "socialsekreterare (R26)."
    ),
    "Cancel the order": "Återkalla beställningen",
    "Orders to my units": "Beställningar till mina enheter",
    "No orders to your units.": "Inga beställningar till dina enheter.",
    "Orders to check for execution": "Beställningar att kontrollera verkställighet för",
    "Ask the provider about execution within the set time after it received the order, and "
    "record its answer (R26).": (
        "Fråga utföraren om verkställigheten inom den bestämda tiden efter att den tog emot "
        "beställningen, och registrera svaret (R26)."
    ),
    "Check by": "Kontrollera senast",
    "overdue": "försenad",
    "No orders to check.": "Inga beställningar att kontrollera.",
}
