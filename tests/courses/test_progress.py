import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import selectors, services
from lms.errors import ApplicationError, NotAllowed
from media.models import VideoAsset
from tests.courses.conftest import make_course, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(types, apa, faculty_a, admin):
    """Two modules: module 1 with 3 text lessons, module 2 with 1 video lesson (80 % to complete)."""
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa, lessons=3)
    version = course.versions.get()
    module = services.module_create(version=version, actor=faculty_a, title_kk="Видео", title_ru="Видео",
                                    title_en="Video")
    video = VideoAsset.objects.create(title_en="Intro", source="videos/source/intro.mp4", duration_seconds=300)
    services.lesson_create(module=module, actor=faculty_a, kind="video", video=video, title_kk="Бейне",
                           title_ru="Видео", title_en="Video", completion_rule="video_share", completion_param=80)
    publish(course, faculty_a, admin)
    return course


def test_progress_per_module_and_course(course, learner):
    progress = services.course_start(user=learner, course=course)
    assert services.course_start(user=learner, course=course) == progress  # idempotent
    version = progress.version
    l1, l2, l3 = version.modules.get(position=1).lessons.order_by("position")
    video = version.modules.get(position=2).lessons.get()

    summary = selectors.progress_summary(progress)
    assert (summary.total, summary.done, summary.percent) == (4, 0, 0)
    assert selectors.resume_lesson(progress) == l1

    services.lesson_open(user=learner, lesson=l2)  # "viewed" rule: opening completes it
    services.lesson_mark_complete(user=learner, lesson=l1)
    services.lesson_mark_complete(user=learner, lesson=l1)  # idempotent
    progress.refresh_from_db()
    assert progress.last_lesson == l1
    summary = selectors.progress_summary(progress)
    assert [(m.total, m.done, m.percent) for m in summary.modules] == [(3, 2, 66), (1, 0, 0)]
    assert (summary.done, summary.percent) == (2, 50)
    assert summary.completed_lesson_ids == {l1.pk, l2.pk}
    outline = selectors.version_outline(version)  # the pages pass the outline they show: one query, same figures
    with CaptureQueriesContext(connection) as ctx:
        from_outline = selectors.progress_summary(progress, outline)
    assert len(ctx) == 1
    assert [(m.module.pk, m.total, m.done) for m in from_outline.modules] == [
        (m.module.pk, m.total, m.done) for m in summary.modules]
    assert from_outline.completed_lesson_ids == summary.completed_lesson_ids

    with pytest.raises(ApplicationError) as exc:
        services.lesson_mark_complete(user=learner, lesson=video)
    assert exc.value.code == "video_not_watched"
    services.lesson_record_video_progress(user=learner, lesson=video, watched_share=50)
    services.lesson_record_video_progress(user=learner, lesson=video, watched_share=30)  # the highest share stays
    services.lesson_mark_complete(user=learner, lesson=l3)
    progress.refresh_from_db()
    assert progress.completed_at is None and selectors.resume_lesson(progress) == l3
    services.lesson_record_video_progress(user=learner, lesson=video, watched_share=85)
    progress.refresh_from_db()
    assert progress.completed_at is not None
    assert selectors.progress_summary(progress).percent == 100

    row = selectors.my_learning(learner).get()
    assert (row.lessons_total, row.lessons_done, row.percent) == (4, 4, 100)


def test_cannot_take_lessons_without_starting(course, learner):
    lesson = course.published_version.lessons.first()
    with pytest.raises(NotAllowed):
        services.lesson_mark_complete(user=learner, lesson=lesson)


def test_my_learning_query_count_is_constant(course, learner, types, apa, faculty_a, admin):
    services.course_start(user=learner, course=course)

    def run():
        with CaptureQueriesContext(connection) as ctx:
            rows = list(selectors.my_learning(learner))
            _ = [(r.version.course.code, r.version.title, r.percent, r.version.provider.name) for r in rows]
        return len(rows), len(ctx.captured_queries)

    assert run() == (1, 1)
    for i in range(3):
        other = make_course(faculty_a, code=f"X-{i}", course_type=types["advanced_training"], provider=apa)
        publish(other, faculty_a, admin)
        services.course_start(user=learner, course=other)
    assert run() == (4, 1)
