"""A real Celery worker SIGKILLed mid-run, and its broker restarted mid-run: every task completes after the
restart and no side effect happens twice (acks_late + reject_on_worker_lost + idempotent tasks).

Side effects counted where they land: e-mails in a file-based mailbox (one file line `Subject:` per message)."""

import time

import pytest

from tests.faults.conftest import assert_each_emailed_once, wait_until, wait_with_sweeps

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]

EMAILS = 1000


def _notifications(count: int) -> list[int]:
    from notifications.models import Notification
    from tests.factories import UserFactory

    user = UserFactory(email="fault@example.kz")
    rows = Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                kind="fault",
                dedup_key=f"fault-{i}",
                title=f"fault-{i:04d}",
                body="x",
                email_wanted=True,
            )
            for i in range(count)
        ]
    )
    return [row.pk for row in rows]


def _subjects(mailbox) -> list[str]:
    return [
        line.split(":", 1)[1].strip()
        for path in mailbox.iterdir()
        for line in path.read_text(errors="replace").splitlines()
        if line.startswith("Subject: fault-")
    ]


def _emailed() -> int:
    from notifications.models import Notification

    return Notification.objects.filter(kind="fault", emailed_at__isnull=False).count()


def _message_ids(mailbox) -> list[str]:
    return [
        line.split(":", 1)[1].strip()
        for path in mailbox.iterdir()
        for line in path.read_text(errors="replace").splitlines()
        if line.startswith("Message-ID: <notification-")
    ]


def _assert_each_sent_once(mailbox, count: int) -> None:
    subjects, ids = _subjects(mailbox), _message_ids(mailbox)
    assert len(set(subjects)) == count == _emailed() and len(subjects) == len(ids)
    assert_each_emailed_once(ids, count)


def test_emails_survive_a_sigkilled_worker(tmp_path, make_worker, send_tasks):
    mailbox = tmp_path / "mail"
    mailbox.mkdir()
    ids = _notifications(EMAILS)
    send_tasks("notifications.tasks.notification_email", ([pk] for pk in ids))
    started = time.monotonic()
    worker = make_worker(EMAIL_URL=f"filemail:///{mailbox}")
    worker.start()
    wait_until(lambda: _emailed() >= EMAILS // 4, 60, worker, "a quarter of the e-mails before the kill")
    worker.kill()
    killed_at = _emailed()
    assert killed_at < EMAILS, "the worker finished before it could be killed"
    again = make_worker(EMAIL_URL=f"filemail:///{mailbox}")
    again.start()
    sweeps = _wait_for_every_email(send_tasks, again, "every e-mail after the restart")
    time.sleep(5)  # past the visibility timeout: a redelivered message would send a second copy now
    _assert_each_sent_once(mailbox, EMAILS)
    print(
        f"fault sigkill: {EMAILS} e-mail tasks, killed after {killed_at}, {sweeps} e-mail sweeps, all sent once "
        f"in {time.monotonic() - started:.0f} s"
    )


def _wait_for_every_email(send_tasks, worker, what: str) -> int:
    """Until every notification is e-mailed, with beat's e-mail sweep whenever progress stalls."""
    return wait_with_sweeps(
        lambda: ((n := _emailed()) == EMAILS, n),
        send_tasks,
        "notifications.tasks.email_unsent",
        [0],
        90,
        worker,
        what,
    )


def test_emails_survive_a_redis_restart(tmp_path, make_worker, send_tasks, redis_server):
    mailbox = tmp_path / "mail"
    mailbox.mkdir()
    ids = _notifications(EMAILS)
    send_tasks("notifications.tasks.notification_email", ([pk] for pk in ids))
    started = time.monotonic()
    worker = make_worker(EMAIL_URL=f"filemail:///{mailbox}")
    worker.start()
    wait_until(lambda: _emailed() >= EMAILS // 4, 60, worker, "a quarter of the e-mails before the restart")
    redis_server.stop()
    stopped_at = _emailed()
    time.sleep(2)
    redis_server.start()  # same port and append-only file: the queue is back
    time.sleep(3)
    # kombu 5.7's worker may exit on a lost broker connection (AttributeError in _connparams while closing);
    # docker-compose's `restart: unless-stopped` starts it again, as this does.
    exited = worker.process.poll() is not None
    if exited:
        worker = make_worker(EMAIL_URL=f"filemail:///{mailbox}")
        worker.start()
    sweeps = _wait_for_every_email(send_tasks, worker, "every e-mail after the broker restart")
    time.sleep(5)
    _assert_each_sent_once(mailbox, EMAILS)
    print(
        f"fault redis restart: {EMAILS} e-mail tasks, broker down after {stopped_at}, worker "
        f"{'exited and was restarted' if exited else 'reconnected'}, {sweeps} e-mail sweeps, all sent once in "
        f"{time.monotonic() - started:.0f} s"
    )
