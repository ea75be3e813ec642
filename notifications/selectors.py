"""Reads of notices. Other apps ask here (never the model) which notices exist, e.g. a reminder run skipping
the keys it already sent."""

from collections.abc import Iterable

from notifications.models import Notification


def notifications_for(user):
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def keys_already_sent(dedup_keys: Iterable[str]) -> set[str]:
    """Which of these dedup keys have a notice already (one query): reminder runs count and skip them.
    notification_send still decides by the UNIQUE key, so a race between two runs cannot send twice."""
    return set(Notification.objects.filter(dedup_key__in=list(dedup_keys)).values_list("dedup_key", flat=True))
