"""Swedish for routing new cases by age group (R16, R20); the lead merges it into locale/."""

SV = {
    # coordination/forms.py (CaseRegisterForm)
    "Matter": "Ärendet gäller",
    "What the case is about: the routine proposes a unit from it (R16, R20).": (
        "Vad ärendet gäller: utifrån det föreslår rutinen en enhet (R16, R20)."
    ),
    # coordination/views.py (CaseRegisterView)
    "The routine proposed %(units)s (rule “%(rule)s”); the case is at %(unit)s.": (
        "Rutinen föreslog %(units)s (regeln ”%(rule)s”); ärendet ligger på %(unit)s."
    ),
    # templates/coordination/case_register.html
    "Responsible unit by the routine": "Ansvarig enhet enligt rutinen",
    "Proposed: %(units)s, by the rule “%(rule)s” (%(source)s).": (
        "Förslag: %(units)s, enligt regeln ”%(rule)s” (%(source)s)."
    ),
    "Proposed: %(units)s, by the rule “%(rule)s”.": (
        "Förslag: %(units)s, enligt regeln ”%(rule)s”."
    ),
    "The rule “%(rule)s” proposes a unit of the kind %(kind)s, but the organisation has no "
    "such unit. Choose the responsible unit yourself.": (
        "Regeln ”%(rule)s” föreslår en enhet av slaget %(kind)s, men organisationen har "
        "ingen sådan enhet. Välj själv ansvarig enhet."
    ),
    "You are registering the case at %(unit)s, which is not the proposed unit. You may do "
    "so; consider contacting the proposed unit.": (
        "Du aktualiserar ärendet på %(unit)s, som inte är den föreslagna enheten. Det får du "
        "göra; överväg att kontakta den föreslagna enheten."
    ),
    "No routing rule applies to this person and matter: choose the responsible unit yourself.": (
        "Ingen fördelningsregel gäller för personen och ärendet: välj själv ansvarig enhet."
    ),
    # coordination/api/serializers.py and views.py (case registration)
    "The routine, e.g. 001.": "Rutinen, t.ex. 001.",
    "Age on the registration day.": "Ålder på aktualiseringsdagen.",
    "Empty when the organisation has no such unit.": "Tom när organisationen saknar sådan enhet.",
    "Null when no routing rule applies (R16, R20).": (
        "Null när ingen fördelningsregel gäller (R16, R20)."
    ),
    "Whether the case is at a unit of the proposed kind; null without one.": (
        "Om ärendet ligger på en enhet av det föreslagna slaget; null utan förslag."
    ),
    "Register a case at your unit for an individual in your scope (id) or by identity "
    "number, registering the person if the number is new. The answer holds the active-case "
    "check (R3) and the unit the organisation's routine proposes for the person's age and "
    "the `matter` (R16, R20).": (
        "Aktualisera ett ärende på din enhet för en person i din behörighet (id) eller med "
        "personnummer; personen registreras om numret är nytt. Svaret innehåller "
        "aktualitetskontrollen (R3) och den enhet som organisationens rutin föreslår utifrån "
        "personens ålder och `matter` (R16, R20)."
    ),
    # coordination/models/routine.py: CaseMatter, KnownCondition, RoutingRule (the model's
    # msgids, shown in the form's list of matters and in the admin; not in locale/ yet)
    "Application or report, general": "Ansökan eller anmälan, allmän",
    "Addiction": "Missbruk",
    "Financial aid": "Ekonomiskt bistånd",
    "Violence in close relationships": "Våld i nära relationer",
    "LOB report (taken into custody when intoxicated)": "LOB-anmälan (omhändertagen berusad)",
    "Traffic sobriety offence": "Trafiknykterhetsbrott",
    "Drug offence": "Narkotikabrott",
    "Driving-licence statement": "Körkortsyttrande",
    "Application for housing support": "Ansökan om boendestöd",
    "Report of concern for a child": "Orosanmälan om barn",
    "What a new case is about, as far as routing by age group needs it (R16, R20).": (
        "Vad ett nytt ärende gäller, så långt fördelningen efter åldersgrupp behöver det "
        "(R16, R20)."
    ),
    "Whether known or not": "Oavsett om känd eller inte",
    "Known at the unit kind": "Känd på enhetsslaget",
    "Not known at the unit kind": "Inte känd på enhetsslaget",
    "Previously unknown at every unit": "Inte tidigare känd på någon enhet",
    "routing rule": "fördelningsregel",
    "routing rules": "fördelningsregler",
    "priority": "prioritet",
    "rule": "regel",
    "routine": "rutin",
    "For example 001 or 003.": "Till exempel 001 eller 003.",
    "from age": "från ålder",
    "up to and including age": "till och med ålder",
    "matters": "ärendet gäller",
    "Empty: every matter.": "Tom: alla slags ärenden.",
    "except matters": "utom",
    "known": "känd",
    "known at unit kind": "känd på enhetsslag",
    "known within, years": "känd inom, år",
    "Empty: ever known.": "Tom: någon gång känd.",
    "goes to unit kind": "går till enhetsslag",
    "matter": "ärendet gäller",
    "Unknown matters: %(matters)s": "Okända slags ärenden: %(matters)s",
    "The upper age is below the lower age.": "Den övre åldern är lägre än den nedre.",
    "Name the kind of unit the person is known at.": (
        "Ange vilket slags enhet personen är känd på."
    ),
}
