"""Swedish for age rules per organisation and agreed exceptions (R16, R17)."""

SV = {
    # coordination/selectors_age.py
    "%(unit)s until turning %(age)d (rule of the organisation)": (
        "%(unit)s tills den enskilde fyller %(age)d (organisationens regel)"
    ),
    "%(unit)s until turning %(age)d: %(condition)s (rule of the organisation)": (
        "%(unit)s tills den enskilde fyller %(age)d: %(condition)s (organisationens regel)"
    ),
    "Agreed exception: %(reason)s": "Överenskommet undantag: %(reason)s",
    # coordination/services/age.py, coordination/forms_age.py
    "The case is closed.": "Ärendet är avslutat.",
    "No age rule of the organisation applies to this case.": (
        "Ingen av organisationens åldersregler gäller för det här ärendet."
    ),
    "The date must be after today.": "Datumet måste vara efter i dag.",
    "State the reason the managers agreed on.": "Ange skälet som cheferna kommit överens om.",
    "The exception is already withdrawn.": "Undantaget är redan återkallat.",
    "The youth unit is responsible until": "Barn och unga ansvarar till",
    "YYYY-MM-DD. A date after today.": "ÅÅÅÅ-MM-DD. Ett datum efter i dag.",
    "Reason the managers agreed on": "Skäl som cheferna kommit överens om",
    # coordination/views_age.py
    "The agreed exception is recorded.": "Det överenskomna undantaget är registrerat.",
    "The agreed exception is withdrawn; the organisation's age rule applies.": (
        "Det överenskomna undantaget är återkallat; organisationens åldersregel gäller."
    ),
    # templates/coordination/responsibility/
    "End of the youth unit's responsibility": "När barn och ungas ansvar upphör",
    "Youth unit responsible until %(date)s (%(reason)s)": (
        "Barn och unga ansvarar till %(date)s (%(reason)s)"
    ),
    "Handover to be announced by": "Överlämningen ska aviseras senast",
    "First notice of the handover": "Första avisering om överlämningen",
    "Agreed by": "Överenskommet av",
    "Change the agreed exception": "Ändra det överenskomna undantaget",
    "Record an agreed exception": "Registrera ett överenskommet undantag",
    "Withdraw the agreed exception": "Återkalla det överenskomna undantaget",
    "Agreed exception to the age rule": "Överenskommet undantag från åldersregeln",
    "The managers may agree that the youth unit stays responsible until another date. "
    "A new exception replaces the earlier one.": (
        "Cheferna kan komma överens om att barn och unga behåller ansvaret till ett annat "
        "datum. Ett nytt undantag ersätter det tidigare."
    ),
    "Record the exception": "Registrera undantaget",
    "Cancel": "Avbryt",
    "Earlier exceptions": "Tidigare undantag",
    "Agreed exceptions of the case": "Ärendets överenskomna undantag",
    "Responsible until": "Ansvarar till",
    "Reason": "Skäl",
    "Withdrawn": "Återkallat",
}
