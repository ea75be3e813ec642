"""A partial covering index for the compliance engine: the default three-year rule's qualifying completions
(advanced training, 8-80 hours) by servant and day, so "last qualifying completion" reads half the rows of
training_servant_type_day, index-only (docs/compliance.md, Performance)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("enrollment", "0004_compliance_beat"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="trainingrecord",
            index=models.Index(condition=models.Q(("course_type", "advanced_training"), ("hours__gte", 8),
                                                  ("hours__lte", 80)),
                               fields=["servant", "completed_on"], include=("hours",), name="training_advanced_last"),
        ),
    ]
