"""Existing reminders and session changes to message keys (issue 14): their dedup key names the registration and
the session, so they read in the reader's language and time zone from then on. Registration notices keep their
stored text (the list of sessions they named is not recorded)."""

from datetime import datetime

from django.conf import settings
from django.db import migrations
from django.urls import reverse

LANGS = ("kk", "ru", "en")


def _text(obj) -> dict:
    return {"$t": {lang: getattr(obj, f"title_{lang}", "") or "" for lang in LANGS}}


def forward(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Session = apps.get_model("conferences", "Session")
    for notice in Notification.objects.filter(message="", dedup_key__startswith="conf-").iterator():
        parts = notice.dedup_key.split(":")
        if parts[0] == "conf-reminder" and len(parts) == 5 and parts[3].isdigit() and parts[4].isdigit():
            session = Session.objects.select_related("event").filter(pk=int(parts[3])).first()
            if session is None:
                continue
            event = session.event
            params = {
                "kind": parts[1],
                "session": _text(session),
                "event": _text(event),
                "starts_at": datetime.fromtimestamp(int(parts[4]), tz=session.starts_at.tzinfo).isoformat(),
                "zone": event.timezone,
                "join_url": settings.SITE_URL + reverse("conferences:detail", args=[event.slug]),
            }
            Notification.objects.filter(pk=notice.pk).update(message="conferences.reminder", params=params)
        elif parts[0] == "conf-change" and len(parts) == 4 and parts[1].isdigit():
            session = Session.objects.select_related("event").filter(pk=int(parts[1])).first()
            if session is None:
                continue
            params = {
                "cancelled": notice.kind == "conference.session.cancelled",
                "session": _text(session),
                "event": _text(session.event),
                "starts_at": session.starts_at.isoformat(),
                "zone": session.event.timezone,
            }
            Notification.objects.filter(pk=notice.pk).update(
                message="conferences.session_changed", params=params
            )


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0006_recording_import_run"),
        ("notifications", "0002_message_keys"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
