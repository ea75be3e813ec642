"""Question banks, questions (eight kinds), quizzes (a lesson kind), attempts, grading and regrade logs.

Texts are trilingual in explicit columns (`text_kk/_ru/_en`) like the rest of the project; an import
carries one language and fills its column. Writes go through assessments.services; reads through
assessments.selectors."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from people.models import localized

LANGUAGES = ("kk", "ru", "en")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    TRUE_FALSE = "truefalse", _("true/false")
    NUMERIC = "numeric", _("numeric")
    SHORT = "short", _("short answer")
    MATCHING = "matching", _("matching")
    ORDERING = "ordering", _("ordering")
    ESSAY = "essay", _("essay")


CLOSED_KINDS = tuple(k for k in QuestionKind.values if k != QuestionKind.ESSAY)


class QuestionBank(models.Model):
    """A bank of one course (course set) or shared (course NULL). CODE is the stable handle of imports."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="question_banks",
    )
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("owners"), blank=True, related_name="question_banks"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"),
                name="question_bank_code_format",
            )
        ]

    def __str__(self):
        return self.code

    @property
    def title(self) -> str:
        return localized(self, "title") or self.code


class Category(models.Model):
    """A tree of categories inside a bank; `path` is the slash-joined names from the root ("top/Law/Ethics"),
    unique in the bank, which is also how GIFT `$CATEGORY:` and XML category questions name it."""

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="categories")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(_("name"), max_length=200)
    path = models.CharField(_("path"), max_length=1000)

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["bank", "path"]
        constraints = [models.UniqueConstraint(fields=["bank", "path"], name="category_path_unique")]

    def __str__(self):
        return self.path


class Question(models.Model):
    """One question, edited in place: a correction bumps `version` and regrades every attempt that holds it
    (assessments.grading.regrade_question). `key` is the stable import key: the GIFT title / XML name, else a
    hash of the content; unique in its category."""

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="questions")
    key = models.CharField(_("key"), max_length=255)
    name = models.CharField(_("name"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text_format = models.CharField(_("text format"), max_length=10, default="moodle")
    text_kk = models.TextField(_("text (Kazakh)"), blank=True)
    text_ru = models.TextField(_("text (Russian)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    general_feedback_kk = models.TextField(_("general feedback (Kazakh)"), blank=True)
    general_feedback_ru = models.TextField(_("general feedback (Russian)"), blank=True)
    general_feedback_en = models.TextField(_("general feedback (English)"), blank=True)
    default_mark = models.DecimalField(_("mark"), max_digits=6, decimal_places=2, default=1)
    # Moodle's per-try penalty; kept for round trips (our attempts are graded once, deferred feedback).
    penalty = models.DecimalField(_("penalty"), max_digits=8, decimal_places=7, default=0)
    shuffle = models.BooleanField(_("shuffle options"), default=True)
    case_sensitive = models.BooleanField(_("case sensitive"), default=False)
    competency = models.ForeignKey(
        "competency_framework.Competency",
        verbose_name=_("competency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)  # lower-case strings; see QuestionTag
    version = models.PositiveIntegerField(_("version"), default=1)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category__path", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "key"], name="question_key_unique"),
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="question_kind_valid"),
            models.CheckConstraint(condition=Q(default_mark__gt=0), name="question_mark_positive"),
            models.CheckConstraint(
                condition=Q(penalty__gte=0, penalty__lte=1), name="question_penalty_fraction"
            ),
        ]

    def __str__(self):
        return f"{self.key} ({self.kind})"

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def general_feedback(self) -> str:
        return localized(self, "general_feedback")


class QuestionTag(models.Model):
    """Tags as rows so a random draw filters by tag with an index (Question.tags mirrors them for export)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="tag_rows")
    tag = models.CharField(max_length=100, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "tag"], name="question_tag_unique")]

    def __str__(self):
        return self.tag


class Choice(models.Model):
    """An answer of a question. Single/multiple/true-false/short: `text` + `fraction` (-1..1). Numeric:
    `text` is the number, `tolerance` the accepted error. Matching: `text` the left item, `match` the right
    one (empty left = distractor). Ordering: `position` is the correct order."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField()
    text_kk = models.TextField(blank=True)
    text_ru = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    match_kk = models.TextField(blank=True)
    match_ru = models.TextField(blank=True)
    match_en = models.TextField(blank=True)
    fraction = models.DecimalField(max_digits=8, decimal_places=7, default=0)
    tolerance = models.DecimalField(max_digits=20, decimal_places=7, null=True, blank=True)
    feedback_kk = models.TextField(blank=True)
    feedback_ru = models.TextField(blank=True)
    feedback_en = models.TextField(blank=True)

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="choice_position_unique"),
            models.CheckConstraint(
                condition=Q(fraction__gte=-1, fraction__lte=1), name="choice_fraction_range"
            ),
            models.CheckConstraint(
                condition=Q(tolerance__isnull=True) | Q(tolerance__gte=0), name="choice_tolerance_positive"
            ),
        ]

    def __str__(self):
        return f"{self.question_id}.{self.position}"

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def match(self) -> str:
        return localized(self, "match")

    @property
    def feedback(self) -> str:
        return localized(self, "feedback")


class RubricCriterion(models.Model):
    """How faculty score an essay: criteria with points; the question's mark scales their sum."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="rubric")
    position = models.PositiveSmallIntegerField()
    text_kk = models.CharField(max_length=500, blank=True)
    text_ru = models.CharField(max_length=500, blank=True)
    text_en = models.CharField(max_length=500, blank=True)
    max_points = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="rubric_position_unique"),
            models.CheckConstraint(condition=Q(max_points__gte=1), name="rubric_points_positive"),
        ]

    def __str__(self):
        return f"{self.question_id}.{self.position}"

    @property
    def text(self) -> str:
        return localized(self, "text")


class QuizRole(models.TextChoices):
    PRACTICE = "practice", _("practice")
    PRE = "pre", _("pre-test")
    POST = "post", _("post-test")
    FINAL = "final", _("final test")


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("highest attempt")
    LAST = "last", _("last attempt")
    AVERAGE = "average", _("average of attempts")


class ReviewWhen(models.TextChoices):
    NEVER = "never", _("never")
    AFTER_ATTEMPT = "after_attempt", _("after each attempt")
    AFTER_CLOSE = "after_close", _("after the quiz closes")
    AFTER_PASS = "after_pass", _("after passing")


class Quiz(models.Model):
    """The settings of a quiz lesson. `course` repeats lesson.version.course so access checks need no join."""

    lesson = models.OneToOneField(
        "courses.Lesson", verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="quiz"
    )
    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="quizzes")
    role = models.CharField(_("role"), max_length=10, choices=QuizRole.choices, default=QuizRole.PRACTICE)
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit, minutes"), null=True, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 = unlimited.")
    )
    pass_percent = models.DecimalField(_("pass mark, %"), max_digits=5, decimal_places=2, default=60)
    grading_method = models.CharField(
        _("grading method"), max_length=10, choices=GradingMethod.choices, default=GradingMethod.HIGHEST
    )
    shuffle_choices = models.BooleanField(_("shuffle options"), default=True)
    review_when = models.CharField(
        _("show correct answers and feedback"),
        max_length=14,
        choices=ReviewWhen.choices,
        default=ReviewWhen.AFTER_ATTEMPT,
    )
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_percent__gte=0, pass_percent__lte=100), name="quiz_pass_percent"
            ),
            models.CheckConstraint(
                condition=Q(time_limit_minutes__isnull=True) | Q(time_limit_minutes__gte=1),
                name="quiz_time_limit_positive",
            ),
        ]

    def __str__(self):
        return f"quiz {self.pk} · {self.lesson_id}"


class QuizSlot(models.Model):
    """One rule of the quiz: a fixed question, or `count` questions drawn at random per attempt from a
    category (and its subcategories) and/or a tag."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    tag = models.CharField(max_length=100, blank=True)
    count = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["quiz", "position"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "position"], name="slot_position_unique"),
            models.CheckConstraint(
                condition=Q(question__isnull=False) | Q(category__isnull=False) | ~Q(tag=""),
                name="slot_has_source",
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="slot_count_positive"),
        ]

    def __str__(self):
        return f"{self.quiz_id}.{self.position}"


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("in progress")
    FINISHED = "finished", _("finished")


class Attempt(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)  # NULL = no time limit
    finished_at = models.DateTimeField(null=True, blank=True)
    closed_by_timeout = models.BooleanField(default=False)
    score = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    max_score = models.DecimalField(max_digits=8, decimal_places=3, default=0)
    percent = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    needs_grading = models.BooleanField(default=False)  # an essay waits for faculty
    passed = models.BooleanField(default=False)
    override_percent = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    override_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["quiz", "user", "number"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "user", "number"], name="attempt_number_unique"),
            models.UniqueConstraint(
                fields=["quiz", "user"], condition=Q(status="in_progress"), name="one_open_attempt"
            ),
            models.CheckConstraint(
                condition=Q(status="in_progress") | Q(finished_at__isnull=False),
                name="attempt_finished_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="attempt_overdue_idx")]

    def __str__(self):
        return f"attempt {self.number} · quiz {self.quiz_id} · user {self.user_id}"

    @property
    def final_percent(self):
        return self.override_percent if self.override_percent is not None else self.percent


class AttemptQuestion(models.Model):
    """A question drawn into an attempt, with the option order shown (stable across reloads), the response
    and its score. `fraction` = score / max_score, kept for item analysis."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="attempt_rows")
    question_version = models.PositiveIntegerField(default=1)
    choice_order = models.JSONField(default=list)  # choice ids as shown (matching: right-side ids)
    response = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    max_score = models.DecimalField(max_digits=6, decimal_places=2)
    score = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)  # NULL: not graded yet
    fraction = models.DecimalField(max_digits=8, decimal_places=7, null=True, blank=True)
    rubric_scores = models.JSONField(null=True, blank=True)  # {criterion id: points}
    grader_comment = models.TextField(blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="attempt_question_position_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0), name="attempt_score_positive"
            ),
        ]
        indexes = [models.Index(fields=["question", "attempt"], name="attempt_question_item_idx")]

    def __str__(self):
        return f"{self.attempt_id}.{self.position}"


class RegradeLog(models.Model):
    """One row per attempt whose score a regrade (or manual override) changed."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="regrades")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    old_score = models.DecimalField(max_digits=8, decimal_places=3, null=True)
    new_score = models.DecimalField(max_digits=8, decimal_places=3, null=True)
    reason = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.attempt_id}: {self.old_score} -> {self.new_score}"
