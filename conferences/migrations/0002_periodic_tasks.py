"""Beat schedule (django-celery-beat DatabaseScheduler): reminders every 5 minutes, attendance polling every
minute. get_or_create by name: re-running or editing the interval in the admin is safe."""

from django.db import migrations

TASKS = [
    ("conferences: session reminders (24 h and 1 h)", "conferences.tasks.send_session_reminders", 5),
    ("conferences: attendance polling of live BigBlueButton rooms", "conferences.tasks.poll_attendance", 1),
]


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minutes in TASKS:
        every, _ = IntervalSchedule.objects.get_or_create(every=minutes, period="minutes")
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "interval": every})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[t[0] for t in TASKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
