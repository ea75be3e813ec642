from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who changed what, when, with the state before and after. Written in the same transaction
    as the change (lms.audit.audit_record). IINs are masked before they get here."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    summary = models.CharField(_("summary"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


def import_upload_path(instance, filename: str) -> str:
    """Stored under a random name in the default storage, which is never served directly (files reach users
    only through permission-checked views); the original name is kept in `filename`."""
    import uuid

    return f"private/imports/{uuid.uuid4().hex}"


class ImportJob(models.Model):
    """A file import queued to a worker because it is large (lms.import_jobs). The upload is kept in private
    storage until the job finishes; the result (counts and row-level errors) stays for the owner to read."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    kind = models.CharField(_("kind"), max_length=40)
    file = models.FileField(_("uploaded file"), upload_to=import_upload_path, max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language of messages"), max_length=10)
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(_("steps done"), default=0)
    progress_total = models.PositiveIntegerField(_("steps in all"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    result = models.JSONField(_("result"), null=True, blank=True)
    errors = models.JSONField(_("row errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                name="importjob_status_valid",
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
            ),
            models.CheckConstraint(
                name="importjob_progress_within_total",
                condition=models.Q(progress_done__lte=models.F("progress_total")),
            ),
            # finished (done or failed) <=> finished_at and a result are set
            models.CheckConstraint(
                name="importjob_finished_has_time_and_result",
                condition=(
                    models.Q(status__in=["done", "failed"], finished_at__isnull=False, result__isnull=False)
                    | models.Q(
                        status__in=["queued", "running"], finished_at__isnull=True, result__isnull=True
                    )
                ),
            ),
            models.CheckConstraint(
                name="importjob_started_unless_queued",
                condition=models.Q(status="queued")
                | models.Q(started_at__isnull=False)
                | models.Q(status="failed"),
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.filename} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
