"""Beat schedule (django-celery-beat DatabaseScheduler): abandoned resumable uploads are deleted hourly.
get_or_create by name: re-running or editing the interval in the admin is safe."""

from django.db import migrations

NAME = "media: delete abandoned resumable uploads"
TASK = "media.tasks.expire_uploads"


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": TASK, "interval": every})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0002_chapter_rendition_subtitle_uploadsession_and_more"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
