"""API and pages: no correct answer, fraction or feedback in any response before the review options allow;
cross-learner and cross-course access refused; upload page and API report the same errors; list queries."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from assessments import services
from assessments.models import Attempt, Choice, Question
from tests.assessments.conftest import SAMPLE, enrol, make_quiz_course
from tests.assessments.test_formats import BROKEN_GIFT


def secrets(bank) -> list[str]:
    texts = set()
    for c in Choice.objects.filter(question__bank=bank):
        texts.update(t for t in (c.feedback_kk, c.feedback_ru, c.feedback_en) if t)
    for q in Question.objects.filter(bank=bank):
        texts.update(t for t in (q.general_feedback_kk, q.general_feedback_ru, q.general_feedback_en) if t)
    return sorted(texts) + [
        '"fraction"',
        '"correct"',
        '"accepted"',
        '"feedback"',
        "A.P.A.",
        "general_feedback",
    ]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def wrong_answers(attempt) -> dict:
    answers = {}
    for row in attempt.questions.select_related("question"):
        kind = row.question.kind
        answers[row.position] = {
            "single": 0,
            "truefalse": 1,
            "multiple": [0],
            "numeric": "1",
            "short": "nope",
            "matching": {"0": 0},
            "ordering": [0, 1, 2],
            "essay": "text",
        }[kind]
        if kind == "ordering":
            answers[row.position] = list(range(len(row.choice_order)))
    return answers


def take_everything(client, quiz) -> list[str]:
    """Every response of one attempt, pages and API, as text."""
    bodies = []

    def keep(response, status=200):
        assert response.status_code == status, (response.status_code, response.content[:300])
        bodies.append(response.content.decode())
        return response

    keep(client.get(reverse("assessments:quiz", args=[quiz.pk])))
    keep(client.get(f"/api/v1/assessments/quizzes/{quiz.pk}/"))
    start = keep(client.post(reverse("assessments:start", args=[quiz.pk])), 302)
    attempt = Attempt.objects.get(quiz=quiz, status="in_progress")
    assert start.url == reverse("assessments:attempt", args=[attempt.pk])
    keep(client.get(start.url))
    keep(client.get(f"/api/v1/assessments/attempts/{attempt.pk}/"))
    keep(client.post(f"/api/v1/assessments/quizzes/{quiz.pk}/attempts/"), 201)  # the same open attempt
    for position, response in wrong_answers(attempt).items():
        keep(
            client.put(
                f"/api/v1/assessments/attempts/{attempt.pk}/answers/{position}/",
                data=json.dumps({"response": response}),
                content_type="application/json",
            )
        )
    keep(client.get(start.url))  # answers shown back
    keep(
        client.post(
            f"/api/v1/assessments/attempts/{attempt.pk}/submit/", data={}, content_type="application/json"
        )
    )
    keep(client.get(start.url))
    keep(client.get(f"/api/v1/assessments/attempts/{attempt.pk}/"))
    keep(client.get(reverse("assessments:quiz", args=[quiz.pk])))
    return bodies


def test_no_answers_reach_the_browser_before_review(quiz, learner):
    services.quiz_update(quiz=quiz, actor=None, review_when="never")
    enrol(learner, quiz)
    bodies = take_everything(client_for(learner), quiz)
    leaks = [
        (s, i)
        for i, body in enumerate(bodies)
        for s in secrets(quiz.slots.first().question.bank)
        if s in body
    ]
    assert leaks == []


def test_review_after_the_attempt_shows_them(quiz, learner):
    enrol(learner, quiz)
    bodies = take_everything(client_for(learner), quiz)
    assert "Верно: подарок передаётся государству." in bodies[-3]  # the review page
    assert '"correct"' in bodies[-2]  # the review API


def test_after_close_waits_for_closing(quiz, learner):
    from datetime import timedelta

    from django.utils import timezone

    services.quiz_update(
        quiz=quiz, actor=None, review_when="after_close", closes_at=timezone.now() + timedelta(days=1)
    )
    enrol(learner, quiz)
    bodies = take_everything(client_for(learner), quiz)
    assert not any("Верно: подарок" in b for b in bodies)


def test_cross_learner_and_cross_course_access_refused(
    quiz, learner, other_learner, other_faculty, faculty, admin
):
    enrol(learner, quiz)
    attempt = services.attempt_start(quiz=quiz, user=learner)
    intruder = client_for(other_learner)  # not enrolled, not the owner
    assert intruder.get(f"/api/v1/assessments/attempts/{attempt.pk}/").status_code == 404
    assert intruder.get(reverse("assessments:attempt", args=[attempt.pk])).status_code == 404
    assert (
        intruder.put(
            f"/api/v1/assessments/attempts/{attempt.pk}/answers/1/",
            data='{"response": 0}',
            content_type="application/json",
        ).status_code
        == 404
    )
    assert intruder.post(f"/api/v1/assessments/attempts/{attempt.pk}/submit/").status_code == 404
    assert intruder.post(reverse("assessments:submit", args=[attempt.pk])).status_code == 404
    assert intruder.get(f"/api/v1/assessments/quizzes/{quiz.pk}/").status_code == 404
    assert intruder.post(f"/api/v1/assessments/quizzes/{quiz.pk}/attempts/").status_code == 404
    assert intruder.get(reverse("assessments:quiz", args=[quiz.pk])).status_code == 404
    enrol(other_learner, quiz)  # enrolled in the course, still not their attempt
    assert intruder.get(f"/api/v1/assessments/attempts/{attempt.pk}/").status_code == 404
    assert intruder.get(reverse("assessments:attempt", args=[attempt.pk])).status_code == 404
    # a teacher of another course sees neither the statistics, the attempt nor the bank
    stranger = client_for(other_faculty)
    assert stranger.get(f"/api/v1/assessments/quizzes/{quiz.pk}/statistics/").status_code == 404
    assert stranger.get(reverse("assessments:statistics", args=[quiz.pk])).status_code == 404
    assert (
        stranger.post(
            f"/api/v1/assessments/attempts/{attempt.pk}/override/", data={"percent": 90, "reason": "x"}
        ).status_code
        == 404
    )
    assert stranger.get("/api/v1/assessments/banks/SAMPLE/export/").status_code == 404
    assert (
        stranger.post(
            "/api/v1/assessments/banks/SAMPLE/import/", data={"file": _upload(SAMPLE.read_bytes())}
        ).status_code
        == 403
    )
    other_quiz = make_quiz_course(other_faculty, admin, code="QZ-OTHER")
    assert (
        client_for(faculty).get(f"/api/v1/assessments/quizzes/{other_quiz.pk}/statistics/").status_code == 404
    )
    owner = client_for(faculty)
    assert owner.get(f"/api/v1/assessments/quizzes/{quiz.pk}/statistics/").status_code == 200
    assert owner.get(reverse("assessments:statistics", args=[quiz.pk])).status_code == 200
    assert (
        owner.get(reverse("assessments:attempt", args=[attempt.pk])).status_code == 404
    )  # still in progress


def _upload(content: bytes, name: str = "q.gift"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/plain")


def test_upload_api_and_page_report_positions(faculty):
    client = client_for(faculty)
    response = client.post(
        "/api/v1/assessments/banks/UP/import/", data={"file": _upload(BROKEN_GIFT.encode())}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["summary"] == "created 0, updated 0, unchanged 0, errors 4"
    assert {"question": 2, "line": 5} in [{k: e[k] for k in ("question", "line")} for e in body["errors"]]
    page = client.post(
        reverse("assessments:banks"), data={"bank": "UP", "file": _upload(BROKEN_GIFT.encode())}
    )
    text = page.content.decode()
    assert page.status_code == 200 and "errors 4" in text and "The answer block is not closed with }." in text
    ok = client.post("/api/v1/assessments/banks/UP/import/", data={"file": _upload(SAMPLE.read_bytes())})
    assert ok.status_code == 200 and ok.json()["created"] == 9, ok.content
    export = client.get("/api/v1/assessments/banks/UP/export/?dialect=xml")
    assert export.status_code == 200 and b"<quiz>" in export.content, export.content
    assert client.get(reverse("assessments:bank-export", args=["UP"])).status_code == 200


@pytest.mark.parametrize("n_banks", [1, 4])
def test_bank_list_query_count(faculty, django_assert_num_queries, n_banks):
    from assessments.banks import bank_get_or_create

    for i in range(n_banks):
        bank_get_or_create(code=f"B{i}", actor=faculty)
    client = client_for(faculty)
    client.get("/api/v1/assessments/banks/")  # warm the session
    with django_assert_num_queries(4):  # session, user, roles, banks
        response = client.get("/api/v1/assessments/banks/")
    assert len(response.json()) == n_banks


def test_pages_render_for_faculty(quiz, faculty, learner):
    enrol(learner, quiz)
    services.attempt_submit(attempt=services.attempt_start(quiz=quiz, user=learner), user=learner)
    client = client_for(faculty)
    for name, args in [
        ("assessments:banks", []),
        ("assessments:essays", []),
        ("assessments:statistics", [quiz.pk]),
        ("assessments:growth", [quiz.course.code]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    lesson_page = client_for(learner).get(reverse("courses:lesson", args=[quiz.course.code, quiz.lesson_id]))
    assert reverse("assessments:quiz", args=[quiz.pk]) in lesson_page.content.decode()


def test_taking_page_form_submit_grades_every_kind(quiz, learner):
    from tests.assessments.test_attempts import right_answers

    enrol(learner, quiz)
    client = client_for(learner)
    client.post(reverse("assessments:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(quiz=quiz, user=learner)
    page = client.get(reverse("assessments:attempt", args=[attempt.pk])).content.decode()
    assert 'name="q1"' in page or 'name="q1_' in page
    form = {}
    for position, answer in right_answers(attempt).items():
        name = f"q{position}"
        if isinstance(answer, dict):
            form.update({f"{name}_{left}": right for left, right in answer.items()})
        elif (
            isinstance(answer, list) and attempt.questions.get(position=position).question.kind == "ordering"
        ):
            form.update({f"{name}_o{index}": place for place, index in enumerate(answer, start=1)})
        else:
            form[name] = answer
    response = client.post(reverse("assessments:submit", args=[attempt.pk]), data=form)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.percent == 100, attempt.questions.values_list("position", "score", "response")


def test_quiz_settings_page(sample_bank, faculty, other_faculty, admin, learner):
    from courses import services as course_services

    quiz = make_quiz_course(faculty, admin, code="QZ-SET")
    draft = course_services.version_new_draft(course=quiz.course, actor=faculty)
    module = draft.modules.first()
    lesson = course_services.lesson_create(
        module=module, actor=faculty, kind="quiz", title_en="Final", title_ru="Итог", title_kk="Қорытынды"
    )
    url = reverse("assessments:settings", args=[lesson.pk])
    assert client_for(other_faculty).get(url).status_code == 404
    client = client_for(faculty)
    form = {
        "role": "final",
        "time_limit_minutes": "15",
        "attempts_allowed": "2",
        "pass_percent": "70",
        "grading_method": "highest",
        "shuffle_choices": "on",
        "review_when": "after_pass",
        "bank": "SAMPLE",
        "rules": "question ethics-gift\ntag competency:integ 2\ncategory top/Law 3",
    }
    assert (
        client.post(url, data={**form, "rules": "question nope"}).status_code == 200
    )  # refused, shown again
    response = client.post(url, data=form)
    assert response.status_code == 302
    created = lesson.quiz
    assert (created.role, created.time_limit_minutes, created.slots.count()) == ("final", 15, 3)
    page = client.get(url).content.decode()
    assert "tag competency:integ 2" in page
