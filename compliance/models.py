"""The training ledger (completed training of civil servants), exemptions and the effective-dated compliance
rules. The tables keep their names from the time these models lived in `enrollment` (Meta.db_table), so the
move was a change of state only (migrations 0001/0002 of this app, docs/compliance.md).

Course types are the `courses.CourseType` rows, the one vocabulary of the platform: a training record points to
its type by the stable code (a real foreign key on `courses_coursetype.code`), a rule version names the types
that qualify, and the hour range that qualifies is the course type's own."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.models import CivilServant

ADVANCED_TRAINING = "advanced_training"  # courses.models.CourseType.ADVANCED_TRAINING, for the partial index
OTHER_COURSE_TYPE = "other"  # created by migration 0002 for records of no known type


# A record counts toward compliance unless it is a servant's own upload that HR has not verified (pending or
# rejected). The engine's SQL writes the same predicate (compliance.engine.COUNTS_SQL), the reference engine
# reads it as Completion.counts; the partial index below carries it so the default rule stays index-only.
COUNTS = ~Q(source="external_upload") | Q(verified_at__isnull=False)


def shown_title(title: str, title_language: str, translations: dict, language: str | None = None) -> tuple[str, str]:
    """The title a reader of `language` sees and the language it is in (see TrainingRecord.title_in)."""
    from django.utils.translation import get_language

    lang = (language or get_language() or "ru")[:2]
    if translations.get(lang):
        return translations[lang], lang
    if title_language == lang or not any(translations.values()):
        return title, title_language
    for candidate in ("ru", "kk", "en"):
        if translations.get(candidate):
            return translations[candidate], candidate
    return title, title_language


class TrainingRecord(models.Model):
    """One completed training of one servant, from E-kyzmet, our own courses or an uploaded certificate."""

    class Source(models.TextChoices):
        IMPORT = "import", _("imported")
        INTERNAL = "internal", _("completed on the platform")
        EXTERNAL_UPLOAD = "external_upload", _("uploaded by the servant")

    servant = models.ForeignKey(
        CivilServant,
        verbose_name=_("civil servant"),
        on_delete=models.CASCADE,
        related_name="training_records",
    )
    title = models.CharField(_("title"), max_length=300)
    # The title in each language when the training has them (a course version, an event); `title` is the
    # snapshot every record has (imports: as imported), written in `title_language` (guessed when imported).
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True, default="", db_default="")
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True, default="", db_default="")
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True, default="", db_default="")
    title_language = models.CharField(_("language of the title"), max_length=2, blank=True, default="",
                                      db_default="")
    # The code, not the id: the column reads the same on every database, so the engine's SQL and the partial
    # index below can name a type literally (docs/architecture.md, "One course-type vocabulary").
    course_type = models.ForeignKey(
        "courses.CourseType",
        verbose_name=_("course type"),
        to_field="code",
        db_column="course_type",
        db_index=False,
        on_delete=models.PROTECT,
        related_name="training_records",
    )
    hours = models.PositiveSmallIntegerField(_("academic hours"))
    completed_on = models.DateField(_("completed on"))
    provider = models.CharField(_("provider"), max_length=300, blank=True, default="")
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.IMPORT)
    # What produced the record on the platform ("course-progress:<id>"); UNIQUE when set, so a completion
    # creates its record once whatever the retries. Empty for imports and uploads.
    source_key = models.CharField(_("source key"), max_length=80, blank=True, default="", db_default="")
    evidence = models.FileField(_("certificate / evidence"), upload_to="training-evidence/%Y/", blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    rejection_reason = models.CharField(_("reason for rejection"), max_length=500, blank=True, default="", db_default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "enrollment_trainingrecord"
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["servant", "-completed_on"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="training_hours_positive"),
            models.UniqueConstraint(
                fields=["servant", "title", "completed_on", "provider"], name="training_record_natural_key"
            ),
            models.UniqueConstraint(fields=["source_key"], condition=~Q(source_key=""),
                                    name="training_record_source_key"),
        ]
        indexes = [
            models.Index(
                fields=["servant", "course_type", "completed_on"],
                include=["hours"],
                name="training_servant_type_day",
            ),
            # the default three-year rule's qualifying rows only (about 40% of all): advanced training in
            # its course type's default range; its "last qualifying completion" scans this, half the size.
            # Other parameters (an administrator changing the range) use the index above.
            models.Index(
                fields=["servant", "completed_on"],
                include=["hours"],
                name="training_advanced_last",
                condition=Q(course_type=ADVANCED_TRAINING, hours__gte=8, hours__lte=80) & COUNTS,
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.hours} h, {self.completed_on})"

    def title_in(self, language: str | None = None) -> tuple[str, str]:
        """(title, its language) for a reader of `language` (the active one): the translation when there is
        one, else another language's title, else the snapshot. The language is '' when unknown."""
        return shown_title(self.title, self.title_language,
                           {lang: getattr(self, f"title_{lang}") for lang in ("kk", "ru", "en")}, language)

    @property
    def counts(self) -> bool:
        return self.source != self.Source.EXTERNAL_UPLOAD or self.verified_at is not None

    @property
    def verification(self) -> str:
        """'' (nothing to verify), 'pending', 'verified' or 'rejected'."""
        if self.source != self.Source.EXTERNAL_UPLOAD:
            return ""
        if self.verified_at is not None:
            return "verified"
        return "rejected" if self.rejected_at is not None else "pending"


class Exemption(models.Model):
    """A period in which the compliance clock stops (both dates inclusive). Periods of one servant may not
    overlap: the engine adds their lengths."""

    class Reason(models.TextChoices):
        PARENTAL_LEAVE = "parental_leave", _("parental leave")
        SECONDMENT = "secondment", _("secondment")
        ILLNESS = "illness", _("illness")
        OTHER = "other", _("other")

    servant = models.ForeignKey(
        CivilServant, verbose_name=_("civil servant"), on_delete=models.CASCADE, related_name="exemptions"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("to (inclusive)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        db_table = "enrollment_exemption"
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        ordering = ["servant", "start_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__gte=models.F("start_on")), name="exemption_dates_ordered"
            )
        ]
        indexes = [models.Index(fields=["servant", "start_on"], name="exemption_servant_start")]

    def __str__(self):
        return f"{self.servant_id}: {self.get_reason_display()} {self.start_on}–{self.end_on}"

    def clean(self):
        if self.start_on and self.end_on and self.servant_id:
            overlapping = Exemption.objects.filter(
                servant_id=self.servant_id, start_on__lte=self.end_on, end_on__gte=self.start_on
            ).exclude(pk=self.pk)
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
        db_table = "enrollment_compliancerule"
        verbose_name = _("compliance rule")
        verbose_name_plural = _("compliance rules")
        ordering = ["code"]

    def __str__(self):
        return self.get_code_display()


def default_thresholds() -> list[int]:
    return [180, 90, 30]


class RuleVersion(models.Model):
    """The parameters of a rule in force from valid_from to valid_to (inclusive; empty = open-ended).
    A status "as of" a day uses the version in force on that day. Not every field matters to every rule:
    period_years is for three_year; window_months, newly_appointed_months and months_before_appointment
    for the two appointment rules (docs/compliance.md). A completion qualifies when its course type is one of
    `qualifying_course_types` and its hours lie in that course type's range (courses.CourseType)."""

    rule = models.ForeignKey(
        ComplianceRule, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="versions"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to (inclusive)"), null=True, blank=True)
    period_years = models.PositiveSmallIntegerField(_("period, years"), default=3)
    window_months = models.PositiveSmallIntegerField(_("window after appointment, months"), default=6)
    newly_appointed_months = models.PositiveSmallIntegerField(
        _("appointments younger than this many months are new"), default=12
    )
    months_before_appointment = models.PositiveSmallIntegerField(
        _("completions up to this many months before the appointment count"), default=0
    )
    qualifying_course_types = models.ManyToManyField(
        "courses.CourseType", verbose_name=_("qualifying course types"), related_name="+"
    )
    thresholds = models.JSONField(_("reminder thresholds, days"), default=default_thresholds)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "enrollment_ruleversion"
        verbose_name = _("rule version")
        verbose_name_plural = _("rule versions")
        ordering = ["rule", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="rule_version_dates_ordered",
            ),
            models.UniqueConstraint(fields=["rule", "valid_from"], name="rule_version_unique_start"),
        ]

    def __str__(self):
        return f"{self.rule.code} {self.valid_from}–{self.valid_to or '…'}"

    def clean(self):
        if not isinstance(self.thresholds, list) or not all(
            isinstance(t, int) and t >= 0 for t in self.thresholds
        ):
            raise ValidationError({"thresholds": _("A list of whole numbers of days.")})
        if self.rule_id and self.valid_from:
            end = self.valid_to
            overlapping = (
                RuleVersion.objects.filter(rule_id=self.rule_id)
                .exclude(pk=self.pk)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
            )
            if end is not None:
                overlapping = overlapping.filter(valid_from__lte=end)
            if overlapping.exists():
                raise ValidationError(_("Versions of one rule may not overlap in time."))
