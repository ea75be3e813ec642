"""Default English-test equivalences (ETS's published TOEFL iBT to IELTS comparison); editable in the admin."""

from decimal import Decimal

from django.db import migrations

TOEFL_IBT = [
    (20, "4.0"),
    (32, "4.5"),
    (35, "5.0"),
    (46, "5.5"),
    (60, "6.0"),
    (79, "6.5"),
    (94, "7.0"),
    (102, "7.5"),
    (110, "8.0"),
    (115, "8.5"),
    (118, "9.0"),
]


def create(apps, schema_editor):
    model = apps.get_model("scholarships", "EnglishEquivalence")
    for score, band in TOEFL_IBT:
        model.objects.get_or_create(
            test="TOEFL_IBT", min_score=Decimal(score), defaults={"ielts": Decimal(band)}
        )


class Migration(migrations.Migration):
    dependencies = [("scholarships", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
