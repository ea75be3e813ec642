"""Issue #15 point 9: large imports run as background jobs (lms.import_jobs) with a progress page and a result
page; the workbook bomb (a small .xlsx expanding to 1.5 million rows) is refused at upload in a second.

Celery runs eager here: `django_capture_on_commit_callbacks(execute=True)` runs the queued task in the test."""

import io
import time
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from openpyxl import Workbook

from lms import import_jobs
from lms.importing import ImportReport, RowError, estimate_rows
from lms.models import AuditEntry, ImportJob
from lms.tasks import import_job_run
from people.ekyzmet import ekyzmet_import
from people.models import CivilServant, Region, Role, StateBody
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[1] / "docs" / "samples"
HEADER = (
    "personnel_number,iin,last_name,first_name,middle_name,body_code,position_title,corps,category_code,"
    "managerial,appointed_on,entered_service_on,first_time_entrant"
)


@pytest.fixture
def small_threshold(settings):
    """Every file of more than 2 data rows is 'large' here (the default is 2,000 rows or 1 MB)."""
    settings.IMPORT_JOB_MIN_ROWS = 2
    return settings


@pytest.fixture
def admin(db):
    return user_with_role(Role.ADMIN, username="jobs.admin")


@pytest.fixture
def bodies(db):
    report = ekyzmet_import(content=(SAMPLES / "bodies.csv").read_bytes(), filename="bodies.csv", actor=None)
    assert report.ok, report.errors
    return report


def _post_page(client, content: bytes, name: str = "servants.csv", dry_run: bool = False):
    data = {"file": SimpleUploadedFile(name, content)}
    if dry_run:
        data["dry_run"] = "on"
    return client.post("/import/", data)


def bomb_xlsx(rows: int) -> bytes:
    """A valid workbook whose one sheet holds `rows` one-cell rows: ~ 10 KB per million rows once compressed."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><sheetData>'
        + '<row><c t="inlineStr"><is><t>x</t></is></c></row>' * rows
        + "</sheetData></worksheet>"
    )
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
        '.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
        '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+'
        'xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
        '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas'
        '.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": sheet,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


# --- a large file becomes a job ----------------------------------------------------------------------------------


def test_large_file_is_queued_and_the_job_page_shows_the_result(
    client, admin, bodies, small_threshold, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _post_page(client, (SAMPLES / "servants.csv").read_bytes())
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    assert (job.owner, job.kind, job.status, job.filename, job.dry_run) == (
        admin,
        "ekyzmet",
        "queued",
        "servants.csv",
        False,
    )
    assert job.file.name.startswith("private/imports/") and len(callbacks) == 1
    assert not CivilServant.objects.exists()  # nothing imported inside the request
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert f'hx-get="/imports/{job.pk}/status/"' in page and 'hx-trigger="every 1s"' in page
    assert "<script>" not in page  # CSP: no inline script, htmx attributes only

    callbacks[0]()  # the worker (eager) runs the task
    job.refresh_from_db()
    assert job.status == "done" and job.result["created"] == 4 and job.errors == [] and job.attempts == 1
    assert (job.progress_done, job.finished_at is not None) == (job.progress_total, True)
    assert CivilServant.objects.count() == 4
    assert not job.file  # the upload (personal data) is deleted once the job finishes
    status = client.get(f"/imports/{job.pk}/status/").content.decode()
    assert "hx-get" not in status and 'data-testid="created">4<' in status and "Import finished" in status
    actions = list(AuditEntry.objects.filter(object_type="lms.importjob").values_list("action", flat=True))
    assert sorted(actions) == ["import_job.finish", "import_job.queue"]
    assert AuditEntry.objects.filter(action="ekyzmet.import", summary__contains="servants.csv").count() == 1


def test_small_file_stays_inside_the_request(client, admin, bodies):
    client.force_login(admin)
    response = _post_page(client, (SAMPLES / "servants.csv").read_bytes())
    assert response.status_code == 200 and not ImportJob.objects.exists()
    assert CivilServant.objects.count() == 4


def test_file_over_a_megabyte_is_queued_whatever_its_rows(
    client, admin, bodies, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_JOB_MIN_BYTES = 100
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_page(client, (SAMPLES / "servants.csv").read_bytes(), dry_run=True)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.dry_run and job.status == "done"
    assert job.result["created"] == 4 and job.result["dry_run"] and not CivilServant.objects.exists()


def test_row_errors_are_shown_in_the_owners_language_and_nothing_is_written(
    client, admin, bodies, small_threshold, django_capture_on_commit_callbacks
):
    bad = (
        "\n".join(
            [
                HEADER,
                "EK-1,900721503421,Иванова,Мария,,MF-KGD,Эксперт,B,C-4,0,2023-01-10,2015-09-01,0",
                "EK-2,123,Петров,Пётр,,MF-KGD,Эксперт,B,C-4,0,2023-01-10,2015-09-01,0",
                "EK-3,900721503421,Сидоров,Иван,,NOPE,Эксперт,B,C-4,0,2023-01-10,2015-09-01,0",
            ]
        )
        + "\n"
    )
    client.force_login(admin)
    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/import/", {"file": SimpleUploadedFile("s.csv", bad.encode())}, HTTP_ACCEPT_LANGUAGE="ru"
        )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.language == "ru" and job.status == "failed" and job.result["error_count"] >= 2
    assert {e["row"] for e in job.errors} >= {3, 4}
    assert not CivilServant.objects.exists()
    with translation.override("en"):
        english = [e["message"] for e in job.errors]
    assert all(any("\u0400" <= ch <= "\u04ff" for ch in message) for message in english), english  # Cyrillic
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert 'id="import-errors"' in page and job.errors[0]["message"] in page


def test_a_crash_mid_import_writes_nothing_and_fails_the_job(
    admin, bodies, django_capture_on_commit_callbacks
):
    def crashing(*, content, filename, actor, dry_run, progress):
        Region.objects.create(code="ZZ", name_ru="Ж", name_kk="Ж", name_en="Z")  # written, then rolled back
        progress(1, 2)
        raise RuntimeError("disk on fire")

    import_jobs.register("test-crash", run=f"{__name__}._crash_holder", label="crash")
    _crash_holder.target = crashing
    with django_capture_on_commit_callbacks(execute=True):
        job = import_jobs.import_job_create(
            owner=admin, kind="test-crash", content=b"a\n", filename="a.csv", dry_run=False
        )
    job.refresh_from_db()
    assert job.status == "failed" and not Region.objects.filter(code="ZZ").exists()
    assert "unexpected error; nothing was written" in job.errors[0]["message"]
    assert "disk on fire" not in str(job.errors)  # internals stay in the log
    assert AuditEntry.objects.filter(action="import_job.fail", object_id=str(job.pk)).exists()


def _crash_holder(**kwargs):
    return _crash_holder.target(**kwargs)


def _progress_holder(**kwargs):
    return _progress_holder.target(**kwargs)


def test_progress_is_visible_while_the_import_runs(client, admin, django_capture_on_commit_callbacks):
    seen = {}

    def slow(*, content, filename, actor, dry_run, progress):
        progress(50, 200)
        job = ImportJob.objects.get(filename="p.csv")
        seen["fragment"] = client.get(f"/imports/{job.pk}/status/").content.decode()
        seen["api"] = client.get(f"/api/v1/import-jobs/{job.pk}/").json()
        progress(200, 200)
        return ImportReport(layout="test", created=200, dry_run=dry_run)

    import_jobs.register("test-progress", run=f"{__name__}._progress_holder", label="progress")
    _progress_holder.target = slow
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        job = import_jobs.import_job_create(
            owner=admin, kind="test-progress", content=b"a\n", filename="p.csv", dry_run=False
        )
    assert (
        'value="25"' in seen["fragment"] and "50 of 200" in seen["fragment"] and "hx-get" in seen["fragment"]
    )
    assert seen["api"]["status"] == "running" and seen["api"]["progress"] == {
        "done": 50,
        "total": 200,
        "percent": 25,
    }
    job.refresh_from_db()
    assert job.status == "done" and (job.progress_done, job.progress_total) == (200, 200)


# --- who may see a job ---------------------------------------------------------------------------------------------


def test_only_the_owner_and_superusers_see_a_job(
    client, admin, bodies, small_threshold, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = import_jobs.import_job_create(
            owner=admin,
            kind="ekyzmet",
            content=(SAMPLES / "servants.csv").read_bytes(),
            filename="servants.csv",
            dry_run=True,
        )
    other_admin = user_with_role(Role.ADMIN, username="jobs.other")  # the ADMIN role carries is_superuser
    hr = user_with_role(Role.HR_OFFICER, username="jobs.hr", body=StateBody.objects.get(code="MF"))
    faculty = user_with_role(Role.FACULTY, username="jobs.faculty")
    for intruder in (hr, faculty):
        client.force_login(intruder)
        for url in (f"/imports/{job.pk}/", f"/imports/{job.pk}/status/", f"/api/v1/import-jobs/{job.pk}/"):
            assert client.get(url).status_code == 404, (intruder, url)
    client.logout()
    assert client.get(f"/imports/{job.pk}/").status_code == 302  # to the login page
    assert client.get(f"/api/v1/import-jobs/{job.pk}/").status_code in (401, 403)
    for superuser in (UserFactory(username="root", is_superuser=True, is_staff=True), other_admin):
        client.force_login(superuser)
        assert client.get(f"/imports/{job.pk}/").status_code == 200
    client.force_login(admin)
    assert client.get(f"/api/v1/import-jobs/{job.pk}/").json()["result"]["created"] == 4


# --- the task: idempotent, one worker ------------------------------------------------------------------------------


def test_redelivered_task_of_a_finished_job_does_nothing(
    admin, bodies, small_threshold, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = import_jobs.import_job_create(
            owner=admin,
            kind="ekyzmet",
            content=(SAMPLES / "servants.csv").read_bytes(),
            filename="servants.csv",
            dry_run=False,
        )
    job.refresh_from_db()
    finished_at = job.finished_at
    assert job.status == "done" and CivilServant.objects.count() == 4
    assert import_job_run.delay(job.pk).get() == "skipped"  # the broker delivers the message again
    job.refresh_from_db()
    assert (job.status, job.attempts, job.finished_at) == ("done", 1, finished_at)
    assert AuditEntry.objects.filter(action="ekyzmet.import", summary__contains="servants.csv").count() == 1
    assert AuditEntry.objects.filter(action="import_job.finish").count() == 1


def test_a_job_left_running_by_a_dead_worker_is_taken_over(
    admin, bodies, small_threshold, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        job = import_jobs.import_job_create(
            owner=admin,
            kind="ekyzmet",
            content=(SAMPLES / "servants.csv").read_bytes(),
            filename="servants.csv",
            dry_run=False,
        )
    # what a worker SIGKILLed mid-import leaves: status running, its transaction (and row lock) rolled back
    ImportJob.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now(), attempts=1)
    assert import_jobs.import_job_run(job.pk) == "done"
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2 and CivilServant.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_job_locked_by_a_live_worker_is_skipped(transactional_db):
    """The row lock the running worker holds makes a second delivery skip the job (SKIP LOCKED)."""
    import threading

    owner = UserFactory(username="jobs.lock")
    job = ImportJob.objects.create(
        owner=owner,
        kind="ekyzmet",
        filename="x.csv",
        sha256="0" * 64,
        size=1,
        language="en",
        status="running",
        started_at=timezone.now(),
        attempts=1,
    )
    locked, release, outcome = threading.Event(), threading.Event(), {}

    def live_worker():
        from django.db import connection

        with transaction.atomic():
            ImportJob.objects.select_for_update().get(pk=job.pk)
            locked.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=live_worker)
    thread.start()
    assert locked.wait(10)
    try:
        outcome["second"] = import_jobs.import_job_run(job.pk)
    finally:
        release.set()
        thread.join()
    job.refresh_from_db()
    assert outcome["second"] == "skipped" and job.status == "running" and job.attempts == 1


# --- invariants in the database -----------------------------------------------------------------------------------


def test_database_refuses_inconsistent_jobs(admin):
    base = dict(owner=admin, kind="ekyzmet", filename="x.csv", sha256="0" * 64, size=1, language="en")
    for bad in (
        dict(status="done"),  # finished without a time and a result
        dict(status="queued", finished_at=timezone.now(), result={}),
        dict(status="bogus"),
        dict(progress_done=5, progress_total=4),
        dict(status="running"),  # running without started_at
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            ImportJob.objects.create(**base, **bad)


# --- the 1.5-million-row bomb ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bomb():
    content = bomb_xlsx(1_500_000)
    assert len(content) < 400_000  # a few hundred KB on the wire
    return content


def test_bomb_is_refused_at_upload_in_seconds(client, admin, bomb):
    client.force_login(admin)
    started = time.monotonic()
    response = _post_page(client, bomb, "bomb.xlsx")
    elapsed = time.monotonic() - started
    assert response.status_code == 400 and elapsed < 15, elapsed
    assert "more than 200\u00a0000 rows" in response.content.decode()
    assert not ImportJob.objects.exists()
    api = client.post("/api/v1/ekyzmet/imports/", {"file": SimpleUploadedFile("bomb.xlsx", bomb)})
    assert api.status_code == 400 and api.json()["code"] == "too_many_rows" and api.json()["field"] == "file"


def test_estimate_counts_rows_without_parsing(bomb):
    assert estimate_rows(bomb, "bomb.xlsx", stop_above=200_000) > 200_000
    assert estimate_rows(bomb_xlsx(10), "x.xlsx") == 9
    assert estimate_rows(b"a,b\n1,2\n3,4\n", "x.csv") == 2
    assert estimate_rows(b"PK\x03\x04garbage", "x.xlsx") == 0


def test_reader_stops_at_the_cap_whatever_the_file_declares(admin, settings, tmp_path):
    """The estimate can be fooled (a CSV of quoted line breaks, an odd archive): the reader itself stops."""
    settings.IMPORT_MAX_ROWS = 50
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    for i in range(80):
        sheet.append([f"EK-{i}"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = ekyzmet_import(content=buffer.getvalue(), filename="big.xlsx", actor=admin)
    assert [str(e) for e in report.errors] == [
        "row 1: The file has more than 50 rows, more than one import may take; split it into smaller files."
    ]
    path = tmp_path / "big.csv"
    path.write_text("\n".join([HEADER] + [f"EK-{i}" for i in range(80)]) + "\n")
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_training_records", str(path), stdout=out, stderr=io.StringIO())
    assert "more than 50 rows" in out.getvalue()


# --- the API ------------------------------------------------------------------------------------------------------


def test_api_answers_202_with_the_job_for_a_large_file(
    client, admin, bodies, small_threshold, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/ekyzmet/imports/",
            {
                "file": SimpleUploadedFile("servants.csv", (SAMPLES / "servants.csv").read_bytes()),
                "dry_run": "true",
            },
        )
    job = ImportJob.objects.get()
    assert response.status_code == 202 and response["Location"] == f"/api/v1/import-jobs/{job.pk}/"
    assert response.json()["status"] == "queued" and response.json()["page"] == f"/imports/{job.pk}/"
    body = client.get(response["Location"]).json()
    assert body["status"] == "done" and body["result"]["created"] == 4 and body["progress"]["percent"] == 100


def test_evaluations_page_queues_a_large_file(client, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_JOB_MIN_ROWS = 0
    client.force_login(user_with_role(Role.ADMIN, username="jobs.eval"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/development/evaluations/import/",
            {"file": SimpleUploadedFile("e.csv", b"personnel_number,period,score\nNOPE,2025,4\n")},
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.kind == "evaluations" and job.status == "failed"
    assert job.errors and job.errors[0]["row"] == 2
    assert isinstance(job.errors[0]["message"], str) and RowError


def test_beat_queues_again_a_job_whose_message_was_lost(
    admin, bodies, small_threshold, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_JOB_RESUME_AFTER = 60
    with django_capture_on_commit_callbacks(execute=False):  # the message never reaches a worker
        job = import_jobs.import_job_create(
            owner=admin,
            kind="ekyzmet",
            content=(SAMPLES / "servants.csv").read_bytes(),
            filename="servants.csv",
            dry_run=False,
        )
    assert import_jobs.import_jobs_resume() == 0  # too young: its message may still be on the way
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert import_jobs.import_jobs_resume() == 1  # eager: runs it here
    job.refresh_from_db()
    assert job.status == "done" and CivilServant.objects.count() == 4
    assert import_jobs.import_jobs_resume() == 0
