"""The three compliance rules with their default parameters (DOMAIN.md), in force from 2000-01-01."""

import datetime

from django.db import migrations

START = datetime.date(2000, 1, 1)
DEFAULTS = {
    "three_year": {"period_years": 3, "qualifying_types": ["advanced_training"], "min_hours": 8, "max_hours": 80},
    "retraining": {"window_months": 6, "newly_appointed_months": 12, "qualifying_types": ["retraining"],
                   "min_hours": 120, "max_hours": None},
    "corps_a_course": {"window_months": 0, "newly_appointed_months": 12, "months_before_appointment": 12,
                       "qualifying_types": ["management_course"], "min_hours": 1, "max_hours": None},
}


def create(apps, schema_editor):
    ComplianceRule = apps.get_model("enrollment", "ComplianceRule")
    RuleVersion = apps.get_model("enrollment", "RuleVersion")
    for code, params in DEFAULTS.items():
        rule, _created = ComplianceRule.objects.get_or_create(code=code)
        if not rule.versions.exists():
            RuleVersion.objects.create(rule=rule, valid_from=START, thresholds=[180, 90, 30], **params)


class Migration(migrations.Migration):
    dependencies = [("enrollment", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
