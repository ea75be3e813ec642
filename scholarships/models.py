"""Scholarship (grant) calls of the Hub and the APA: programmes offered, applications with documents and ranked
preferences, reviews, allocation runs and their per-applicant results. Data and invariants only: the workflows
live in services.py, reviews.py and runs.py."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.models import localized


class ProgrammeKind(models.TextChoices):
    MASTER_1Y = "master_1y", _("one-year master's")
    MASTER_2Y = "master_2y", _("two-year master's")
    DOCTORAL = "doctoral", _("doctoral")
    MBA = "mba", _("MBA")


class Call(models.Model):
    """A call for applications with its budget and deadlines (all instants in UTC)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    description_kk = models.TextField(_("description (Kazakh)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    budget = models.DecimalField(_("total budget"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="KZT")
    eligible_countries = models.JSONField(_("eligible countries (ISO alpha-2)"), default=list)
    opens_at = models.DateTimeField(_("applications open"))
    applications_close_at = models.DateTimeField(_("application deadline"))
    review_close_at = models.DateTimeField(_("review deadline"))
    results_at = models.DateTimeField(_("results publication"))
    acceptance_deadline = models.DateTimeField(_("acceptance deadline"))
    review_margin = models.DecimalField(
        _("third-review margin (points of 100)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("15"),
        help_text=_("A third review is requested when two review scores differ by more than this."),
    )
    min_essay_words = models.PositiveIntegerField(_("minimum essay length (words)"), default=100)
    min_service_years = models.PositiveSmallIntegerField(_("minimum years in public service"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("scholarship call")
        verbose_name_plural = _("scholarship calls")
        ordering = ["-applications_close_at", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="sch_call_budget_non_negative"),
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("applications_close_at"))
                & Q(applications_close_at__lte=models.F("review_close_at"))
                & Q(review_close_at__lte=models.F("results_at"))
                & Q(results_at__lt=models.F("acceptance_deadline")),
                name="sch_call_deadlines_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")


class Programme(models.Model):
    """A programme offered in a call: seats, the grant cost of one seat, reserved seats per country (released
    to open competition when not filled) and an optional cap per country."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="programmes")
    code = models.CharField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=10, choices=ProgrammeKind.choices)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    seats = models.PositiveIntegerField(_("seats"))
    grant_cost = models.DecimalField(_("grant cost per seat"), max_digits=12, decimal_places=2)
    reserved = models.JSONField(_("reserved seats per country"), default=dict, blank=True)
    country_cap = models.PositiveIntegerField(_("cap per country"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["call", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="sch_programme_code_unique"),
            models.CheckConstraint(condition=Q(seats__gt=0), name="sch_programme_has_seats"),
            models.CheckConstraint(condition=Q(grant_cost__gte=0), name="sch_programme_cost_non_negative"),
            models.CheckConstraint(
                condition=Q(country_cap__isnull=True) | Q(country_cap__gt=0),
                name="sch_programme_cap_positive",
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def reserved_total(self) -> int:
        return sum(int(v) for v in (self.reserved or {}).values())


class Criterion(models.Model):
    """A weighted review criterion; each is scored 0..max_points."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=20)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    max_points = models.PositiveSmallIntegerField(_("maximum points"), default=10)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        ordering = ["call", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["call", "code"], name="sch_criterion_code_unique"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="sch_criterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="sch_criterion_points_positive"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class EnglishEquivalence(models.Model):
    """The configurable equivalence table: a score of at least `min_score` on `test` counts as IELTS `ielts`.
    IELTS itself needs no row."""

    test = models.CharField(_("test"), max_length=20)
    min_score = models.DecimalField(_("minimum score"), max_digits=6, decimal_places=2)
    ielts = models.DecimalField(_("IELTS band"), max_digits=3, decimal_places=1)

    class Meta:
        verbose_name = _("English test equivalence")
        verbose_name_plural = _("English test equivalences")
        ordering = ["test", "min_score"]
        constraints = [models.UniqueConstraint(fields=["test", "min_score"], name="sch_equivalence_unique")]

    def __str__(self):
        return f"{self.test} ≥ {self.min_score} = IELTS {self.ielts}"


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    INELIGIBLE = "ineligible", _("ineligible")
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under_review", _("under review")
    THIRD_REVIEW = "third_review", _("third review requested")
    REVIEWED = "reviewed", _("reviewed")
    OFFERED = "offered", _("offered a place")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    NOT_ADMITTED = "not_admitted", _("not admitted")


EDITABLE_STATUSES = (Status.DRAFT, Status.INELIGIBLE, Status.SUBMITTED)


class Application(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scholarship_applications"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # Personal and employment data (copied from the participant's profile, editable by the applicant).
    full_name = models.CharField(_("full name"), max_length=300)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    country = models.CharField(_("country (ISO alpha-2)"), max_length=2)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    organisation = models.CharField(_("state body / organisation"), max_length=300)
    position_title = models.CharField(_("position"), max_length=300, blank=True)
    service_years = models.PositiveSmallIntegerField(_("years in public service"), default=0)
    english_test = models.CharField(_("English test"), max_length=20, default="IELTS")
    english_score = models.DecimalField(
        _("English score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    essay = models.TextField(_("motivation essay"), blank=True)
    # The last eligibility check: [{"rule": code, "params": {...}}] for each failed rule.
    eligibility = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    final_score = models.DecimalField(_("final score"), max_digits=6, decimal_places=2, null=True, blank=True)
    offer = models.ForeignKey(
        Programme,
        verbose_name=_("offered programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offers",
    )
    offer_round = models.PositiveSmallIntegerField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scholarship application")
        verbose_name_plural = _("scholarship applications")
        ordering = ["call", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "applicant"], name="sch_one_application_per_call"),
            models.CheckConstraint(
                condition=Q(country__regex=r"^[A-Z]{2}$"), name="sch_application_country_iso2"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["offered", "accepted"], offer__isnull=False)
                | (~Q(status__in=["offered", "accepted"]) & Q(offer__isnull=True))
                | Q(status="declined"),
                name="sch_offer_iff_offered",
            ),
        ]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self):
        return f"{self.call.code} #{self.pk} {self.full_name}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class Preference(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="preferences")
    rank = models.PositiveSmallIntegerField(_("rank"))
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("programme preference")
        verbose_name_plural = _("programme preferences")
        ordering = ["application", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="sch_preference_rank_unique"),
            models.UniqueConstraint(
                fields=["application", "programme"], name="sch_preference_programme_unique"
            ),
            models.CheckConstraint(condition=Q(rank__gte=1, rank__lte=3), name="sch_preference_rank_1_3"),
        ]

    def __str__(self):
        return f"{self.application_id}#{self.rank} {self.programme_id}"


class DocumentKind(models.TextChoices):
    REFERENCE = "reference", _("reference letter from the state body")
    ENGLISH = "english", _("English certificate")
    DIPLOMA = "diploma", _("diploma")
    CV = "cv", _("CV")


def document_path(instance, filename: str) -> str:
    return f"scholarships/{instance.application.call_id}/{instance.application_id}/{instance.kind}.pdf"


class Document(models.Model):
    """One PDF per kind and application (a new upload replaces the old one)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="sch_document_kind_unique")
        ]

    def __str__(self):
        return f"{self.application_id} {self.kind}"


class Review(models.Model):
    """An assignment of a reviewer to an application and, once submitted, their scores.
    `scores` maps criterion code -> points; `total` is the weighted score out of 100."""

    class State(models.TextChoices):
        ASSIGNED = "assigned", _("assigned")
        DONE = "done", _("scored")
        CONFLICT = "conflict", _("conflict declared")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_reviews"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ASSIGNED)
    is_third = models.BooleanField(_("third review"), default=False)
    scores = models.JSONField(default=dict, blank=True)
    total = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    conflict_reason = models.CharField(_("conflict"), max_length=500, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["application", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="sch_one_review_per_reviewer"),
            models.CheckConstraint(
                condition=~Q(state="done") | Q(total__isnull=False), name="sch_done_has_total"
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(total__gte=0, total__lte=100), name="sch_total_0_100"
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "state"])]

    def __str__(self):
        return f"{self.application_id} by {self.reviewer_id} ({self.state})"


class AllocationRun(models.Model):
    """One run of the allocation engine over a call: its canonical input (with SHA-256), parameters, results,
    who ran it and when. Round 1 allocates all seats; a later round the seats left after acceptances."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="runs")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    input_hash = models.CharField(_("input SHA-256"), max_length=64)
    instance = models.JSONField(_("instance"))
    parameters = models.JSONField(_("parameters"), default=dict)
    pseudonyms = models.JSONField(default=dict)  # application id -> pseudonymous id used in the instance
    summary = models.JSONField(_("cut-offs and seat use"), default=dict)
    ran_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ran_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["call", "-ran_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "round"],
                condition=Q(published_at__isnull=False),
                name="sch_one_published_run_per_round",
            ),
            models.CheckConstraint(condition=Q(round__gte=1), name="sch_run_round_positive"),
        ]

    def __str__(self):
        return f"{self.call.code} round {self.round} · {self.input_hash[:12]}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Result(models.Model):
    """One applicant's outcome in a run, with the engine's structured reason."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="results")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="results")
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    admitted = models.BooleanField(default=False)
    reason_code = models.CharField(max_length=40, blank=True)
    reason_params = models.JSONField(default=dict, blank=True)
    # Per ranked programme above the outcome: [{"programme": code, "code": ..., "params": {...}}]
    explanation = models.JSONField(default=list, blank=True)
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("allocation result")
        verbose_name_plural = _("allocation results")
        ordering = ["run", "application"]
        constraints = [
            models.UniqueConstraint(fields=["run", "application"], name="sch_one_result_per_run"),
            models.CheckConstraint(
                condition=Q(admitted=False) | Q(programme__isnull=False), name="sch_admitted_has_programme"
            ),
        ]

    def __str__(self):
        return f"{self.run_id}/{self.application_id}: {self.programme_id or '-'}"
