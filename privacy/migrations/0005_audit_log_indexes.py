"""Indexes on the audit log for the privacy officer's screen (issue 24): the
default order (newest first), each filter, and the objects an access entry
lists (GIN, PostgreSQL only; SQLite, the demo's database, gets the b-trees)."""

from django.db import migrations

BTREE = [
    ("audit_newest", '("timestamp" DESC, id DESC)'),
    ("audit_actor_newest", '(actor_id, "timestamp" DESC, id DESC)'),
    ("audit_action_newest", '(action, "timestamp" DESC, id DESC)'),
    ("audit_object", "(content_type_id, object_pk)"),
]
GIN = [
    ("audit_objects_listed", "((additional_data -> 'objects'))"),
    ("audit_kinds_listed", "((additional_data -> 'kinds'))"),
]


def create(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, columns in BTREE:
        columns = columns if postgres else columns.replace(" DESC", "")
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON auditlog_logentry {columns}")
    if postgres:
        for name, expression in GIN:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON auditlog_logentry USING gin {expression}"
            )


def drop(apps, schema_editor):
    for name, _columns in [*BTREE, *GIN]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0004_extension_approval"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(create, drop)]
