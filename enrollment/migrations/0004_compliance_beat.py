"""Beat schedule of the compliance reminders (django-celery-beat DatabaseScheduler), in Asia/Almaty time:
servant reminders every day at 09:00, the HR digest on Mondays at 09:00. get_or_create by name, so re-running
is safe and times edited in the admin are kept."""

from django.db import migrations

ZONE = "Asia/Almaty"
TASKS = [
    ("enrollment: compliance reminders to servants (daily 09:00)", "enrollment.tasks.send_compliance_reminders", "*"),
    ("enrollment: weekly compliance digest to HR (Monday 09:00)", "enrollment.tasks.send_compliance_digests", "1"),
]


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, day_of_week in TASKS:
        crontab, _ = CrontabSchedule.objects.get_or_create(minute="0", hour="9", day_of_week=day_of_week,
                                                           day_of_month="*", month_of_year="*", timezone=ZONE)
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[t[0] for t in TASKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("enrollment", "0003_offerings_applications"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
