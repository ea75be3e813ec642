import pytest

from competency_framework.models import Competency, Framework, ScaleLevel
from courses import services
from courses.models import CourseType, Provider
from people.models import Role
from tests.factories import UserFactory, user_with_role


@pytest.fixture
def framework(db):
    fw = Framework.objects.create(idnumber="FW", name_en="Framework", name_ru="Модель", is_primary=True)
    for value in range(1, 5):
        ScaleLevel.objects.create(framework=fw, value=value, name_en=f"L{value}")
    names = [("STRESS", "Стресске төзімділік", "Стрессоустойчивость", "Stress resistance"),
             ("LEAD", "Көшбасшылық", "Лидерство", "Leadership"),
             ("INTEG", "Адалдық", "Добропорядочность", "Integrity")]
    for order, (code, kk, ru, en) in enumerate(names):
        Competency.objects.create(framework=fw, idnumber=code, name_kk=kk, name_ru=ru, name_en=en, sort_order=order)
    return fw


@pytest.fixture
def levels(framework):
    return {lv.value: lv for lv in framework.levels.all()}


@pytest.fixture
def comps(framework):
    return {c.idnumber: c for c in framework.competencies.all()}


@pytest.fixture
def types(db):
    return {t.code: t for t in CourseType.objects.all()}


@pytest.fixture
def apa(db):
    return Provider.objects.create(code="APA", kind=Provider.Kind.APA, name_kk="Мемлекеттік басқару академиясы",
                                   name_ru="Академия государственного управления",
                                   name_en="Academy of Public Administration")


@pytest.fixture
def branch(db):
    return Provider.objects.create(code="APA-ALA", kind=Provider.Kind.APA_BRANCH, name_kk="Алматы филиалы",
                                   name_ru="Филиал в Алматы", name_en="Almaty branch")


@pytest.fixture
def faculty_a(db):
    return user_with_role(Role.FACULTY, username="faculty_a")


@pytest.fixture
def faculty_b(db):
    return user_with_role(Role.FACULTY, username="faculty_b")


@pytest.fixture
def admin(db):
    return user_with_role(Role.ADMIN, username="reviewer")


@pytest.fixture
def learner(db):
    return UserFactory(username="learner")


TEXTS = {
    "title_kk": "Мемлекеттік қызметтерді цифрлық трансформациялау",
    "title_ru": "Цифровая трансформация государственных услуг",
    "title_en": "Digital transformation of public services",
    "summary_kk": "Электрондық үкімет және проактивті қызметтер.",
    "summary_ru": "Электронное правительство и проактивные услуги.",
    "summary_en": "E-government and proactive services.",
}


def full_lesson(n: int) -> dict:
    return {"title_kk": f"Сабақ {n}", "title_ru": f"Урок {n}", "title_en": f"Lesson {n}",
            "body_kk": f"<p>Мәтін {n}</p>", "body_ru": f"<p>Текст {n}</p>", "body_en": f"<p>Text {n}</p>"}


def make_course(actor, *, code="DT-101", course_type, provider, hours=24, languages="kk ru en", lessons=2,
                **overrides):
    """A draft course with one module and `lessons` text lessons, complete in all three languages."""
    texts = {**TEXTS, **overrides}
    course = services.course_create(actor=actor, code=code, course_type=course_type, provider=provider,
                                    hours=hours, languages=languages, **texts)
    version = course.versions.get()
    module = services.module_create(version=version, actor=actor, title_kk="Модуль 1", title_ru="Модуль 1",
                                    title_en="Module 1")
    for n in range(1, lessons + 1):
        services.lesson_create(module=module, actor=actor, kind="text", **full_lesson(n))
    return course


def publish(course, author, reviewer):
    version = course.versions.get(status="draft")
    services.version_submit(version=version, actor=author)
    services.version_publish(version=version, actor=reviewer)
    course.refresh_from_db()
    return course.published_version
