"""Swedish for issue 8 item 5 and the routines' triggers: routine steps on the compliance
dashboard, the deviation proposed from a skipped mandatory step, the organisation's setting for
passing an overdue step to the unit manager, and a meeting's transfer decision."""

SV = {
    # units/models.py, units/admin.py
    "an overdue routine step goes to the unit manager after, days": (
        "ett försenat rutinsteg går till enhetschefen efter, dagar"
    ),
    "Counted from the day after the step's due date, when its holder is told it is overdue.": (
        "Räknas från dagen efter stegets sista dag, då den som har steget får veta att det är "
        "försenat."
    ),
    "Routines on cases (R30)": "Rutiner i ärenden (R30)",
    # deviations/models.py, deviations/selectors_proposals.py, deviations/services_proposals.py
    "Mandatory routine step skipped": "Obligatoriskt rutinsteg överhoppat",
    "skipped routine step": "överhoppat rutinsteg",
    "Mandatory step %(position)s of %(routine)s skipped on %(day)s.": (
        "Obligatoriskt steg %(position)s i %(routine)s hoppades över %(day)s."
    ),
    (
        'The mandatory step %(position)s, "%(step)s", of the routine "%(routine)s" '
        "on a case at %(case_unit)s was skipped at %(unit)s on %(day)s. The reason given: "
        "%(reason)s (R30)."
    ): (
        "Det obligatoriska steget %(position)s, ”%(step)s”, i rutinen ”%(routine)s” i ett "
        "ärende på %(case_unit)s hoppades över på %(unit)s %(day)s. Angivet skäl: "
        "%(reason)s (R30)."
    ),
    # meetings/services/minutes.py
    "A transfer is a decision about a case submitted by name: choose the decision.": (
        "En överföring är ett beslut om ett ärende som anmälts med namn: välj beslut."
    ),
    "Choose another unit of the organisation to transfer to.": (
        "Välj en annan enhet i organisationen att föra över ärendet till."
    ),
    # portal/selectors_compliance.py, templates/portal/compliance/_routine_steps.html
    "Routine steps done on time, late and skipped (R30)": (
        "Rutinsteg gjorda i tid, för sent och överhoppade (R30)"
    ),
    (
        "Steps of the routines run on cases that were closed in the period (in the month they "
        "were closed): done on time (on or before the due date, or without one), done late, or "
        "skipped with a reason; and steps due in the period that are still open past their due "
        "date (in the month they were due). A step two units share counts for both units and "
        "once for the organisation; a step kept within its unit counts for that unit only."
    ): (
        "Steg i rutiner i ärenden som avslutades under perioden (i den månad de avslutades): "
        "gjorda i tid (senast sista dagen, eller utan sista dag), gjorda för sent eller "
        "överhoppade med ett skäl; och steg med sista dag under perioden som fortfarande är "
        "öppna efter sista dagen (i den månad de skulle vara klara). Ett steg som två enheter "
        "delar räknas för båda enheterna och en gång för organisationen; ett steg som hålls "
        "inom sin enhet räknas bara för den enheten."
    ),
    "Steps done on time, per unit": "Steg gjorda i tid, per enhet",
    "Steps done on time, per month they were closed": (
        "Steg gjorda i tid, per månad då de avslutades"
    ),
    "Routine steps per unit": "Rutinsteg per enhet",
    "Routine steps per routine and unit": "Rutinsteg per rutin och enhet",
    "Routine steps per month, whole organisation": "Rutinsteg per månad, hela organisationen",
    "No routine step was closed or overdue in the period.": (
        "Inget rutinsteg avslutades eller var försenat under perioden."
    ),
    "Routine": "Rutin",
    "Unit": "Enhet",
    "Month": "Månad",
    "Whole organisation": "Hela organisationen",
    # templates/portal/compliance/_step_headings.html
    "Steps closed": "Avslutade steg",
    "Done on time": "Gjorda i tid",
    "Done late": "Gjorda för sent",
    "Skipped with a reason": "Överhoppade med skäl",
    "Of which mandatory": "Varav obligatoriska",
    "Still open past the due date": "Fortfarande öppna efter sista dagen",
    "Share of the steps done that were on time": "Andel av de gjorda stegen som gjordes i tid",
}
