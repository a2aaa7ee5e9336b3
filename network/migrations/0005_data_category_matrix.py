"""Default data categories per participant type (PGA law; README names the
sources). The privacy officer maintains the matrix afterwards."""

from __future__ import annotations

from django.db import migrations

ALL = [
    "police",
    "public_prosecutor",
    "child_protection",
    "probation",
    "municipality",
    "care_and_safety",
    "youth_care",
    "welfare",
    "mental_health",
    "education",
    "other",
]
MATRIX = {
    "Identificerende gegevens (naam, geboortedatum, adres)": ALL,
    "Politiegegevens (Wet politiegegevens)": ["police"],
    "Justitiële en strafvorderlijke gegevens": ["public_prosecutor", "probation"],
    "Gegevens over kinderbeschermingsmaatregelen": ["child_protection"],
    "Gegevens over reclasseringstoezicht": ["probation"],
    "Gegevens over hulpverlening en zorg": [
        "care_and_safety",
        "youth_care",
        "welfare",
        "mental_health",
        "municipality",
    ],
    "Gezondheidsgegevens (alleen als noodzakelijk)": ["mental_health", "care_and_safety"],
    "Onderwijsgegevens (aanwezigheid, gedrag op school)": ["education"],
    "Gemeentelijke gegevens (inkomen, huisvesting, verblijf)": ["municipality"],
}


def forwards(apps, schema_editor):
    DataCategory = apps.get_model("network", "DataCategory")
    SharingRule = apps.get_model("network", "SharingRule")
    for name, types in MATRIX.items():
        category, _ = DataCategory.objects.get_or_create(name=name)
        for organisation_type in types:
            SharingRule.objects.get_or_create(organisation_type=organisation_type, category=category)


class Migration(migrations.Migration):
    dependencies = [("network", "0004_participant_types_and_data_categories")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
