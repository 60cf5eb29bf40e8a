"""Swedish for the notifications: the inbox, its header link and the e-mail."""

SV = {
    # The e-mail (rendered in the organisation's language).
    "Samverkan: %(kind)s, due %(due_on)s": "Samverkan: %(kind)s, förfaller %(due_on)s",
    "Hello,": "Hej!",
    "You have a new notification in Samverkan: %(kind)s, due %(due_on)s.": (
        "Du har en ny notis i Samverkan: %(kind)s, förfaller %(due_on)s."
    ),
    "Sign in and open your inbox to see what it is about:": (
        "Logga in och öppna din inkorg för att se vad den gäller:"
    ),
    "This message was sent automatically. It contains no personal data; the details are in "
    "Samverkan.": (
        "Meddelandet skickades automatiskt. Det innehåller inga personuppgifter; "
        "uppgifterna finns i Samverkan."
    ),
    # The header link and the inbox page.
    "Inbox (%(unread)s unread)": "Inkorg (%(unread)s olästa)",
    "Inbox": "Inkorg",
    "Your notifications, newest first": "Dina notiser, de senaste först",
    "What": "Vad",
    "Due": "Förfaller",
    "Person": "Person",
    "Unit": "Enhet",
    "State": "Status",
    "New:": "Ny:",
    "Acknowledged %(at)s": "Kvitterad %(at)s",
    "Unread": "Oläst",
    "Read": "Läst",
    "Acknowledge": "Kvittera",
    "Pages of the inbox": "Inkorgens sidor",
    "Newer": "Nyare",
    "Older": "Äldre",
    "Page %(number)s of %(pages)s": "Sida %(number)s av %(pages)s",
    "You have no notifications.": "Du har inga notiser.",
}
