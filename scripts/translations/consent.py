"""Swedish for consent (R12, R28), the handover contact, and SIP and care planning (R14)."""

SV = {
    # The consent check (coordination/services/consent.py)
    "Consent is missing: %(scope)s (%(unit)s) for %(person)s. Record the consent, or state "
    "the legal basis for going ahead without it.": (
        "Samtycke saknas: %(scope)s (%(unit)s) för %(person)s. Registrera samtycket, eller "
        "ange det lagstöd som gör att du kan gå vidare utan det."
    ),
    "Consent is missing: %(scope)s for %(person)s. Record the consent, or state the legal "
    "basis for going ahead without it.": (
        "Samtycke saknas: %(scope)s för %(person)s. Registrera samtycket, eller ange det "
        "lagstöd som gör att du kan gå vidare utan det."
    ),
    "Choose the legal basis from the list.": "Välj lagstöd i listan.",
    "Write why the action cannot wait for consent.": (
        "Skriv varför åtgärden inte kan vänta på samtycke."
    ),
    "The child's consent without the guardians needs your assessment: write in the note why "
    "the child's own consent is enough (R28).": (
        "Barnets samtycke utan vårdnadshavarna kräver din bedömning: skriv i anteckningen "
        "varför barnets eget samtycke räcker (R28)."
    ),
    "Name the unit the consent covers.": "Ange vilken enhet samtycket gäller.",
    "Name the provider the written material goes to.": (
        "Ange vilken utförare det skriftliga materialet går till."
    ),
    "Consent cannot be recorded as given in the future.": (
        "Ett samtycke kan inte registreras som lämnat i framtiden."
    ),
    "The consent cannot end before it was given.": (
        "Samtycket kan inte upphöra innan det lämnades."
    ),
    "The child is %(age)s or older: the child's own consent is needed too (R12, R28). "
    "Record the consent as given by the individual and the guardians.": (
        "Barnet är %(age)s år eller äldre: barnets eget samtycke behövs också (R12, R28). "
        "Registrera samtycket som lämnat av den enskilde och vårdnadshavarna."
    ),
    "Name a unit only for consent to contact or to a handover.": (
        "Ange enhet bara för samtycke till kontakt eller överlämning."
    ),
    "Name a provider only for consent to written material.": (
        "Ange utförare bara för samtycke till skriftligt material."
    ),
    "The override has already been reviewed.": "Undantaget är redan granskat.",
    "%(person)s is an adult: only the individual gives consent.": (
        "%(person)s är vuxen: bara den enskilde lämnar samtycke."
    ),
    "The child is under %(age)s: the guardians give consent (R12, R28).": (
        "Barnet är under %(age)s år: vårdnadshavarna lämnar samtycke (R12, R28)."
    ),
    "Choose a unit of your organisation.": "Välj en enhet i din organisation.",
    "The consent was already withdrawn on %(day)s.": "Samtycket återkallades redan %(day)s.",
    "A withdrawal cannot be in the future.": "En återkallelse kan inte ligga i framtiden.",
    "A consent cannot be withdrawn before it was given.": (
        "Ett samtycke kan inte återkallas innan det lämnades."
    ),
    # States (coordination/selectors_consent.py)
    "Valid": "Giltigt",
    "Valid, expiring soon": "Giltigt, upphör snart",
    "Expired": "Har upphört",
    "Withdrawn": "Återkallat",
    "Not yet in force": "Gäller ännu inte",
    # Model choices shown on the consent pages
    "Contact with a named unit": "Kontakt med en namngiven enhet",
    "Handover to another unit": "Överlämning till en annan enhet",
    "Coordinated individual plan (SIP)": "Samordnad individuell plan (SIP)",
    "Written material to a provider": "Skriftligt material till en utförare",
    "Oral": "Muntligt",
    "Written": "Skriftligt",
    "The individual": "Den enskilde",
    "The guardians": "Vårdnadshavarna",
    "The individual and the guardians": "Den enskilde och vårdnadshavarna",
    "Duty to report concern for a child (14 ch. 1 § SoL)": (
        "Anmälningsskyldighet vid oro för barn (14 kap. 1 § SoL)"
    ),
    "Disclosure necessary to carry out the agency's work (10 ch. 2 § OSL)": (
        "Nödvändigt utlämnande för att fullgöra verksamheten (10 kap. 2 § OSL)"
    ),
    "Duty to disclose under law or ordinance (10 ch. 28 § OSL)": (
        "Uppgiftsskyldighet enligt lag eller förordning (10 kap. 28 § OSL)"
    ),
    "Compulsory care under LVU or LVM may apply": "Tvångsvård enligt LVU eller LVM kan bli aktuell",
    "Clearly no harm to the individual (26 ch. 1 § OSL)": (
        "Står klart att den enskilde inte lider men (26 kap. 1 § OSL)"
    ),
    "Care planning": "Vårdplanering",
    # Consent forms (coordination/forms_consent.py)
    "The consent covers": "Samtycket gäller",
    "Named unit": "Namngiven enhet",
    "For contact with a unit or a handover to a unit.": (
        "För kontakt med en enhet eller överlämning till en enhet."
    ),
    "Provider": "Utförare",
    "For written material to a provider.": "För skriftligt material till en utförare.",
    "Given on": "Lämnat den",
    "How it was given": "Hur det lämnades",
    "Given by": "Lämnat av",
    "An adult consents alone. For a child under %(age)s the guardians consent; from %(age)s "
    "the child's own consent is needed too.": (
        "En vuxen samtycker själv. För ett barn under %(age)s år samtycker vårdnadshavarna; "
        "från %(age)s år behövs också barnets eget samtycke."
    ),
    "YYYY-MM-DD. Leave empty when the consent has no end date.": (
        "ÅÅÅÅ-MM-DD. Lämna tomt om samtycket inte har något slutdatum."
    ),
    "Withdrawn on": "Återkallat den",
    "Legal basis for going ahead without consent": "Lagstöd för att gå vidare utan samtycke",
    "Why the action cannot wait for consent": "Varför åtgärden inte kan vänta på samtycke",
    "The override is recorded and flagged for the managers' review.": (
        "Undantaget registreras och flaggas för chefernas granskning."
    ),
    # Consent views
    "The override is marked as reviewed.": "Undantaget är markerat som granskat.",
    "The consent is recorded.": "Samtycket är registrerat.",
    "The consent is withdrawn.": "Samtycket är återkallat.",
    # Consent templates
    "Actions without consent, for review": "Åtgärder utan samtycke, för granskning",
    "Each action taken without the consent it needs, on a stated legal basis, stays flagged "
    "until it is reviewed (R12).": (
        "Varje åtgärd som vidtagits utan det samtycke den kräver, med angivet lagstöd, är "
        "flaggad tills den har granskats (R12)."
    ),
    "Actions without consent, oldest first": "Åtgärder utan samtycke, äldst först",
    "When": "När",
    "By": "Av",
    "Consent missing": "Samtycke som saknas",
    "Legal basis": "Lagstöd",
    "Reason": "Skäl",
    "Review": "Granskning",
    "Mark as reviewed": "Markera som granskad",
    "No actions without consent wait for review.": (
        "Inga åtgärder utan samtycke väntar på granskning."
    ),
    "Consent": "Samtycke",
    "Covers": "Gäller",
    "Given": "Lämnat",
    "State": "Läge",
    "Actions": "Åtgärder",
    "No end date": "Inget slutdatum",
    "Withdraw": "Återkalla",
    "No consent recorded.": "Inget samtycke registrerat.",
    "Record a consent": "Registrera ett samtycke",
    "Actions taken without consent": "Åtgärder som vidtagits utan samtycke",
    "Flagged for review": "Flaggad för granskning",
    "Consents of %(person)s, newest first": "Samtycken för %(person)s, nyaste först",
    "Reviewed by %(reviewer)s on %(day)s": "Granskad av %(reviewer)s den %(day)s",
    "Withdraw a consent": "Återkalla ett samtycke",
    "A withdrawn consent is kept with what it covered and when it was given.": (
        "Ett återkallat samtycke sparas med vad det gällde och när det lämnades."
    ),
    "Withdraw the consent": "Återkalla samtycket",
    "born": "född",
    "Ask the individual and record the consent before contact with another unit for a "
    "handover, before a SIP, and before written material goes to a provider (R12).": (
        "Fråga den enskilde och registrera samtycket före kontakt med en annan enhet inför "
        "en överlämning, före en SIP och innan skriftligt material lämnas till en utförare "
        "(R12)."
    ),
    "Record the consent": "Registrera samtycket",
    # The handover contact (coordination/forms.py, services/cases.py, contact_form.html)
    "This contact starts a handover": "Kontakten inleder en överlämning",
    "The individual's consent to the handover is needed first (R12).": (
        "Den enskildes samtycke till överlämningen behövs först (R12)."
    ),
    "Contact with %(unit)s that starts a handover": (
        "Kontakt med %(unit)s som inleder en överlämning"
    ),
    "Go ahead without consent": "Gå vidare utan samtycke",
    "Only where the law allows it. The override is recorded and flagged for review (R12).": (
        "Bara där lagen tillåter det. Undantaget registreras och flaggas för granskning (R12)."
    ),
    "Record the consent instead": "Registrera samtycket i stället",
    # SIP and care planning (services/care_planning.py, forms, views, templates)
    "Choose at least one department taking part.": "Välj minst en deltagande avdelning.",
    "Record the meeting once it has been held.": "Registrera mötet när det har hållits.",
    "No decisions are taken at care planning (R14): confirm that none were taken.": (
        "Inga beslut fattas vid vårdplanering (R14): bekräfta att inga beslut fattades."
    ),
    "The follow-up meeting must come after the meeting.": (
        "Uppföljningsmötet måste ligga efter mötet."
    ),
    "Choose departments of the case's organisation.": ("Välj avdelningar i ärendets organisation."),
    "Book the follow-up meeting close after: at the latest %(days)s days after the meeting "
    "(%(last)s, R14).": (
        "Boka uppföljningsmötet nära inpå: senast %(days)s dagar efter mötet (%(last)s, R14)."
    ),
    "The family is active in %(involved)s: both departments take part when both may be "
    "needed (R14). Add %(missing)s.": (
        "Familjen är aktuell inom %(involved)s: båda avdelningarna deltar när båda kan "
        "behövas (R14). Lägg till %(missing)s."
    ),
    "SIP on %(day)s": "SIP den %(day)s",
    "Kind of meeting": "Typ av möte",
    "Date of the meeting": "Datum för mötet",
    "Departments taking part": "Deltagande avdelningar",
    "Both departments take part when both may be needed (R14).": (
        "Båda avdelningarna deltar när båda kan behövas (R14)."
    ),
    "Other participants": "Övriga deltagare",
    "For example the region's health care.": "Till exempel regionens hälso- och sjukvård.",
    "No decisions were taken at the meeting": "Inga beslut fattades vid mötet",
    "Required for care planning: no decisions are taken there (R14).": (
        "Krävs för vårdplanering: där fattas inga beslut (R14)."
    ),
    "Follow-up meeting": "Uppföljningsmöte",
    "YYYY-MM-DD, within %(days)s days of the meeting.": (
        "ÅÅÅÅ-MM-DD, inom %(days)s dagar efter mötet."
    ),
    "Notes": "Anteckningar",
    "The meeting is recorded.": "Mötet är registrerat.",
    "Record a SIP or care planning": "Registrera en SIP eller vårdplanering",
    "Both departments attend when both may be needed; no decisions are taken at care "
    "planning; a follow-up meeting is booked close after (R14). A SIP needs the "
    "individual's consent (R12).": (
        "Båda avdelningarna deltar när båda kan behövas; inga beslut fattas vid "
        "vårdplanering; ett uppföljningsmöte bokas nära inpå (R14). En SIP kräver den "
        "enskildes samtycke (R12)."
    ),
    "Record the meeting": "Registrera mötet",
    "SIP and care planning": "SIP och vårdplanering",
    "No decisions were taken.": "Inga beslut fattades.",
    "Held without consent, on a stated legal basis.": ("Hölls utan samtycke, med angivet lagstöd."),
    "No SIP or care planning recorded.": "Ingen SIP eller vårdplanering registrerad.",
    "Follow-up meeting %(day)s.": "Uppföljningsmöte %(day)s.",
    "Consent given %(day)s.": "Samtycke lämnat %(day)s.",
}
