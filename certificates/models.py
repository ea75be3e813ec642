"""Certificates: one row per achievement of one holder (course, course run, event attendance), with a human
number, an unguessable verification code and the signed Open Badges 3.0 credential. The source key is UNIQUE:
issuing the same achievement twice (retries, double clicks, concurrent requests) finds the row already there."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.models import CivilServant, localized


class CertificateKind(models.TextChoices):
    COURSE = "course", _("course completion")
    RUN = "run", _("course run completion")
    EVENT = "event", _("event attendance")


# Number series per kind: APA for training (the format enrollment already issued), HUB for Hub events.
SERIES = {CertificateKind.COURSE: "APA", CertificateKind.RUN: "APA", CertificateKind.EVENT: "HUB"}


class Certificate(models.Model):
    uid = models.UUIDField(_("credential identifier"), default=uuid.uuid4, unique=True, editable=False)
    # A servant without an account still gets the certificate (run completions confirmed by a provider); it
    # shows in their list once an account is linked (selectors match holder or servant.user).
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    servant = models.ForeignKey(
        CivilServant,
        verbose_name=_("civil servant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    holder_name = models.CharField(_("holder name as printed"), max_length=300)
    holder_name_en = models.CharField(_("holder name in Latin letters"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=CertificateKind.choices)
    source_key = models.CharField(
        _("source key"),
        max_length=200,
        unique=True,
        help_text=_("What the certificate is for, e.g. run-application:123."),
    )
    achievement_key = models.CharField(_("achievement key"), max_length=200)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=500, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    course_type = models.CharField(_("course type"), max_length=32)
    course_type_kk = models.CharField(_("course type (Kazakh)"), max_length=200)
    course_type_ru = models.CharField(_("course type (Russian)"), max_length=200)
    course_type_en = models.CharField(_("course type (English)"), max_length=200)
    hours = models.PositiveSmallIntegerField(_("academic hours"))
    provider_kk = models.CharField(_("provider (Kazakh)"), max_length=300)
    provider_ru = models.CharField(_("provider (Russian)"), max_length=300)
    provider_en = models.CharField(_("provider (English)"), max_length=300)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"))
    issued_on = models.DateField(_("issued on"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    verification_code = models.CharField(_("verification code"), max_length=64, unique=True)
    credential_jwt = models.TextField(_("signed credential (VC-JWT)"), blank=True)
    credential_kid = models.CharField(_("signing key"), max_length=300, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.TextField(_("revocation reason"), blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gte=1), name="certificate_hours_positive"),
            models.CheckConstraint(
                condition=Q(holder__isnull=False) | Q(servant__isnull=False), name="certificate_has_holder"
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True) | Q(started_on__lte=models.F("completed_on")),
                name="certificate_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revocation_reason="")
                | (Q(revoked_at__isnull=False) & ~Q(revocation_reason="")),
                name="certificate_revocation_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(title_kk="", title_ru="", title_en=""), name="certificate_has_title"
            ),
        ]
        indexes = [
            models.Index(fields=["holder", "-issued_on"], name="certificate_holder_issued"),
            models.Index(fields=["servant"], name="certificate_servant"),
        ]

    def __str__(self):
        return self.number

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def course_type_name(self) -> str:
        return localized(self, "course_type")

    @property
    def provider(self) -> str:
        return localized(self, "provider")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class CertificateCounter(models.Model):
    """The last number issued per series and year; the row is locked for update while issuing, so concurrent
    issues never share a number (and Certificate.number is UNIQUE besides)."""

    series = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificate counter")
        verbose_name_plural = _("certificate counters")
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="certificate_counter_unique")]

    def __str__(self):
        return f"{self.series}-{self.year}: {self.last}"
