"""Existing reminders to message keys (issue 14): their dedup key holds everything the text says (rule, due
date, step), so they read in the reader's language from then on. Weekly digests keep their stored text (their
counts are not recorded elsewhere)."""

import zoneinfo
from datetime import date

from django.conf import settings
from django.db import migrations


def forward(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    for notice in Notification.objects.filter(message="", dedup_key__startswith="compliance:").iterator():
        parts = notice.dedup_key.split(":")  # compliance:<rule>:<servant>:<due>:<step>
        if len(parts) != 5:
            continue
        try:
            due = date.fromisoformat(parts[3])
        except ValueError:
            continue
        sent_on = notice.created_at.astimezone(zone).date()
        params = {
            "rule": parts[1],
            "due": {"$date": due.isoformat()},
            "step": parts[4],
            "days": (due - sent_on).days,
        }
        Notification.objects.filter(pk=notice.pk).update(message="compliance.reminder", params=params)


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0006_rejection_reason_db_default"),
        ("notifications", "0002_message_keys"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
