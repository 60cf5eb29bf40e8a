"""Swedish for the exports of deviation reports (R25, issue 7 item 3): CSV, XLSX and its jobs,
the export log, and the PDF laid out like the form of routine 003 ("Avvikelserapport
samverkan IoF och AoF", 2018-02-22), whose Swedish wording the PDF's headings follow."""

SV = {
    # deviations/models.py: DeviationExport
    "Downloaded at once": "Hämtad direkt",
    "Prepared in the background": "Förberedd i bakgrunden",
    "Being prepared": "Förbereds",
    "Failed": "Misslyckades",
    "exported by": "exporterad av",
    "format": "format",
    "delivery": "leverans",
    "filter": "filter",
    "language": "språk",
    "rows": "rader",
    "rows written": "skrivna rader",
    "file": "fil",
    "asked for": "beställd",
    "started": "startad",
    "finished": "klar",
    "file deleted": "fil raderad",
    "error": "fel",
    "export of deviation reports": "export av avvikelserapporter",
    "exports of deviation reports": "exporter av avvikelserapporter",
    # deviations/selectors_exports.py: the columns and the filter in words
    "Report no.": "Rapportnr",
    "Part 1 sent": "Del 1 skickad",
    "Signed by (name, title, date)": "Signerad av (namn, titel, datum)",
    "Days to close": "Dagar till avslut",
    "Period %(first)s to %(last)s": "Perioden %(first)s till %(last)s",
    "Between %(a)s and %(b)s": "Mellan %(a)s och %(b)s",
    "Involving %(unit)s": "Där %(unit)s ingår",
    "All reports sent to you": "Alla rapporter som skickats till dig",
    "Report no. %(id)s, %(day)s, %(unit)s": "Rapport nr %(id)s, %(day)s, %(unit)s",
    # deviations/services_exports.py
    "The download was broken off before the end.": "Nedladdningen avbröts innan den var klar.",
    "Reading the reports failed. Ask for the export again.": (
        "Rapporterna kunde inte läsas. Beställ exporten igen."
    ),
    "The file could not be written. Ask for the export again.": (
        "Filen kunde inte skrivas. Beställ exporten igen."
    ),
    "You are no longer the controller of the organisation: nothing was exported.": (
        "Du är inte längre verksamhetscontroller för organisationen: inget exporterades."
    ),
    "The file could not be written (%(error)s). Ask for the export again.": (
        "Filen kunde inte skrivas (%(error)s). Beställ exporten igen."
    ),
    "The export did not finish. Ask for it again.": "Exporten blev inte klar. Beställ den igen.",
    # the departments of the PDF's title, "IoF och AoF" (Django's own catalog has it too)
    "and": "och",
    # deviations/views_exports.py
    "The export has %(rows)s rows, so it is prepared in the background. You can leave this "
    "page; the file waits under your exports.": (
        "Exporten har %(rows)s rader och förbereds därför i bakgrunden. Du kan lämna sidan; "
        "filen väntar under dina exporter."
    ),
    # templates/deviations/exports/
    "Export the reports shown": "Exportera rapporterna som visas",
    "Export as CSV": "Exportera som CSV",
    "Export as Excel (XLSX)": "Exportera som Excel (XLSX)",
    "My exports": "Mina exporter",
    "Rows written": "Skrivna rader",
    "%(written)s of %(total)s rows": "%(written)s av %(total)s rader",
    "The page updates by itself. You can leave it: the file waits under your exports.": (
        "Sidan uppdateras av sig själv. Du kan lämna den: filen väntar under dina exporter."
    ),
    "Update now": "Uppdatera nu",
    "Rows exported: %(rows)s.": "Exporterade rader: %(rows)s.",
    "Download the file": "Hämta filen",
    "The file is kept until %(day)s.": "Filen sparas till %(day)s.",
    "The file was deleted on %(day)s. Export again to get a new one.": (
        "Filen raderades %(day)s. Exportera igen för att få en ny."
    ),
    "Asked for": "Beställd",
    "Delivery": "Leverans",
    "The filter cannot be used as it is. Correct it and export again; nothing is exported "
    "until then.": (
        "Filtret kan inte användas som det är. Rätta det och exportera igen; inget exporteras "
        "innan dess."
    ),
    "Reports in the filter: %(rows)s.": "Rapporter i filtret: %(rows)s.",
    "That is more than is answered at once: the file is prepared in the background, and the "
    "next page shows how far it has come.": (
        "Det är fler än som besvaras direkt: filen förbereds i bakgrunden, och nästa sida visar "
        "hur långt den har kommit."
    ),
    "Every export is logged: who, when, what filter, how many rows, which format. A file "
    "prepared in the background is kept for %(days)s days.": (
        "Varje export loggas: vem, när, vilket filter, hur många rader, vilket format. En fil "
        "som förberetts i bakgrunden sparas i %(days)s dagar."
    ),
    "My exports, newest first": "Mina exporter, nyaste först",
    "Format": "Format",
    "Rows": "Rader",
    "File": "Fil",
    "Download": "Hämta",
    "Deleted": "Raderad",
    "You have not exported anything yet.": "Du har inte exporterat något än.",
    # templates/deviations/report_detail.html
    "The report as PDF": "Rapporten som PDF",
    # templates/deviations/report_pdf.html: the headings of the paper form
    "Deviation report, cooperation between %(departments)s": (
        "Avvikelserapport samverkan %(departments)s"
    ),
    "Deviation report no. %(id)s, printed from Samverkan %(day)s": (
        "Avvikelserapport nr %(id)s, utskriven från Samverkan %(day)s"
    ),
    "Report no. %(id)s": "Rapport nr %(id)s",
    "The deviation report is used to:": "Avvikelserapporten används för att:",
    "document a deviation from the cooperation routine": (
        "dokumentera avvikelse gentemot samverkansrutinen"
    ),
    "inform another unit of an identified deviation": (
        "informera annan enhet om identifierad avvikelse"
    ),
    "1. Reporting of the deviation": "1. Rapportering av avvikelse",
    "Filled in by the unit that noticed the deviation, at least by a deputy unit manager.": (
        "Fylls i av verksamhet som uppmärksammat avvikelse, lägst av biträdande enhetschef."
    ),
    "State the units the deviation concerns:": "Ange vilka verksamheter som avvikelsen avser:",
    "Describe the event the deviation concerns and how the reporting unit perceived the event.": (
        "Beskriv händelsen som avvikelsen gäller och hur den rapporterande verksamheten "
        "uppfattat händelsen."
    ),
    "State improvement proposals:": "Ange förbättringsförslag:",
    "Name and title:": "Namn och titel:",
    "Date:": "Datum:",
    "Contact the same level at the receiving unit and fill in step 2 after the dialogue.": (
        "Ta kontakt med motsvarande nivå på mottagande enhet och fyll i steg 2 efter dialog."
    ),
    "Dialogue held %(day)s with %(person)s, %(unit)s (%(channel)s).": (
        "Dialog hölls %(day)s med %(person)s, %(unit)s (%(channel)s)."
    ),
    "No dialogue recorded yet.": "Ingen dialog registrerad än.",
    "2. Action": "2. Åtgärd",
    "Filled in together, after the dialogue (at least by a deputy unit manager).": (
        "Fylls i tillsammans/efter dialog (lägst av biträdande enhetschef)."
    ),
    "Describe the joint summary with the solution to the problem:": (
        "Beskriv gemensam sammanfattning med lösning på problemet:"
    ),
    "Describe any remaining problems:": "Beskriv ev. kvarstående problem:",
    "Signature and title:": "Signatur och titel:",
    "Signed in the portal with the password re-entered.": (
        "Signerad i portalen med lösenordet angivet på nytt."
    ),
    "The completed deviation report is sent to the controller for safekeeping.": (
        "Ifylld avvikelserapport sänds till verksamhetscontrollern för förvaring."
    ),
    "Sent to the controller %(day)s.": "Skickad till verksamhetscontrollern %(day)s.",
    "Filed %(day)s.": "Förvarad %(day)s.",
}
