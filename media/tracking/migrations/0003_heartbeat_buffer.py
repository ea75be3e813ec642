"""Heartbeats buffered in Redis: FoldState.sequence (last buffered beat folded into the watch rows) and the
beat schedule of the heartbeat fold, every 10 seconds (get_or_create by name: safe to re-run)."""

from django.db import migrations, models

NAME = "media: fold buffered heartbeats into the watch rows"
TASK = "media.tracking.tasks.heartbeats_fold"


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=10, period="seconds")
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": TASK, "interval": every})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("media_tracking", "0002_periodic_fold"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [
        migrations.AddField(model_name="foldstate", name="sequence", field=models.BigIntegerField(default=0)),
        migrations.RunPython(create, remove),
    ]
