"""`seed_demo` is strictly idempotent: a second run creates nothing, in any table of any app (audit rows,
notifications, many-to-many links and third-party tables included)."""

import pytest
from django.apps import apps
from django.core.management import call_command


def row_counts() -> dict[str, int]:
    return {
        model._meta.db_table: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


# transaction=True: the demo steps' on-commit work (video processing, notices) runs as in a real run.
@pytest.mark.django_db(transaction=True)
def test_a_second_seed_demo_creates_nothing():
    call_command("seed_demo", scale=3, verbosity=0)
    first = row_counts()
    assert first["people_civilservant"] > 0 and first["lms_auditentry"] > 0

    call_command("seed_demo", scale=3, verbosity=0)
    second = row_counts()

    grown = {table: (first[table], second[table]) for table in first if second[table] != first[table]}
    assert not grown, f"tables whose row count changed on the second run (first, second): {grown}"
