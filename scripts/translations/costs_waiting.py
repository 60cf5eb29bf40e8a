"""Swedish for the other side of a cost split (R33, R4): the intervention's own page, "costs
waiting for your agreement", and the refusals of a late answer."""

SV = {
    "Intervention #%(number)s": "Insats #%(number)s",
    "Intervention #%(number)s: %(kind)s": "Insats #%(number)s: %(kind)s",
    "Intervention #%(number)s: %(kind)s for %(person)s": (
        "Insats #%(number)s: %(kind)s för %(person)s"
    ),
    (
        "Units hold secrecy against each other: this page shows the cost and its split, not "
        "who the person is or what the case holds (R4)."
    ): (
        "Enheterna har sekretess mot varandra: sidan visar kostnaden och dess fördelning, "
        "inte vem den enskilde är eller vad ärendet innehåller (R4)."
    ),
    "Your answer was not saved": "Ditt svar sparades inte",
    "the dispute was withdrawn; the split waits for agreement again": (
        "frågan drogs tillbaka; fördelningen väntar åter på godkännande"
    ),
    "Age on the first day": "Ålder första dagen",
    "In homelessness": "I hemlöshet",
    "Proposed by": "Föreslagen av",
    "The rule “%(rule)s” (routine %(source)s, R33)": "Regeln ”%(rule)s” (rutin %(source)s, R33)",
    "Consultation (R20)": "Samråd (R20)",
    "Decided by %(who)s, %(at)s": "Beslutad av %(who)s, %(at)s",
    "Answers": "Svar",
    "The history of the split, oldest first": "Fördelningens historik, äldst först",
    "Your side bears the share shown above from the first day of the period.": (
        "Er sida bär andelen ovan från periodens första dag."
    ),
    "Costs waiting for your agreement": "Kostnader som väntar på ert godkännande",
    (
        "Cost splits that another unit's rules propose your unit or department should bear "
        "in part or in full, oldest first. Agree, or dispute: a dispute goes to the "
        "department heads (R33). The person is not named: units hold secrecy against each "
        "other (R4)."
    ): (
        "Kostnadsfördelningar där en annan enhets regler föreslår att er enhet eller "
        "avdelning ska bära en del av kostnaden eller hela, äldst först. Godkänn eller "
        "ifrågasätt: en ifrågasatt fördelning går till avdelningscheferna (R33). Den enskilde "
        "namnges inte: enheterna har sekretess mot varandra (R4)."
    ),
    "Cost splits waiting for your side's agreement, oldest first": (
        "Kostnadsfördelningar som väntar på er sidas godkännande, äldst först"
    ),
    "#%(number)s %(kind)s": "#%(number)s %(kind)s",
    "No cost split waits for your agreement.": (
        "Ingen kostnadsfördelning väntar på ert godkännande."
    ),
    "Back to the intervention": "Tillbaka till insatsen",
    "Recorded; the split proposed": "Registrerad; fördelningen föreslagen",
    "Consultation recorded (R20)": "Samrådet registrerat (R20)",
    "The cost split no longer waits for agreement: it is %(state)s.": (
        "Kostnadsfördelningen väntar inte längre på godkännande: den är %(state)s."
    ),
    "The cost split can no longer be disputed: it is %(state)s.": (
        "Kostnadsfördelningen kan inte längre ifrågasättas: den är %(state)s."
    ),
    "The case is closed; the cost split can no longer be disputed.": (
        "Ärendet är avslutat; kostnadsfördelningen kan inte längre ifrågasättas."
    ),
}
