"""The training ledger, exemptions and compliance rules now belong to the compliance app (its migration 0001
takes them over with the same tables). State only: no table, column or row changes here."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enrollment", "0005_compliance_indexes"),
        ("compliance", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="application",
                    name="training_record",
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                               related_name="application", to="compliance.trainingrecord",
                                               verbose_name="training record"),
                ),
                migrations.DeleteModel(name="RuleVersion"),
                migrations.DeleteModel(name="TrainingRecord"),
                migrations.DeleteModel(name="Exemption"),
                migrations.DeleteModel(name="ComplianceRule"),
            ],
        ),
    ]
