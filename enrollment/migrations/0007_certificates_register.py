"""Existing run-completion certificate numbers join the platform's certificate register unchanged
(docs/certificates.md). Uses the current services on purpose: the register's issuing rules (holder names,
counters, signing) live there and nowhere else; the dependencies put every table they touch in place."""

from django.db import migrations


def forward(apps, schema_editor):
    from enrollment.legacy_certificates import backfill_run_certificates

    backfill_run_certificates()


class Migration(migrations.Migration):
    dependencies = [
        ("enrollment", "0006_compliance_moves_out"),
        ("certificates", "0001_initial"),
        ("compliance", "0004_training_record_source_key"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
