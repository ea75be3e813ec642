"""notification_email_send: sent once; a failed send (SMTP down, or a worker killed mid-send: the transaction
dies with it) leaves the notification unsent, so the redelivered task sends it."""

from unittest import mock

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.services import notification_email_send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notification() -> Notification:
    user = UserFactory(email="once@example.kz")
    return Notification.objects.create(user=user, kind="t", dedup_key="once-1", title="Once", body="x")


def test_sent_once_then_nothing():
    notification = _notification()
    assert notification_email_send(notification.pk) is True
    assert notification_email_send(notification.pk) is False
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_failed_send_leaves_it_for_the_retry():
    notification = _notification()
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("smtp down")):
        with pytest.raises(OSError):
            notification_email_send(notification.pk)
    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert notification_email_send(notification.pk) is True
    assert len(mail.outbox) == 1


def test_the_sweep_sends_what_a_lost_publish_left_owed():
    """notification_send stores the e-mail as owed and publishes its task after commit; a worker killed (or the
    broker down) between the two loses the publish. Here the commit callbacks never run (test transaction): the
    beat task sends what is owed once, and leaves alone what is too young, stale, sent, or not wanted."""
    from datetime import timedelta

    from django.utils import timezone

    from notifications.services import notification_send
    from notifications.tasks import email_unsent

    user = UserFactory(email="owed@example.kz")
    owed = notification_send(user=user, kind="t", dedup_key="owed-1", title="Owed", body="x")
    quiet = notification_send(user=user, kind="t", dedup_key="owed-2", title="In-app", body="x", email=False)
    young = notification_send(user=user, kind="t", dedup_key="owed-3", title="Young", body="x")
    stale = notification_send(user=user, kind="t", dedup_key="owed-4", title="Stale", body="x")
    now = timezone.now()
    Notification.objects.filter(pk__in=[owed.pk, quiet.pk]).update(created_at=now - timedelta(minutes=5))
    Notification.objects.filter(pk=stale.pk).update(created_at=now - timedelta(days=2))
    assert owed.email_wanted and not quiet.email_wanted and not mail.outbox

    assert email_unsent.delay().get() == 1
    assert [m.subject for m in mail.outbox] == ["Owed"]
    assert email_unsent.delay().get() == 0, "sent once: nothing owed any more"
    assert Notification.objects.get(pk=young.pk).emailed_at is None
    assert email_unsent.delay(0).get() == 1  # no grace: the young one too
    assert [m.subject for m in mail.outbox] == ["Owed", "Young"]
