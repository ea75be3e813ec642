"""Pages under /training/ and the training-record API: my training, external upload (validated evidence),
HR list with filters and verification (scoped), offering pages with window info, my applications, approvals,
the provider's page."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compliance.models import TrainingRecord
from compliance.services import training_record_create
from enrollment import applications
from people.models import Role
from tests.enrollment.test_applications import client_for
from tests.enrollment.test_offerings import (  # noqa: F401
    applicant,
    body,
    faculty,
    hr,
    make_offering,
    make_version,
    servant_user,
)
from tests.factories import StateBodyFactory, user_with_role

_ = (applicant, body, faculty, hr)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload_data(**over):
    data = {"title": "Data literacy", "course_type": "e_course", "hours": "16",
            "completed_on": (date.today() - timedelta(days=10)).isoformat(), "provider": "Coursera",
            "evidence": SimpleUploadedFile("cert.pdf", PDF, content_type="application/pdf")}
    data.update(over)
    return data


@pytest.mark.django_db
def test_upload_page_saves_and_my_training_shows(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("enrollment:upload")).status_code == 200
    r = client.post(reverse("enrollment:upload"), _upload_data())
    assert r.status_code == 302
    record = TrainingRecord.objects.get(servant=applicant.servant)
    assert record.source == "external_upload" and record.verified_at is None and record.evidence
    page = client.get(reverse("enrollment:my-training")).content.decode()
    assert "Data literacy" in page and reverse("enrollment:evidence", args=[record.pk]) in page
    assert client.get(reverse("enrollment:evidence", args=[record.pk])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("over", [
    {"evidence": SimpleUploadedFile("cert.pdf", b"MZ\x90\0 not a pdf", content_type="application/pdf")},
    {"evidence": SimpleUploadedFile("cert.exe", PDF)},
    {"evidence": SimpleUploadedFile("cert.png", PDF)},  # content and name disagree
    {"evidence": SimpleUploadedFile("big.pdf", PDF + b"0" * (5 * 1024 * 1024))},
    {"hours": "0"}, {"hours": "abc"}, {"title": ""}, {"course_type": "bogus"},
    {"completed_on": (date.today() + timedelta(days=5)).isoformat()}, {"completed_on": "31.02.2024"},
])
def test_upload_bad_input_writes_nothing(client, applicant, over):
    client.force_login(applicant)
    data = _upload_data(**over)
    r = client.post(reverse("enrollment:upload"), data)
    assert r.status_code == 400
    assert 'class="errorlist"' in r.content.decode() or "alert-error" in r.content.decode()
    assert not TrainingRecord.objects.exists()


@pytest.mark.django_db
def test_api_external_upload_and_verify(applicant, hr):
    api = client_for(applicant)
    png = SimpleUploadedFile("scan.png", PNG, content_type="image/png")
    r = api.post("/api/v1/training/external/", _upload_data(evidence=png), format="multipart")
    assert r.status_code == 201, r.json()
    assert r.json()["verified"] is False
    bad = api.post("/api/v1/training/external/", _upload_data(
        title="Other", evidence=SimpleUploadedFile("x.pdf", b"hello")), format="multipart")
    assert bad.status_code == 400 and bad.json()["code"] == "evidence_type"
    assert TrainingRecord.objects.count() == 1
    pk = r.json()["id"]
    assert api.post(f"/api/v1/training/records/{pk}/verify/").status_code == 404  # a servant cannot verify
    far_hr = user_with_role(Role.HR_OFFICER, body=StateBodyFactory(), username="far_hr")
    assert client_for(far_hr).post(f"/api/v1/training/records/{pk}/verify/").status_code == 404
    assert client_for(far_hr).get("/api/v1/training/records/").json()["results"] == []
    ok = client_for(hr).post(f"/api/v1/training/records/{pk}/verify/")
    assert ok.status_code == 200 and ok.json()["verified"] is True
    assert client_for(hr).get("/api/v1/training/records/", {"pending": "1"}).json()["results"] == []
    assert client_for(hr).get("/api/v1/training/records/", {"year": "x"}).status_code == 400


@pytest.mark.django_db
def test_hr_records_page_scope_filters_and_verify(client, applicant, hr, body):
    mine = training_record_create(servant=applicant.servant, title="Upload A", course_type="seminar", hours=8,
                                  completed_on=date(2025, 3, 1), provider="X", source="external_upload",
                                  actor=applicant)
    training_record_create(servant=applicant.servant, title="Imported B", course_type="advanced_training", hours=36,
                           completed_on=date(2024, 5, 1), provider="APA", source="import", actor=None)
    far = servant_user(StateBodyFactory(), username="far")
    training_record_create(servant=far.servant, title="Far away C", course_type="seminar", hours=8,
                           completed_on=date(2025, 3, 1), provider="X", source="import", actor=None)
    client.force_login(hr)
    page = client.get(reverse("enrollment:records")).content.decode()
    assert "Upload A" in page and "Imported B" in page and "Far away C" not in page
    assert applicant.servant.iin not in page
    filtered = client.get(reverse("enrollment:records"), {"pending": "on"}).content.decode()
    assert "Upload A" in filtered and "Imported B" not in filtered
    assert "Imported B" in client.get(reverse("enrollment:records"), {"year": "2024"}).content.decode()
    assert client.get(reverse("enrollment:records"), {"year": "abc"}).status_code == 200  # ignored, not a crash
    r = client.post(reverse("enrollment:verify", args=[mine.pk]))
    assert r.status_code == 302
    mine.refresh_from_db()
    assert mine.verified_by == hr
    # A servant has no HR page; HR outside cannot download the evidence.
    client.force_login(applicant)
    assert client.get(reverse("enrollment:records")).status_code == 404
    client.force_login(user_with_role(Role.HR_OFFICER, body=StateBodyFactory(), username="far_hr"))
    assert client.post(reverse("enrollment:verify", args=[mine.pk])).status_code == 404


@pytest.mark.django_db
def test_offering_pages_apply_and_window_message(client, applicant):
    open_run = make_offering(start_in=10, capacity=1)
    later = make_offering(start_in=50)
    client.force_login(applicant)
    listing = client.get(reverse("enrollment:offerings")).content.decode()
    assert open_run.code in listing and "(Asia/Almaty)" in listing
    detail = client.get(reverse("enrollment:offering", args=[later.pk])).content.decode()
    assert 'data-testid="window-error"' in detail and later.window_opens_on.strftime("%d.%m.%Y") in detail
    r = client.post(reverse("enrollment:apply", args=[later.pk]))
    assert r.status_code == 302 and not later.applications.exists()
    r = client.post(reverse("enrollment:apply", args=[open_run.pk]), {"motivation": "please"})
    assert r.status_code == 302 and r.url == reverse("enrollment:mine")
    page = client.get(reverse("enrollment:mine")).content.decode()
    assert open_run.version.title in page and "please" in page
    app = open_run.applications.get()
    client.post(reverse("enrollment:withdraw", args=[app.pk]), {"reason": "changed plans"})
    app.refresh_from_db()
    assert app.status == "withdrawn"


@pytest.mark.django_db
def test_approvals_page_and_decisions(client, applicant, hr, body):
    offering = make_offering()
    app = applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    client.force_login(hr)
    assert applicant.servant.personnel_number in client.get(reverse("enrollment:approvals")).content.decode()
    r = client.post(reverse("enrollment:decide", args=[app.pk]), {"decision": "reject", "reason": ""})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.status == "pending_manager"  # no reason: nothing happened
    client.post(reverse("enrollment:decide", args=[app.pk]), {"decision": "approve", "reason": "ok"})
    app.refresh_from_db()
    assert app.status == "pending_hr"
    # Another HR officer does not even see it.
    client.force_login(user_with_role(Role.HR_OFFICER, body=StateBodyFactory(), username="far_hr"))
    assert client.post(reverse("enrollment:decide", args=[app.pk]), {"decision": "approve"}).status_code == 404


@pytest.mark.django_db
def test_provider_page_attendance_and_confirm(client, applicant, hr, faculty, monkeypatch):
    offering = make_offering(version=make_version(author=faculty), start_in=10, days=2)
    app = applications.application_nominate(offering=offering, servant=applicant.servant, actor=hr)
    applications.application_approve(application=app, actor=faculty)
    monkeypatch.setattr("enrollment.offerings.today_almaty", lambda: offering.ends_on)
    monkeypatch.setattr("frontend.enrollment.forms.today_almaty", lambda: offering.ends_on)
    client.force_login(faculty)
    assert client.get(reverse("enrollment:manage", args=[offering.pk])).status_code == 200
    for day in offering.session_days():
        client.post(reverse("enrollment:attendance", args=[offering.pk]), {"day": day.isoformat(),
                                                                           "present": [app.pk]})
    assert app.attendance.filter(present=True).count() == 2
    client.post(reverse("enrollment:confirm", args=[app.pk]))
    app.refresh_from_db()
    assert app.status == "completed" and app.certificate_number
    client.force_login(hr)
    assert client.get(reverse("enrollment:manage", args=[offering.pk])).status_code == 404


@pytest.mark.django_db
def test_hr_gets_no_active_approve_while_the_line_manager_has_not_acted(client, applicant, hr, body):
    offering = make_offering()
    app = applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    client.force_login(hr)
    page = client.get(reverse("enrollment:approvals")).content.decode()
    assert 'data-testid="waiting-manager"' in page and 'value="approve"' not in page
    applications.application_approve(application=app, actor=hr, comment="standing in")  # the service allows it
    page = client.get(reverse("enrollment:approvals")).content.decode()
    assert 'value="approve"' in page and 'data-testid="waiting-manager"' not in page
