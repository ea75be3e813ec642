"""Separate shapes for taking and for review. The taking shapes are built only from fields that carry no
answer: option texts in the attempt's order and the learner's own response; no fraction, no feedback, no
correct answer. The review shapes add them and are used only when selectors.review_allowed says so."""

from rest_framework import serializers

from assessments import banks
from assessments.models import Attempt, QuestionBank
from assessments.responses import to_indexes
from people.models import localized


class BankSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    course = serializers.CharField(source="course.code", default=None, read_only=True)
    questions = serializers.IntegerField(source="question_count", read_only=True)

    class Meta:
        model = QuestionBank
        fields = ["code", "title", "course", "questions"]


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    format = serializers.ChoiceField(choices=["gift", "xml"], required=False)
    language = serializers.ChoiceField(choices=["kk", "ru", "en"], required=False)
    dry_run = serializers.BooleanField(default=False)

    def validate_file(self, upload):
        error = banks.upload_size_error(upload.size)
        if error:
            raise serializers.ValidationError(error, code="too_large")
        return upload


class AnswerSerializer(serializers.Serializer):
    response = serializers.JSONField(allow_null=True)


class SubmitSerializer(serializers.Serializer):
    responses = serializers.DictField(child=serializers.JSONField(allow_null=True), required=False)


class OverrideSerializer(serializers.Serializer):
    percent = serializers.DecimalField(
        max_digits=6, decimal_places=2, allow_null=True, min_value=0, max_value=100
    )
    reason = serializers.CharField(max_length=2000)


class EssayGradeSerializer(serializers.Serializer):
    rubric_scores = serializers.DictField(child=serializers.IntegerField(min_value=0))
    comment = serializers.CharField(allow_blank=True, required=False, default="")


def _choices(row) -> dict:
    return {c.pk: c for c in row.question.choices.all()}


def taking_question(row) -> dict:
    """What a learner needs to answer one question, and nothing that tells the answer."""
    question, choices, order = row.question, _choices(row), row.choice_order
    item = {
        "position": row.position,
        "kind": question.kind,
        "text": question.text,
        "text_format": question.text_format,
        "mark": str(row.max_score),
        "response": to_indexes(question.kind, order, row.response),
        "answered": row.answered_at is not None,
    }
    if question.kind == "matching":
        item["left"] = [
            {"index": i, "text": choices[c].text} for i, c in enumerate(order["left"]) if c in choices
        ]
        item["right"] = [
            {"index": i, "text": choices[c].match} for i, c in enumerate(order["right"]) if c in choices
        ]
    elif question.kind in ("single", "multiple", "ordering"):
        item["options"] = [{"index": i, "text": choices[c].text} for i, c in enumerate(order) if c in choices]
    elif question.kind == "truefalse":
        item["options"] = [{"index": i, "text": choices[c].text} for i, c in enumerate(order) if c in choices]
    return item


def review_question(row) -> dict:
    """Taking shape + score, correct answers and feedback (only when the review options allow)."""
    item = taking_question(row)
    question, choices, order = row.question, _choices(row), row.choice_order
    item.update(
        {
            "score": None if row.score is None else str(row.score),
            "general_feedback": question.general_feedback,
            "grader_comment": row.grader_comment,
        }
    )
    if question.kind == "matching":
        item["correct"] = {
            str(i): next(
                (j for j, r in enumerate(order["right"]) if choices[r].match == choices[c].match), None
            )
            for i, c in enumerate(order["left"])
        }
    elif question.kind == "ordering":
        ranked = sorted(order, key=lambda c: choices[c].position)
        item["correct"] = [order.index(c) for c in ranked]
    elif isinstance(order, list):
        item["correct"] = [i for i, c in enumerate(order) if c in choices and choices[c].fraction > 0]
        item["feedback"] = {str(i): choices[c].feedback for i, c in enumerate(order) if c in choices}
        item["options"] = [
            {**o, "correct": o["index"] in item["correct"], "feedback": choices[order[o["index"]]].feedback}
            for o in item.get("options", [])
        ]
    if question.kind in ("short", "numeric"):
        item["accepted"] = [
            {
                "answer": c.text,
                "tolerance": None if c.tolerance is None else str(c.tolerance),
                "weight": str(c.fraction),
            }
            for c in choices.values()
            if c.fraction > 0
        ]
        item["feedback"] = {c.text: c.feedback for c in choices.values() if c.feedback}
    return item


def attempt_summary(attempt: Attempt) -> dict:
    return {
        "id": attempt.pk,
        "quiz": attempt.quiz_id,
        "number": attempt.number,
        "status": attempt.status,
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "finished_at": attempt.finished_at,
        "closed_by_timeout": attempt.closed_by_timeout,
    }


def attempt_result(attempt: Attempt) -> dict:
    """Score and pass: shown after an attempt whatever the review options (they govern answers)."""
    final = attempt.final_percent
    return {
        "score": None if attempt.score is None else str(attempt.score),
        "max_score": str(attempt.max_score),
        "percent": None if final is None else str(final),
        "passed": attempt.passed,
        "needs_grading": attempt.needs_grading,
    }


def attempt_payload(attempt: Attempt, rows, *, review: bool) -> dict:
    data = attempt_summary(attempt)
    if attempt.status == "finished":
        data["result"] = attempt_result(attempt)
    data["review"] = review
    shape = review_question if review else taking_question
    data["questions"] = [shape(r) for r in rows] if (review or attempt.status == "in_progress") else []
    return data


def quiz_payload(quiz, attempts) -> dict:
    return {
        "id": quiz.pk,
        "lesson": quiz.lesson_id,
        "title": localized(quiz.lesson, "title"),
        "role": quiz.role,
        "time_limit_minutes": quiz.time_limit_minutes,
        "attempts_allowed": quiz.attempts_allowed,
        "pass_percent": str(quiz.pass_percent),
        "grading_method": quiz.grading_method,
        "review_when": quiz.review_when,
        "attempts": [
            {**attempt_summary(a), **({"result": attempt_result(a)} if a.status == "finished" else {})}
            for a in attempts
        ],
    }
