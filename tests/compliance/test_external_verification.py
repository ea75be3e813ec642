"""Finding 3 of issue 15: a servant's own upload of external training counts toward compliance only after HR
verified it (both engines); pending and rejected records show as such; HR verifies or rejects (with a reason),
audited and scope-checked."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from compliance import engine
from compliance.dashboard import today
from compliance.models import TrainingRecord
from lms.models import AuditEntry
from people.models import CivilServant, Role
from tests.compliance.compliance_fixtures import build_world
from tests.factories import user_with_role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n" + b" " * 20
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def status_of(servant) -> str:
    rows = engine.iter_statuses(CivilServant.objects.filter(pk=servant.pk), today(), ["three_year"])
    return next(iter(rows)).status


def national_overdue() -> int:
    return engine.status_summary(CivilServant.objects.all(), today(), ["three_year"])["three_year"].get(
        "overdue", 0
    )


def python_status(servant) -> str:
    params = engine.params_in_force(today(), ["three_year"])
    rows = engine._python_statuses(CivilServant.objects.filter(pk=servant.pk), today(), params, 100)
    return next(iter(rows)).status


@pytest.fixture
def upload():
    w = build_world()
    servant = w["M-LATE"]
    assert status_of(servant) == "overdue"
    overdue_before = national_overdue()
    response = api(servant.user).post(
        "/api/v1/training/external/",
        {
            "title": "Advanced public management",
            "course_type": "advanced_training",
            "hours": "40",
            "completed_on": (today() - timedelta(days=10)).isoformat(),
            "provider": "Elsewhere",
            "evidence": SimpleUploadedFile("cert.pdf", PDF, content_type="application/pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["verification"] == "pending"
    return w, servant, TrainingRecord.objects.get(pk=response.json()["id"]), overdue_before


def test_a_pending_upload_does_not_count(upload):
    w, servant, record, overdue_before = upload
    assert status_of(servant) == "overdue" and python_status(servant) == "overdue"
    assert national_overdue() == overdue_before
    mine = api(servant.user).get("/api/v1/training/mine/").json()
    rows = mine["results"] if isinstance(mine, dict) else mine
    assert [r["verification"] for r in rows] == ["pending"]


def test_verifying_makes_it_count(upload):
    w, servant, record, overdue_before = upload
    queue = api(w["hr"]).get("/api/v1/training/records/", {"pending": "1"}).json()
    assert [r["id"] for r in queue["results"]] == [record.pk]
    response = api(w["hr"]).post(f"/api/v1/training/records/{record.pk}/verify/")
    assert response.status_code == 200 and response.json()["verification"] == "verified"
    assert status_of(servant) == "compliant" and python_status(servant) == "compliant"
    assert national_overdue() == overdue_before - 1
    assert AuditEntry.objects.filter(action="training_record.verify").count() == 1


def test_rejecting_needs_a_reason_and_never_counts(upload, client):
    w, servant, record, _ = upload
    hr = api(w["hr"])
    missing = hr.post(f"/api/v1/training/records/{record.pk}/reject/", {}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    response = hr.post(
        f"/api/v1/training/records/{record.pk}/reject/", {"reason": "Certificate unreadable"}, format="json"
    )
    assert response.status_code == 200 and response.json()["verification"] == "rejected"
    assert status_of(servant) == "overdue" and python_status(servant) == "overdue"
    assert AuditEntry.objects.filter(action="training_record.reject").count() == 1
    assert hr.get("/api/v1/training/records/", {"pending": "1"}).json()["results"] == []
    client.force_login(servant.user)
    page = client.get("/training/mine/").content.decode()
    assert 'data-testid="rejected"' in page and "Certificate unreadable" in page


def test_hr_outside_the_scope_cannot_verify_or_reject(upload):
    w, servant, record, _ = upload
    other = api(user_with_role(Role.HR_OFFICER, body=w["X"], username="hr.x"))
    assert other.post(f"/api/v1/training/records/{record.pk}/verify/").status_code == 404
    assert (
        other.post(
            f"/api/v1/training/records/{record.pk}/reject/", {"reason": "x"}, format="json"
        ).status_code
        == 404
    )
    assert api(servant.user).post(f"/api/v1/training/records/{record.pk}/verify/").status_code == 404
    record.refresh_from_db()
    assert record.verification == "pending"


def test_hr_queue_page_verifies_and_rejects(upload, client):
    w, servant, record, _ = upload
    client.force_login(w["hr"])
    page = client.get("/training/records/", {"pending": "on"}).content.decode()
    assert 'data-testid="pending"' in page and f"/training/records/{record.pk}/reject/" in page
    client.post(f"/training/records/{record.pk}/reject/", {"reason": "Wrong person"})
    record.refresh_from_db()
    assert record.verification == "rejected" and record.rejection_reason == "Wrong person"
    client.post(f"/training/records/{record.pk}/verify/")
    record.refresh_from_db()
    assert record.verification == "verified" and status_of(servant) == "compliant"
