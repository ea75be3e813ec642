"""Watch tracking: one row per (viewer, video) holding how many times each second was watched (one byte per
second, saturating at 255), the resume position and the clock of the last accepted heartbeat. Engagement per
second for all viewers lives in HDF5 (media.tracking.hdf5), folded from these rows by a periodic task."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class WatchProgress(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    asset = models.ForeignKey("media.VideoAsset", on_delete=models.CASCADE, related_name="watch_progress")
    # counts[s] = how many times second s was played (0-255). Unique seconds = non-zero bytes.
    counts = models.BinaryField(_("seconds watched"), default=b"")
    unique_seconds = models.PositiveIntegerField(_("unique seconds watched"), default=0)
    position = models.FloatField(_("resume position, s"), default=0)
    playback_rate = models.FloatField(_("playback rate"), default=1)
    last_beat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    last_beat_id = models.CharField(max_length=64, blank=True)  # a retried heartbeat is applied once
    reported_percent = models.PositiveSmallIntegerField(default=0)  # last share passed on to courses
    updated_at = models.DateTimeField(_("updated"), db_index=True)

    class Meta:
        verbose_name = _("watch progress")
        verbose_name_plural = _("watch progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "asset"], name="watch_progress_unique"),
            models.CheckConstraint(condition=Q(position__gte=0), name="watch_progress_position_positive"),
        ]

    def __str__(self):
        return f"{self.user_id} · video {self.asset_id}: {self.unique_seconds} s"


class FoldState(models.Model):
    """Watermarks of the folds. "engagement": rows updated after `watermark` (minus an overlap) are folded
    next. "heartbeats": `sequence` = the last buffered heartbeat applied to the watch rows (Redis buffer)."""

    name = models.CharField(max_length=40, primary_key=True)
    watermark = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    assets_folded = models.PositiveIntegerField(default=0)
    sequence = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("engagement fold state")
        verbose_name_plural = _("engagement fold state")

    def __str__(self):
        return f"{self.name} @ {self.watermark}"


class AnalyticsExport(models.Model):
    """An HDF5 analytics file generated in the background for download."""

    class Variant(models.TextChoices):
        FULL = "full", _("full (personal data, administrators)")
        ANALYST = "analyst", _("analyst (aggregates, no personal data)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    variant = models.CharField(_("variant"), max_length=10, choices=Variant.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    percent = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    file = models.FileField(_("file"), upload_to="analytics/exports/", blank=True, max_length=300)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("analytics export")
        verbose_name_plural = _("analytics exports")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="analytics_export_percent")]

    def __str__(self):
        return f"export #{self.pk} ({self.variant}, {self.status})"
