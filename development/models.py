"""Development context: individual development plans (items, workflow steps), plan templates per position group,
training needs, evaluation results, the corps A personnel reserve and adaptation plans of probationers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.models import CivilServant, Corps, localized


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for changes")
    APPROVED = "approved", _("approved by the manager")
    CONFIRMED = "confirmed", _("confirmed by HR")
    CLOSED = "closed", _("closed")


EDITABLE_STATUSES = (PlanStatus.DRAFT, PlanStatus.RETURNED)
OPEN_STATUSES = (
    PlanStatus.DRAFT,
    PlanStatus.SUBMITTED,
    PlanStatus.RETURNED,
    PlanStatus.APPROVED,
    PlanStatus.CONFIRMED,
)


class ItemKind(models.TextChoices):
    COURSE = "course", _("course")
    SELF_STUDY = "self_study", _("self-study")
    MENTORING = "mentoring", _("mentoring")
    INTERNSHIP = "internship", _("internship")
    CONFERENCE = "conference", _("conference or master class")
    FOREIGN = "foreign", _("foreign programme")
    BOLASHAK = "bolashak", _("Bolashak scholarship")
    NU = "nu", _("Nazarbayev University")


class ItemSource(models.TextChoices):
    GAP = "gap", _("competency gap")
    NEED = "need", _("training need")
    TEMPLATE = "template", _("plan template")
    CARRIED = "carried", _("carried over")
    MANUAL = "manual", _("added by hand")


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class TrilingualTitle:
    @property
    def title(self) -> str:
        return localized(self, "title")

    def __str__(self):
        return self.title


class PlanTemplate(TrilingualTitle, models.Model):
    """Items every plan of a position group starts with (corps, optional category group, optional managerial)."""

    corps = models.CharField(_("corps"), max_length=10, choices=Corps.choices)
    category_group = models.CharField(
        _("category group"),
        max_length=4,
        blank=True,
        help_text=_("e.g. C or E-G; empty = every group of the corps"),
    )
    managerial = models.BooleanField(_("managerial posts"), null=True, blank=True)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("plan template")
        verbose_name_plural = _("plan templates")
        constraints = [
            models.UniqueConstraint(
                fields=["corps", "category_group", "managerial"],
                name="plan_template_group_unique",
                nulls_distinct=False,
            )
        ]


class PlanTemplateItem(TrilingualTitle, models.Model):
    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    institution = models.CharField(_("educational institution"), max_length=300, blank=True)
    hours = models.PositiveSmallIntegerField(_("academic hours"), default=0)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["template", "position", "pk"]


class DevelopmentPlan(models.Model):
    """One servant's individual development plan for a period (by default a calendar year)."""

    servant = models.ForeignKey(
        CivilServant,
        verbose_name=_("civil servant"),
        on_delete=models.CASCADE,
        related_name="development_plans",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True
    )
    mandatory = models.BooleanField(
        _("mandatory"),
        default=True,
        help_text=_("corps A and its reserve must have a plan; others keep one voluntarily"),
    )
    template = models.ForeignKey(
        PlanTemplate, verbose_name=_("template"), null=True, blank=True, on_delete=models.SET_NULL
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review = models.TextField(_("review at the period's end"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("individual development plan")
        verbose_name_plural = _("individual development plans")
        ordering = ["-period_start", "servant"]
        constraints = [
            models.UniqueConstraint(fields=["servant", "period_start"], name="one_plan_per_servant_period"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="plan_period_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.servant} {self.period_start.year}"

    @property
    def year(self) -> int:
        return self.period_start.year


class PlanItem(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    source = models.CharField(
        _("source"), max_length=10, choices=ItemSource.choices, default=ItemSource.MANUAL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    title = models.CharField(_("content of training"), max_length=300)
    institution = models.CharField(_("educational institution"), max_length=300, blank=True)
    competency = models.ForeignKey(
        "competency_framework.Competency",
        verbose_name=_("competency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_level = models.PositiveSmallIntegerField(_("level needed"), null=True, blank=True)
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event = models.ForeignKey(
        "conferences.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hours = models.PositiveSmallIntegerField(_("academic hours"), default=0)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_hours = models.PositiveSmallIntegerField(_("hours done"), default=0)
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False), name="done_item_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(kind="course")
                | Q(source__in=["gap", "need", "carried"])
                | Q(course__isnull=False),
                name="manual_course_item_names_course",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return self.title


class PlanStep(models.Model):
    """Every workflow step of a plan: who did what, when, with which comment."""

    class Action(models.TextChoices):
        DRAFTED = "drafted", _("drafted")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        APPROVED = "approved", _("approved")
        CONFIRMED = "confirmed", _("confirmed")
        CLOSED = "closed", _("closed")

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "at", "pk"]

    def __str__(self):
        return f"{self.plan_id}: {self.action}"


class TrainingNeed(models.Model):
    """Evidence that a servant needs training: a weak evaluation result or a competency below the profile's
    level. Open needs feed the next draft (consumed_by is set then)."""

    class Source(models.TextChoices):
        EVALUATION = "evaluation", _("evaluation result below the threshold")
        ASSESSMENT = "assessment", _("competency below the profile level")
        TEST = "test", _("failed test")

    servant = models.ForeignKey(CivilServant, on_delete=models.CASCADE, related_name="training_needs")
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    competency = models.ForeignKey(
        "competency_framework.Competency",
        verbose_name=_("competency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_level = models.PositiveSmallIntegerField(_("level needed"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    consumed_by = models.ForeignKey(
        DevelopmentPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="needs"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training need")
        verbose_name_plural = _("training needs")
        constraints = [
            models.UniqueConstraint(
                fields=["servant", "source", "year", "competency"],
                name="training_need_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.servant_id} {self.year} {self.source}"


class EvaluationResult(models.Model):
    """A quarterly evaluation score (supervisor and head of unit) or an older KPI-era annual result."""

    class Source(models.TextChoices):
        IMPORT = "import", _("import")
        MANUAL = "manual", _("entered by HR")

    servant = models.ForeignKey(CivilServant, on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, help_text=_("empty = an annual (KPI-era) result")
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.IMPORT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        ordering = ["servant", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["servant", "year", "quarter"], name="evaluation_unique", nulls_distinct=False
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="evaluation_quarter_1_4",
            ),
        ]

    def __str__(self):
        return f"{self.servant_id} {self.period}: {self.score}"

    @property
    def period(self) -> str:
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)


class ReserveMembership(models.Model):
    """Membership of the corps A personnel reserve, entered by HR, with the certificate of admission."""

    servant = models.ForeignKey(
        CivilServant,
        verbose_name=_("civil servant"),
        on_delete=models.CASCADE,
        related_name="reserve_memberships",
    )
    admitted_on = models.DateField(_("admitted on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate of admission No."), max_length=64)
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)
    left_on = models.DateField(_("left the reserve on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("personnel reserve membership")
        verbose_name_plural = _("personnel reserve memberships")
        ordering = ["-admitted_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["servant"], condition=Q(left_on__isnull=True), name="one_open_reserve_membership"
            ),
            models.UniqueConstraint(fields=["certificate_number"], name="reserve_certificate_unique"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("admitted_on")),
                name="reserve_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.servant} ({self.certificate_number})"


class AdaptationPlan(models.Model):
    """A first-time entrant's probation: mentor, tasks and trainings with due dates, sign-off by both.
    The truth about the mentor and the probation's end lives here; people.CivilServant.mentor and
    probation_until are kept in step through people.services.servant_set_probation (display, old readers)."""

    servant = models.OneToOneField(
        CivilServant,
        verbose_name=_("civil servant"),
        on_delete=models.CASCADE,
        related_name="adaptation_plan",
    )
    mentor = models.ForeignKey(
        CivilServant, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="adaptation_mentees"
    )
    starts_on = models.DateField(_("probation from"))
    ends_on = models.DateField(_("probation until"))
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    mentor_signed_at = models.DateTimeField(_("signed by the mentor"), null=True, blank=True)
    servant_signed_at = models.DateTimeField(_("signed by the servant"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("adaptation plan")
        verbose_name_plural = _("adaptation plans")
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=models.F("servant")), name="adaptation_not_own_mentor"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="adaptation_dates_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.servant} → {self.ends_on}"


class AdaptationTask(models.Model):
    class Kind(models.TextChoices):
        TASK = "task", _("task")
        TRAINING = "training", _("training")
        RETRAINING = "retraining", _("retraining")

    plan = models.ForeignKey(AdaptationPlan, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TASK)
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "due_on", "pk"]

    def __str__(self):
        return self.title
