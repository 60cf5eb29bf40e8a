"""The database itself refuses changes to the access log: UPDATE and DELETE on PostgreSQL.

The application never edits or deletes log rows (AccessLogEntry refuses it); the trigger
also stops a path around the application, such as a stray SQL console session.
SQLite (development only) refuses UPDATE; it keeps DELETE because Django's test
database flush deletes rows there, where PostgreSQL truncates (TRUNCATE fires no row
trigger).
"""

from django.db import migrations

TRIGGER = """
CREATE OR REPLACE FUNCTION coordination_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER coordination_accesslog_append_only
    BEFORE UPDATE OR DELETE ON coordination_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION coordination_accesslog_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS coordination_accesslog_append_only ON coordination_accesslogentry;
DROP FUNCTION IF EXISTS coordination_accesslog_append_only();
"""


SQLITE_TRIGGERS = [
    f"""
    CREATE TRIGGER coordination_accesslog_no_{operation.lower()}
    BEFORE {operation} ON coordination_accesslogentry
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
    """
    for operation in ("UPDATE",)
]


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
    elif schema_editor.connection.vendor == "sqlite":
        for operation in ("update",):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS coordination_accesslog_no_{operation}")


class Migration(migrations.Migration):
    dependencies = [("coordination", "0003_individuals_families_cases_access_log")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
