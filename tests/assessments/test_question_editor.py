"""Questions edited in the product: the service (sanitised trilingual texts, the import's validation, version,
regrade of finished attempts only when grading changes, audit, permissions) and the pages (bank question list,
editor for every kind, errors in the user's language, bad input never a 500, other courses' banks refused)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import banks, services
from assessments.models import Attempt, Choice, Question, QuestionBank, RegradeLog
from lms.errors import ApplicationError, NotAllowed
from lms.models import AuditEntry
from tests.assessments.conftest import enrol, make_quiz_course
from tests.assessments.test_api_pages import client_for
from tests.factories import UserFactory


def as_input(question: Question, **changes) -> banks.QuestionInput:
    """The stored question in the editor's shape (what the page sends when nothing is touched)."""
    data = banks.QuestionInput(
        kind=question.kind,
        category=question.category.path,
        name=question.name,
        text={lang: getattr(question, f"text_{lang}") for lang in ("kk", "ru", "en")},
        general_feedback={lang: getattr(question, f"general_feedback_{lang}") for lang in ("kk", "ru", "en")},
        default_mark=question.default_mark,
        shuffle=question.shuffle,
        case_sensitive=question.case_sensitive,
        tags=list(question.tags),
        choices=[
            banks.ChoiceInput(
                text={lang: getattr(c, f"text_{lang}") for lang in ("kk", "ru", "en")},
                match={lang: getattr(c, f"match_{lang}") for lang in ("kk", "ru", "en")},
                feedback={lang: getattr(c, f"feedback_{lang}") for lang in ("kk", "ru", "en")},
                fraction=c.fraction,
                tolerance=c.tolerance,
            )
            for c in question.choices.order_by("position")
        ],
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def finished_attempt(quiz, learner, answers: dict) -> Attempt:
    """One finished attempt answering by question key: {key: response as the API takes it}."""
    enrol(learner, quiz)
    attempt = services.attempt_start(quiz=quiz, user=learner)
    responses = {
        row.position: answers[row.question.key]
        for row in attempt.questions.select_related("question")
        if row.question.key in answers
    }
    return services.attempt_submit(attempt=attempt, user=learner, responses=responses)


# --- the service ------------------------------------------------------------------------------------------


def test_text_correction_is_sanitised_versioned_audited_and_not_regraded(sample_bank, faculty):
    question = Question.objects.get(bank=sample_bank, key="ethics-gift")
    text = dict(as_input(question).text)
    text["en"] = "<div>What must a servant do with a <strong>gift</strong>?<script>alert(1)</script></div>"
    saved = banks.question_update(question=question, actor=faculty, data=as_input(question, text=text))
    question.refresh_from_db()
    assert (saved.changed, saved.regraded, question.version, question.text_format) == (True, False, 2, "html")
    assert question.text_en == "<div>What must a servant do with a <strong>gift</strong>?</div>"
    assert "Государственный служащий" in question.text_ru  # the other languages kept
    entry = AuditEntry.objects.get(action="assessments.question.update")
    assert entry.actor == faculty and "gift" in entry.after["text_en"]
    assert not AuditEntry.objects.filter(action="assessments.regrade").exists()
    # saving the same again changes nothing: no version, no audit
    again = banks.question_update(question=question, actor=faculty, data=as_input(question))
    question.refresh_from_db()
    assert (again.changed, question.version) == (False, 2)
    assert AuditEntry.objects.filter(action="assessments.question.update").count() == 1


def test_grading_change_regrades_finished_attempts_through_the_regrade_service(quiz, learner, faculty):
    question = Question.objects.get(bank__code="SAMPLE", key="law-numeric")  # {#5:0}
    attempt = finished_attempt(quiz, learner, {"law-numeric": "6"})
    assert attempt.score == 0
    data = as_input(question)
    data.choices[0].tolerance = Decimal(1)
    saved = banks.question_update(question=question, actor=faculty, data=data)
    assert (saved.regraded, saved.attempts_changed) == (True, 1)
    attempt.refresh_from_db()
    assert attempt.score == 1
    log = RegradeLog.objects.get(attempt=attempt)
    assert (log.old_score, log.new_score, log.actor) == (0, 1, faculty)
    assert AuditEntry.objects.filter(action="assessments.regrade").count() == 1
    assert attempt.questions.get(question=question).question_version == 2


def test_moving_the_right_option_regrades(quiz, learner, faculty):
    question = Question.objects.get(bank__code="SAMPLE", key="ethics-gift")
    wrong = question.choices.get(position=1)
    enrol(learner, quiz)
    attempt = services.attempt_start(quiz=quiz, user=learner)
    row = attempt.questions.get(question=question)
    attempt = services.attempt_submit(  # the option that was wrong
        attempt=attempt, user=learner, responses={row.position: row.choice_order.index(wrong.pk)}
    )
    before = attempt.score
    data = as_input(question)
    data.choices[0].fraction, data.choices[1].fraction = Decimal(0), Decimal(1)
    banks.question_update(question=question, actor=faculty, data=data)
    attempt.refresh_from_db()
    assert attempt.score == before + 1
    assert Choice.objects.get(pk=wrong.pk).fraction == 1  # matched by position: the ids stay


def test_the_imports_rules_refuse_and_nothing_is_written(sample_bank, faculty):
    question = Question.objects.get(bank=sample_bank, key="ethics-gift")
    data = as_input(question)
    for choice in data.choices:
        choice.fraction = Decimal(0)
    with pytest.raises(ApplicationError) as refused:
        banks.question_update(question=question, actor=faculty, data=data)
    assert "A single-choice question needs one option worth 100%." in refused.value.extra["problems"]
    empty = as_input(question, text={"kk": "<div><br></div>", "ru": "", "en": " "})
    with pytest.raises(ApplicationError, match="The question has no text."):
        banks.question_update(question=question, actor=faculty, data=empty)
    with pytest.raises(ApplicationError):
        banks.question_update(question=question, actor=faculty, data=as_input(question, kind="multiple"))
    question.refresh_from_db()
    assert question.version == 1
    assert not AuditEntry.objects.filter(action="assessments.question.update").exists()


def test_create_a_numeric_question_with_competency_tags(sample_bank, faculty, framework):
    data = banks.QuestionInput(
        kind="numeric",
        category="top/Law/New",
        text={"kk": "", "ru": "<div>Сколько лет длится цикл?</div>", "en": "<div>How many years?</div>"},
        tags=["competency:PROMPT", "level:2"],
        choices=[banks.ChoiceInput(text=dict.fromkeys(("kk", "ru", "en"), "3"), fraction=Decimal(1))],
    )
    question = banks.question_create(bank=sample_bank, actor=faculty, data=data)
    assert question.key.startswith("#") and question.category.path == "top/Law/New"
    assert (question.competency.idnumber, question.level) == ("PROMPT", 2)
    choice = question.choices.get()
    assert (choice.text_kk, choice.tolerance) == ("3", 0)
    assert AuditEntry.objects.filter(
        action="assessments.question.create", object_id=str(question.pk)
    ).exists()
    not_a_number = banks.QuestionInput(
        kind="numeric",
        category="top",
        text={"en": "Number?"},
        choices=[banks.ChoiceInput(text={"en": "three"}, fraction=Decimal(1))],
    )
    with pytest.raises(ApplicationError, match="A numeric answer must be a number."):
        banks.question_create(bank=sample_bank, actor=faculty, data=not_a_number)
    named = as_input(Question.objects.get(bank=sample_bank, key="law-numeric"))
    with pytest.raises(ApplicationError) as clash:  # the same name in the same category
        banks.question_create(bank=sample_bank, actor=faculty, data=named)
    assert clash.value.extra["field"] == "name"


def test_only_faculty_of_the_bank(sample_bank, faculty, other_faculty):
    question = Question.objects.get(bank=sample_bank, key="ethics-gift")
    with pytest.raises(NotAllowed):
        banks.question_update(question=question, actor=other_faculty, data=as_input(question, name="x"))
    with pytest.raises(NotAllowed):
        banks.question_create(bank=sample_bank, actor=UserFactory(), data=as_input(question, name="y"))


# --- the pages --------------------------------------------------------------------------------------------


def management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "50",
    }


def single_post(question: Question, **overrides) -> dict:
    """What the editor posts for a single-choice question, all fields filled from the stored one."""
    data = {
        "category": question.category.path,
        "name": question.name,
        "default_mark": "1",
        "competency": "",
        "level": "",
        "other_tags": "",
        "shuffle": "on",
        **{
            f"{f}_{lang}": getattr(question, f"{f}_{lang}")
            for f in ("text", "general_feedback")
            for lang in ("kk", "ru", "en")
        },
        **management("choices", 3, 3),
    }
    for i, c in enumerate(question.choices.order_by("position")):
        for f in ("text", "feedback"):
            for lang in ("kk", "ru", "en"):
                data[f"choices-{i}-{f}_{lang}"] = getattr(c, f"{f}_{lang}")
        data[f"choices-{i}-percent"] = format((c.fraction * 100).normalize(), "f")
        data[f"choices-{i}-ORDER"] = str(i + 1)
    data.update(overrides)
    return data


def test_faculty_lists_and_edits_a_question(sample_bank, faculty):
    client = client_for(faculty)
    banks_page = client.get(reverse("assessments:banks")).content.decode()
    assert reverse("assessments:bank-questions", args=["SAMPLE"]) in banks_page
    question = Question.objects.get(bank=sample_bank, key="ethics-gift")
    listing = client.get(reverse("assessments:bank-questions", args=["SAMPLE"]))
    edit_url = reverse("assessments:question-edit", args=["SAMPLE", question.pk])
    assert listing.status_code == 200 and edit_url in listing.content.decode()
    page = client.get(edit_url)
    assert page.status_code == 200
    assert b"trix.umd.min.js" in page.content and b"data-rich-text" in page.content
    response = client.post(
        edit_url, single_post(question, text_en="<div>Edited <em>gift</em> question</div>")
    )
    assert response.status_code == 302 and response.url == reverse(
        "assessments:bank-questions", args=["SAMPLE"]
    )
    question.refresh_from_db()
    assert (question.text_en, question.version) == ("<div>Edited <em>gift</em> question</div>", 2)
    assert "Edited gift question" in client.get(response.url).content.decode()


def test_errors_in_the_users_language_and_bad_input_is_no_500(sample_bank, faculty):
    client = client_for(faculty)
    question = Question.objects.get(bank=sample_bank, key="ethics-gift")
    url = reverse("assessments:question-edit", args=["SAMPLE", question.pk])
    no_right = single_post(question, **{"choices-0-percent": "0"})
    page = client.post(url, no_right, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "В вопросе с одним правильным ответом один вариант должен иметь вес 100%." in page
    assert "single-choice question needs" not in page
    for bad in (
        {"choices-0-percent": "abc"},
        {"choices-0-percent": "1e400"},
        {"default_mark": "-1"},
        {"choices-TOTAL_FORMS": "x"},
        {"choices-TOTAL_FORMS": "5000"},
        {"category": "top/" + "x" * 300},
        {"text_en": "\x00"},
    ):
        response = client.post(url, single_post(question, **bad))
        assert response.status_code in (200, 400), bad
    question.refresh_from_db()
    assert question.version == 1


def test_add_a_question_of_each_kind_form(sample_bank, faculty):
    client = client_for(faculty)
    url = reverse("assessments:question-new", args=["SAMPLE"])
    for kind in ("single", "multiple", "truefalse", "numeric", "short", "matching", "ordering", "essay"):
        assert client.get(url, {"kind": kind}).status_code == 200, kind
    assert client.get(url, {"kind": "nonsense"}).status_code == 302
    post = {
        "category": "top/Ethics",
        "name": "new-tf",
        "default_mark": "2",
        "text_en": "<div>The civil service has two corps.</div>",
        "true_answer": "false",
        **management("choices", 2, 2),
        "choices-0-feedback_en": "No: A and B",
        "choices-1-feedback_en": "Right",
    }
    response = client.post(f"{url}?kind=truefalse", post)
    assert response.status_code == 302
    question = Question.objects.get(bank=sample_bank, key="new-tf")
    assert [(c.text_en, c.fraction, c.feedback_en) for c in question.choices.order_by("position")] == [
        ("true", 0, "No: A and B"),
        ("false", 1, "Right"),
    ]
    ordering = {
        "category": "top",
        "default_mark": "1",
        "text_ru": "<div>По порядку</div>",
        **management("choices", 3, 0),
        "choices-0-text_ru": "второй",
        "choices-0-ORDER": "2",
        "choices-1-text_ru": "первый",
        "choices-1-ORDER": "1",
        "choices-2-text_ru": "",
    }
    assert client.post(f"{url}?kind=ordering", ordering).status_code == 302
    created = Question.objects.filter(bank=sample_bank, kind="ordering").latest("pk")
    assert [c.text_ru for c in created.choices.order_by("position")] == ["первый", "второй"]


def test_other_courses_banks_and_learners_are_refused(sample_bank, faculty, other_faculty, admin, learner):
    question = Question.objects.get(bank=sample_bank, key="ethics-gift")
    quiz = make_quiz_course(other_faculty, admin, code="QZ-202")
    own = QuestionBank.objects.create(code="QZ-202-BANK", course=quiz.course)
    other_question = banks.question_create(
        bank=own,
        actor=other_faculty,
        data=banks.QuestionInput(
            kind="short",
            category="top",
            text={"en": "Capital?"},
            choices=[banks.ChoiceInput(text={"en": "Astana"}, fraction=Decimal(1))],
        ),
    )
    edit = reverse("assessments:question-edit", args=["SAMPLE", question.pk])
    stranger = client_for(other_faculty)  # faculty, but of another course
    assert stranger.get(reverse("assessments:bank-questions", args=["SAMPLE"])).status_code == 404
    assert stranger.get(edit).status_code == 404
    assert stranger.post(edit, single_post(question, text_en="hacked")).status_code == 404
    assert (
        stranger.get(reverse("assessments:question-new", args=["SAMPLE"]), {"kind": "single"}).status_code
        == 404
    )
    # their own bank's question under their own bank only: not through another bank's address
    assert (
        stranger.get(
            reverse("assessments:question-edit", args=["QZ-202-BANK", other_question.pk])
        ).status_code
        == 200
    )
    assert (
        client_for(faculty)
        .get(reverse("assessments:question-edit", args=["QZ-202-BANK", other_question.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(faculty)
        .get(reverse("assessments:question-edit", args=["SAMPLE", other_question.pk]))
        .status_code
        == 404
    )
    # a learner sees no bank, no question, no answer
    for url in (reverse("assessments:bank-questions", args=["SAMPLE"]), edit):
        response = client_for(learner).get(url)
        assert response.status_code == 404 and "Сдать подарок" not in response.content.decode()
    question.refresh_from_db()
    assert question.version == 1
    assert client_for(admin).get(edit).status_code == 200
