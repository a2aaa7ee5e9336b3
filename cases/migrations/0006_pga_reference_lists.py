"""The PGA law's reference lists and legal basis (README: "The person-oriented
approach under the PGA law" names the sources). The privacy officer keeps the
lists up to date afterwards; nothing in the code depends on these names except
the form's suggestion of the legal basis (cases.forms.PGA_LEGAL_BASIS)."""

from __future__ import annotations

from django.db import migrations

PGA_LEGAL_BASIS = (
    "Wet gegevensverwerking persoonsgerichte aanpak radicalisering en "
    "terroristische activiteiten (Kamerstuk 36225)"
)
CRITERIA = [
    "Zorgen over radicalisering van de betrokkene",
    "Aanwijzingen voor (voorbereiding van) terroristische activiteiten",
    "Steun voor of verheerlijking van gewelddadig extremisme",
    "Uitreis naar of terugkeer uit een strijdgebied",
    "Risico vraagt om een multidisciplinaire aanpak",
]
DEFERRAL_REASONS = [
    "Informeren schaadt een lopend strafrechtelijk onderzoek",
    "Informeren brengt de veiligheid van anderen in gevaar",
    "Informeren ondermijnt de aanpak zelf",
    "Betrokkene is (nog) niet bereikbaar",
]


def forwards(apps, schema_editor):
    LegalBasis = apps.get_model("cases", "LegalBasis")
    InclusionCriterion = apps.get_model("cases", "InclusionCriterion")
    DeferralReason = apps.get_model("cases", "DeferralReason")
    LegalBasis.objects.get_or_create(name=PGA_LEGAL_BASIS)
    for name in CRITERIA:
        InclusionCriterion.objects.get_or_create(name=name)
    for name in DEFERRAL_REASONS:
        DeferralReason.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_pga")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
