"""One course-type vocabulary: training records and rule versions refer to courses.CourseType.

- Every code found in training records or rule versions gets a CourseType row if it has none (the old
  enrollment vocabulary had `other`, which courses did not; its hours are unbounded).
- TrainingRecord.course_type becomes a foreign key on CourseType.code: the column keeps its name and its
  values, so the engine's SQL and the partial index training_advanced_last are unchanged.
- RuleVersion.qualifying_types (JSON list of codes) becomes a many-to-many to CourseType, and the version's own
  min_hours/max_hours go: the hour range that qualifies is the course type's (docs/compliance.md). The one
  default that differed, the corps A course (1 hour for the rule, 16-80 for the course type), now follows the
  course type.
Reversible: going back restores the JSON list and takes the hours from the (first) course type."""

import django.db.models.deletion
from django.db import migrations, models

import compliance.models

NAMES = {  # the old enrollment labels, for codes the courses seed did not have
    "other": ("Басқа", "Другое", "Other"),
}


def ensure_course_types(apps, schema_editor):
    CourseType = apps.get_model("courses", "CourseType")
    TrainingRecord = apps.get_model("compliance", "TrainingRecord")
    RuleVersion = apps.get_model("compliance", "RuleVersion")
    codes = set(TrainingRecord.objects.values_list("course_type", flat=True).distinct())
    for types in RuleVersion.objects.values_list("qualifying_types", flat=True):
        codes.update(types or [])
    codes.add("other")
    known = set(CourseType.objects.values_list("code", flat=True))
    order = CourseType.objects.count()
    for code in sorted(codes - known):
        kk, ru, en = NAMES.get(code, (code, code, code))
        CourseType.objects.create(code=code, name_kk=kk, name_ru=ru, name_en=en, min_hours=None, max_hours=None,
                                  sort_order=100 + order)
        order += 1


def types_to_m2m(apps, schema_editor):
    CourseType = apps.get_model("courses", "CourseType")
    RuleVersion = apps.get_model("compliance", "RuleVersion")
    by_code = {t.code: t for t in CourseType.objects.all()}
    for version in RuleVersion.objects.all():
        version.qualifying_course_types.set([by_code[c] for c in version.qualifying_types or []])


def m2m_to_types(apps, schema_editor):
    RuleVersion = apps.get_model("compliance", "RuleVersion")
    for version in RuleVersion.objects.all():
        types = list(version.qualifying_course_types.order_by("code"))
        version.qualifying_types = [t.code for t in types] or ["advanced_training"]
        if types:
            version.min_hours, version.max_hours = types[0].min_hours or 1, types[0].max_hours
        version.save(update_fields=["qualifying_types", "min_hours", "max_hours"])


class Migration(migrations.Migration):

    dependencies = [
        ("compliance", "0001_initial"),
        ("courses", "0004_verbose_order"),
    ]

    operations = [
        migrations.RunPython(ensure_course_types, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="trainingrecord", name="training_course_type_valid"),
        migrations.AlterField(
            model_name="trainingrecord",
            name="course_type",
            field=models.ForeignKey(db_column="course_type", db_index=False,
                                    on_delete=django.db.models.deletion.PROTECT, related_name="training_records",
                                    to="courses.coursetype", to_field="code", verbose_name="course type"),
        ),
        migrations.AddField(
            model_name="ruleversion",
            name="qualifying_course_types",
            field=models.ManyToManyField(related_name="+", to="courses.coursetype",
                                         verbose_name="qualifying course types"),
        ),
        migrations.RunPython(types_to_m2m, m2m_to_types),
        migrations.RemoveConstraint(model_name="ruleversion", name="rule_version_hours_ordered"),
        migrations.RemoveField(model_name="ruleversion", name="max_hours"),
        migrations.RemoveField(model_name="ruleversion", name="min_hours"),
        migrations.RemoveField(model_name="ruleversion", name="qualifying_types"),
        migrations.AlterField(
            model_name="ruleversion",
            name="thresholds",
            field=models.JSONField(default=compliance.models.default_thresholds,
                                   verbose_name="reminder thresholds, days"),
        ),
    ]
