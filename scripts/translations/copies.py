"""Swedish for copies between units and kept-within-unit steps (R31, R32, issue 8 item 3); the
lead merges it."""

SV = {
    # coordination/models/exchange.py and deadlines.py (the copy's own labels)
    "Message about electricity or rent debts, eviction or power cut": (
        "Meddelande om el- eller hyresskuld, vräkning eller avstängning av el"
    ),
    "Concern for a child": "Oro för barn",
    "Copy of an invitation or appointment": "Kopia på kallelse eller tid",
    "Copy of a decision": "Kopia på beslut",
    "Message to the unit's coordinator": "Meddelande till enhetens samordnare",
    "Rent debt": "Hyresskuld",
    "Electricity debt": "Elskuld",
    "Notice of eviction": "Avisering om vräkning",
    "Notice of power cut": "Avisering om avstängning av el",
    "sent to": "skickad till",
    "kind of debt": "slags skuld",
    "child": "barn",
    "message received": "meddelandet inkom",
    "message": "meddelande",
    "sent by": "skickad av",
    "sent": "skickad",
    "read by": "läst av",
    "read": "läst",
    "the receiving unit's assessment": "mottagande enhets bedömning",
    "assessed by": "bedömd av",
    "assessed": "bedömd",
    "copy to another unit": "kopia till annan enhet",
    "copies to other units": "kopior till andra enheter",
    "A debt message names the kind of debt and when it was received; other copies name no debt.": (
        "Ett meddelande om skuld anger slags skuld och när det inkom; andra kopior anger "
        "ingen skuld."
    ),
    "A concern names the child; other copies name none.": (
        "En oro anger barnet; andra kopior anger inget barn."
    ),
    "Copy from another unit received": "Kopia från annan enhet mottagen",
    "copy": "kopia",
    "Copy #%(number)s": "Kopia nr %(number)s",
    "kept within the responsible unit": "stannar inom den ansvariga enheten",
    "Only the responsible unit sees who holds the step, its state and its record; the other "
    "units see the step's title and unit.": (
        "Bara den ansvariga enheten ser vem som har steget, dess läge och dess underlag; de "
        "andra enheterna ser stegets rubrik och enhet."
    ),
    # coordination/services/copies.py
    "This message is sent from a case at an adult unit (R31, R32); %(unit)s is not one.": (
        "Meddelandet skickas från ett ärende på en vuxenenhet (R31, R32); %(unit)s är ingen "
        "vuxenenhet."
    ),
    "Your organisation has no active children's unit (BoU) to send the copy to. Ask the "
    "administrator to register it.": (
        "Er organisation har ingen aktiv enhet för barn och unga (BoU) att skicka kopian till. "
        "Be administratören lägga in den."
    ),
    "Choose the BoU unit the copy goes to.": "Välj vilken BoU-enhet kopian går till.",
    "Choose one of your organisation's BoU units.": "Välj en av er organisations BoU-enheter.",
    "Write the message the unit receives.": "Skriv meddelandet som enheten får.",
    "Choose what kind of copy this is.": "Välj vad det är en kopia av.",
    "Choose another active unit of your organisation.": (
        "Välj en annan aktiv enhet i er organisation."
    ),
    "No child under 18 is recorded for %(name)s, so this is not a family with children (R31). "
    "Record the child first: on the person's page, choose “Add a family member”, give the "
    "child's personal identity number and “Guardian of” or “Parent of (not guardian)”. Then "
    "send the message again.": (
        "Inget barn under 18 år finns registrerat för %(name)s, så det är ingen barnfamilj "
        "(R31). Registrera barnet först: välj ”Lägg till en familjemedlem” på personens sida, "
        "ange barnets personnummer och ”Vårdnadshavare till” eller ”Förälder till (ej "
        "vårdnadshavare)”. Skicka sedan meddelandet igen."
    ),
    "Choose what the message is about.": "Välj vad meddelandet gäller.",
    "Give the day the message came.": "Ange dagen då meddelandet kom.",
    "The day the message came cannot be in the future.": (
        "Dagen då meddelandet kom kan inte ligga i framtiden."
    ),
    "Choose one of the person's children under 18 recorded in the portal.": (
        "Välj ett av personens barn under 18 år som finns registrerade i portalen."
    ),
    "%(name)s recorded the unit's assessment on %(day)s; it is not changed here. Write anything "
    "new in the case file.": (
        "%(name)s registrerade enhetens bedömning den %(day)s; den ändras inte här. Skriv det "
        "som är nytt i journalen."
    ),
    "Write the unit's assessment.": "Skriv enhetens bedömning.",
    # coordination/forms_copies.py
    "What is copied": "Vad kopian gäller",
    "The message": "Meddelandet",
    "What the other unit receives. Write only what it needs to know (R4).": (
        "Det som den andra enheten får. Skriv bara det den behöver veta (R4)."
    ),
    "To the unit": "Till enheten",
    "To the BoU unit": "Till BoU-enheten",
    "Your organisation has more than one BoU unit.": "Er organisation har fler än en BoU-enhet.",
    "The message is about": "Meddelandet gäller",
    "The message came on": "Meddelandet kom",
    "The message to BoU": "Meddelandet till BoU",
    "Who sent the message (landlord, electricity company), the amount and any date of eviction "
    "or power cut. BoU receives it whether or not the family is known there.": (
        "Vem som skickade meddelandet (hyresvärd, elbolag), beloppet och eventuellt datum för "
        "vräkning eller avstängning. BoU får det oavsett om familjen är aktuell där."
    ),
    "The concern": "Oron",
    "What gives cause for concern, and how it came to the unit's knowledge.": (
        "Vad som föranleder oro, och hur det kom till enhetens kännedom."
    ),
    "The child": "Barnet",
    "The unit's assessment": "Enhetens bedömning",
    "For example whether the family is known here and what the unit does. The sending unit "
    "never sees this (R31).": (
        "Till exempel om familjen är aktuell här och vad enheten gör. Den skickande enheten "
        "ser aldrig detta (R31)."
    ),
    # coordination/views_copies.py
    "The copy is sent to %(unit)s.": "Kopian är skickad till %(unit)s.",
    "The routine “%(name)s” is started.": "Rutinen ”%(name)s” är startad.",
    "%(kind)s: your unit and %(unit)s make the assessment together, with a joint visit when "
    "needed (R31). Agree on a time with %(unit)s.": (
        "%(kind)s: er enhet och %(unit)s gör bedömningen tillsammans, med gemensamt besök vid "
        "behov (R31). Kom överens om en tid med %(unit)s."
    ),
    "Send a copy to another unit": "Skicka en kopia till en annan enhet",
    "Send the copy": "Skicka kopian",
    "The other unit's coordinators are told. Your unit sees that the copy was sent, never what "
    "the other unit does with it.": (
        "Den andra enhetens samordnare får besked. Er enhet ser att kopian skickades, aldrig "
        "vad den andra enheten gör med den."
    ),
    "Message about debts, eviction or power cut": (
        "Meddelande om skulder, vräkning eller avstängning av el"
    ),
    "Send the copy to BoU": "Skicka kopian till BoU",
    "Electricity and rent debts in families with children are handled here; a copy of every "
    "such message goes to BoU, which alone knows whether the family is known there (R31).": (
        "El- och hyresskulder i barnfamiljer handläggs här; en kopia av varje sådant meddelande "
        "går till BoU, som ensam vet om familjen är aktuell där (R31)."
    ),
    "Hand the concern to BoU": "Lämna oron till BoU",
    "Concern for a child is always handed to BoU and discussed with them (R32). A report of "
    "concern under the Social Services Act is made as usual.": (
        "Oro för barn lämnas alltid till BoU, och ni rådgör med dem (R32). En orosanmälan "
        "enligt socialtjänstlagen görs som vanligt."
    ),
    "The unit's assessment is recorded.": "Enhetens bedömning är registrerad.",
    # templates/coordination/copies/
    "Copies received": "Mottagna kopior",
    "Copies other units sent to your units: messages about debts in families with children "
    "(R31), concerns for a child (R32), copies of invitations and decisions. Unread first.": (
        "Kopior som andra enheter skickat till era enheter: meddelanden om skulder i "
        "barnfamiljer (R31), oro för barn (R32), kopior på kallelser och beslut. Olästa först."
    ),
    "Copies to your units, unread first, then newest": (
        "Kopior till era enheter, olästa först, sedan de nyaste"
    ),
    "Assessed": "Bedömd",
    "Read, not assessed": "Läst, inte bedömd",
    "Your units have received no copies.": "Era enheter har inte fått några kopior.",
    "Child: %(name)s": "Barn: %(name)s",
    "No child under 18 is recorded for the person. Messages about debts and concerns for a "
    "child go to BoU only for a recorded child: record the child first (“Guardian of” or "
    "“Parent of”), by the child's own personal identity number.": (
        "Inget barn under 18 år finns registrerat för personen. Meddelanden om skulder och oro "
        "för barn går till BoU bara för ett registrerat barn: registrera barnet först "
        "(”Vårdnadshavare till” eller ”Förälder till”), med barnets eget personnummer."
    ),
    "Back to the copies received": "Tillbaka till mottagna kopior",
    "Whom the copy is about": "Vilka kopian gäller",
    "Personal identity number": "Personnummer",
    "Your unit's assessment": "Er enhets bedömning",
    "Assessment": "Bedömning",
    "Eviction or power cut: %(unit)s and your unit make the assessment together, with a joint "
    "visit when needed (R31).": (
        "Vräkning eller avstängning av el: %(unit)s och er enhet gör bedömningen tillsammans, "
        "med gemensamt besök vid behov (R31)."
    ),
    "Only %(unit)s sees which of them have an open case here; the sending unit does not (R31).": (
        "Bara %(unit)s ser vilka av dem som har ett öppet ärende här; den skickande enheten "
        "gör det inte (R31)."
    ),
    "Open case at %(unit)s": "Öppet ärende på %(unit)s",
    "Opened %(day)s, %(name)s": "Öppnat %(day)s, %(name)s",
    "First read by %(name)s, %(at)s.": "Först läst av %(name)s, %(at)s.",
    "Copies to other units": "Kopior till andra enheter",
    "What was sent from this case, when and to which unit. What the other unit does with a "
    "copy, and whether it knows the family, stays with that unit (R4, R31).": (
        "Vad som skickats från ärendet, när och till vilken enhet. Vad den andra enheten gör "
        "med en kopia, och om den känner familjen, stannar hos den enheten (R4, R31)."
    ),
    "Copies sent from this case, newest first": "Kopior skickade från ärendet, nyaste först",
    "Message": "Meddelande",
    "Sent by": "Skickad av",
    "Joint assessment with BoU (R31)": "Gemensam bedömning med BoU (R31)",
    "Message about debts, eviction or power cut (R31)": (
        "Meddelande om skulder, vräkning eller avstängning av el (R31)"
    ),
    "A copy of every message about electricity or rent debts in a family with children goes to "
    "BoU (R31).": (
        "En kopia av alla meddelanden om el- och hyresskulder i barnfamiljer lämnas till BoU (R31)."
    ),
    "Concern for a child (R32)": "Oro för barn (R32)",
    "Concern for a child is always handed to BoU and discussed with them (R32).": (
        "Oro för barn lämnas alltid till BoU, och ni rådgör med dem (R32)."
    ),
    "came %(day)s": "inkom %(day)s",
    "About %(name)s": "Gäller %(name)s",
    # templates/coordination/routines/
    "Kept within %(unit)s (R31)": "Stannar inom %(unit)s (R31)",
    "This step is kept within %(unit)s (R31): the other units see its title and unit only, "
    "never who holds it, its state or its record. Close it either way, done or skipped with a "
    "reason, so that the routine ends the same whether or not the family is known here.": (
        "Steget stannar inom %(unit)s (R31): de andra enheterna ser bara dess rubrik och "
        "enhet, aldrig vem som har det, dess läge eller underlag. Avsluta det i båda fallen, "
        "utfört eller överhoppat med skäl, så att rutinen slutar likadant oavsett om familjen "
        "är aktuell här."
    ),
}
