"""notification_send: store once (a message key + parameters, and the text in the recipient's language and time
zone as of now), e-mail after commit in the recipient's language. The pages render the key again in the
reader's current language (notifications.messages).

Other apps call it with a stable dedup_key (e.g. "conf-reminder:24h:<registration>:<session>:<start>"): the
UNIQUE constraint makes a retried task or a double beat fire a no-op (returns None). The row records that an
e-mail is owed; notifications_email_unsent (beat, every minute) sends what a lost publish left owed."""

import json
import zoneinfo
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lms.validators import single_line
from notifications import messages
from notifications.models import Notification

Renderable = str | Callable[[dict], Any] | None
EMAIL_GRACE = timedelta(minutes=2)  # the sweep leaves younger notifications to their own task
EMAIL_WINDOW = timedelta(days=1)  # older ones that still owe an e-mail are stale (the in-app notice stays)


def _zone(user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(user, "time_zone", "") or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def user_language(user) -> str:
    return getattr(user, "preferred_language", "") or "ru"


@contextmanager
def in_language_of(user):
    """The user's language and time zone active: for texts made for them outside notification_send (an .ics
    attachment)."""
    with translation.override(user_language(user)), timezone.override(_zone(user)):
        yield


def _render(value: Renderable, context: dict) -> str:
    if value is None:
        return ""
    return str(value(context) if callable(value) else value)


@transaction.atomic
def notification_send(*, user, kind: str, dedup_key: str, message: str = "", params: dict | None = None,
                      title: Renderable = None, template: str = "", body: Renderable = None,
                      context: dict | None = None, url: str = "",
                      attachment: tuple[str, str, str] | None = None, email: bool = True) -> Notification | None:
    """Create the notification unless one with `dedup_key` exists. Preferably `message` (a key registered in
    notifications.messages) with JSON `params`: the text follows the reader's language. Otherwise `title`/`body`
    are strings, lazy strings or callables of the context, or `template` (a Django template) renders the body:
    that text is fixed in the recipient's language. `attachment` = (filename, mimetype, text)."""
    if message and not messages.is_registered(message):
        raise ValueError(f"unknown notification message {message!r}")
    params = params or {}
    json.dumps(params)  # refuse what could not be stored (TypeError) before anything is written
    context = dict(context or {}, recipient=user)
    with translation.override(user_language(user)), timezone.override(_zone(user)):
        if message:
            rendered = messages.render(message, params)
            if rendered is None:
                raise ValueError(f"the parameters do not fit the notification message {message!r}")
            title_text, body_text = rendered
        else:
            title_text = _render(title, context)
            body_text = render_to_string(template, context).strip() if template else _render(body, context)
    name, mimetype, content = attachment or ("", "", "")
    email_wanted = bool(email and user.email)
    notification, created = Notification.objects.get_or_create(
        dedup_key=dedup_key[:255],
        defaults={"user": user, "kind": kind, "message": message, "params": params, "title": title_text[:300],
                  "body": body_text, "url": url, "email_wanted": email_wanted,
                  "attachment_name": name, "attachment_type": mimetype, "attachment": content},
    )
    if not created:
        return None
    if email_wanted:
        from notifications.tasks import notification_email

        transaction.on_commit(lambda: notification_email.delay(notification.pk))
    return notification


def notifications_email_unsent(*, grace: timedelta = EMAIL_GRACE, window: timedelta = EMAIL_WINDOW,
                               limit: int = 1000) -> int:
    """Queue the e-mail of every notification that still owes one, created between `window` and `grace` ago
    (the normal path sends within seconds; after a day a message is stale). The sender claims each row under a
    lock and skips sent ones, so a notification queued twice is still e-mailed once. Returns how many."""
    from notifications.tasks import notification_email

    now = timezone.now()
    owed = list(Notification.objects.filter(email_wanted=True, emailed_at__isnull=True,
                                            created_at__gte=now - window, created_at__lte=now - grace)
                .order_by("pk").values_list("pk", flat=True)[:limit])
    for notification_id in owed:
        notification_email.delay(notification_id)
    return len(owed)


def notification_message_id(notification) -> str:
    """One Message-ID per notification, whatever the attempt: SMTP has no exactly-once, and a copy sent again
    after a worker died between the server's acceptance and our commit is recognised (and collapsed by mail
    stores and clients) by it."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<notification-{notification.pk}@{host}>"


@transaction.atomic
def notification_email_send(notification_id: int) -> bool:
    """Send the e-mail once. The row is locked while sending and marked sent in the same transaction: a second
    delivery running at the same time skips it, and a worker killed mid-send (or an SMTP failure) rolls the
    mark back, so the redelivered task sends it (at least once; twice only if killed between the server's
    acceptance and the commit, with the same Message-ID)."""
    from django.core.mail import EmailMessage

    notification = (Notification.objects.select_for_update(skip_locked=True, of=("self",)).select_related("user")
                    .filter(pk=notification_id, emailed_at__isnull=True).first())
    if notification is None:
        return False
    user = notification.user
    with translation.override(user_language(user)), timezone.override(_zone(user)):
        title, body = notification.rendered()  # the recipient's language as of sending, with its formats
    if notification.url:
        link = notification.url if notification.url.startswith("http") else settings.SITE_URL + notification.url
        body = f"{body}\n\n{link}"
    # A title stored with a line break must not make Django refuse the header (nobody would be notified).
    message = EmailMessage(
        subject=single_line(title),
        body=body,
        to=[notification.user.email],
        headers={"Message-ID": notification_message_id(notification)},
    )
    if notification.attachment:
        message.attach(notification.attachment_name, notification.attachment, notification.attachment_type)
    message.send()  # raises: the transaction rolls back, emailed_at stays NULL for the retry
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True


def notification_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when no ids are given); returns the count."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
