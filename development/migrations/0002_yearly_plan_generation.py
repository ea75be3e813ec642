"""Beat schedule (django-celery-beat DatabaseScheduler): draft the development plans of the new calendar year
by themselves, at 03:00 Asia/Almaty on each of 1-7 January (the later runs catch a day the workers were down;
the task is idempotent, so they create nothing once the year's drafts exist). get_or_create by name: re-running
is safe and a time edited in the admin is kept."""

from django.db import migrations

NAME = "development: draft the new year's development plans (1-7 January 03:00)"
TASK = "development.tasks.generate_plans"
ZONE = "Asia/Almaty"


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="3", day_of_week="*", day_of_month="1-7", month_of_year="1", timezone=ZONE
    )
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": TASK, "crontab": crontab})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("development", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
