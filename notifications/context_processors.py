"""`unread_notifications` for base.html (a badge next to the notifications link). One COUNT per page."""

from notifications.selectors import unread_count


def unread_notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, "_unread_notifications"):  # once per request: a page may render a cached part first
        request._unread_notifications = unread_count(user)
    return {"unread_notifications": request._unread_notifications}
