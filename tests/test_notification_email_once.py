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
