# The routine runs (issue 8 item 2) and cost responsibility (item 4) were built side by side
# from 0011; this joins the two branches.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0012_cost_responsibility"),
        ("coordination", "0012_routine_runs"),
    ]

    operations = []
