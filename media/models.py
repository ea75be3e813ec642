"""Media library (minimal for now): a video asset that lessons point to. The processing pipeline (transcodes,
HLS renditions, subtitles, playback analytics) comes in a later issue; `status` is set by hand or by it."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.models import localized

VIDEO_EXTENSIONS = ["mp4", "webm", "mov", "mkv", "m4v"]


class VideoAsset(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        PROCESSING = "processing", _("processing")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    source = models.FileField(
        _("source file"), upload_to="videos/source/%Y/%m/",
        validators=[FileExtensionValidator(VIDEO_EXTENSIONS)],
    )
    duration_seconds = models.PositiveIntegerField(_("duration, seconds"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title_kk="", title_ru="", title_en=""), name="video_has_title"),
        ]

    def __str__(self):
        return self.title or f"video #{self.pk}"

    @property
    def title(self) -> str:
        return localized(self, "title")
