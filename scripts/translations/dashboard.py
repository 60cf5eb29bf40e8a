"""Swedish for the dashboard's "waiting for you" list and its links to the lists of work
between units (issue 4), and for recording a joint-plan follow-up as held (R7, R11); the
lead merges it into locale/."""

SV = {
    # templates/portal/dashboard/_waiting.html
    "Open": "Öppna",
    "Three-party meeting about %(person)s": "Trepartsmöte om %(person)s",
    # templates/portal/dashboard/_cooperation_links.html
    "Work between units": "Samverkan mellan enheter",
    "Contacts with my units": "Kontakter med mina enheter",
    "Cases where I am co-caseworker": "Ärenden där jag är medhandläggare",
    "My three-party meetings": "Mina trepartsmöten",
    "Requests for three-party meetings": "Begäran om trepartsmöten",
    "Acute consultations": "Akuta konsultationer",
    "Consent overrides to review": "Undantag från samtycke att granska",
    # coordination/forms_plans.py, coordination/services/plans.py
    "Held on": "Genomförd den",
    "As YYYY-MM-DD.": "Som ÅÅÅÅ-MM-DD.",
    "Give the date the follow-up was held.": "Ange datumet då uppföljningen genomfördes.",
    "Write the date as YYYY-MM-DD.": "Skriv datumet som ÅÅÅÅ-MM-DD.",
    "Note": "Anteckning",
    "The follow-up cannot have been held in the future.": (
        "Uppföljningen kan inte ha genomförts i framtiden."
    ),
    "The follow-up cannot have been held before the plan was created (%(date)s).": (
        "Uppföljningen kan inte ha genomförts innan planen skapades (%(date)s)."
    ),
    # coordination/views_plans.py, templates/coordination/plans/detail.html
    "The follow-up is recorded as held.": "Uppföljningen är registrerad som genomförd.",
    "held %(date)s": "genomförd %(date)s",
    "not yet held": "ännu inte genomförd",
    "Record the follow-up of %(date)s as held": (
        "Registrera uppföljningen den %(date)s som genomförd"
    ),
    "Record as held": "Registrera som genomförd",
}
