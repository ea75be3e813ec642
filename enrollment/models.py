"""Training records, exemptions and the effective-dated compliance rules (issue #5).

Offerings, applications, vouchers and waitlists will hang off these later: a TrainingRecord may then point to
the completion of a course offering through a nullable foreign key."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.models import CivilServant


class CourseType(models.TextChoices):
    ADVANCED_TRAINING = "advanced_training", _("advanced training")
    RETRAINING = "retraining", _("retraining")
    MANAGEMENT_COURSE = "management_course", _("management course (corps A)")
    SEMINAR = "seminar", _("seminar")
    MASTER_CLASS = "master_class", _("master class")
    E_COURSE = "e_course", _("e-course")
    OTHER = "other", _("other")


class TrainingRecord(models.Model):
    """One completed training of one servant, from E-kyzmet, our own courses or an uploaded certificate."""

    class Source(models.TextChoices):
        IMPORT = "import", _("imported")
        INTERNAL = "internal", _("completed on the platform")
        EXTERNAL_UPLOAD = "external_upload", _("uploaded by the servant")

    servant = models.ForeignKey(CivilServant, verbose_name=_("civil servant"), on_delete=models.CASCADE,
                                related_name="training_records")
    title = models.CharField(_("title"), max_length=300)
    course_type = models.CharField(_("course type"), max_length=20, choices=CourseType.choices)
    hours = models.PositiveSmallIntegerField(_("academic hours"))
    completed_on = models.DateField(_("completed on"))
    provider = models.CharField(_("provider"), max_length=300, blank=True, default="")
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.IMPORT)
    evidence = models.FileField(_("certificate / evidence"), upload_to="training-evidence/%Y/", blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("verified by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["servant", "-completed_on"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="training_hours_positive"),
            models.CheckConstraint(condition=Q(course_type__in=CourseType.values), name="training_course_type_valid"),
            models.UniqueConstraint(fields=["servant", "title", "completed_on", "provider"],
                                    name="training_record_natural_key"),
        ]
        indexes = [models.Index(fields=["servant", "course_type", "completed_on"], include=["hours"],
                                name="training_servant_type_day")]

    def __str__(self):
        return f"{self.title} ({self.hours} h, {self.completed_on})"


class Exemption(models.Model):
    """A period in which the compliance clock stops (both dates inclusive). Periods of one servant may not
    overlap: the engine adds their lengths."""

    class Reason(models.TextChoices):
        PARENTAL_LEAVE = "parental_leave", _("parental leave")
        SECONDMENT = "secondment", _("secondment")
        ILLNESS = "illness", _("illness")
        OTHER = "other", _("other")

    servant = models.ForeignKey(CivilServant, verbose_name=_("civil servant"), on_delete=models.CASCADE,
                                related_name="exemptions")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("to (inclusive)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        ordering = ["servant", "start_on"]
        constraints = [models.CheckConstraint(condition=Q(end_on__gte=models.F("start_on")),
                                              name="exemption_dates_ordered")]
        indexes = [models.Index(fields=["servant", "start_on"], name="exemption_servant_start")]

    def __str__(self):
        return f"{self.servant_id}: {self.get_reason_display()} {self.start_on}–{self.end_on}"

    def clean(self):
        if self.start_on and self.end_on and self.servant_id:
            overlapping = Exemption.objects.filter(servant_id=self.servant_id, start_on__lte=self.end_on,
                                                   end_on__gte=self.start_on).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(_("This period overlaps another exemption of the same servant."))


class ComplianceRule(models.Model):
    """One of the compliance obligations; its parameters live in effective-dated RuleVersion rows."""

    class Code(models.TextChoices):
        THREE_YEAR = "three_year", _("advanced training at least every three years")
        RETRAINING = "retraining", _("retraining after entry or managerial appointment (corps B)")
        CORPS_A_COURSE = "corps_a_course", _("management course before taking office (corps A)")

    code = models.CharField(_("code"), max_length=20, choices=Code.choices, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("compliance rule")
        verbose_name_plural = _("compliance rules")
        ordering = ["code"]

    def __str__(self):
        return self.get_code_display()


def default_thresholds() -> list[int]:
    return [180, 90, 30]


def default_qualifying_types() -> list[str]:
    return [CourseType.ADVANCED_TRAINING]


class RuleVersion(models.Model):
    """The parameters of a rule in force from valid_from to valid_to (inclusive; empty = open-ended).
    A status "as of" a day uses the version in force on that day. Not every field matters to every rule:
    period_years is for three_year; window_months, newly_appointed_months and months_before_appointment
    for the two appointment rules (docs/compliance.md)."""

    rule = models.ForeignKey(ComplianceRule, verbose_name=_("rule"), on_delete=models.CASCADE,
                             related_name="versions")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to (inclusive)"), null=True, blank=True)
    period_years = models.PositiveSmallIntegerField(_("period, years"), default=3)
    window_months = models.PositiveSmallIntegerField(_("window after appointment, months"), default=6)
    newly_appointed_months = models.PositiveSmallIntegerField(
        _("appointments younger than this many months are new"), default=12)
    months_before_appointment = models.PositiveSmallIntegerField(
        _("completions up to this many months before the appointment count"), default=0)
    qualifying_types = models.JSONField(_("qualifying course types"), default=default_qualifying_types)
    min_hours = models.PositiveSmallIntegerField(_("minimum hours"), default=8)
    max_hours = models.PositiveSmallIntegerField(_("maximum hours"), null=True, blank=True, default=80)
    thresholds = models.JSONField(_("reminder thresholds, days"), default=default_thresholds)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rule version")
        verbose_name_plural = _("rule versions")
        ordering = ["rule", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                                   name="rule_version_dates_ordered"),
            models.CheckConstraint(condition=Q(max_hours__isnull=True) | Q(max_hours__gte=models.F("min_hours")),
                                   name="rule_version_hours_ordered"),
            models.UniqueConstraint(fields=["rule", "valid_from"], name="rule_version_unique_start"),
        ]

    def __str__(self):
        return f"{self.rule.code} {self.valid_from}–{self.valid_to or '…'}"

    def clean(self):
        bad = [t for t in (self.qualifying_types or []) if t not in CourseType.values]
        if not isinstance(self.qualifying_types, list) or not self.qualifying_types or bad:
            raise ValidationError({"qualifying_types": _("A non-empty list of course type codes.")})
        if not isinstance(self.thresholds, list) or not all(isinstance(t, int) and t >= 0 for t in self.thresholds):
            raise ValidationError({"thresholds": _("A list of whole numbers of days.")})
        if self.rule_id and self.valid_from:
            end = self.valid_to
            overlapping = RuleVersion.objects.filter(rule_id=self.rule_id).exclude(pk=self.pk).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
            if end is not None:
                overlapping = overlapping.filter(valid_from__lte=end)
            if overlapping.exists():
                raise ValidationError(_("Versions of one rule may not overlap in time."))
