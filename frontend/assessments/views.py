"""Quiz pages: a learner's quiz page, taking an attempt (autosave through the API, a server deadline shown as
a countdown), results and review (only when the review options allow); faculty: question banks with upload
and export, the essay queue, overrides, item analysis and pre/post growth. Thin: reads from
assessments.selectors, writes through services via call_service."""

import json
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import analysis, banks, permissions, selectors, services
from assessments.models import LANGUAGES, AttemptQuestion, QuestionKind, Quiz
from assessments.serializers import attempt_result, review_question, taking_question
from frontend.assessments.forms import (
    ChoiceForm,
    OverrideForm,
    QuestionForm,
    QuestionUploadForm,
    QuizSettingsForm,
    choice_formset,
)
from frontend.imports.views import start_job_if_large
from frontend.service_calls import call_service


def _faculty(request) -> None:
    if not permissions.is_faculty(request.user):
        raise Http404


@login_required
def bank_list(request):
    _faculty(request)
    form, report = QuestionUploadForm(), None
    if request.method == "POST":
        form = QuestionUploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            upload, options = (
                data["file"],
                {
                    "bank_code": data["bank"],
                    "fmt": data["format"] or None,
                    "language": data["language"] or None,
                },
            )
            content = upload.read()
            started = start_job_if_large(
                request,
                kind="questions",
                form=form,
                content=content,
                filename=upload.name,
                dry_run=data["dry_run"],
                params=options,
                units=banks.question_count(content, options["fmt"]),
                check=lambda: banks.bank_import_check(actor=request.user, **options),
            )
            if started is not None:
                if started.ok:
                    return redirect("imports:job", started.value.pk)
            else:
                outcome = call_service(
                    request,
                    banks.bank_import,
                    form=form,
                    content=content,
                    actor=request.user,
                    dry_run=data["dry_run"],
                    filename=upload.name,
                    **options,
                )
                report = outcome.value
    bank_rows = (
        selectors.banks_visible_to(request.user).select_related("course").annotate(n=Count("questions"))
    )
    return render(
        request, "frontend/assessments/banks.html", {"form": form, "report": report, "banks": bank_rows}
    )


@login_required
def bank_export(request, code: str):
    bank = get_object_or_404(selectors.banks_visible_to(request.user), code=code)
    fmt = "xml" if request.GET.get("format") == "xml" else "gift"
    text = banks.bank_export(bank=bank, actor=request.user, fmt=fmt)
    response = HttpResponse(
        text, content_type="application/xml; charset=utf-8" if fmt == "xml" else "text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{bank.code}.{fmt}"'
    return response


def _learner_quiz(request, pk: int) -> Quiz:
    from courses.selectors import progress_for

    quiz = Quiz.objects.select_related("lesson__version__course", "course").filter(pk=pk).first()
    if quiz is None:
        raise Http404
    managed = selectors.quizzes_managed_by(request.user).filter(pk=pk).exists()
    if not managed and progress_for(request.user, quiz.lesson.version) is None:
        raise Http404
    quiz.managed = managed
    return quiz


@login_required
def quiz_detail(request, pk: int):
    quiz = _learner_quiz(request, pk)
    for attempt in selectors.attempts_of(request.user, quiz).filter(status="in_progress"):
        services.attempt_close_if_overdue(attempt=attempt)
    attempts = list(selectors.attempts_of(request.user, quiz))
    return render(
        request,
        "frontend/assessments/quiz.html",
        {
            "quiz": quiz,
            "attempts": attempts,
            "grade": selectors.quiz_grade(user=request.user, quiz=quiz),
            "passed": selectors.quiz_passed(user=request.user, quiz=quiz),
            "open_attempt": next((a for a in attempts if a.status == "in_progress"), None),
            "left": (quiz.attempts_allowed - len(attempts)) if quiz.attempts_allowed else None,
        },
    )


@login_required
@require_POST
def attempt_start(request, pk: int):
    quiz = _learner_quiz(request, pk)
    outcome = call_service(request, services.attempt_start, quiz=quiz, user=request.user)
    if outcome.ok:
        return redirect("assessments:attempt", outcome.value.pk)
    return redirect("assessments:quiz", quiz.pk)


def _attempt(request, pk: int):
    attempt = selectors.attempt_for(request.user, pk)
    if attempt is None:
        raise Http404
    return services.attempt_close_if_overdue(attempt=attempt)


@login_required
def attempt_page(request, pk: int):
    attempt = _attempt(request, pk)
    rows = selectors.attempt_rows(attempt)
    if attempt.status == "in_progress":
        if attempt.user_id != request.user.pk:
            raise Http404
        return render(
            request,
            "frontend/assessments/take.html",
            {
                "attempt": attempt,
                "quiz": attempt.quiz,
                "questions": [taking_question(r) for r in rows],
                "deadline_ms": int(attempt.deadline.timestamp() * 1000) if attempt.deadline else None,
            },
        )
    review = selectors.review_allowed(attempt, request.user)
    return render(
        request,
        "frontend/assessments/result.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "result": attempt_result(attempt),
            "review": review,
            "questions": [review_question(r) for r in rows] if review else [],
            "manage": selectors.quizzes_managed_by(request.user).filter(pk=attempt.quiz_id).exists(),
            "override_form": OverrideForm(),
        },
    )


def _posted_responses(request, attempt) -> dict:
    """The form's answers in the API's shape (indexes, texts), position by position."""
    responses = {}
    for row in attempt.questions.select_related("question"):
        name, kind = f"q{row.position}", row.question.kind
        if kind == "multiple":
            values = request.POST.getlist(name)
            responses[row.position] = values or None
        elif kind == "matching":
            pairs = {
                key[len(name) + 1 :]: value
                for key, value in request.POST.items()
                if key.startswith(f"{name}_") and value != ""
            }
            responses[row.position] = pairs or None
        elif kind == "ordering":  # one "place" select per item: q3_o<index> = place
            places = {
                int(key[len(name) + 2 :]): value
                for key, value in request.POST.items()
                if key.startswith(f"{name}_o") and key[len(name) + 2 :].isdigit() and value.isdigit()
            }
            responses[row.position] = sorted(places, key=lambda i: (int(places[i]), i)) or None
        elif name in request.POST and request.POST[name] != "":
            responses[row.position] = request.POST[name]
    return responses


@login_required
@require_POST
def attempt_submit(request, pk: int):
    attempt = selectors.attempt_for(request.user, pk)
    if attempt is None or attempt.user_id != request.user.pk:
        raise Http404
    call_service(
        request,
        services.attempt_submit,
        attempt=attempt,
        user=request.user,
        responses=_posted_responses(request, attempt) if attempt.status == "in_progress" else None,
    )
    return redirect("assessments:attempt", attempt.pk)


@login_required
@require_POST
def attempt_override(request, pk: int):
    attempt = selectors.attempt_for(request.user, pk)
    if attempt is None or not selectors.quizzes_managed_by(request.user).filter(pk=attempt.quiz_id).exists():
        raise Http404
    form = OverrideForm(request.POST)
    if form.is_valid():
        call_service(
            request,
            services.attempt_override,
            attempt=attempt,
            actor=request.user,
            percent=form.cleaned_data["percent"],
            reason=form.cleaned_data["reason"],
            success=_("The grade was changed."),
        )
    return redirect("assessments:attempt", attempt.pk)


@login_required
def essay_queue(request):
    _faculty(request)
    return render(
        request, "frontend/assessments/essays.html", {"rows": selectors.essay_queue(request.user)[:100]}
    )


@login_required
def essay_grade(request, pk: int):
    row = get_object_or_404(
        AttemptQuestion.objects.select_related("question", "attempt__quiz__lesson").filter(
            attempt__quiz__in=selectors.quizzes_managed_by(request.user)
        ),
        pk=pk,
    )
    criteria = list(row.question.rubric.all())
    if request.method == "POST":
        scores = {str(c.pk): request.POST.get(f"c{c.pk}", "0") for c in criteria}
        if not criteria:
            scores = {"points": request.POST.get("points", "0")}
        outcome = call_service(
            request,
            services.essay_grade,
            row=row,
            actor=request.user,
            rubric_scores=scores,
            comment=request.POST.get("comment", ""),
            success=_("The essay was graded."),
        )
        if outcome.ok:
            return redirect("assessments:essays")
    return render(request, "frontend/assessments/essay_grade.html", {"row": row, "criteria": criteria})


@login_required
def statistics(request, pk: int):
    quiz = get_object_or_404(selectors.quizzes_managed_by(request.user), pk=pk)
    stats = analysis.quiz_statistics(quiz)
    chart = [
        {"key": q.key, "facility": q.facility or 0, "discrimination": max(q.discrimination or 0, 0)}
        for q in stats.questions
    ]
    return render(
        request,
        "frontend/assessments/statistics.html",
        {
            "quiz": quiz,
            "stats": stats,
            "chart": chart,
            "chart_height": 24 * len(chart) + 30,
            "chart_json": json.dumps(chart),
        },
    )


@login_required
def course_growth(request, code: str):
    from courses.selectors import courses_editable_by

    course = get_object_or_404(courses_editable_by(request.user), code=code)
    return render(
        request,
        "frontend/assessments/growth.html",
        {"course": course, "rows": selectors.competency_growth(course=course)},
    )


SETTINGS_FIELDS = (
    "role",
    "time_limit_minutes",
    "attempts_allowed",
    "pass_percent",
    "grading_method",
    "shuffle_choices",
    "review_when",
)


def _parse_rules(bank, text: str) -> list[dict]:
    """`question KEY` | `category PATH COUNT` | `tag TAG COUNT` → slot dicts; ApplicationError names the line."""
    from assessments.models import Question
    from lms.errors import ApplicationError

    slots = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        head, rest = parts[0].lower(), parts[1:]
        count = int(rest[-1]) if head != "question" and len(rest) > 1 and rest[-1].isdigit() else 1
        name = " ".join(rest[:-1] if head != "question" and len(rest) > 1 and rest[-1].isdigit() else rest)
        slot = None
        if head == "question":
            question = Question.objects.filter(bank=bank, key=name).first()
            slot = {"question": question} if question else None
        elif head == "category":
            category = bank.categories.filter(path=name).first()
            slot = {"category": category, "count": count} if category else None
        elif head == "tag" and name:
            slot = {"tag": name, "count": count}
        if slot is None:
            raise ApplicationError(
                "bad_rule",
                _("Line %(n)s: no such question, category or rule.") % {"n": number},
                extra={"field": "rules"},
            )
        slots.append(slot)
    return slots


@login_required
def quiz_settings(request, lesson_id: int):
    """Create or edit the quiz of a quiz lesson in a course the user authors."""
    from courses.selectors import lessons_editable_by

    lesson = get_object_or_404(lessons_editable_by(request.user).filter(kind="quiz"), pk=lesson_id)
    quiz = selectors.quiz_for_lesson(lesson)
    initial = {f: getattr(quiz, f) for f in SETTINGS_FIELDS} if quiz else {}
    if quiz:
        initial.update(_rules_text(quiz))
    form = QuizSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        bank = selectors.banks_visible_to(request.user).filter(code=data["bank"]).first()
        if bank is None:
            form.add_error("bank", _("No such bank among yours."))
        else:
            outcome = call_service(
                request,
                _save_quiz,
                form=form,
                lesson=lesson,
                quiz=quiz,
                actor=request.user,
                bank=bank,
                data=data,
                success=_("The quiz was saved."),
            )
            if outcome.ok:
                return redirect("assessments:settings", lesson.pk)
    return render(
        request, "frontend/assessments/settings.html", {"lesson": lesson, "quiz": quiz, "form": form}
    )


def _rules_text(quiz) -> dict:
    lines, bank = [], ""
    for slot in quiz.slots.select_related("question__bank", "category__bank").order_by("position"):
        if slot.question_id:
            lines.append(f"question {slot.question.key}")
            bank = bank or slot.question.bank.code
        elif slot.category_id:
            lines.append(f"category {slot.category.path} {slot.count}")
            bank = bank or slot.category.bank.code
        else:
            lines.append(f"tag {slot.tag} {slot.count}")
    return {"rules": "\n".join(lines), "bank": bank}


def _save_quiz(*, lesson, quiz, actor, bank, data):
    from django.db import transaction

    settings = {f: data[f] for f in SETTINGS_FIELDS}
    with transaction.atomic():
        slots = _parse_rules(bank, data["rules"])
        if quiz is None:
            quiz = services.quiz_create(lesson=lesson, actor=actor, **settings)
        else:
            quiz = services.quiz_update(quiz=quiz, actor=actor, **settings)
        services.quiz_set_slots(quiz=quiz, actor=actor, slots=slots)
    return quiz


# --- question banks: the questions, the editor ------------------------------------------------------------

QUESTION_PAGE_SIZE = 50
FRACTION = Decimal("0.0000001")


def _bank(request, code: str):
    """A bank the user may manage (faculty of its course or its owners, administrators); 404 otherwise."""
    return get_object_or_404(selectors.banks_visible_to(request.user), code=code)


@login_required
def bank_questions(request, code: str):
    bank = _bank(request, code)
    from courses.sanitize import html_to_text

    page = Paginator(selectors.questions_of(bank).select_related("competency"), QUESTION_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for question in page.object_list:  # the text as a reader sees it (entities such as &nbsp; resolved)
        text = question.text
        question.preview = html_to_text(text) if question.text_format == "html" else text
    return render(
        request,
        "frontend/assessments/bank_questions.html",
        {"bank": bank, "page": page, "kinds": QuestionKind.choices},
    )


def _competency_choices() -> list[tuple[str, str]]:
    from competency_framework import selectors as cf

    return [(c.idnumber, c.name) for c in cf.framework_competencies(cf.primary_framework())]


def _choice_input(kind: str, row: dict) -> banks.ChoiceInput:
    def tri(field):
        return {lang: row.get(f"{field}_{lang}") or "" for lang in LANGUAGES}

    text = tri("text")
    if kind == "numeric":
        number = row.get("number")
        text = dict.fromkeys(LANGUAGES, "" if number is None else format(number.normalize(), "f"))
    fraction = ((row.get("percent") or Decimal(0)) / 100).quantize(FRACTION)
    return banks.ChoiceInput(
        text=text,
        match=tri("match") if kind == "matching" else {},
        feedback=tri("feedback"),
        fraction=Decimal(1) if kind in ("matching", "ordering") else fraction,
        tolerance=row.get("tolerance") if kind == "numeric" else None,
    )


def _question_input(kind: str, form, formset) -> banks.QuestionInput:
    data = form.cleaned_data
    if kind == "truefalse":  # row 0: "true", row 1: "false"; the statement's truth gives the weights
        rows = [f.cleaned_data for f in formset.forms[:2]]
        rows += [{}] * (2 - len(rows))
        choices = [
            banks.ChoiceInput(
                text=dict.fromkeys(LANGUAGES, word),
                feedback={lang: row.get(f"feedback_{lang}") or "" for lang in LANGUAGES},
                fraction=Decimal(int(data["true_answer"] == (word == "true"))),
            )
            for word, row in zip(("true", "false"), rows, strict=True)
        ]
    elif kind == "essay":
        choices = []
    else:
        choices = [_choice_input(kind, f.cleaned_data) for f in formset.ordered_forms if not f.is_blank()]
    return banks.QuestionInput(
        kind=kind,
        category=data["category"],
        name=data["name"],
        text={lang: data[f"text_{lang}"] for lang in LANGUAGES},
        general_feedback={lang: data[f"general_feedback_{lang}"] for lang in LANGUAGES},
        default_mark=data["default_mark"],
        shuffle=data["shuffle"],
        case_sensitive=data["case_sensitive"],
        tags=form.tags(),
        choices=choices,
    )


def _question_page(request, bank, kind: str, question=None):
    """Create (question None) or edit one question; a refusal shows next to the form, each problem apart."""
    new = question is None
    FormSet = choice_formset(kind, new=new)
    if new:
        initial = {"category": bank.categories.values_list("path", flat=True).first() or "top"}
        rows = [{"percent": 100}] if kind == "single" else []
    else:
        initial = QuestionForm.initial_from(question)
        rows = [ChoiceForm.initial_from(c) for c in question.choices.order_by("position")]
    if kind == "truefalse":  # the "true" row first, then "false"
        rows = sorted(
            rows, key=lambda r: "true" not in (r.get("text_kk"), r.get("text_ru"), r.get("text_en"))
        )
        rows = rows if len(rows) == 2 else [{}, {}]
        initial["true_answer"] = "true" if not rows[0] or rows[0].get("percent") else "false"
    form = QuestionForm(request.POST or None, initial=initial, competencies=_competency_choices())
    formset = FormSet(request.POST or None, initial=rows, prefix="choices")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        if kind == "truefalse" and form.cleaned_data["true_answer"] is None:
            form.add_error("true_answer", _("Say whether the statement is true or false."))
        else:
            data = _question_input(kind, form, formset)
            if new:
                outcome = call_service(
                    request,
                    banks.question_create,
                    form=form,
                    quiet=True,
                    bank=bank,
                    actor=request.user,
                    data=data,
                )
            else:
                outcome = call_service(
                    request,
                    banks.question_update,
                    form=form,
                    quiet=True,
                    question=question,
                    actor=request.user,
                    data=data,
                )
            if outcome.ok:
                _saved_message(request, outcome.value)
                return redirect("assessments:bank-questions", bank.code)
            for problem in outcome.error.extra.get("problems") or [outcome.message]:
                field = outcome.error.extra.get("field")
                form.add_error(field if field in form.fields else None, problem)
    return render(
        request,
        "frontend/assessments/question_form.html",
        {
            "bank": bank,
            "question": question,
            "kind": kind,
            "kind_label": QuestionKind(kind).label,
            "form": form,
            "formset": formset,
            "attempts": question.attempt_rows.count() if question else 0,
        },
    )


def _saved_message(request, value) -> None:
    from django.contrib import messages

    if not isinstance(value, banks.QuestionSaved):
        messages.success(request, _("The question was added."))
    elif not value.changed:
        messages.info(request, _("Nothing changed."))
    elif value.regraded:
        messages.success(
            request,
            _("The question was saved (version %(v)s); attempts regraded, scores changed: %(n)s.")
            % {"v": value.question.version, "n": value.attempts_changed},
        )
    else:
        messages.success(
            request, _("The question was saved (version %(v)s).") % {"v": value.question.version}
        )


@login_required
def question_new(request, code: str):
    bank = _bank(request, code)
    kind = request.GET.get("kind") or request.POST.get("kind") or ""
    if kind not in QuestionKind.values:
        from django.contrib import messages

        messages.error(request, _("Choose the kind of the new question."))
        return redirect("assessments:bank-questions", bank.code)
    return _question_page(request, bank, kind)


@login_required
def question_edit(request, code: str, pk: int):
    bank = _bank(request, code)
    question = get_object_or_404(selectors.questions_of(bank), pk=pk)
    return _question_page(request, bank, question.kind, question)
