"""Large file imports as background jobs (issue #15 point 9): the upload is checked cheaply and stored, a worker
runs the app's import service, the owner watches a progress bar and reads the result (docs/imports.md).

This module sits in the lowest layer and knows no importer: each app registers its own in `AppConfig.ready()`
(`register("ekyzmet", run="people.ekyzmet.ekyzmet_import", ...)`, a dotted path imported only by the worker), so
`lms` never imports upward. An importer is any callable
`run(*, content, filename, actor, dry_run, progress, **params) -> report` whose report has `layout`, `created`,
`updated`, `unchanged`, `errors`, `dry_run`, `summary_line()` and which writes nothing when it reports errors.

Running a job is safe to repeat (acks_late + reject_on_worker_lost redeliver a task whose worker died):
- the claim takes the job row with `SELECT ... FOR UPDATE SKIP LOCKED` among queued or running jobs, so a job
  that is done or failed is never run again and a job another worker is running is skipped;
- the import runs in one transaction that also holds the job row locked and marks it done: the import's rows
  and the job's `done` commit together or not at all. A worker killed mid-import leaves the job `running`
  and unlocked (PostgreSQL rolls back the dead connection's transaction), and the redelivered task takes it
  over from the start; nothing was written the first time, so nothing is written twice.
"""

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from lms.audit import audit_record
from lms.errors import ApplicationError
from lms.importing import error_to_dict, estimate_rows, report_from_job, report_to_dict, too_many_rows_message
from lms.models import ImportJob

logger = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 0.5


@dataclass(frozen=True)
class Importer:
    kind: str
    run: str  # dotted path of the import service
    label: object  # lazy text naming the import on the job page
    upload_url: str  # URL name of the page that uploads this kind ('' when only the API does)
    unit: str = "row"  # what an error points at: "row" (sheet, row, column) or "question" (question, line)


_IMPORTERS: dict[str, Importer] = {}


def register(kind: str, *, run: str, label, upload_url: str = "", unit: str = "row") -> None:
    if unit not in ("row", "question"):
        raise ValueError(f"unknown import unit {unit!r}")
    _IMPORTERS[kind] = Importer(kind=kind, run=run, label=label, upload_url=upload_url, unit=unit)


def importer(kind: str) -> Importer:
    return _IMPORTERS[kind]


# --- deciding at upload ---------------------------------------------------------------------------------------


class TooManyRows(ApplicationError):
    def __init__(self, limit: int):
        super().__init__("too_many_rows", too_many_rows_message(limit), extra={"field": "file"})


def check_size(content: bytes, filename: str) -> int:
    """The estimated data rows (lms.importing.estimate_rows), or TooManyRows past IMPORT_MAX_ROWS: the
    1.5-million-row workbook bomb is refused here, at upload, in a second, before any parser or worker."""
    limit = settings.IMPORT_MAX_ROWS
    rows = estimate_rows(content, filename, stop_above=limit)
    if rows > limit:
        raise TooManyRows(limit)
    return rows


def is_large(content: bytes, filename: str, *, units: int | None = None) -> bool:
    """Whether an upload goes to a worker: above IMPORT_JOB_MIN_BYTES or IMPORT_JOB_MIN_ROWS (refuses past the
    row cap, see check_size). `units` is the app's own cheap count for a file that is not a table (the
    questions of a GIFT or Moodle XML file), compared with IMPORT_JOB_MIN_ROWS instead of the row estimate."""
    rows = check_size(content, filename) if units is None else units
    return len(content) > settings.IMPORT_JOB_MIN_BYTES or rows > settings.IMPORT_JOB_MIN_ROWS


# --- services -------------------------------------------------------------------------------------------------


def import_job_create(
    *, owner, kind: str, content: bytes, filename: str, dry_run: bool, params: dict | None = None
) -> ImportJob:
    """Store the upload privately, record the job and queue its task once the transaction commits."""
    importer(kind)  # an unregistered kind is a programming error: KeyError here, not in the worker
    sha256 = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        job = ImportJob(
            owner=owner,
            kind=kind,
            filename=filename[:255],
            sha256=sha256,
            size=len(content),
            params=params or {},
            dry_run=dry_run,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        job.file.save(filename, ContentFile(content), save=False)
        job.save()
        audit_record(
            actor=owner,
            action="import_job.queue",
            obj=job,
            summary=f"{kind} {filename[:150]}{' (dry run)' if dry_run else ''}",
            after={
                "kind": kind,
                "filename": filename,
                "sha256": sha256,
                "size": len(content),
                "dry_run": dry_run,
                "params": params or {},
            },
        )
        from lms.tasks import import_job_run  # the task module imports this one

        transaction.on_commit(lambda: import_job_run.delay(job.pk))
    return job


def import_job_run(job_id: int) -> str:
    """Run one job (the body of lms.tasks.import_job_run). Returns what happened, for logs and tests:
    'done', 'failed', or 'skipped' (finished already, or another worker holds it)."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update(skip_locked=True)
            .filter(pk=job_id, status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING])
            .first()
        )
        if job is None:
            _forget_file(job_id)  # a worker killed after the job's commit may have left the upload behind
            return "skipped"
        job.status, job.attempts, job.started_at = ImportJob.Status.RUNNING, job.attempts + 1, timezone.now()
        job.save(update_fields=["status", "attempts", "started_at"])
    _progress_store(job.pk, 0, 0)
    try:
        with transaction.atomic():
            # Held until commit: a redelivered copy of this task skips the job while this worker lives.
            locked = (
                ImportJob.objects.select_for_update(skip_locked=True)
                .filter(pk=job_id, status=ImportJob.Status.RUNNING)
                .first()
            )
            if locked is None:
                return "skipped"
            with locked.file.open("rb") as stored:
                content = stored.read()
            run = import_string(importer(locked.kind).run)
            with translation.override(locked.language):
                report = run(
                    content=content,
                    filename=locked.filename,
                    actor=locked.owner,
                    dry_run=locked.dry_run,
                    progress=_progress_writer(locked.pk),
                    **locked.params,
                )
                outcome = _finish(locked, report)  # commits with the import's rows on leaving this block
    except Exception as exc:  # noqa: BLE001 - any failure ends the job as failed, nothing of the import kept
        with translation.override(job.language):
            if isinstance(exc, ApplicationError):
                message = str(exc.message)
            else:
                logger.exception("import job %s (%s) failed", job.pk, job.kind)
                message = _(
                    "The import stopped on an unexpected error; nothing was written. "
                    "Try again, or ask an administrator to look at the log."
                )
            _fail(job, message)
        outcome = ImportJob.Status.FAILED
    _forget_file(job_id)
    cache.delete(_progress_key(job_id))
    return outcome


def _finish(job: ImportJob, report) -> str:
    errors = list(report.errors)
    job.status = ImportJob.Status.FAILED if errors else ImportJob.Status.DONE
    job.result = report_to_dict(report)
    job.errors = [error_to_dict(e) for e in errors[: settings.IMPORT_JOB_MAX_ERRORS]]
    job.finished_at = timezone.now()
    _done, total = cache.get(_progress_key(job.pk)) or (0, 0)
    job.progress_total = max(total, 1)
    job.progress_done = job.progress_total
    job.save(update_fields=["status", "result", "errors", "finished_at", "progress_done", "progress_total"])
    audit_record(
        actor=job.owner,
        action="import_job.finish",
        obj=job,
        summary=f"{job.kind} {job.filename[:120]}: {job.result['summary']}",
        after={"status": job.status, **job.result},
    )
    return job.status


def _fail(job: ImportJob, message: str) -> None:
    """Mark a job failed with one file-level error (the import's transaction is already rolled back)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.finished:
            return
        job.status, job.finished_at = ImportJob.Status.FAILED, timezone.now()
        job.result = {
            "layout": "",
            "created": 0,
            "updated": 0,
            "unchanged": 0,
            "dry_run": job.dry_run,
            "error_count": 1,
            "summary": "created 0, updated 0, unchanged 0, errors 1",
        }
        job.errors = [{"row": None, "column": "", "message": str(message), "sheet": ""}]
        job.progress_done = min(job.progress_done, job.progress_total)
        job.save(update_fields=["status", "finished_at", "result", "errors", "progress_done"])
        audit_record(
            actor=job.owner,
            action="import_job.fail",
            obj=job,
            summary=f"{job.kind} {job.filename[:120]}: {str(message)[:100]}",
            after={"status": job.status, "message": str(message)},
        )


def _forget_file(job_id: int) -> None:
    """A finished job keeps its SHA-256, never the personal data of the file."""
    job = ImportJob.objects.filter(
        pk=job_id, status__in=[ImportJob.Status.DONE, ImportJob.Status.FAILED]
    ).first()
    if job is not None and job.file:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job_id).update(file="")


# --- progress -------------------------------------------------------------------------------------------------
# Progress goes to the cache (Redis in production), not to the job row: the row is locked and the import's
# transaction open until the very end, so an UPDATE of the row from inside that transaction stays invisible to
# the progress page until it is too late, and one from another connection would wait on the lock. A cache
# write is visible at once and costs the import nothing; at the end the row gets the final figures.


def _progress_key(job_id: int) -> str:
    return f"import-job-progress:{job_id}"


def _progress_store(job_id: int, done: int, total: int) -> None:
    cache.set(_progress_key(job_id), (done, total), timeout=settings.IMPORT_JOB_TIME_LIMIT + 600)


def _progress_writer(job_id: int) -> Callable[[int, int], None]:
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_SECONDS or done >= total:
            last[0] = now
            _progress_store(job_id, min(done, total), total)

    return progress


# --- selectors ------------------------------------------------------------------------------------------------


def jobs_visible_to(user):
    """A user's own jobs; every job for a superuser (administrators read others' jobs in the admin)."""
    if not getattr(user, "is_authenticated", False):
        return ImportJob.objects.none()
    jobs = ImportJob.objects.select_related("owner")
    return jobs if user.is_superuser else jobs.filter(owner=user)


def job_progress(job: ImportJob) -> tuple[int, int, int]:
    """(done, total, percent): live from the cache while the job runs, else from the row."""
    done, total = job.progress_done, job.progress_total
    if not job.finished:
        done, total = cache.get(_progress_key(job.pk)) or (done, total)
    if job.finished:
        return done, total, 100
    percent = int(100 * done / total) if total else 0
    return done, total, min(percent, 99)


def job_report(job: ImportJob):
    """The result as a report (lms.importing.ImportReport) for the pages, None while the job is not finished."""
    if not job.finished or job.result is None:
        return None
    return report_from_job(job.result, job.errors)


def import_jobs_resume() -> int:
    """Queue again the jobs nobody is running (Celery beat, every minute): queued or running for longer than
    IMPORT_JOB_RESUME_AFTER seconds and not locked by a live worker. This covers a task message lost on the way
    (a worker killed between taking a message from Redis and recording it as unacknowledged, a broker
    restarted without its append-only file); a duplicate is harmless since a run claims its job first."""
    from datetime import timedelta

    from lms.tasks import import_job_run

    cutoff = timezone.now() - timedelta(seconds=settings.IMPORT_JOB_RESUME_AFTER)
    with transaction.atomic():
        stale = list(
            ImportJob.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=ImportJob.Status.QUEUED, created_at__lt=cutoff)
                | Q(status=ImportJob.Status.RUNNING, started_at__lt=cutoff)
            )
            .values_list("pk", flat=True)[:1000]
        )
    for pk in stale:
        import_job_run.delay(pk)
    if stale:
        logger.warning("import jobs queued again: %s", stale)
    return len(stale)
