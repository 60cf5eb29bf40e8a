"""Swedish for the deadline engine's models and the organisation's handover settings."""

SV = {
    "First notice of a coming handover": "Första avisering om kommande överlämning",
    "Handover to be announced": "Överlämning ska aviseras",
    "Reminder: handover not yet announced": "Påminnelse: överlämningen är inte aviserad",
    "Handover announcement overdue": "Aviseringen av överlämningen är försenad",
    "Responsibility passes to the adult unit": "Ansvaret går över till vuxenenheten",
    "period": "period",
    "due": "förfaller",
    "receiving unit": "mottagande enhet",
    "raised": "skapad",
    "done": "klar",
    "done by": "klarmarkerad av",
    "due item": "bevakning",
    "due items": "bevakningar",
    "recipient": "mottagare",
    "e-mailed": "e-post skickad",
    "read": "läst",
    "acknowledged": "kvitterad",
    "notification": "notis",
    "notifications": "notiser",
    "responsibility ends": "ansvaret upphör",
    "decided by": "beslutat av",
    "decided": "beslutat",
    "agreed age exception": "överenskommet undantag från åldersgränsen",
    "agreed age exceptions": "överenskomna undantag från åldersgränsen",
    "birthday of someone born on 29 February, in common years": (
        "födelsedag för den som är född 29 februari, under vanliga år"
    ),
    "1 March": "1 mars",
    "28 February": "28 februari",
    "remind about an unannounced handover every, days": (
        "påminn om en inte aviserad överlämning var, dagar"
    ),
    "an unannounced handover goes to the unit manager after, days": (
        "en inte aviserad överlämning går till enhetschefen efter, dagar"
    ),
}
