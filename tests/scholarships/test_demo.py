"""Demo scholarships: every state present, a published run, idempotent, logins listed."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from lms.models import AuditEntry
from people.demo import seed_demo
from scholarships.demo import CALL_CODE, seed_scholarships_demo
from scholarships.models import AllocationRun, Application, Call, Review, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        seed_demo()
        yield


def test_demo_covers_every_state_and_is_idempotent(demo, capsys):
    assert seed_scholarships_demo()["applications"] == 14
    call = Call.objects.get(code=CALL_CODE)
    states = set(Application.objects.filter(call=call).values_list("status", flat=True))
    assert states == {
        Status.DRAFT,
        Status.INELIGIBLE,
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        Status.THIRD_REVIEW,
        Status.OFFERED,
        Status.ACCEPTED,
        Status.DECLINED,
        Status.NOT_ADMITTED,
    }
    partner = Application.objects.get(call=call, applicant__username="partner")
    assert partner.status == Status.OFFERED
    assert AllocationRun.objects.get(call=call).published_at is not None
    assert Review.objects.filter(is_third=True).exists()
    counts = (
        Application.objects.count(),
        Review.objects.count(),
        AllocationRun.objects.count(),
        AuditEntry.objects.count(),
    )
    assert seed_scholarships_demo() == {"calls": 0, "applications": 0, "runs": 0}
    assert (
        Application.objects.count(),
        Review.objects.count(),
        AllocationRun.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
    call_command("demo_logins")
    out = capsys.readouterr().out
    assert "committee" in out and "reviewer2" in out
