"""The page of one import job: a progress bar while a worker runs it, then the result (counts and row errors in
the owner's language). Only the job's owner (and superusers) may open it; anyone else gets 404, as for any object
outside their scope. Upload pages call `start_job_if_large` to hand a large file to a worker."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from frontend.service_calls import Outcome, call_service, show_error
from lms import import_jobs
from lms.errors import ApplicationError


def start_job_if_large(
    request,
    *,
    kind: str,
    form,
    content: bytes,
    filename: str,
    dry_run: bool,
    params: dict | None = None,
    units: int | None = None,
    check: Callable[[], None] | None = None,
) -> Outcome | None:
    """None when the file is small (the page imports it inside the request, as before); else an Outcome whose
    value is the queued job, or a refusal (a file past the row cap, or what `check` refuses before queueing:
    the service's own refusals, shown at upload rather than by the worker) shown on the form.
    `units`: the app's count for a file that is not a table (see lms.import_jobs.is_large)."""
    try:
        large = import_jobs.is_large(content, filename, units=units)
        if large and check is not None:
            check()
    except ApplicationError as exc:
        show_error(request, exc, form)
        return Outcome(ok=False, error=exc)
    if not large:
        return None
    return call_service(
        request,
        import_jobs.import_job_create,
        form=form,
        owner=request.user,
        kind=kind,
        content=content,
        filename=filename,
        dry_run=dry_run,
        params=params,
    )


def _context(request, pk: int) -> dict:
    job = get_object_or_404(import_jobs.jobs_visible_to(request.user), pk=pk)
    done, total, percent = import_jobs.job_progress(job)
    return {
        "job": job,
        "done": done,
        "total": total,
        "percent": percent,
        "report": import_jobs.job_report(job),
        "importer": import_jobs.importer(job.kind),
    }


@login_required
@require_GET
def job_detail(request, pk: int):
    return render(request, "frontend/imports/job.html", _context(request, pk))


@login_required
@require_GET
def job_status(request, pk: int):
    return render(request, "frontend/imports/_job_status.html", _context(request, pk))
