"""Beat schedule (django-celery-beat DatabaseScheduler): the engagement fold every 10 minutes. get_or_create by
name: re-running or editing the interval in the admin is safe."""

from django.db import migrations

NAME = "media: fold watch heartbeats into the HDF5 engagement file"
TASK = "media.tracking.tasks.engagement_fold"


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": TASK, "interval": every})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("media_tracking", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
