"""Swedish for cost responsibility (R33, R20): interventions, cost rules, the case panel,
the dispute and decision pages and the report."""

SV = {
    "Treatment for addiction": "Behandling av missbruk",
    "Housing": "Boende",
    "Housing with interventions equivalent to home care or housing support": (
        "Boende med insatser motsvarande hemtjänst eller boendestöd"
    ),
    "Special housing": "Särskilt boende",
    "Placement (HVB, family home)": "Placering (HVB, familjehem)",
    "In-house open care": "Intern öppenvård",
    "Housing support": "Boendestöd",
    "Financial aid": "Ekonomiskt bistånd",
    "Other intervention": "Annan insats",
    "Proposed": "Föreslagen",
    "Agreed": "Överenskommen",
    "Disputed": "Ifrågasatt",
    "Decided by the department heads": "Beslutad av avdelningscheferna",
    "A department": "En avdelning",
    "The organisation's unit of a kind": "Organisationens enhet av ett slag",
    "The unit that decides the intervention": "Enheten som beslutar insatsen",
    "organisation": "organisation",
    "code": "kod",
    "priority": "prioritet",
    "rule": "regel",
    "routine": "rutin",
    "For example 001 or 003.": "Till exempel 001 eller 003.",
    "kinds of intervention": "insatstyper",
    "Empty: every kind.": "Tomt: alla typer.",
    "from age": "från ålder",
    "up to and including age": "till och med ålder",
    "the person lives in homelessness": "den enskilde lever i hemlöshet",
    "Empty: either.": "Tomt: båda.",
    "consult the holder of role": "samråd med innehavaren av rollen",
    "at the unit of kind": "vid enhet av slaget",
    "note": "anteckning",
    "The routine's words.": "Rutinens ordalydelse.",
    "cost rule": "kostnadsregel",
    "cost rules": "kostnadsregler",
    "Unknown kinds of intervention: %(kinds)s": "Okända insatstyper: %(kinds)s",
    "The upper age is below the lower age.": "Den övre åldern är lägre än den nedre.",
    "Name both the role and the kind of unit, or neither.": (
        "Ange både roll och enhetstyp, eller ingendera."
    ),
    "position": "position",
    "bearer": "kostnadsbärare",
    "department": "avdelning",
    "unit kind": "enhetstyp",
    "share, percent": "andel, procent",
    "share of a cost rule": "andel i en kostnadsregel",
    "shares of cost rules": "andelar i kostnadsregler",
    "Choose the department.": "Välj avdelningen.",
    "The department belongs to another organisation.": (
        "Avdelningen hör till en annan organisation."
    ),
    "Only a department bearer names a department.": (
        "Bara en avdelning som bärare anger en avdelning."
    ),
    "Choose the kind of unit.": "Välj enhetstyp.",
    "Only a unit-of-kind bearer names a kind of unit.": (
        "Bara en bärare av enhetstyp anger en enhetstyp."
    ),
    "case": "ärende",
    "kind of intervention": "insatstyp",
    "description": "beskrivning",
    "decided on": "beslutad",
    "from": "från",
    "to, inclusive": "till och med",
    "providing unit": "utförande enhet",
    "cost per month, öre": "kostnad per månad, öre",
    "age on the first day": "ålder första dagen",
    "proposed by rule": "föreslagen av regel",
    "state": "status",
    "recorded by": "registrerad av",
    "recorded": "registrerad",
    "consultation required": "samråd krävs",
    "consulted": "samråd med",
    "consulted on": "samråd den",
    "what was said": "vad som sades",
    "agreed by": "godkänd av",
    "agreed": "godkänd",
    "escalation": "eskalering",
    "decision": "beslut",
    "decided by": "beslutad av",
    "decided": "beslutad",
    "intervention": "insats",
    "interventions": "insatser",
    "The period ends before it starts.": "Perioden slutar innan den börjar.",
    "unit": "enhet",
    "cost share": "kostnadsandel",
    "cost shares": "kostnadsandelar",
    "month": "månad",
    "The first day of the month.": "Månadens första dag.",
    "joint cost": "gemensam kostnad",
    "amount, öre": "belopp, öre",
    "cost allocation": "kostnadsfördelning",
    "cost allocations": "kostnadsfördelningar",
    (
        "The cost rule “%(rule)s” does not add up to 100 percent; ask the administrator "
        "to correct it."
    ): ("Kostnadsregeln ”%(rule)s” summerar inte till 100 procent; be administratören rätta den."),
    (
        "The cost rule “%(rule)s” names a kind of unit the organisation has none of; "
        "ask the administrator to correct it."
    ): (
        "Kostnadsregeln ”%(rule)s” anger en enhetstyp som organisationen saknar; be "
        "administratören rätta den."
    ),
    "The cost is %(state)s and cannot change that way.": (
        "Kostnaden är %(state)s och kan inte ändras så."
    ),
    "Name at least one bearer of the cost.": "Ange minst en kostnadsbärare.",
    "Each share names either a unit or a department.": (
        "Varje andel anger antingen en enhet eller en avdelning."
    ),
    "Choose units and departments of your own organisation.": (
        "Välj enheter och avdelningar i er egen organisation."
    ),
    "%(bearer)s is named twice; give it one share.": (
        "%(bearer)s anges två gånger; ge den en andel."
    ),
    "Each share is a whole percent from 1 to 100.": "Varje andel är hela procent från 1 till 100.",
    "The shares add up to %(total)s percent; they must add up to 100.": (
        "Andelarna summerar till %(total)s procent; de ska summera till 100."
    ),
    "Choose the kind of intervention.": "Välj insatstyp.",
    "The intervention is decided on or before its first day.": (
        "Insatsen beslutas senast dess första dag."
    ),
    "Choose one of your organisation's units.": "Välj en av organisationens enheter.",
    "Give the cost per month, more than 0 kronor.": "Ange kostnaden per månad, mer än 0 kronor.",
    "Choose whom the routine says to consult.": "Välj den som rutinen säger ska rådfrågas.",
    "Give the day of the consultation.": "Ange dagen för samrådet.",
    "The consultation cannot be in the future.": "Samrådet kan inte ligga i framtiden.",
    "Record the consultation the routine requires first.": (
        "Registrera först det samråd som rutinen kräver."
    ),
    "Write why the cost split is disputed.": "Skriv varför kostnadsfördelningen ifrågasätts.",
    "There is no other unit to dispute this cost with.": (
        "Det finns ingen annan enhet att ifrågasätta kostnaden med."
    ),
    "Cost responsibility for %(kind)s %(start)s to %(end)s: %(reason)s": (
        "Kostnadsansvar för %(kind)s %(start)s till %(end)s: %(reason)s"
    ),
    "Proposed split: %(split)s (%(rule)s).": "Föreslagen fördelning: %(split)s (%(rule)s).",
    "the deciding unit, R9": "den beslutande enheten, R9",
    "Write the decision.": "Skriv beslutet.",
    "Kind of intervention": "Insatstyp",
    "Description": "Beskrivning",
    "Decided on": "Beslutad",
    "From": "Från",
    "To, inclusive": "Till och med",
    "Providing unit": "Utförande enhet",
    "Cost per month, kronor": "Kostnad per månad, kronor",
    "The person lives in homelessness": "Den enskilde lever i hemlöshet",
    "Consulted": "Samråd med",
    "Consulted on": "Samråd den",
    "What was said": "Vad som sades",
    "Why the split is disputed": "Varför fördelningen ifrågasätts",
    "The department heads decide; write what each side proposes.": (
        "Avdelningscheferna beslutar; skriv vad varje sida föreslår."
    ),
    "Decision": "Beslut",
    "Bearer %(number)s": "Bärare %(number)s",
    "Share %(number)s, percent": "Andel %(number)s, procent",
    "Give each bearer a share, and each share a bearer.": (
        "Ge varje bärare en andel och varje andel en bärare."
    ),
    "From month": "Från månad",
    "To month": "Till månad",
    "The last month is before the first.": "Sista månaden är före den första.",
    "The intervention is recorded; its cost is borne by your own unit.": (
        "Insatsen är registrerad; kostnaden bärs av er egen enhet."
    ),
    "The intervention is recorded. Record the consultation the routine requires.": (
        "Insatsen är registrerad. Registrera det samråd som rutinen kräver."
    ),
    "The intervention is recorded; the other side is asked to agree to the split.": (
        "Insatsen är registrerad; den andra sidan ombeds godkänna fördelningen."
    ),
    "The consultation is recorded.": "Samrådet är registrerat.",
    "You agreed to the cost split.": "Du har godkänt kostnadsfördelningen.",
    "The dispute is on the escalation ladder at level %(level)s.": (
        "Frågan är på eskaleringstrappan på nivå %(level)s."
    ),
    "The decision on the cost is recorded.": "Beslutet om kostnaden är registrerat.",
    "Table": "Tabell",
    "Department": "Avdelning",
    "Unit": "Enhet",
    "Borne alone, kronor": "Bärs ensam, kronor",
    "Share of joint costs, kronor": "Andel av gemensamma kostnader, kronor",
    "Total, kronor": "Totalt, kronor",
    "By department": "Per avdelning",
    "By unit": "Per enhet",
    "Costs per unit and department": "Kostnader per enhet och avdelning",
    "Show": "Visa",
    "Download as CSV": "Ladda ned som CSV",
    "Total per department": "Totalt per avdelning",
    "Borne alone": "Bärs ensam",
    "Share of joint costs": "Andel av gemensamma kostnader",
    "Total": "Totalt",
    "No agreed or decided costs in the period.": (
        "Inga överenskomna eller beslutade kostnader under perioden."
    ),
    "No costs borne by a unit in the period.": (
        "Inga kostnader som bärs av en enhet under perioden."
    ),
    "Proposed, not yet agreed": "Föreslaget, ännu inte godkänt",
    "Disputed, with the department heads": "Ifrågasatt, hos avdelningscheferna",
    (
        "%(organisation)s, %(start)s to %(end)s: agreed and decided costs of "
        "interventions, each month's cost pro rata by days (R33)."
    ): (
        "%(organisation)s, %(start)s till %(end)s: överenskomna och beslutade kostnader "
        "för insatser, varje månads kostnad fördelad efter dagar (R33)."
    ),
    "Person": "Person",
    "Intervention": "Insats",
    "Per month": "Per månad",
    "Cost borne by": "Kostnaden bärs av",
    "Escalation": "Eskalering",
    "Dispute the cost split": "Ifrågasätt kostnadsfördelningen",
    (
        "A disputed cost goes up the escalation ladder to the department heads, who "
        "decide (R33). Until then the unit that decided the intervention remains "
        "responsible for it (R9)."
    ): (
        "En ifrågasatt kostnad går upp på eskaleringstrappan till avdelningscheferna, "
        "som beslutar (R33). Till dess har enheten som beslutade insatsen kvar ansvaret "
        "för den (R9)."
    ),
    "Send to the department heads": "Skicka till avdelningscheferna",
    "Back to the case": "Tillbaka till ärendet",
    "Record the consultation": "Registrera samrådet",
    (
        "Cost decisions for 18-20 year olds are made in consultation with the BoU "
        "operations manager (R20)."
    ): (
        "Beslut med kostnadsansvar för 18-20-åringar fattas i samråd med "
        "verksamhetschefen för barn och ungdom (R20)."
    ),
    "Decide the cost split": "Besluta kostnadsfördelningen",
    (
        "Name each bearer and its share; the shares add up to 100 percent. The "
        "escalation is decided with it."
    ): (
        "Ange varje bärare och dess andel; andelarna summerar till 100 procent. "
        "Eskaleringen beslutas samtidigt."
    ),
    "Record the decision": "Registrera beslutet",
    "Record an intervention": "Registrera en insats",
    "Deciding unit": "Beslutande enhet",
    "The organisation's cost rules propose who bears the cost (R33).": (
        "Organisationens kostnadsregler föreslår vem som bär kostnaden (R33)."
    ),
    "Record the intervention": "Registrera insatsen",
    "Interventions and cost responsibility": "Insatser och kostnadsansvar",
    "Period": "Period",
    "State": "Status",
    "No cost rule applies: the deciding unit bears the cost (R9)": (
        "Ingen kostnadsregel gäller: den beslutande enheten bär kostnaden (R9)"
    ),
    "Consultation with the BoU operations manager required (R20)": (
        "Samråd med verksamhetschefen för barn och ungdom krävs (R20)"
    ),
    "Agree to the split": "Godkänn fördelningen",
    "Dispute the split": "Ifrågasätt fördelningen",
    "Decide the split": "Besluta fördelningen",
    "Provided by %(unit)s": "Utförs av %(unit)s",
    "Proposed by the rule “%(rule)s” (routine %(source)s, R33)": (
        "Föreslagen av regeln ”%(rule)s” (rutin %(source)s, R33)"
    ),
    "Consulted %(name)s on %(day)s (R20)": "Samråd med %(name)s den %(day)s (R20)",
    "Escalation #%(number)s": "Eskalering #%(number)s",
}
