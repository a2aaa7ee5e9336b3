from __future__ import annotations

from django.db import migrations

LEGAL_BASES = [
    "Convenant Zorg- en Veiligheidshuis (art. 6 lid 1 sub e AVG)",
    "Wet politiegegevens, art. 19 en 20",
    "Jeugdwet, art. 7.4.0",
    "Toestemming van de betrokkene",
]
RISK_FACTORS = [
    "Contact met extremistische personen of groepen",
    "Verheerlijking van geweld",
    "Sociaal isolement",
    "Psychische problematiek",
    "Recente ingrijpende gebeurtenis",
    "Toegang tot wapens",
    "Online radicaliserende content",
]
PROTECTIVE_FACTORS = [
    "Stabiel netwerk van familie of vrienden",
    "Werk, school of dagbesteding",
    "Ontvankelijk voor hulp",
    "Betrokken sleutelfiguur",
]


def forwards(apps, schema_editor):
    LegalBasis = apps.get_model("cases", "LegalBasis")
    Factor = apps.get_model("cases", "Factor")
    for name in LEGAL_BASES:
        LegalBasis.objects.get_or_create(name=name)
    for name in RISK_FACTORS:
        Factor.objects.get_or_create(name=name, kind="risk")
    for name in PROTECTIVE_FACTORS:
        Factor.objects.get_or_create(name=name, kind="protective")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
