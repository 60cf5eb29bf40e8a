"""Swedish for co-caseworkers (R17, R20) and contacts seen from both sides (R6); the lead
merges it into locale/."""

SV = {
    # coordination/models/cooperation.py (CoCaseworker), shown on these pages
    "Expertise": "Expertkunskap",
    "Transition before a handover": "Övergång inför en överlämning",
    "What the co-caseworker does": "Vad medhandläggaren gör",
    "From": "Från",
    "Until": "Till och med",
    # coordination/services/co_caseworkers.py
    "The end date is before the start date.": "Slutdatumet är före startdatumet.",
    "The period has already ended.": "Perioden har redan tagit slut.",
    "The case is closed.": "Ärendet är avslutat.",
    "A co-caseworker comes from another unit than the case's own (%(unit)s).": (
        "En medhandläggare kommer från en annan enhet än ärendets egen (%(unit)s)."
    ),
    "The unit belongs to another organisation than the case.": (
        "Enheten hör till en annan organisation än ärendet."
    ),
    "%(person)s is not a caseworker or coordinator at %(unit)s.": (
        "%(person)s är inte handläggare eller samordnare på %(unit)s."
    ),
    "%(person)s is already co-caseworker for this case from %(start)s to %(end)s; the "
    "periods may not overlap.": (
        "%(person)s är redan medhandläggare i ärendet från %(start)s till och med %(end)s; "
        "perioderna får inte överlappa."
    ),
    "Co-caseworker %(person)s (%(unit)s) appointed for a transition": (
        "Medhandläggare %(person)s (%(unit)s) utsedd inför en övergång"
    ),
    "The appointment is already revoked.": "Förordnandet är redan återkallat.",
    "The appointment has already ended.": "Förordnandet har redan upphört.",
    # coordination/selectors_co_caseworkers.py (states)
    "Coming": "Kommande",
    "Active": "Pågående",
    "Ended": "Avslutad",
    "Revoked": "Återkallad",
    # coordination/forms_co_caseworkers.py
    "The co-caseworker's unit": "Medhandläggarens enhet",
    "Purpose": "Syfte",
    "YYYY-MM-DD. Access opens on this day.": "ÅÅÅÅ-MM-DD. Åtkomsten öppnas denna dag.",
    "YYYY-MM-DD. Access ends when this day is over.": (
        "ÅÅÅÅ-MM-DD. Åtkomsten upphör när denna dag är slut."
    ),
    "Legal basis for going ahead without consent": "Rättslig grund för att gå vidare utan samtycke",
    "Why the appointment cannot wait for consent": "Varför förordnandet inte kan vänta på samtycke",
    # coordination/views_co_caseworkers.py
    "The co-caseworker is appointed.": "Medhandläggaren är utsedd.",
    "%(person)s is no longer co-caseworker for the case.": (
        "%(person)s är inte längre medhandläggare i ärendet."
    ),
    # templates/coordination/co_caseworkers/_case_panel.html
    "Co-caseworkers": "Medhandläggare",
    "Co-caseworkers of the case": "Ärendets medhandläggare",
    "Name": "Namn",
    "State": "Läge",
    "Actions": "Åtgärder",
    "Revoke": "Återkalla",
    "No co-caseworker is appointed.": "Ingen medhandläggare är utsedd.",
    "Appoint a co-caseworker": "Utse en medhandläggare",
    # templates/coordination/co_caseworkers/appoint.html
    "A caseworker from another unit works with the case for a period, for expertise or for "
    "a transition before a handover. The co-caseworker reads the case from the first day "
    "until the last day of the period.": (
        "En handläggare från en annan enhet arbetar med ärendet under en period, för "
        "expertkunskap eller för en övergång inför en överlämning. Medhandläggaren kan läsa "
        "ärendet från periodens första dag till och med dess sista dag."
    ),
    "Going ahead without consent": "Gå vidare utan samtycke",
    "Only where the law allows it. The override is recorded and reviewed.": (
        "Bara där lagen tillåter det. Undantaget dokumenteras och granskas."
    ),
    "Appoint": "Utse",
    # templates/coordination/co_caseworkers/mine.html
    "Cases where I am co-caseworker": "Ärenden där jag är medhandläggare",
    "Case at unit": "Ärende på enhet",
    "The case opens to you on the first day of the period and closes when the last day is over.": (
        "Ärendet öppnas för dig på periodens första dag och stängs när den sista dagen är slut."
    ),
    "You are not co-caseworker for any case now.": "Du är inte medhandläggare i något ärende nu.",
    # templates/coordination/contacts/with_my_units.html
    "Contacts with my units": "Kontakter med mina enheter",
    "Contacts other units have recorded with your units or with you (R6). You see the record "
    "and its decisions; the other unit's case stays with that unit.": (
        "Kontakter som andra enheter har dokumenterat med dina enheter eller med dig (R6). Du "
        "ser anteckningen och dess beslut; den andra enhetens ärende stannar hos den enheten."
    ),
    "Recorded by": "Dokumenterad av",
    "With": "Med",
    "Decisions": "Beslut",
    "Information transfer needed": "Informationsöverföring behövs",
    "No information transfer": "Ingen informationsöverföring",
    "Joint work plan needed": "Gemensam arbetsplanering behövs",
    "No joint work plan": "Ingen gemensam arbetsplanering",
    "About a handover": "Gäller en överlämning",
    "Our case": "Vårt ärende",
    "Newer contacts": "Nyare kontakter",
    "Older contacts": "Äldre kontakter",
    "No other unit has recorded a contact with your units.": (
        "Ingen annan enhet har dokumenterat någon kontakt med dina enheter."
    ),
}
