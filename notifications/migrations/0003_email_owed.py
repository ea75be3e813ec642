"""The e-mail a notification owes is stored with it (email_wanted), and a beat task sends what a lost publish
left owed, every minute (get_or_create by name: re-running or editing the interval in the admin is safe).
Rows e-mailed before are marked as wanted; unsent older rows are left alone (nothing old is mailed now)."""

from django.db import migrations, models

NAME = "notifications: e-mail what is still owed"
TASK = "notifications.tasks.email_unsent"


def forward(apps, schema_editor):
    apps.get_model("notifications", "Notification").objects.filter(emailed_at__isnull=False).update(
        email_wanted=True
    )
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": TASK, "interval": every})


def backward(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_message_keys"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="email_wanted",
            field=models.BooleanField(db_default=False, default=False, verbose_name="to be e-mailed"),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("email_wanted", True), ("emailed_at__isnull", True)),
                fields=["created_at"],
                name="notification_email_owed",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
