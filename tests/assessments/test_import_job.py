"""A large GIFT / Moodle XML file runs as an import job (lms.import_jobs, kind "questions"): more than
IMPORT_JOB_MIN_ROWS questions (counted without parsing, banks.question_count) or IMPORT_JOB_MIN_BYTES. The page
redirects to /imports/<id>/, the API answers 202; the worker imports into the bank with the options chosen at
upload; errors are shown per question and GIFT line, in the uploader's language; nothing is written on error.
The generic job machinery is tested in tests/test_import_jobs.py."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.urls import reverse
from django.utils import translation

from assessments import banks
from assessments.models import Question, QuestionBank
from lms.models import AuditEntry, ImportJob
from tests.assessments.conftest import SAMPLE
from tests.assessments.test_formats import BROKEN_GIFT, BROKEN_XML

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_threshold(settings):
    """Every file of more than 2 questions is 'large' here (the default is 2,000 questions or 1 MB)."""
    settings.IMPORT_JOB_MIN_ROWS = 2


def _client(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _upload(content: bytes, name: str = "q.gift"):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def test_question_count_reads_no_question():
    assert banks.question_count(SAMPLE.read_bytes()) == 9
    assert banks.question_count(BROKEN_GIFT.encode()) == 4  # comments and blank lines are not questions
    assert banks.question_count(BROKEN_XML.encode()) == 3  # the category is not a question
    assert banks.question_count(BROKEN_XML.encode(), "xml") == 3 and banks.question_count(b"") == 0


def test_page_queues_a_large_file_and_the_worker_imports_it(
    framework, faculty, django_capture_on_commit_callbacks
):
    client = _client(faculty)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("assessments:banks"),
            {
                "bank": "BIG",
                "file": _upload(SAMPLE.read_bytes(), "sample.gift"),
                "language": "",
                "format": "gift",
            },
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    assert (job.kind, job.owner, job.status, job.params) == (
        "questions",
        faculty,
        "queued",
        {"bank_code": "BIG", "fmt": "gift", "language": None},
    )
    assert not QuestionBank.objects.filter(code="BIG").exists()  # nothing inside the request

    callbacks[0]()  # the worker (eager)
    job.refresh_from_db()
    assert job.status == "done" and job.result["created"] == 9 and job.result["layout"] == "gift"
    bank = QuestionBank.objects.get(code="BIG")
    assert Question.objects.filter(bank=bank).count() == 9 and list(bank.owners.all()) == [faculty]
    audit = AuditEntry.objects.get(action="assessments.bank.import")
    assert audit.actor == faculty and audit.after["filename"] == "sample.gift"
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "Import finished" in page and "Question bank import (GIFT / Moodle XML)" in page
    assert f'href="{reverse("assessments:banks")}"' in page


def test_api_answers_202_and_the_job_imports_moodle_xml(
    framework, faculty, django_capture_on_commit_callbacks
):
    xml = banks.bank_export(bank=_sample_bank(faculty), actor=faculty, fmt="xml").encode()
    client = _client(faculty)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/assessments/banks/XMLBIG/import/", {"file": _upload(xml, "q.xml")})
    job = ImportJob.objects.get()
    assert response.status_code == 202 and response["Location"] == f"/api/v1/import-jobs/{job.pk}/"
    assert response.json()["kind"] == "questions" and response.json()["status"] == "queued"
    body = client.get(response["Location"]).json()
    assert body["status"] == "done" and body["result"]["created"] == 9 and body["result"]["layout"] == "xml"
    assert QuestionBank.objects.get(code="XMLBIG").questions.count() == 9


def _sample_bank(faculty):
    report = banks.bank_import(bank_code="SRC", content=SAMPLE.read_bytes(), actor=faculty)
    assert report.ok, report.errors
    return QuestionBank.objects.get(code="SRC")


def test_errors_show_question_and_line_in_the_uploaders_language_and_nothing_is_written(
    faculty, django_capture_on_commit_callbacks
):
    client = _client(faculty, "ru")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("assessments:banks"), {"bank": "BROKEN", "file": _upload(BROKEN_GIFT.encode())}
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.language == "ru" and job.status == "failed"
    assert job.result["error_count"] == 4 and job.result["created"] == 0
    unclosed = {
        "row": 2,
        "column": "",
        "sheet": "",
        "line": 5,
        "message": "Блок ответов не закрыт символом }.",
    }
    assert unclosed in job.errors, job.errors
    assert not QuestionBank.objects.filter(code="BROKEN").exists() and not Question.objects.exists()
    with translation.override("ru"):
        page = client.get(f"/imports/{job.pk}/").content.decode()
    table = re.search(r'<table class="errors-table" id="import-errors">(.*?)</table>', page, re.S).group(1)
    assert '<th scope="col" class="num">Вопрос</th>' in table and ">Строка</th>" in table
    assert '<td class="num">2</td><td class="num">5</td><td>Блок ответов не закрыт символом }.</td>' in table
    api = client.get(f"/api/v1/import-jobs/{job.pk}/").json()
    assert {"row": 2, "line": 5} in [{k: e[k] for k in ("row", "line")} for e in api["errors"]]


def test_another_teachers_bank_is_refused_at_upload_not_queued(framework, faculty, other_faculty):
    _sample_bank(faculty)
    page = _client(other_faculty).post(
        reverse("assessments:banks"), {"bank": "SRC", "file": _upload(SAMPLE.read_bytes())}
    )
    assert page.status_code == 200 and "You may manage only your own question banks." in page.content.decode()
    api = _client(other_faculty).post(
        "/api/v1/assessments/banks/SRC/import/", {"file": _upload(SAMPLE.read_bytes())}
    )
    assert api.status_code == 403
    assert not ImportJob.objects.exists()


def test_only_the_owner_opens_the_job(faculty, other_faculty, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _client(faculty).post(
            reverse("assessments:banks"),
            {"bank": "MINE", "file": _upload(SAMPLE.read_bytes()), "dry_run": "on"},
        )
    job = ImportJob.objects.get(kind="questions")
    assert job.status == "done" and job.dry_run and not QuestionBank.objects.filter(code="MINE").exists()
    intruder = _client(other_faculty)
    for url in (f"/imports/{job.pk}/", f"/imports/{job.pk}/status/", f"/api/v1/import-jobs/{job.pk}/"):
        assert intruder.get(url).status_code == 404, url


def test_small_file_stays_inside_the_request(faculty, settings):
    settings.IMPORT_JOB_MIN_ROWS = 9  # the sample's 9 questions are not more than that
    response = _client(faculty).post(
        reverse("assessments:banks"), {"bank": "SMALL", "file": _upload(SAMPLE.read_bytes())}
    )
    assert response.status_code == 200 and not ImportJob.objects.exists()
    assert QuestionBank.objects.get(code="SMALL").questions.count() == 9


@pytest.mark.parametrize("language", ["en", "kk", "ru"])
def test_a_file_past_the_size_limit_is_refused_at_the_form_and_nothing_is_created(
    framework, faculty, settings, language
):
    """QUESTION_UPLOAD_MAX_BYTES: the page and the API refuse a larger file with an error on the file field, in
    the uploader's language; no bank, question, job or audit entry is written (with the small threshold of
    this module the file would otherwise be queued as a job)."""
    content = SAMPLE.read_bytes()
    settings.QUESTION_UPLOAD_MAX_BYTES = len(content) - 1
    with translation.override(language):
        limit = filesizeformat(settings.QUESTION_UPLOAD_MAX_BYTES)
        expected = translation.gettext("The file is larger than %(limit)s.") % {"limit": limit}
    assert expected and (language == "en" or not expected.isascii()), expected
    client = _client(faculty, language)
    audits = AuditEntry.objects.count()

    page = client.post(
        reverse("assessments:banks"), {"bank": "BIG", "file": _upload(content), "format": "gift"}
    )
    assert page.status_code == 200
    assert page.context["form"].errors == {"file": [expected]}
    html = page.content.decode()
    assert f'<ul class="errorlist" id="id_file_error"><li>{expected}</li></ul>' in html
    # the input is kept
    assert 'value="BIG"' in html and '<option value="gift" selected>GIFT</option>' in html

    api = client.post("/api/v1/assessments/banks/BIG/import/", {"file": _upload(content)})
    assert api.status_code == 400 and api.json() == {"file": [expected]}

    assert not QuestionBank.objects.exists() and not Question.objects.exists()
    assert not ImportJob.objects.exists() and AuditEntry.objects.count() == audits


def test_a_file_at_the_size_limit_is_imported(faculty, settings):
    content = SAMPLE.read_bytes()
    settings.QUESTION_UPLOAD_MAX_BYTES = len(content)
    settings.IMPORT_JOB_MIN_ROWS = 9  # inside the request
    client = _client(faculty)
    form = client.get(reverse("assessments:banks")).content.decode()
    assert "At most 2.2\xa0KB." in form  # the limit is told before the upload
    api = client.post("/api/v1/assessments/banks/EXACT/import/", {"file": _upload(content)})
    assert api.status_code == 200 and api.json()["created"] == 9, api.content
