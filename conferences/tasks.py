"""Thin Celery tasks: take ids, call a service, safe to run twice."""

from celery import shared_task
from django.utils import timezone

REMINDER_TASK = "conferences.tasks.send_session_reminders"
POLL_TASK = "conferences.tasks.poll_attendance"


@shared_task(time_limit=300, soft_time_limit=280, acks_late=True)
def send_session_reminders() -> dict:
    from conferences.reminders import reminders_send

    return reminders_send()


@shared_task(time_limit=300, soft_time_limit=280)
def session_changed_notify(session_id: int, sequence: int) -> int:
    """Tell confirmed participants a session moved or was cancelled (dedup per session revision)."""
    from conferences.models import Registration, Session
    from conferences.notices import session_change_notice

    session = Session.objects.select_related("event").filter(pk=session_id, sequence=sequence).first()
    if session is None:  # superseded by a later change, which queues its own notice
        return 0
    sent = 0
    registrations = (Registration.objects.filter(event_id=session.event_id, status=Registration.Status.CONFIRMED)
                     .select_related("user"))
    for registration in registrations:
        sent += session_change_notice(session, registration) is not None
    return sent


@shared_task(time_limit=120, soft_time_limit=110)
def poll_attendance() -> int:
    """Reconcile attendance of BigBlueButton sessions in progress (every minute from beat)."""
    from conferences.attendance import attendance_poll
    from conferences.models import Session

    now = timezone.now()
    live = Session.objects.filter(status=Session.Status.SCHEDULED, provider=Session.Provider.BBB,
                                  starts_at__lte=now, ends_at__gte=now).select_related("event")
    return sum(1 for session in live if attendance_poll(session=session, now=now))


@shared_task(bind=True, max_retries=5, default_retry_delay=60, time_limit=60, soft_time_limit=50)
def close_room(self, session_id: int) -> bool:
    """End the BigBlueButton meeting of a cancelled session (queued after the cancellation commits). `end` is
    idempotent on the server: a meeting that is not running answers notFound, which is success here."""
    from django.conf import settings

    from conferences.bbb import BBBError
    from conferences.models import Session
    from conferences.providers import provider_for

    if not (getattr(settings, "BBB_URL", "") and getattr(settings, "BBB_SECRET", "")):
        return False  # no server configured: no room was ever opened
    session = Session.objects.select_related("event").filter(pk=session_id, status=Session.Status.CANCELLED).first()
    provider = provider_for(session) if session is not None else None
    if provider is None:
        return False
    try:
        provider.end(session)
    except BBBError as exc:
        if exc.message_key == "notFound":
            return False
        raise self.retry(exc=exc)
    return True


@shared_task(bind=True, max_retries=5, default_retry_delay=120, time_limit=120, soft_time_limit=110)
def import_recording(self, session_id: int, record_id: str = "") -> int:
    from conferences.bbb import BBBError
    from conferences.models import Session
    from conferences.recordings import recordings_import

    session = Session.objects.select_related("event").get(pk=session_id)
    try:
        return len(recordings_import(session=session, record_id=record_id))
    except BBBError as exc:
        raise self.retry(exc=exc)


@shared_task(bind=True, max_retries=3, default_retry_delay=300, acks_late=True,
             soft_time_limit=6 * 3600, time_limit=6 * 3600 + 300)
def import_recording_to_library(self, recording_id: int) -> str:
    """Download a recording's video and ingest it into the media library. Idempotent: the recording holds at
    most one asset (one-to-one) and a run claims it first, so a retry or a duplicate delivery adds nothing; the
    redelivery of a run whose worker was killed (same task id) takes its claim and its asset over."""
    from conferences.models import SessionRecording
    from conferences.recordings import DownloadError, recording_import_to_library

    try:
        recording = recording_import_to_library(recording_id=recording_id, run_id=self.request.id or "")
    except SessionRecording.DoesNotExist:
        return "missing"
    except DownloadError as exc:
        if exc.transient and self.request.retries < self.max_retries and not self.request.is_eager:
            raise self.retry(exc=exc)
        return f"failed: {exc.code}"
    return recording.import_status


@shared_task(time_limit=600, soft_time_limit=570)
def poll_recordings() -> int:
    """getRecordings for BigBlueButton sessions that ended in the last three days (in case a recording-ready
    callback was lost); new recordings are stored and queued for the library."""
    from datetime import timedelta

    from conferences.bbb import BBBError
    from conferences.models import Session
    from conferences.recordings import recordings_import

    now = timezone.now()
    ended = Session.objects.filter(provider=Session.Provider.BBB, status=Session.Status.SCHEDULED,
                                   ends_at__lte=now, ends_at__gte=now - timedelta(days=3)).select_related("event")
    found = 0
    for session in ended:
        try:
            found += len(recordings_import(session=session))
        except BBBError:
            continue  # the server is down: the next run tries again
    return found
