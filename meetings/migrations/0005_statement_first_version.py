"""The first version of the confidentiality statement (README: "The
person-oriented approach under the PGA law"). Later versions are added as new
rows; participants then confirm again."""

from __future__ import annotations

from django.db import migrations

TEXT = """Ik neem deel aan het casusoverleg radicalisering van de gemeente Lelystad.

1. Alles wat ik in of voor het casusoverleg hoor, lees of deel over personen is vertrouwelijk. Ik gebruik het alleen voor de persoonsgerichte aanpak waarvoor het gedeeld is.
2. Ik deel alleen gegevens die mijn organisatie volgens het convenant en de wet mag verstrekken, en niet meer dan nodig is.
3. Ik bewaar geen eigen kopieën van agenda's, notulen of casusinformatie buiten de systemen van mijn organisatie en dit systeem.
4. Ik meld het direct bij de coördinator als informatie bij iemand terechtkomt die er geen recht op heeft.
5. Deze geheimhouding blijft gelden nadat ik niet meer aan het casusoverleg deelneem."""


def forwards(apps, schema_editor):
    Statement = apps.get_model("meetings", "ConfidentialityStatement")
    if not Statement.objects.exists():
        Statement.objects.create(version=1, text=TEXT)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_participants_and_statement")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
