"""Existing attendance certificate numbers join the platform's certificate register unchanged
(docs/certificates.md). Uses the current services on purpose, like enrollment 0007."""

from django.db import migrations


def forward(apps, schema_editor):
    from conferences.legacy_certificates import backfill_event_certificates

    backfill_event_certificates()


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0004_recording_library_import"),
        ("certificates", "0001_initial"),
        ("compliance", "0004_training_record_source_key"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
