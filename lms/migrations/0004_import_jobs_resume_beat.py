"""Beat schedule (django-celery-beat DatabaseScheduler): import jobs whose task message was lost are queued again
every minute (lms.import_jobs.import_jobs_resume). get_or_create by name: re-running is safe."""

from django.db import migrations

NAME = "lms: queue again import jobs nobody runs"
TASK = "lms.tasks.import_jobs_resume"


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": TASK, "interval": every})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0003_import_jobs"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
