"""The loop: completing a course creates the servant's training record (resetting the three-year clock) and
the certificate, exactly once; quiz lessons are never completed by opening or marking."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from certificates.models import Certificate
from compliance import selectors as compliance_selectors
from compliance.models import TrainingRecord
from courses import services
from courses.models import CourseProgress
from lms.errors import ApplicationError
from lms.models import AuditEntry
from media.models import VideoAsset
from tests.courses.conftest import make_course, publish
from tests.factories import CivilServantFactory, UserFactory


def _three_year(servant):
    return next(
        r
        for r in compliance_selectors.servant_statuses(servant, as_of=timezone.localdate())
        if r.rule == "three_year"
    )


@pytest.fixture
def servant_user(db):
    user = UserFactory(username="servant.loop")
    servant = CivilServantFactory(
        user=user, entered_service_on=date(2015, 1, 1), appointed_on=date(2015, 1, 1)
    )
    return user, servant


@pytest.fixture
def advanced_course(db, types, apa, faculty_a, admin):
    course = make_course(
        faculty_a, code="ADV-LOOP", course_type=types["advanced_training"], provider=apa, hours=36, lessons=2
    )
    publish(course, faculty_a, admin)
    return course


def _finish(user, course):
    progress = services.course_start(user=user, course=course)
    for lesson in progress.version.lessons.order_by("position"):
        services.lesson_mark_complete(user=user, lesson=lesson)
    progress.refresh_from_db()
    return progress


@pytest.mark.django_db
def test_completion_creates_record_and_certificate_and_resets_three_year_clock(servant_user, advanced_course):
    user, servant = servant_user
    before = _three_year(servant)
    assert before.status == "overdue"

    progress = _finish(user, advanced_course)
    assert progress.completed_at is not None
    record = TrainingRecord.objects.get(servant=servant)
    assert (record.course_type_id, record.hours, record.source, record.source_key) == (
        "advanced_training",
        36,
        "internal",
        f"course-progress:{progress.pk}",
    )
    certificate = Certificate.objects.get(source_key=f"course-progress:{progress.pk}")
    assert (certificate.holder_id, certificate.hours, certificate.course_type) == (
        user.pk,
        36,
        "advanced_training",
    )

    after = _three_year(servant)
    assert after.status == "compliant"
    assert after.due_date > before.due_date and after.due_date.year == timezone.localdate().year + 3

    # retries change nothing
    lesson = progress.version.lessons.first()
    services.lesson_mark_complete(user=user, lesson=lesson)
    assert TrainingRecord.objects.filter(servant=servant).count() == 1
    assert Certificate.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_completion_credited_exactly_once_under_concurrency(types, apa, faculty_a, admin):
    user = UserFactory(username="racer")
    servant = CivilServantFactory(user=user)
    course = make_course(
        faculty_a, code="RACE-1", course_type=types["advanced_training"], provider=apa, hours=24, lessons=2
    )
    publish(course, faculty_a, admin)
    progress = services.course_start(user=user, course=course)
    first, last = progress.version.lessons.order_by("position")
    services.lesson_mark_complete(user=user, lesson=first)

    def click(_):
        try:
            try:
                services.lesson_mark_complete(user=user, lesson=last)
            except ApplicationError as exc:  # pragma: no cover - would be a bug
                return exc.code
            return "ok"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(click, range(16)))
    assert set(outcomes) == {"ok"}
    progress.refresh_from_db()
    assert progress.completed_at is not None
    assert TrainingRecord.objects.filter(servant=servant).count() == 1
    assert Certificate.objects.filter(source_key=f"course-progress:{progress.pk}").count() == 1
    assert AuditEntry.objects.filter(action="courses.progress.complete").count() == 1
    assert AuditEntry.objects.filter(action="training_record.create").count() == 1


@pytest.mark.django_db
def test_learner_without_servant_record_gets_certificate_only(learner, advanced_course):
    progress = _finish(learner, advanced_course)
    assert Certificate.objects.filter(source_key=f"course-progress:{progress.pk}").exists()
    assert not TrainingRecord.objects.exists()


@pytest.mark.django_db
def test_quiz_lesson_is_not_completed_by_opening_or_marking(types, apa, faculty_a, admin, learner):
    course = make_course(
        faculty_a, code="QUIZ-MARK", course_type=types["e_course"], provider=apa, hours=4, lessons=1
    )
    module = course.versions.get().modules.get()
    quiz_lesson = services.lesson_create(
        module=module,
        actor=faculty_a,
        kind="quiz",
        completion_rule="marked",
        title_kk="Тест",
        title_ru="Тест",
        title_en="Test",
    )
    assert quiz_lesson.completion_rule == "passed"  # the kind imposes its rule
    publish(course, faculty_a, admin)
    progress = services.course_start(user=learner, course=course)
    text_lesson, quiz_lesson = progress.version.lessons.order_by("position")
    services.lesson_mark_complete(user=learner, lesson=text_lesson)
    services.lesson_open(user=learner, lesson=quiz_lesson)
    with pytest.raises(ApplicationError) as exc:
        services.lesson_mark_complete(user=learner, lesson=quiz_lesson)
    assert exc.value.code == "lesson_needs_pass"
    progress.refresh_from_db()
    assert progress.completed_at is None

    # what assessments calls when the quiz is passed
    services.lesson_complete_by_kind(user=learner, lesson=quiz_lesson)
    progress.refresh_from_db()
    assert progress.completed_at is not None
    with pytest.raises(ApplicationError):
        services.lesson_complete_by_kind(user=learner, lesson=text_lesson)


@pytest.mark.django_db
def test_video_share_lesson_cannot_be_marked_before_the_share(types, apa, faculty_a, admin, learner):
    course = make_course(
        faculty_a, code="VID-1", course_type=types["e_course"], provider=apa, hours=2, lessons=0
    )
    module = course.versions.get().modules.get()
    video = VideoAsset.objects.create(
        title_en="Intro", source="videos/source/intro.mp4", duration_seconds=None
    )
    services.lesson_create(
        module=module,
        actor=faculty_a,
        kind="video",
        video=video,
        title_kk="Бейне",
        title_ru="Видео",
        title_en="Video",
        completion_rule="video_share",
        completion_param=80,
    )
    publish(course, faculty_a, admin)
    progress = services.course_start(user=learner, course=course)
    lesson = progress.version.lessons.get()
    services.lesson_open(user=learner, lesson=lesson)
    # a video with no measured duration (source missing, never processed) gives no share: still refused
    with pytest.raises(ApplicationError) as exc:
        services.lesson_mark_complete(user=learner, lesson=lesson)
    assert exc.value.code == "video_not_watched"
    assert not CourseProgress.objects.filter(pk=progress.pk, completed_at__isnull=False).exists()
