"""Hooks for other apps (the completion loop, certificates): sent after the attempt's transaction commits.

    attempt_finished.connect(handler)   # handler(sender, attempt, passed, **kwargs)

`passed` is the attempt's own result; use selectors.quiz_passed / final_test_passed for the quiz's grade
under its grading method."""

from django.dispatch import Signal

attempt_finished = Signal()
