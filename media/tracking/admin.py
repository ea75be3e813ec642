"""Watch tracking in the Django admin: rows written by heartbeats, the fold and export tasks; staff read them."""

from django.contrib import admin

from lms.admin_audit import ReadOnlyAdmin
from media.tracking.models import AnalyticsExport, FoldState, WatchProgress


@admin.register(WatchProgress)
class WatchProgressAdmin(ReadOnlyAdmin):
    list_display = ("id", "user", "asset", "unique_seconds", "position", "last_beat_at")
    exclude = ("counts",)


@admin.register(FoldState)
class FoldStateAdmin(ReadOnlyAdmin):
    list_display = ("name", "watermark", "last_run_at", "assets_folded")


@admin.register(AnalyticsExport)
class AnalyticsExportAdmin(ReadOnlyAdmin):
    list_display = ("id", "requested_by", "variant", "status", "percent", "created_at", "finished_at")
    list_filter = ("variant", "status")
