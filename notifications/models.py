"""In-app notifications, also e-mailed. One row per (dedup_key): a retried task or a double beat fire finds
the row already there and sends nothing."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField(_("kind"), max_length=64)
    dedup_key = models.CharField(_("deduplication key"), max_length=255, unique=True)
    # The message key and its JSON parameters (notifications.messages): title and body are rendered from them
    # in the reader's language when read. `title`/`body` keep the text rendered at creation in the
    # recipient's language then: what rows without a key (older ones) and unknown keys show.
    message = models.CharField(_("message"), max_length=100, blank=True, default="", db_default="")
    params = models.JSONField(_("parameters"), default=dict, blank=True, db_default={})
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # Optional file sent with the e-mail (e.g. an iCalendar invitation or cancellation).
    attachment_name = models.CharField(max_length=100, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment = models.TextField(blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    # Stored with the row, so the e-mail is owed even when its task was never published (a worker killed or the
    # broker down between the commit and the publish): the sweep (email_unsent) sends what is still owed.
    email_wanted = models.BooleanField(_("to be e-mailed"), default=False, db_default=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            models.Index(fields=["created_at"], name="notification_email_owed",
                         condition=models.Q(email_wanted=True, emailed_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.kind}: {self.title}"

    def rendered(self) -> tuple[str, str]:
        """(title, body) in the active language and time zone; the stored text when there is no usable key."""
        from django.utils.translation import get_language

        from notifications.messages import render

        cache_key = (get_language(), str(timezone.get_current_timezone()))
        cache = self.__dict__.setdefault("_rendered", {})
        if cache_key not in cache:
            cache[cache_key] = (render(self.message, self.params) if self.message else None) or (self.title,
                                                                                                 self.body)
        return cache[cache_key]

    @property
    def display_title(self) -> str:
        return self.rendered()[0]

    @property
    def display_body(self) -> str:
        return self.rendered()[1]
