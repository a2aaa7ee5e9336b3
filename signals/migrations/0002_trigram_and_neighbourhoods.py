from __future__ import annotations

from django.db import migrations

NEIGHBOURHOODS = [
    "Atolwijk",
    "Bolder",
    "Boswijk",
    "Botterwijk",
    "Buitengebied",
    "Centrum",
    "Hollandse Hout",
    "Jagersveld",
    "Kustwijk",
    "Lelystad-Haven",
    "Stadshart",
    "Warande",
    "Waterwijk",
    "Zuiderzeewijk",
]


def trigram_forwards(apps, schema_editor):
    # Trigram matching of names is PostgreSQL only; SQLite (the demo) falls back.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS signals_person_name_trgm "
        "ON signals_person USING gin (full_name gin_trgm_ops)"
    )


def trigram_backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS signals_person_name_trgm")


def neighbourhoods_forwards(apps, schema_editor):
    Neighbourhood = apps.get_model("signals", "Neighbourhood")
    for name in NEIGHBOURHOODS:
        Neighbourhood.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("signals", "0001_initial")]

    operations = [
        migrations.RunPython(trigram_forwards, trigram_backwards),
        migrations.RunPython(neighbourhoods_forwards, migrations.RunPython.noop),
    ]
