"""The in-app notifications page: the list (newest first) and marking read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from notifications.selectors import notifications_for, unread_count
from notifications.services import notification_mark_read


@login_required
def notification_list(request):
    page = Paginator(notifications_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "frontend/notifications/list.html", {
        "page_obj": page, "notifications": page.object_list, "unread": unread_count(request.user)})


@login_required
@require_POST
def notification_read(request):
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
    notification_mark_read(user=request.user, notification_ids=ids or None)
    return redirect("notifications:list")
