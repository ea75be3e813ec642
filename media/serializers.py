"""Shapes and validates input; never writes (media.services does)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from media.models import SUBTITLE_LANGUAGES, Audience, UploadSession, VideoAsset
from media.selectors import playback_sources


class UploadStartSerializer(serializers.Serializer):
    filename = serializers.CharField(max_length=255)
    total_bytes = serializers.IntegerField(min_value=1)
    title_kk = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    title_ru = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    title_en = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    speaker = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class UploadSessionSerializer(serializers.ModelSerializer):
    offset = serializers.IntegerField(source="received_bytes", read_only=True)
    status = serializers.CharField(read_only=True, help_text="open, complete or refused")
    chunk_bytes = serializers.SerializerMethodField()

    class Meta:
        model = UploadSession
        fields = ["id", "filename", "total_bytes", "offset", "chunk_index", "status", "asset", "chunk_bytes"]

    def get_chunk_bytes(self, obj) -> int:
        from media.services import chunk_bytes

        return chunk_bytes()


class UploadCompleteSerializer(serializers.Serializer):
    # Plain strings (validated by the service): "status"/"audience" enums of other apps would collide by name.
    audience = serializers.CharField(required=False, help_text=", ".join(Audience.values))
    trim_start = serializers.FloatField(min_value=0, required=False, default=0)
    trim_end = serializers.FloatField(min_value=0, required=False, default=0)
    title_card = serializers.BooleanField(required=False, default=False)


class AssetSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True, help_text="uploaded, processing, ready or failed")
    audience = serializers.CharField(read_only=True, help_text=", ".join(Audience.values))
    sources = serializers.SerializerMethodField()

    class Meta:
        model = VideoAsset
        fields = ["id", "title", "title_kk", "title_ru", "title_en", "speaker", "status", "progress",
                  "failure_message", "duration", "width", "height", "audience", "audience_course", "trim_start",
                  "trim_end", "title_card", "created_at", "processed_at", "sources"]
        read_only_fields = fields

    def get_sources(self, obj) -> dict:
        return playback_sources(obj)


class AssetStatusSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)

    class Meta:
        model = VideoAsset
        fields = ["id", "status", "progress", "failure_message"]
        read_only_fields = fields


class ChapterSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    key = serializers.CharField(read_only=True, help_text=_("A standard chapter name (shown in the reader's "
                                                            "language), else empty"))
    start_seconds = serializers.FloatField(min_value=0)


class SubtitleUploadSerializer(serializers.Serializer):
    language = serializers.ChoiceField([code for code, _label in SUBTITLE_LANGUAGES])
    file = serializers.FileField()
