"""Demo course runs: windows open now and later, a waiting list, completions; the demo servant's application
and training; idempotent."""

import pytest
from django.test import override_settings

from compliance.models import TrainingRecord
from enrollment.demo_offerings import seed_offerings_demo
from enrollment.models import Application, Offering
from enrollment.selectors_offerings import offerings_filtered

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    from courses.demo import seed_courses_demo
    from people.demo import seed_demo

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        seed_demo()
        seed_courses_demo()


def test_demo_offerings(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    summary = seed_offerings_demo()
    assert summary["offerings"] == 7 and summary["waitlisted"] >= 3 and summary["completions"] >= 5
    assert offerings_filtered(open_now=True).filter(code__startswith="DEMO-").count() >= 3
    assert Offering.objects.get(code="DEMO-LATER-1") not in offerings_filtered(open_now=True)
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"pending_manager", "pending_provider", "approved", "rejected", "withdrawn", "completed"} <= statuses
    mine = Application.objects.filter(servant__user__username="servant")
    assert mine.filter(status="pending_manager").exists() and mine.filter(status="completed").exists()
    records = TrainingRecord.objects.filter(servant__user__username="servant")
    assert records.filter(source="internal").exists()
    assert records.filter(source="external_upload", verified_at__isnull=True).exists()
    before = _counts()
    again = seed_offerings_demo()
    assert again["applications"] == 0 and again["offerings"] == 7 and again["completions"] == 0
    assert _counts() == before  # strictly idempotent: no step, mark, record, audit row or notice either


def _counts() -> dict[str, int]:
    from django.apps import apps

    labels = ["enrollment", "compliance", "lms", "notifications"]
    return {m._meta.label: m.objects.count() for label in labels for m in apps.get_app_config(label).get_models()}
