"""Swedish for the semester inventory (R19), the personal calendar feed and the daily digest."""

SV = {
    # The semester inventory (page and CSV).
    "Semester inventory": "Halvårsinventering",
    "Open cases whose responsibility ends by %(horizon)s (as of %(today)s), for the "
    "alignment meeting.": (
        "Öppna ärenden där ansvaret upphör senast %(horizon)s (per %(today)s), inför "
        "samordningsmötet."
    ),
    "Export %(unit)s as CSV": "Exportera %(unit)s som CSV",
    "Transfers due at %(unit)s": "Kommande överlämningar vid %(unit)s",
    "Name": "Namn",
    "Birth date": "Födelsedatum",
    "Responsibility ends": "Ansvaret upphör",
    "Reason": "Skäl",
    "Handover": "Överlämning",
    "Needs": "Behov",
    "Not started": "Inte påbörjad",
    "No transfers due in the next twelve months.": (
        "Inga överlämningar de närmaste tolv månaderna."
    ),
    "You manage no unit.": "Du leder ingen enhet.",
    # The calendar feed's settings page.
    "Calendar feed and digest": "Kalenderflöde och sammanfattning",
    "Personal calendar feed": "Personligt kalenderflöde",
    "Your due items and three-party meetings in your own calendar program. The feed shows "
    "what is due and at which unit, never names or identity numbers. Anyone with the "
    "address can read it: keep it to yourself, and renew it if it has been shared.": (
        "Dina bevakningar och trepartsmöten i ditt eget kalenderprogram. Flödet visar vad som "
        "ska göras och vid vilken enhet, aldrig namn eller personnummer. Den som har adressen "
        "kan läsa flödet: behåll den för dig själv och förnya den om den har spridits."
    ),
    "Address of your feed": "Adress till ditt flöde",
    "Renew the address": "Förnya adressen",
    "Turn off the feed": "Stäng av flödet",
    "You have no calendar feed.": "Du har inget kalenderflöde.",
    "Create a calendar feed": "Skapa ett kalenderflöde",
    "Daily digest": "Daglig sammanfattning",
    "Send me a daily e-mail with the number of notifications not yet acknowledged": (
        "Skicka mig ett dagligt e-postmeddelande med antalet notiser som inte är kvitterade"
    ),
    "Save": "Spara",
    "Your calendar feed is ready.": "Ditt kalenderflöde är klart.",
    "Your calendar feed has a new address; the old one no longer works.": (
        "Ditt kalenderflöde har en ny adress; den gamla fungerar inte längre."
    ),
    "Your calendar feed is turned off.": "Ditt kalenderflöde är avstängt.",
    "You will get a daily digest by e-mail.": "Du får en daglig sammanfattning via e-post.",
    "You will get no daily digest.": "Du får ingen daglig sammanfattning.",
    "Choose what to do with your calendar feed.": "Välj vad du vill göra med ditt kalenderflöde.",
    # The feed's events (no personal data).
    "Three-party pre-meeting (%(unit)s)": "Förmöte trepartsmöte (%(unit)s)",
    "Three-party meeting (%(unit)s)": "Trepartsmöte (%(unit)s)",
    # The digest e-mail.
    "Samverkan: daily digest, %(total)s not yet acknowledged": (
        "Samverkan: daglig sammanfattning, %(total)s ej kvitterade"
    ),
    "Hello,": "Hej!",
    "Your notifications in Samverkan not yet acknowledged, by kind:": (
        "Dina notiser i Samverkan som inte är kvitterade, per slag:"
    ),
    "Sign in and open your inbox to see what they are about:": (
        "Logga in och öppna din inkorg för att se vad de gäller:"
    ),
    "This message was sent automatically. It contains no personal data; the details are in "
    "Samverkan.": (
        "Meddelandet skickades automatiskt. Det innehåller inga personuppgifter; "
        "uppgifterna finns i Samverkan."
    ),
}
