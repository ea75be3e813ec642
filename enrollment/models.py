"""Offerings, applications, vouchers, quotas, waitlists and completions of course runs (issue #5). The training
ledger and the compliance rules are the compliance app's; a completed application points to the TrainingRecord
it produced (compliance.services.training_record_create)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.models import CivilServant

# --- Offerings, applications, vouchers, quotas, waitlists, completions (issue #5, enrollment half) -------------
# The rules live in enrollment/offerings.py and enrollment/applications.py; docs/enrollment.md explains them.

class Funding(models.TextChoices):
    VOUCHER = "voucher", _("budget place (voucher)")
    CONTRACT = "contract", _("contract (paid)")
    QUOTA = "quota", _("APA quota place")


class DeliveryMode(models.TextChoices):
    ONSITE = "onsite", _("on-site")
    ONLINE = "online", _("online")
    BLENDED = "blended", _("blended")


class QuotaPolicy(models.TextChoices):
    REFUSE = "refuse", _("refuse applications beyond the quota")
    WAITLIST = "waitlist", _("put applications beyond the quota on the waiting list")


class Offering(models.Model):
    """One run of a course version. Applications are accepted from `opens_days_before` to
    `closes_days_before` days before `starts_on` (calendar days in Asia/Almaty, both ends inclusive)."""

    code = models.CharField(_("code"), max_length=48, unique=True)
    version = models.ForeignKey("courses.CourseVersion", verbose_name=_("course version"), on_delete=models.PROTECT,
                                related_name="offerings")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveIntegerField(_("places"))
    delivery = models.CharField(_("format"), max_length=10, choices=DeliveryMode.choices, default=DeliveryMode.ONSITE)
    place = models.CharField(_("place"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=[("kk", "Қазақша"), ("ru", "Русский"),
                                                                      ("en", "English")], default="ru")
    funding = models.CharField(_("funding"), max_length=10, choices=Funding.choices, default=Funding.VOUCHER)
    price = models.DecimalField(_("price, KZT"), max_digits=12, decimal_places=2, null=True, blank=True)
    opens_days_before = models.PositiveSmallIntegerField(_("applications open, days before start"), default=30)
    closes_days_before = models.PositiveSmallIntegerField(_("applications close, days before start"), default=5)
    min_attendance_percent = models.PositiveSmallIntegerField(_("attendance needed for completion, %"), default=80)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["starts_on", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="offering_dates_ordered"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="offering_capacity_positive"),
            models.CheckConstraint(condition=Q(opens_days_before__gte=models.F("closes_days_before")),
                                   name="offering_window_ordered"),
            models.CheckConstraint(condition=Q(min_attendance_percent__lte=100), name="offering_attendance_percent"),
        ]
        indexes = [models.Index(fields=["starts_on"], name="offering_start_idx")]

    def __str__(self):
        return self.code

    @property
    def window_opens_on(self):
        from datetime import timedelta
        return self.starts_on - timedelta(days=self.opens_days_before)

    @property
    def window_closes_on(self):
        """The last day applications are accepted."""
        from datetime import timedelta
        return self.starts_on - timedelta(days=self.closes_days_before)

    def session_days(self) -> list:
        from datetime import timedelta
        return [self.starts_on + timedelta(days=i) for i in range((self.ends_on - self.starts_on).days + 1)]


class Voucher(models.Model):
    """A budget-funded place allocated to a state body (and its subtree) for a period. `application` is the
    use: one voucher covers at most one application (unique), released again if that application ends."""

    code = models.CharField(_("voucher number"), max_length=32, unique=True)
    body = models.ForeignKey("people.StateBody", verbose_name=_("state body"), on_delete=models.PROTECT,
                             related_name="vouchers")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to (inclusive)"))
    application = models.OneToOneField("Application", verbose_name=_("used by application"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="voucher")
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["body", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=models.F("valid_from")), name="voucher_dates_ordered"),
            models.CheckConstraint(condition=Q(application__isnull=True, used_at__isnull=True)
                                   | Q(application__isnull=False, used_at__isnull=False), name="voucher_use_stamped"),
        ]

    def __str__(self):
        return self.code


class Quota(models.Model):
    """Places at the APA reserved for a region or a local executive body (with its subtree) for a year, counted
    over quota-funded offerings starting that year. `policy` says what happens beyond it."""

    year = models.PositiveSmallIntegerField(_("year"))
    region = models.ForeignKey("people.Region", verbose_name=_("region"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    body = models.ForeignKey("people.StateBody", verbose_name=_("local executive body"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="quotas")
    places = models.PositiveIntegerField(_("places"))
    policy = models.CharField(_("beyond the quota"), max_length=10, choices=QuotaPolicy.choices,
                              default=QuotaPolicy.WAITLIST)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["-year", "region", "body"]
        constraints = [
            models.CheckConstraint(condition=Q(region__isnull=True) ^ Q(body__isnull=True), name="quota_one_holder"),
            models.UniqueConstraint(fields=["year", "region"], condition=Q(region__isnull=False),
                                    name="quota_region_year_unique"),
            models.UniqueConstraint(fields=["year", "body"], condition=Q(body__isnull=False),
                                    name="quota_body_year_unique"),
        ]

    def __str__(self):
        return f"{self.year} · {self.body or self.region} · {self.places}"


class ApplicationStatus(models.TextChoices):
    PENDING_MANAGER = "pending_manager", _("awaiting the line manager")
    PENDING_HR = "pending_hr", _("awaiting HR")
    PENDING_PROVIDER = "pending_provider", _("awaiting the provider")
    APPROVED = "approved", _("approved")
    COMPLETED = "completed", _("completed")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


CLOSED_STATUSES = (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)


class Application(models.Model):
    """A servant's application to an offering. Two sides: the approval chain (`status`) and the place: a held
    place (`seat_number`, 1..capacity, unique per offering) or a waiting-list position (unique per offering);
    never both. Closed applications (rejected, withdrawn) hold neither."""

    offering = models.ForeignKey(Offering, verbose_name=_("offering"), on_delete=models.PROTECT,
                                 related_name="applications")
    servant = models.ForeignKey(CivilServant, verbose_name=_("civil servant"), on_delete=models.CASCADE,
                                related_name="applications")
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.PENDING_MANAGER)
    seat_number = models.PositiveIntegerField(_("place number"), null=True, blank=True)
    waitlist_position = models.PositiveIntegerField(_("waiting-list position"), null=True, blank=True)
    quota = models.ForeignKey(Quota, verbose_name=_("quota"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="applications")
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("nominated by"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    motivation = models.TextField(_("motivation"), blank=True)
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    hours_credited = models.PositiveSmallIntegerField(_("academic hours credited"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=32, null=True, blank=True,
                                          unique=True)
    completed_at = models.DateTimeField(_("completion confirmed at"), null=True, blank=True)
    training_record = models.OneToOneField("compliance.TrainingRecord", verbose_name=_("training record"), null=True, blank=True,
                                           on_delete=models.SET_NULL, related_name="application")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["offering", "servant"], condition=~Q(status__in=["rejected", "withdrawn"]),
                                    name="application_one_open_per_servant"),
            models.UniqueConstraint(fields=["offering", "seat_number"], name="application_seat_unique"),
            models.UniqueConstraint(fields=["offering", "waitlist_position"], name="application_waitlist_unique"),
            models.CheckConstraint(condition=Q(seat_number__isnull=True) | Q(waitlist_position__isnull=True),
                                   name="application_seat_or_waitlist"),
            models.CheckConstraint(condition=Q(seat_number__isnull=True) | Q(seat_number__gte=1),
                                   name="application_seat_positive"),
            models.CheckConstraint(condition=~Q(status__in=["rejected", "withdrawn"])
                                   | Q(seat_number__isnull=True, waitlist_position__isnull=True),
                                   name="application_closed_holds_nothing"),
            models.CheckConstraint(condition=~Q(status="completed")
                                   | Q(certificate_number__isnull=False, hours_credited__isnull=False),
                                   name="application_completed_has_certificate"),
        ]
        indexes = [models.Index(fields=["offering", "status"], name="application_offering_status"),
                   models.Index(fields=["servant", "status"], name="application_servant_status")]

    def __str__(self):
        return f"{self.offering_id} · {self.servant_id} · {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @property
    def holds_place(self) -> bool:
        return self.seat_number is not None


class ApplicationStep(models.Model):
    """One step of the approval chain (or a lifecycle event): who, when, what and why."""

    class Stage(models.TextChoices):
        SUBMITTED = "submitted", _("application submitted")
        NOMINATED = "nominated", _("nominated by HR")
        MANAGER = "manager", _("line manager")
        HR = "hr", _("HR")
        PROVIDER = "provider", _("provider")
        WAITLIST = "waitlist", _("waiting list")
        WITHDRAWAL = "withdrawal", _("withdrawal")
        COMPLETION = "completion", _("completion")

    class Decision(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        SKIPPED = "skipped", _("not needed")
        WAITLISTED = "waitlisted", _("placed on the waiting list")
        PROMOTED = "promoted", _("given a place")
        WITHDRAWN = "withdrawn", _("withdrawn")
        CONFIRMED = "confirmed", _("confirmed")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    comment = models.TextField(_("reason / comment"), blank=True)
    # A note written by the system, as a key of enrollment.notices.STEP_NOTES and its JSON parameters: shown in
    # the reader's language (`note`). `comment` keeps what a person typed (and, on older rows, the system's text).
    note_key = models.CharField(_("system note"), max_length=40, blank=True, default="", db_default="")
    note_params = models.JSONField(_("system note parameters"), default=dict, blank=True, db_default={})
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
        ordering = ["application", "at", "pk"]

    def __str__(self):
        return f"{self.application_id}: {self.stage} {self.decision}"

    @property
    def note(self) -> str:
        """The step's note in the active language: the system's note from its key, else the comment."""
        if not self.note_key:
            return self.comment
        from enrollment.notices import step_note

        return step_note(self.note_key, self.note_params, self.comment)


class AttendanceMark(models.Model):
    """Presence of one participant on one session day of an on-site or blended run."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"), default=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    marked_at = models.DateTimeField(_("marked at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance mark")
        verbose_name_plural = _("attendance marks")
        ordering = ["application", "day"]
        constraints = [models.UniqueConstraint(fields=["application", "day"], name="attendance_one_per_day")]

    def __str__(self):
        return f"{self.application_id} {self.day} {'+' if self.present else '-'}"


class CertificateCounter(models.Model):
    """The last completion-certificate number issued per year; the row is locked for update when issuing."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificate counter")
        verbose_name_plural = _("certificate counters")

    def __str__(self):
        return f"{self.year}: {self.last}"


# Referenced by migration 0001, from the time the compliance models lived in this app (now compliance.models).
def default_thresholds() -> list[int]:
    return [180, 90, 30]


def default_qualifying_types() -> list[str]:
    return ["advanced_training"]
