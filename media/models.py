"""Media library: video assets, their processed renditions (MP4, HLS, audio), subtitles, chapters, the
audience allowed to watch, and resumable upload sessions. Processing lives in media.pipeline; every write
goes through media.services."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from people.models import localized

SUBTITLE_LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]


class Audience(models.TextChoices):
    PUBLIC = "public", _("everyone, without signing in")
    REGISTERED = "registered", _("registered users")
    SERVANTS = "servants", _("civil servants")
    COURSE = "course", _("learners of a course")
    # Decided by the app that owns the asset (media.audiences registry): conferences, per the organiser's choice.
    EVENT = "event", _("participants of a conference event")


class VideoAsset(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        PROCESSING = "processing", _("processing")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    speaker = models.CharField(_("speaker"), max_length=300, blank=True)
    # Any container ffmpeg finds acceptable (media.probe.CONTAINERS), named after what is inside, not after
    # the uploaded name; never served as is (players get the renditions through the permission-checked view).
    source = models.FileField(_("source file"), upload_to="videos/source/%Y/%m/", max_length=300)
    duration_seconds = models.PositiveIntegerField(_("duration, seconds"), null=True, blank=True)
    duration = models.FloatField(_("exact duration, seconds"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED)
    progress = models.PositiveSmallIntegerField(_("processing progress, %"), default=0,
                                                validators=[MaxValueValidator(100)])
    failure_message = models.TextField(_("failure message"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    # What the probe found in the source (before trims and title card).
    size_bytes = models.BigIntegerField(_("source size, bytes"), default=0)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    video_codec = models.CharField(_("video codec"), max_length=40, blank=True)
    audio_codec = models.CharField(_("audio codec"), max_length=40, blank=True)
    # Editing options applied by the pipeline.
    trim_start = models.FloatField(_("trim from the start, seconds"), default=0)
    trim_end = models.FloatField(_("trim from the end, seconds"), default=0)
    title_card = models.BooleanField(_("intro title card"), default=False)
    # Outputs outside the Rendition table (storage names, relative to `output_prefix`).
    output_prefix = models.CharField(_("output folder"), max_length=300, blank=True)
    hls_master = models.CharField(_("HLS master playlist"), max_length=300, blank=True)
    poster = models.CharField(_("poster image"), max_length=300, blank=True)
    thumbnails_vtt = models.CharField(_("thumbnail track"), max_length=300, blank=True)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices, default=Audience.REGISTERED)
    audience_course = models.ForeignKey("courses.Course", verbose_name=_("course"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    transcript = models.TextField(_("transcript"), blank=True, help_text=_("Subtitle text, for search."))

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title_kk="", title_ru="", title_en=""), name="video_has_title"),
            models.CheckConstraint(condition=Q(trim_start__gte=0, trim_end__gte=0), name="video_trims_positive"),
            models.CheckConstraint(condition=~Q(audience="course") | Q(audience_course__isnull=False),
                                   name="video_course_audience_has_course"),
        ]

    def __str__(self):
        return self.title or f"video #{self.pk}"

    @property
    def title(self) -> str:
        return localized(self, "title")


class Rendition(models.Model):
    """One processed output. kind+height is unique per asset, so a re-run replaces rather than duplicates."""

    class Kind(models.TextChoices):
        MP4 = "mp4", _("MP4 (H.264/AAC)")
        HLS = "hls", _("HLS variant playlist")
        AUDIO = "audio", _("audio only (AAC)")

    asset = models.ForeignKey(VideoAsset, on_delete=models.CASCADE, related_name="renditions")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    height = models.PositiveIntegerField(_("height"), default=0)
    width = models.PositiveIntegerField(_("width"), default=0)
    path = models.CharField(_("file"), max_length=300, help_text=_("Relative to the asset's output folder."))
    size_bytes = models.BigIntegerField(_("size, bytes"), default=0)
    bitrate = models.PositiveIntegerField(_("bit rate, bit/s"), default=0)
    stream_copied = models.BooleanField(_("stream copied (not re-encoded)"), default=False)

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        ordering = ["asset", "kind", "-height"]
        constraints = [models.UniqueConstraint(fields=["asset", "kind", "height"], name="rendition_unique")]

    def __str__(self):
        return f"{self.asset_id} {self.kind} {self.height}p"


class Subtitle(models.Model):
    asset = models.ForeignKey(VideoAsset, on_delete=models.CASCADE, related_name="subtitles")
    language = models.CharField(_("language"), max_length=2, choices=SUBTITLE_LANGUAGES)
    path = models.CharField(_("WebVTT file"), max_length=300, help_text=_("Storage name of the .vtt file."))
    text = models.TextField(_("text without timing"), blank=True)
    cue_count = models.PositiveIntegerField(_("cues"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("subtitles")
        verbose_name_plural = _("subtitles")
        ordering = ["asset", "language"]
        constraints = [models.UniqueConstraint(fields=["asset", "language"], name="subtitle_unique_language")]

    def __str__(self):
        return f"{self.asset_id} {self.language}"


# Chapter names the system knows (issue 14): a chapter titled with one of them in any language is stored with
# its key and shown in the viewer's language; any other title is shown as its author wrote it.
STANDARD_CHAPTERS = {
    "introduction": pgettext_lazy("video chapter", "Introduction"),
    "main_part": pgettext_lazy("video chapter", "Main part"),
    "questions": pgettext_lazy("video chapter", "Questions and answers"),
    "break": pgettext_lazy("video chapter", "Break"),
    "summary": pgettext_lazy("video chapter", "Summary"),
    "conclusion": pgettext_lazy("video chapter", "Conclusion"),
}


def standard_chapter_key(title: str) -> str:
    """The key of a standard chapter name written in any of the site's languages, else ''."""
    from django.utils import translation

    wanted = title.strip().casefold()
    for key, name in STANDARD_CHAPTERS.items():
        for lang in ("kk", "ru", "en"):
            with translation.override(lang):
                if str(name).casefold() == wanted:
                    return key
    return ""


class Chapter(models.Model):
    asset = models.ForeignKey(VideoAsset, on_delete=models.CASCADE, related_name="chapters")
    title = models.CharField(_("title"), max_length=300)
    key = models.CharField(_("standard chapter"), max_length=20, blank=True, default="", db_default="")
    start_seconds = models.FloatField(_("start, seconds"))

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["asset", "start_seconds"]
        constraints = [
            models.UniqueConstraint(fields=["asset", "start_seconds"], name="chapter_unique_start"),
            models.CheckConstraint(condition=Q(start_seconds__gte=0), name="chapter_start_positive"),
        ]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        """A standard chapter's name in the active language; the author's title otherwise."""
        name = STANDARD_CHAPTERS.get(self.key)
        return str(name) if name is not None else self.title


class UploadSession(models.Model):
    """A resumable chunked upload. Bytes go to a staging file outside the storage (appending is not part of
    the storage API); on completion the file is probed and moved into the storage as the asset's source."""

    class Status(models.TextChoices):
        OPEN = "open", _("receiving")
        COMPLETE = "complete", _("complete")
        REFUSED = "refused", _("refused")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uploader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(_("file name"), max_length=255)
    total_bytes = models.BigIntegerField(_("total size, bytes"))
    received_bytes = models.BigIntegerField(_("received, bytes"), default=0)
    chunk_index = models.PositiveIntegerField(_("chunks received"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    speaker = models.CharField(_("speaker"), max_length=300, blank=True)
    asset = models.ForeignKey(VideoAsset, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(received_bytes__gte=0) & Q(received_bytes__lte=models.F("total_bytes")),
                                   name="upload_received_within_total"),
        ]

    def __str__(self):
        return f"{self.filename} ({self.received_bytes}/{self.total_bytes})"
