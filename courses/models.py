"""Course catalog: course types (hours rules as data), providers, courses, their versions (a published version
is frozen: its own modules, lessons and competency mapping), and a learner's minimal progress.

Texts are trilingual in explicit fields (title_kk/ru/en ...) like people.models. Writes go through
courses.services; reads through courses.selectors."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses.lesson_kinds import lesson_kind_choices
from people.models import Region, TrilingualNameMixin, localized

LANGUAGES = ("kk", "ru", "en")


class CourseType(TrilingualNameMixin, models.Model):
    """A kind of course with its hours rule. Rows are seeded by a data migration with the defaults of
    DOMAIN.md; an administrator may change the numbers. NULL = no bound."""

    ADVANCED_TRAINING = "advanced_training"
    RETRAINING = "retraining"
    MANAGEMENT_COURSE = "management_course"
    SEMINAR = "seminar"
    MASTER_CLASS = "master_class"
    E_COURSE = "e_course"

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    min_hours = models.PositiveSmallIntegerField(_("minimum academic hours"), null=True, blank=True)
    max_hours = models.PositiveSmallIntegerField(_("maximum academic hours"), null=True, blank=True)
    self_paced = models.BooleanField(_("self-paced"), default=False,
                                     help_text=_("Self-paced courses must have at least one lesson to publish."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("course type")
        verbose_name_plural = _("course types")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_hours__isnull=True) | Q(max_hours__isnull=True) | Q(min_hours__lte=models.F("max_hours")),
                name="course_type_hours_ordered",
            ),
        ]

    def __str__(self):
        return self.name


class Provider(TrilingualNameMixin, models.Model):
    class Kind(models.TextChoices):
        APA = "apa", _("Academy of Public Administration")
        APA_BRANCH = "apa_branch", _("APA regional branch")
        RETRAINING_CENTRE = "retraining_centre", _("regional retraining centre")
        FOREIGN_PARTNER = "foreign_partner", _("foreign partner")
        OTHER = "other", _("other")

    code = models.CharField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    country = models.CharField(_("country (ISO 3166 alpha-2)"), max_length=2, default="KZ")
    region = models.ForeignKey(Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["kind", "name_ru"]
        constraints = [models.CheckConstraint(condition=Q(country__regex=r"^[A-Z]{2}$"), name="provider_country_iso2")]

    def __str__(self):
        return self.name


class DeliveryFormat(models.TextChoices):
    ONLINE = "online", _("online")
    BLENDED = "blended", _("blended")
    ONSITE = "onsite", _("on-site")


class Course(models.Model):
    """The stable identity of a course (code, authors). Everything a learner sees lives in its versions;
    `published_version` is the one the catalog shows (NULL: not in the catalog)."""

    code = models.CharField(_("code"), max_length=32, unique=True,
                            help_text=_("Capital letters, digits and hyphens, e.g. APA-DT-101."))
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("authors"), blank=True,
                                     related_name="authored_courses")
    published_version = models.OneToOneField(
        "CourseVersion", verbose_name=_("published version"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["code"]
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^[A-Z0-9][A-Z0-9-]{1,31}$"),
                                              name="course_code_format")]

    def __str__(self):
        return self.code


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


EDITABLE_STATUSES = (VersionStatus.DRAFT, VersionStatus.IN_REVIEW)
FROZEN_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.ARCHIVED)


class CourseVersion(models.Model):
    """One version of a course. Draft -> in review -> published -> archived. Publishing freezes it
    (`frozen`): services refuse edits and, on PostgreSQL, triggers refuse them too (migration 0003)."""

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    frozen = models.BooleanField(_("frozen"), default=False, editable=False)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_kk = models.TextField(_("summary (Kazakh)"), blank=True)
    summary_ru = models.TextField(_("summary (Russian)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    course_type = models.ForeignKey(CourseType, verbose_name=_("course type"), on_delete=models.PROTECT,
                                    related_name="+")
    provider = models.ForeignKey(Provider, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="+")
    delivery_format = models.CharField(_("format"), max_length=10, choices=DeliveryFormat.choices,
                                       default=DeliveryFormat.ONLINE)
    # Delivery languages, space separated in kk-ru-en order ("kk ru"); selectors filter with `contains`.
    languages = models.CharField(_("languages of delivery"), max_length=16, default="ru")
    hours = models.PositiveSmallIntegerField(_("academic hours"))
    # Lower-cased titles, summaries and competency names in all languages (services keep it in sync).
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        verbose_name = _("course version")
        verbose_name_plural = _("course versions")
        ordering = ["course", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="course_version_number_unique"),
            # At most one working copy (draft or in review) per course.
            models.UniqueConstraint(fields=["course"], condition=Q(status__in=["draft", "in_review"]),
                                    name="one_working_version_per_course"),
            models.CheckConstraint(
                condition=(Q(status__in=["published", "archived"]) & Q(frozen=True))
                | (Q(status__in=["draft", "in_review"]) & Q(frozen=False)),
                name="version_frozen_iff_published",
            ),
            models.CheckConstraint(condition=Q(hours__gte=1), name="version_hours_positive"),
            models.CheckConstraint(condition=Q(languages__regex=r"^(kk|ru|en)( (kk|ru|en))*$"),
                                   name="version_languages_format"),
        ]
        indexes = [models.Index(fields=["status", "course_type", "provider"], name="version_catalog_idx")]

    def __str__(self):
        return f"{self.course.code} v{self.number} ({self.get_status_display()})"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def language_list(self) -> list[str]:
        return self.languages.split()

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT and not self.frozen


class Module(models.Model):
    version = models.ForeignKey(CourseVersion, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField(_("order"))
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["version", "position", "id"]
        indexes = [models.Index(fields=["version", "position"])]

    def __str__(self):
        return f"{self.position}. {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")


class CompletionRule(models.TextChoices):
    VIEWED = "viewed", _("opened by the learner")
    MARKED = "marked", _("marked complete by the learner")
    VIDEO_SHARE = "video_share", _("share of the video watched")
    # Set by the lesson's kind (quizzes): only the owning app completes it, through lesson_complete_by_kind.
    PASSED = "passed", _("passed by the learner")


class Lesson(models.Model):
    # `version` repeats module.version so progress and freeze checks need no join.
    version = models.ForeignKey(CourseVersion, on_delete=models.CASCADE, related_name="lessons")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=lesson_kind_choices, default="text")
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    # Sanitised HTML (courses.sanitize.clean_html); safe to render as is.
    body_kk = models.TextField(_("text (Kazakh)"), blank=True)
    body_ru = models.TextField(_("text (Russian)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    video = models.ForeignKey("media.VideoAsset", verbose_name=_("video"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="lessons")
    file = models.FileField(_("file"), upload_to="courses/files/%Y/%m/", blank=True, max_length=300)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration, minutes"), null=True, blank=True)
    completion_rule = models.CharField(_("completion rule"), max_length=12, choices=CompletionRule.choices,
                                       default=CompletionRule.VIEWED)
    completion_param = models.PositiveSmallIntegerField(
        _("completion parameter"), null=True, blank=True,
        help_text=_("For “share of the video watched”: the percentage (1-100)."),
    )

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["module__position", "position", "id"]
        indexes = [models.Index(fields=["module", "position"]), models.Index(fields=["version"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(completion_rule="video_share")
                | Q(completion_param__gte=1, completion_param__lte=100),
                name="lesson_video_share_percent",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def body(self) -> str:
        return localized(self, "body")


class CourseCompetency(models.Model):
    """A competency the course version develops, up to `level` of the framework's scale."""

    version = models.ForeignKey(CourseVersion, on_delete=models.CASCADE, related_name="competencies")
    competency = models.ForeignKey("competency_framework.Competency", verbose_name=_("competency"),
                                   on_delete=models.PROTECT, related_name="course_mappings")
    level = models.ForeignKey("competency_framework.ScaleLevel", verbose_name=_("level developed"),
                              on_delete=models.PROTECT, related_name="+")
    weight = models.PositiveSmallIntegerField(_("weight, %"), null=True, blank=True)

    class Meta:
        verbose_name = _("competency developed")
        verbose_name_plural = _("competencies developed")
        ordering = ["version", "competency__sort_order", "competency__idnumber"]
        constraints = [
            models.UniqueConstraint(fields=["version", "competency"], name="course_competency_unique"),
            models.CheckConstraint(condition=Q(weight__isnull=True) | Q(weight__gte=1, weight__lte=100),
                                   name="course_competency_weight_percent"),
        ]

    def __str__(self):
        return f"{self.competency.idnumber} → {self.level.value}"


class CourseProgress(models.Model):
    """A learner working through one course version. Minimal on purpose: formal enrolment (applications,
    vouchers, offerings) is the enrollment app's later issue; it will point here or replace `started_at`."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_progress")
    version = models.ForeignKey(CourseVersion, on_delete=models.PROTECT, related_name="progress")
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    last_lesson = models.ForeignKey(Lesson, verbose_name=_("last lesson"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    class Meta:
        verbose_name = _("course progress")
        verbose_name_plural = _("course progress")
        ordering = ["-last_activity_at", "-started_at"]
        constraints = [models.UniqueConstraint(fields=["learner", "version"], name="progress_unique")]

    def __str__(self):
        return f"{self.learner_id} · version {self.version_id}"


class LessonProgress(models.Model):
    progress = models.ForeignKey(CourseProgress, on_delete=models.CASCADE, related_name="lessons")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    first_viewed_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    watched_share = models.PositiveSmallIntegerField(_("video watched, %"), default=0)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["progress", "lesson"], name="lesson_progress_unique"),
            models.CheckConstraint(condition=Q(watched_share__lte=100), name="lesson_progress_share_percent"),
        ]

    def __str__(self):
        return f"{self.progress_id} · lesson {self.lesson_id}"
