"""Swedish for the links the lead added when merging issue 6 (dashboards, routine review)."""

SV = {
    # templates/portal/dashboard/_manager.html
    "Annual routine review": "Årlig rutinöversyn",
    "The yearly reviews of the routines and last year's figures (R24)": (
        "De årliga översynerna av rutinerna och förra årets siffror (R24)"
    ),
}
