from pathlib import Path

import pytest

from assessments import banks, services
from assessments.models import Question, QuestionBank
from competency_framework.models import Competency, Framework, ScaleLevel
from courses import services as course_services
from courses.models import CourseType, Provider
from courses.services_learning import course_start
from people.models import Role
from tests.factories import CivilServantFactory, UserFactory, user_with_role

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "questions.gift"


@pytest.fixture
def framework(db):
    fw = Framework.objects.create(idnumber="FW", name_en="Framework", name_ru="Модель", is_primary=True)
    for value in range(1, 5):
        ScaleLevel.objects.create(framework=fw, value=value, name_en=f"L{value}")
    for order, code in enumerate(["INTEG", "PROMPT", "LEAD"]):
        Competency.objects.create(framework=fw, idnumber=code, name_en=code, name_ru=code, sort_order=order)
    return fw


@pytest.fixture
def faculty(db):
    return user_with_role(Role.FACULTY, username="faculty")


@pytest.fixture
def other_faculty(db):
    return user_with_role(Role.FACULTY, username="other_faculty")


@pytest.fixture
def admin(db):
    return user_with_role(Role.ADMIN, username="admin")


def make_quiz_course(author, reviewer, *, code="QZ-101", framework=None, **quiz_settings):
    """A published course with one text lesson and one quiz lesson; returns the quiz (no slots yet)."""
    provider, _ = Provider.objects.get_or_create(
        code="APA", defaults={"kind": "apa", "name_ru": "АГУ", "name_en": "APA", "name_kk": "МБА"}
    )
    course = course_services.course_create(
        actor=author,
        code=code,
        course_type=CourseType.objects.get(code="e_course"),
        provider=provider,
        hours=8,
        languages="kk ru en",
        title_ru="Этика",
        title_en="Ethics",
        title_kk="Әдеп",
        summary_ru="Курс",
        summary_en="Course",
        summary_kk="Курс",
    )
    version = course.versions.get()
    module = course_services.module_create(
        version=version, actor=author, title_ru="М1", title_en="M1", title_kk="М1"
    )
    course_services.lesson_create(
        module=module,
        actor=author,
        kind="text",
        title_ru="Текст",
        title_en="Text",
        title_kk="Мәтін",
        body_ru="<p>Текст</p>",
        body_en="<p>Text</p>",
        body_kk="<p>Мәтін</p>",
    )
    lesson = course_services.lesson_create(
        module=module, actor=author, kind="quiz", title_ru="Тест", title_en="Test", title_kk="Тест"
    )
    quiz = services.quiz_create(lesson=lesson, actor=author, **quiz_settings)
    if framework is not None:
        course_services.version_set_competencies(
            version=version,
            actor=author,
            items=[
                {
                    "competency": framework.competencies.get(idnumber="INTEG"),
                    "level": framework.levels.get(value=2),
                }
            ],
        )
    course_services.version_submit(version=version, actor=author)
    course_services.version_publish(version=version, actor=reviewer)
    return quiz


@pytest.fixture
def sample_bank(db, faculty):
    report = banks.bank_import(bank_code="SAMPLE", content=SAMPLE.read_bytes(), actor=faculty)
    assert report.ok, [str(e) for e in report.errors]
    return QuestionBank.objects.get(code="SAMPLE")


@pytest.fixture
def quiz(db, faculty, admin, sample_bank):
    quiz = make_quiz_course(faculty, admin, review_when="after_attempt", pass_percent=50)
    services.quiz_set_slots(
        quiz=quiz,
        actor=faculty,
        slots=[
            {"question": q}
            for q in Question.objects.filter(bank=sample_bank).exclude(kind="essay").order_by("pk")
        ],
    )
    return quiz


@pytest.fixture
def learner(db):
    return UserFactory(username="learner")


@pytest.fixture
def other_learner(db):
    return UserFactory(username="other_learner")


def enrol(user, quiz):
    quiz.course.refresh_from_db()
    course_start(user=user, course=quiz.course)
    return user


@pytest.fixture
def servant_learner(db):
    user = UserFactory(username="servant")
    CivilServantFactory(user=user)
    return user
