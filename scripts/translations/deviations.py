"""Swedish for drafts of deviation reports (R25) and the proposal from a missed handover
deadline (R17)."""

SV = {
    # deviations/models.py
    "Draft of part 1": "Utkast till del 1",
    "Entered by hand": "Inlagd för hand",
    "Handover not announced six months ahead": "Överlämning inte aviserad sex månader före",
    "reporting unit": "rapporterande enhet",
    "units concerned": "berörda enheter",
    "source": "källa",
    "missed deadline": "missad tidsfrist",
    "what happened": "vad som hände",
    "how the reporting unit perceived it": "hur den rapporterande enheten uppfattade det",
    "improvement proposals": "förbättringsförslag",
    "reporter": "rapportör",
    "reporter's title": "rapportörens titel",
    "updated": "ändrad",
    "deviation report": "avvikelserapport",
    "deviation reports": "avvikelserapporter",
    "Deviation report %(day)s, %(unit)s": "Avvikelserapport %(day)s, %(unit)s",
    # deviations/services.py
    "Describe what happened.": "Beskriv vad som hände.",
    "Choose the unit or units the deviation concerns.": (
        "Välj den eller de enheter som avvikelsen gäller."
    ),
    "Choose units of your own organisation.": "Välj enheter i den egna organisationen.",
    "The units concerned are the other units, not your own.": (
        "De berörda enheterna är de andra enheterna, inte den egna."
    ),
    "The handover of a young person's case from %(unit)s was not announced by the deadline "
    "%(due)s, six months before the youth unit's responsibility ends on %(ends)s (R17).": (
        "Överlämningen av en ungdoms ärende från %(unit)s aviserades inte senast %(due)s, sex "
        "månader innan ungdomsenhetens ansvar upphör den %(ends)s (R17)."
    ),
    "This handover deadline has not been missed.": (
        "Den här tidsfristen för överlämning har inte missats."
    ),
    # deviations/forms.py, views and templates
    "Reporting unit": "Rapporterande enhet",
    "Units concerned": "Berörda enheter",
    "What happened": "Vad som hände",
    "How the reporting unit perceived it": "Hur den rapporterande enheten uppfattade det",
    "Improvement proposals": "Förbättringsförslag",
    "Your title": "Din titel",
    "The draft is saved.": "Utkastet är sparat.",
    "Deviation report, part 1": "Avvikelserapport, del 1",
    "Source": "Källa",
    "Missed deadline": "Missad tidsfrist",
    "the case": "ärendet",
    "Save the draft": "Spara utkastet",
    "Write a deviation report": "Skriv en avvikelserapport",
    "Open the deviation report": "Öppna avvikelserapporten",
    # templates/coordination/handovers/_case_panel.html
    "The handover deadline %(day)s was missed: the handover was not announced six months ahead.": (
        "Tidsfristen för överlämning %(day)s missades: överlämningen aviserades inte sex "
        "månader före."
    ),
}

# units/admin.py (the organisation's settings in the admin)
SV.update(
    {
        # templates/portal/dashboard/_cooperation_links.html
        "Meetings, agendas and minutes": "Möten, dagordningar och protokoll",
        "Access, consent and care planning (R4, R12, R14)": (
            "Åtkomst, samtycke och samordnad planering (R4, R12, R14)"
        ),
    }
)
