"""Existing rows to keys (issue 14): the system notes of the approval chain and the applicants' notifications
render in the reader's language from then on. Rows that cannot be recognised keep their text (shown as it
is); recognised ones keep it too (the comment) as a fallback."""

import re

from django.db import migrations
from django.utils import translation

LANGS = ("kk", "ru", "en")


def _variants(msgid: str) -> set[str]:
    found = {msgid}
    for lang in LANGS:
        with translation.override(lang):
            found.add(translation.gettext(msgid))
    return found


def _text(obj, field: str) -> dict:
    return {"$t": {lang: getattr(obj, f"{field}_{lang}", "") or "" for lang in LANGS}}


def steps_forward(apps, schema_editor):
    Step = apps.get_model("enrollment", "ApplicationStep")
    nominated = _variants("nominated by HR")
    cancel_prefixes = sorted(
        {
            v.split("%(reason)s")[0]
            for v in _variants("The course run was cancelled: %(reason)s")
            if "%(reason)s" in v
        },
        key=len,
        reverse=True,
    )
    override = _variants("confirmed by the provider despite insufficient attendance/progress")
    number = re.compile(r"^#(\d+)$")
    for step in Step.objects.filter(note_key="").exclude(comment="").select_related("application").iterator():
        key, params, comment = "", {}, step.comment
        if step.stage == "manager" and step.decision == "skipped" and step.comment in nominated:
            key = "nominated_by_hr"
        elif step.stage == "waitlist" and (m := number.match(step.comment)):
            key, params = (
                ("waitlist_position", {"position": int(m[1])})
                if step.decision == "waitlisted"
                else (("place_given", {"seat": int(m[1])}) if step.decision == "promoted" else ("", {}))
            )
        elif step.stage == "provider" and step.decision == "rejected":
            prefix = next((p for p in cancel_prefixes if step.comment.startswith(p)), None)
            if prefix is not None:
                key, comment = "run_cancelled", step.comment[len(prefix) :]
        elif step.stage == "completion" and step.decision == "confirmed":
            certificate, _sep, rest = step.comment.partition(" ")
            if not rest.strip():
                key, params = "completed", {"certificate": certificate}
            elif rest.strip() in override:
                key, params = "completed_override", {"certificate": certificate}
        if key:
            Step.objects.filter(pk=step.pk).update(note_key=key, note_params=params, comment=comment)


NOTICE_KEYS = {
    "promoted": "enrollment.promoted",
    "approved": "enrollment.approved",
    "rejected": "enrollment.rejected",
    "cancelled": "enrollment.cancelled",
}


def notices_forward(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Application = apps.get_model("enrollment", "Application")
    for notice in Notification.objects.filter(message="", kind__startswith="enrollment.").iterator():
        parts = notice.dedup_key.split(":")
        if len(parts) != 3 or parts[1] not in NOTICE_KEYS or not parts[2].isdigit():
            continue
        application = Application.objects.select_related("offering__version").filter(pk=int(parts[2])).first()
        if application is None:
            continue
        offering = application.offering
        params = {
            "course": _text(offering.version, "title"),
            "start": {"$date": offering.starts_on.isoformat()},
            "reason": application.rejection_reason,
        }
        Notification.objects.filter(pk=notice.pk).update(message=NOTICE_KEYS[parts[1]], params=params)


def forward(apps, schema_editor):
    steps_forward(apps, schema_editor)
    notices_forward(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("enrollment", "0008_step_note_keys"),
        ("notifications", "0002_message_keys"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
