from django.contrib import admin

from media.audiences import delegated_kinds
from media.models import Chapter, Rendition, Subtitle, UploadSession, VideoAsset
from media.permissions import audience_choices


class RenditionInline(admin.TabularInline):
    model = Rendition
    extra = 0
    readonly_fields = ("kind", "height", "width", "path", "size_bytes", "bitrate", "stream_copied")
    can_delete = False


class SubtitleInline(admin.TabularInline):
    model = Subtitle
    extra = 0
    readonly_fields = ("language", "path", "cue_count")
    exclude = ("text",)


class ChapterInline(admin.TabularInline):
    model = Chapter
    extra = 0


@admin.register(VideoAsset)
class VideoAssetAdmin(admin.ModelAdmin):
    list_display = ("id", "title_ru", "title_kk", "title_en", "status", "progress", "audience", "duration_seconds",
                    "created_at")
    list_filter = ("status", "audience")
    search_fields = ("title_kk", "title_ru", "title_en", "speaker")
    readonly_fields = ("uploaded_by", "created_at", "processed_at", "progress", "failure_message", "size_bytes",
                       "width", "height", "video_codec", "audio_codec", "duration", "output_prefix", "hls_master",
                       "poster", "thumbnails_vtt", "transcript")
    raw_id_fields = ("audience_course",)
    inlines = [RenditionInline, SubtitleInline, ChapterInline]

    def get_readonly_fields(self, request, obj=None):
        # A delegated audience ("event": conference recordings) is the owning app's decision; others can't pick it.
        if obj is not None and obj.audience in delegated_kinds():
            return (*self.readonly_fields, "audience")
        return self.readonly_fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "audience":
            kwargs["choices"] = audience_choices()
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(UploadSession)
class UploadSessionAdmin(admin.ModelAdmin):
    list_display = ("id", "filename", "uploader", "total_bytes", "received_bytes", "status", "updated_at")
    list_filter = ("status",)
    readonly_fields = ("uploader", "filename", "total_bytes", "received_bytes", "chunk_index", "asset")
