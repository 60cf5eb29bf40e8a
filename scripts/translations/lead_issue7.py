"""Swedish for the lead's links of issues 7 and 8 (dashboards, inbox, routine review)."""

SV = {
    "Routine step": "Rutinsteg",
    "My routine steps": "Mina rutinsteg",
    "Your work": "Ditt arbete",
    # coordination/admin_costs.py
    "None ticked: every kind.": "Inget förbockat: alla slag.",
    "A cost rule needs at least one bearer.": "En kostnadsregel behöver minst en kostnadsbärare.",
    "The shares add up to %(total)d percent, not 100.": (
        "Andelarna blir tillsammans %(total)d procent, inte 100."
    ),
    "Deviation reports and routine follow-up": "Avvikelserapporter och uppföljning av rutinerna",
}
