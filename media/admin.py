from django.contrib import admin

from media.models import VideoAsset


@admin.register(VideoAsset)
class VideoAssetAdmin(admin.ModelAdmin):
    list_display = ("id", "title_ru", "title_kk", "title_en", "status", "duration_seconds", "created_at")
    list_filter = ("status",)
    search_fields = ("title_kk", "title_ru", "title_en")
    readonly_fields = ("uploaded_by", "created_at")
