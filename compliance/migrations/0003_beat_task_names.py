"""The reminder tasks moved with the app: compliance.tasks.*. The beat entries (enrollment 0004) keep their
rows, times edited in the admin and names; only the task path changes."""

from django.db import migrations

RENAMES = {
    "enrollment.tasks.send_compliance_reminders": "compliance.tasks.send_compliance_reminders",
    "enrollment.tasks.send_compliance_digests": "compliance.tasks.send_compliance_digests",
}


def forward(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for old, new in RENAMES.items():
        PeriodicTask.objects.filter(task=old).update(task=new)


def backward(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for old, new in RENAMES.items():
        PeriodicTask.objects.filter(task=new).update(task=old)


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0002_course_types_from_courses"),
        ("enrollment", "0004_compliance_beat"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forward, backward)]
