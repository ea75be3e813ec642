"""A large Moodle competency CSV runs as an import job (lms.import_jobs, kind "competency_framework"): the page
redirects to /imports/<id>/, the API answers 202; the worker imports it in the uploader's language and with the
language of the texts chosen at upload; row errors are shown on the job page and nothing is written.
The generic job machinery (idempotence, owner-only pages, the bomb) is tested in tests/test_import_jobs.py."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from competency_framework.models import Competency, Framework
from lms.models import AuditEntry, ImportJob
from people.models import Role
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
CSV = (DATA / "oecd_core.csv").read_bytes()
BROKEN = CSV.replace(b"OECD-DEL,OECD-DEL-ACH", b"NOPE,OECD-DEL-ACH")


@pytest.fixture(autouse=True)
def small_threshold(settings):
    """Every file of more than 2 data rows is 'large' here (the default is 2,000 rows or 1 MB)."""
    settings.IMPORT_JOB_MIN_ROWS = 2
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin(db):
    return user_with_role(Role.ADMIN, username="cf.jobs.admin")


def _client(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _upload(content=CSV, name="oecd.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_page_queues_a_large_file_and_the_worker_imports_it(admin, django_capture_on_commit_callbacks):
    client = _client(admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/competencies/import/", {"file": _upload(), "language": "kk"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    assert (job.kind, job.owner, job.status, job.params, job.dry_run) == (
        "competency_framework", admin, "queued", {"language": "kk"}, False)
    assert not Framework.objects.filter(idnumber="OECD-CORE-2014").exists()  # nothing inside the request

    callbacks[0]()  # the worker (eager)
    job.refresh_from_db()
    assert job.status == "done" and job.errors == [] and job.result["created"] > 10
    framework = Framework.objects.get(idnumber="OECD-CORE-2014")
    assert framework.name_kk == "OECD Core Competencies" and framework.name_en == ""  # the language chosen
    assert framework.competencies.count() == job.result["created"] - 1
    audit = AuditEntry.objects.get(action="competency_framework.import")
    assert audit.actor == admin and audit.after["filename"] == "oecd.csv"
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "Import finished" in page and "Competency framework import (Moodle CSV)" in page
    assert 'href="/competencies/import/"' in page  # "Import another file"


def test_api_answers_202_and_a_dry_run_job_writes_nothing(admin, django_capture_on_commit_callbacks):
    client = _client(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/competency-frameworks/import/",
                               {"file": _upload(), "language": "ru", "dry_run": "true"})
    job = ImportJob.objects.get()
    assert response.status_code == 202 and response["Location"] == f"/api/v1/import-jobs/{job.pk}/"
    assert response.json()["kind"] == "competency_framework" and response.json()["status"] == "queued"
    body = client.get(response["Location"]).json()
    assert body["status"] == "done" and body["result"]["dry_run"] and body["result"]["created"] > 10
    assert not Framework.objects.filter(idnumber="OECD-CORE-2014").exists()


def test_row_errors_are_shown_in_the_uploaders_language_and_nothing_is_written(
    admin, django_capture_on_commit_callbacks
):
    before = Competency.objects.count()
    client = _client(admin, "ru")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/competencies/import/", {"file": _upload(BROKEN), "language": "en"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.language == "ru" and job.status == "failed"
    nope = [e for e in job.errors if "NOPE" in e["message"]]
    assert nope and nope[0]["row"] >= 3 and nope[0]["column"] == "Parent ID number"
    assert "отсутствует в файле" in nope[0]["message"]  # rendered in Russian by the worker
    assert Competency.objects.count() == before and not Framework.objects.filter(idnumber="OECD-CORE-2014").exists()
    assert not AuditEntry.objects.filter(action="competency_framework.import").exists()
    with translation.override("en"):
        page = client.get(f"/imports/{job.pk}/").content.decode()
    table = re.search(r'<table class="errors-table" id="import-errors">(.*?)</table>', page, re.S).group(1)
    assert f'<td class="num">{nope[0]["row"]}</td>' in table and "NOPE" in table
    assert "<code>Parent ID number</code>" in table


def test_only_the_owner_and_superusers_open_the_job(admin, django_capture_on_commit_callbacks):
    """Any other importer of frameworks is an ADMIN, and the ADMIN role carries is_superuser (people.services
    .user_sync_admin_site_access), who reads every job: the others get 404."""
    with django_capture_on_commit_callbacks(execute=True):
        _client(admin).post("/competencies/import/", {"file": _upload(), "language": "en", "dry_run": "on"})
    job = ImportJob.objects.get(kind="competency_framework")
    for who in (Role.FACULTY, Role.ANALYST):
        intruder = _client(user_with_role(who, username=f"cf.jobs.{who}"))
        for url in (f"/imports/{job.pk}/", f"/imports/{job.pk}/status/", f"/api/v1/import-jobs/{job.pk}/"):
            assert intruder.get(url).status_code == 404, (who, url)
    assert _client(user_with_role(Role.ADMIN, username="cf.jobs.other")).get(f"/imports/{job.pk}/").status_code == 200


def test_small_file_stays_inside_the_request(admin, settings):
    settings.IMPORT_JOB_MIN_ROWS = 2000
    response = _client(admin).post("/competencies/import/", {"file": _upload(), "language": "en"})
    assert response.status_code == 200 and "Import finished" in response.content.decode()
    assert not ImportJob.objects.exists() and Framework.objects.filter(idnumber="OECD-CORE-2014").exists()
