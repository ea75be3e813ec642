"""The `quiz` lesson kind in the courses registry. A quiz lesson holds only optional intro text; its
settings and questions live in assessments.Quiz (one per lesson)."""

from django.utils.translation import gettext_lazy

from courses.lesson_kinds import LessonKind, _clean_text, register

register(LessonKind("quiz", gettext_lazy("quiz"), _clean_text, ("viewed", "marked")))
