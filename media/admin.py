"""Media in the Django admin. Writes go through media.services (audited, with their rules: trims, delegated
audiences, lessons that use a video); uploads, renditions, subtitles and chapters are made on the library pages
and are read-only here."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from lms.admin_audit import ReadOnlyAdmin
from lms.errors import ApplicationError
from media import services
from media.audiences import delegated_kinds
from media.models import Chapter, Rendition, Subtitle, UploadSession, VideoAsset
from media.permissions import audience_choices

EDITABLE = ("title_kk", "title_ru", "title_en", "speaker", "audience", "audience_course", "trim_start", "trim_end",
            "title_card")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RenditionInline(ReadOnlyInline):
    model = Rendition
    fields = ("kind", "height", "width", "path", "size_bytes", "bitrate", "stream_copied")


class SubtitleInline(ReadOnlyInline):
    model = Subtitle
    fields = ("language", "path", "cue_count")


class ChapterInline(ReadOnlyInline):
    model = Chapter


@admin.register(VideoAsset)
class VideoAssetAdmin(admin.ModelAdmin):
    list_display = ("id", "title_ru", "title_kk", "title_en", "status", "progress", "audience", "duration_seconds",
                    "created_at")
    list_filter = ("status", "audience")
    search_fields = ("title_kk", "title_ru", "title_en", "speaker")
    fields = (*EDITABLE, "status", "uploaded_by", "created_at", "processed_at", "progress", "failure_message",
              "size_bytes", "width", "height", "video_codec", "audio_codec", "duration", "output_prefix", "hls_master",
              "poster", "thumbnails_vtt")
    readonly_fields = fields[len(EDITABLE):]
    raw_id_fields = ("audience_course",)
    inlines = [RenditionInline, SubtitleInline, ChapterInline]
    actions = ["process_again"]

    def has_add_permission(self, request):
        return False  # an upload is probed and processed: the library's upload page or the API

    def get_readonly_fields(self, request, obj=None):
        # A delegated audience ("event": conference recordings) is the owning app's decision; others can't pick it.
        if obj is not None and obj.audience in delegated_kinds():
            return (*self.readonly_fields, "audience")
        return self.readonly_fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "audience":
            kwargs["choices"] = audience_choices()
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """asset_update (audited, checks the trims) with the fields the form changed, on the stored row."""
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE}
        if not fields:
            return
        for name in ("trim_start", "trim_end"):
            if name in fields:
                fields[name] = fields[name] or 0
        try:
            services.asset_update(asset=VideoAsset.objects.get(pk=obj.pk), actor=request.user, fields=fields)
        except ApplicationError as exc:
            self.message_user(request, str(exc.message), level=messages.ERROR)

    def delete_model(self, request, obj):
        self._delete(request, obj)

    def delete_queryset(self, request, queryset):
        for asset in queryset:
            self._delete(request, asset)

    def _delete(self, request, asset):
        try:
            services.asset_delete(asset=asset, actor=request.user)
        except ApplicationError as exc:  # lessons still use it
            self.message_user(request, f"{asset}: {exc.message}", level=messages.ERROR)

    @admin.action(description=_("Process the selected videos again"))
    def process_again(self, request, queryset):
        for asset in queryset:
            services.asset_queue_processing(asset=asset, actor=request.user)


@admin.register(UploadSession)
class UploadSessionAdmin(ReadOnlyAdmin):
    list_display = ("id", "filename", "uploader", "total_bytes", "received_bytes", "status", "updated_at")
    list_filter = ("status",)
