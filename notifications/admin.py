"""Notices are written only by `notification_send` (once per dedup key, in the recipient's language): staff
read them here and change nothing, so every notice on record is one the platform sent."""

from django.contrib import admin

from lms.admin_audit import ReadOnlyAdmin
from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "kind", "title", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("title", "dedup_key", "user__username")
    raw_id_fields = ("user",)
    readonly_fields = ("created_at",)
