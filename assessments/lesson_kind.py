"""The `quiz` lesson kind in the courses registry. A quiz lesson holds only optional intro text (cleaned as a
text lesson's is); its settings and questions live in assessments.Quiz (one per lesson). Its only completion
rule is "passed": opening or marking never completes it; assessments completes it when the quiz is passed."""

from django.utils.translation import gettext_lazy

from courses.lesson_kinds import REGISTRY, LessonKind, register

register(LessonKind("quiz", gettext_lazy("quiz"), REGISTRY["text"].clean, ("passed",)))
