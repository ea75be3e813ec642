"""Import jobs (lms.import_jobs) survive a SIGKILLed worker: every job completes after the restart and none
imports twice (acks_late + reject_on_worker_lost redeliver; the job row's SKIP LOCKED claim and the import's
single transaction, which commits the import with the job's `done`, keep a redelivery from importing again).

Each job is a one-row E-kyzmet bodies file creating its own state body; the side effects are counted where they
land: the bodies, and the `ekyzmet.import` audit entry each import writes in its transaction (one per file)."""

import hashlib
import time

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from tests.faults.conftest import wait_until, wait_with_sweeps

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]

JOBS = 200  # 1,000 take about 3 minutes on 2 cores (each import holds the E-kyzmet advisory lock)


def _jobs(count: int) -> list[int]:
    from lms.models import ImportJob
    from people.models import Role
    from tests.factories import user_with_role

    owner = user_with_role(Role.ADMIN, username="fault.importer")
    ids = []
    for i in range(count):
        content = (
            "body_code,parent_code,name_kk,name_ru,name_en,region\n"
            f"FJ-{i:04d},,Орган {i},Орган {i},Body {i},\n"
        ).encode()
        job = ImportJob(
            owner=owner,
            kind="ekyzmet",
            filename=f"fault-{i:04d}.csv",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            language="en",
        )
        job.file.save(job.filename, ContentFile(content), save=False)
        job.save()
        ids.append(job.pk)
    return ids


def _finished() -> int:
    from lms.models import ImportJob

    return ImportJob.objects.filter(status__in=["done", "failed"]).count()


def test_import_jobs_survive_a_sigkilled_worker(make_worker, send_tasks):
    from lms.models import AuditEntry, ImportJob
    from people.models import StateBody

    ids = _jobs(JOBS)
    send_tasks("lms.tasks.import_job_run", ([pk] for pk in ids))
    started = time.monotonic()
    env = {"MEDIA_ROOT": str(settings.MEDIA_ROOT)}  # the worker reads the uploads where they were stored
    worker = make_worker(**env)
    worker.start()
    wait_until(lambda: _finished() >= JOBS // 4, 60, worker, "a quarter of the import jobs before the kill")
    worker.kill()
    killed_at = _finished()
    running_at_kill = ImportJob.objects.filter(status="running").count()
    assert killed_at < JOBS, "the worker finished before it could be killed"
    again = make_worker(**env, IMPORT_JOB_RESUME_AFTER="5")
    again.start()
    # Beat's minute, shortened: a message lost in the kill (taken from Redis, not yet recorded as unacknowledged,
    # a window kombu leaves open) leaves its job queued; once progress stalls, import_jobs_resume queues it again.
    resumes = wait_with_sweeps(
        lambda: ((n := _finished()) >= JOBS, n),
        send_tasks,
        "lms.tasks.import_jobs_resume",
        [],
        90,
        again,
        "every import job finished",
    )
    time.sleep(5)  # past the visibility timeout: a redelivered message would import a second time now
    jobs = ImportJob.objects.filter(pk__in=ids)
    assert set(jobs.values_list("status", flat=True)) == {"done"}
    assert sum(job.result["created"] for job in jobs) == JOBS  # each body created by exactly one run
    assert StateBody.objects.filter(code__startswith="FJ-").count() == JOBS
    audits = list(AuditEntry.objects.filter(action="ekyzmet.import").values_list("object_id", flat=True))
    assert len(audits) == len(set(audits)) == JOBS, "a file was imported twice"
    assert AuditEntry.objects.filter(action="import_job.finish").count() == JOBS
    assert not any(job.file for job in jobs)
    retried = jobs.filter(attempts__gt=1).count()
    print(
        f"fault sigkill: {JOBS} import jobs, killed after {killed_at} ({running_at_kill} running), "
        f"{retried} taken over after the restart, {resumes} resume sweeps, all imported once in {time.monotonic() - started:.0f} s"
    )
