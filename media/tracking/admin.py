from django.contrib import admin

from media.tracking.models import AnalyticsExport, FoldState, WatchProgress


@admin.register(WatchProgress)
class WatchProgressAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "asset", "unique_seconds", "position", "last_beat_at")
    raw_id_fields = ("user", "asset")
    exclude = ("counts",)
    readonly_fields = ("unique_seconds", "position", "playback_rate", "last_beat_at", "last_beat_id",
                       "reported_percent", "updated_at")


@admin.register(FoldState)
class FoldStateAdmin(admin.ModelAdmin):
    list_display = ("name", "watermark", "last_run_at", "assets_folded")


@admin.register(AnalyticsExport)
class AnalyticsExportAdmin(admin.ModelAdmin):
    list_display = ("id", "requested_by", "variant", "status", "percent", "created_at", "finished_at")
    list_filter = ("variant", "status")
    raw_id_fields = ("requested_by",)
