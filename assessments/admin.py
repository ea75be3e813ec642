from django.contrib import admin

from assessments.models import (
    Attempt,
    AttemptQuestion,
    Category,
    Choice,
    Question,
    QuestionBank,
    Quiz,
    QuizSlot,
    RegradeLog,
    RubricCriterion,
)
from lms.admin_audit import AuditedAdmin, ReadOnlyAdmin


@admin.register(QuestionBank)
class QuestionBankAdmin(AuditedAdmin):
    list_display = ["code", "title_ru", "course"]
    search_fields = ["code", "title_ru", "title_kk", "title_en"]
    raw_id_fields = ["course"]
    filter_horizontal = ["owners"]


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ["path", "bank"]
    list_filter = ["bank"]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


class RubricInline(admin.TabularInline):
    model = RubricCriterion
    extra = 0


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    """Questions change by re-import (banks.py), which versions them and regrades affected attempts."""

    """Read-mostly: corrections go through an import (in place, with a regrade) so attempts stay consistent."""

    list_display = ["key", "kind", "bank", "category", "competency", "level", "version"]
    list_filter = ["kind", "bank"]
    search_fields = ["key", "name", "text_ru", "text_kk", "text_en"]
    readonly_fields = ["version"]
    raw_id_fields = ["competency", "category"]
    inlines = [ChoiceInline, RubricInline]


class SlotInline(admin.TabularInline):
    model = QuizSlot
    extra = 0
    raw_id_fields = ["question", "category"]


@admin.register(Quiz)
class QuizAdmin(ReadOnlyAdmin):
    """Quizzes are set up on the quiz settings page (audited service)."""

    list_display = [
        "pk",
        "lesson",
        "course",
        "role",
        "time_limit_minutes",
        "attempts_allowed",
        "pass_percent",
    ]
    list_filter = ["role"]
    raw_id_fields = ["lesson", "course"]
    inlines = [SlotInline]


class AttemptQuestionInline(admin.TabularInline):
    model = AttemptQuestion
    extra = 0
    can_delete = False
    readonly_fields = ["position", "question", "response", "score", "max_score", "answered_at"]
    fields = readonly_fields


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    list_display = ["pk", "quiz", "user", "number", "status", "percent", "passed", "needs_grading"]
    list_filter = ["status", "passed", "needs_grading"]
    raw_id_fields = ["quiz", "user"]
    readonly_fields = ["score", "max_score", "percent", "passed", "started_at", "deadline", "finished_at"]
    inlines = [AttemptQuestionInline]


@admin.register(RegradeLog)
class RegradeLogAdmin(ReadOnlyAdmin):
    list_display = ["attempt", "question", "old_score", "new_score", "reason", "actor", "at"]
    raw_id_fields = ["attempt", "question", "actor"]
