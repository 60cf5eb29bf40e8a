"""Swedish for the dashboard links the lead added with issue 5."""

SV = {
    "Handovers to me and my units": "Överlämningar till mig och mina enheter",
    "My calendar feed and daily digest": "Mitt kalenderflöde och min dagliga sammanfattning",
    "Semester inventory of coming handovers": "Terminsinventering av kommande överlämningar",
}
