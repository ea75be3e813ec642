import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from courses import selectors, services
from courses.models import Course, CourseVersion, Lesson, Module, VersionStatus
from lms.errors import ApplicationError, NotAllowed
from lms.models import AuditEntry
from tests.courses.conftest import make_course, publish

pytestmark = pytest.mark.django_db


def test_full_workflow_with_audit(types, apa, faculty_a, admin):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa)
    version = course.versions.get()
    with pytest.raises(NotAllowed):
        services.version_publish(version=version, actor=faculty_a)  # authors do not publish
    with pytest.raises(ApplicationError) as exc:
        services.version_publish(version=version, actor=admin)  # not in review yet
    assert exc.value.code == "bad_transition"

    services.version_submit(version=version, actor=faculty_a, comment="ready")
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_REVIEW and version.submitted_at
    with pytest.raises(ApplicationError) as exc:
        services.version_update(version=version, actor=faculty_a, title_en="Sneaky")  # locked while in review
    assert exc.value.code == "version_not_editable"
    with pytest.raises(ApplicationError) as exc:
        services.version_return_to_draft(version=version, actor=admin, comment=" ")
    assert exc.value.code == "comment_required"
    with pytest.raises(NotAllowed):
        services.version_return_to_draft(version=version, actor=faculty_a, comment="no")

    services.version_return_to_draft(version=version, actor=admin, comment="Add a case study to module 1")
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT
    services.version_submit(version=version, actor=faculty_a)
    services.version_publish(version=version, actor=admin, comment="approved")
    version.refresh_from_db()
    course.refresh_from_db()
    assert (version.status, version.frozen, version.published_by) == ("published", True, admin)
    assert course.published_version == version

    services.course_archive(course=course, actor=admin, comment="superseded by the 2027 programme")
    version.refresh_from_db()
    course.refresh_from_db()
    assert version.status == VersionStatus.ARCHIVED and version.frozen and course.published_version is None

    history = list(selectors.version_history(version).values_list("action", "actor__username", "after"))
    actions = [a for a, _who, _after in history if a.startswith("courses.version.")]
    assert actions == ["courses.version.submit", "courses.version.return", "courses.version.submit",
                       "courses.version.publish", "courses.version.archive"]
    returned = next(h for h in history if h[0] == "courses.version.return")
    assert returned[1] == "reviewer" and returned[2]["comment"] == "Add a case study to module 1"
    assert returned[2]["from"] == "in_review" and returned[2]["to"] == "draft"
    assert all(e.at for e in selectors.version_history(version))


def test_publishing_blocked_by_missing_translation(types, apa, faculty_a, admin):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa, languages="kk ru", summary_kk="")
    version = course.versions.get()
    lesson = version.lessons.first()
    services.lesson_update(lesson=lesson, actor=faculty_a, body_kk="<p><script>x</script></p>")
    completeness = selectors.version_language_completeness(version)
    assert completeness["ru"] == {"complete": True, "missing": []}
    assert completeness["kk"]["complete"] is False
    assert completeness["kk"]["missing"] == ["course summary", "lesson 1.1: text"]
    with pytest.raises(ApplicationError) as exc, translation.override("en"):
        services.version_submit(version=version, actor=faculty_a)
    assert exc.value.code == "translation_missing"
    assert "Kazakh" in str(exc.value.message) and "course summary" in str(exc.value.message)
    assert exc.value.extra["missing"] == {"kk": ["course summary", "lesson 1.1: text"]}
    # English is not a delivery language: its gaps do not block
    services.version_update(version=version, actor=faculty_a, summary_kk="Қысқаша мазмұны", title_en="")
    services.lesson_update(lesson=lesson, actor=faculty_a, body_kk="<p>Мәтін</p>")
    version = services.version_submit(version=version, actor=faculty_a)
    assert selectors.version_language_completeness(version)["en"]["complete"] is False
    services.version_publish(version=version, actor=admin)


def test_self_paced_needs_lessons(types, apa, faculty_a):
    course = make_course(faculty_a, code="EC-1", course_type=types["e_course"], provider=apa, hours=6, lessons=0)
    with pytest.raises(ApplicationError) as exc:
        services.version_submit(version=course.versions.get(), actor=faculty_a)
    assert exc.value.code == "no_lessons"


def test_version_freeze_keeps_what_an_enrolled_learner_sees(types, apa, faculty_a, admin, learner):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa)
    v1 = publish(course, faculty_a, admin)
    progress = services.course_start(user=learner, course=course)
    assert progress.version == v1
    first = v1.lessons.order_by("position").first()
    services.lesson_mark_complete(user=learner, lesson=first)

    v2 = services.version_new_draft(course=course, actor=faculty_a)
    assert v2.number == 2 and v2.status == "draft"
    assert v2.modules.count() == v1.modules.count() and v2.lessons.count() == v1.lessons.count()
    assert set(v2.lessons.values_list("module__version", flat=True)) == {v2.pk}
    with pytest.raises(ApplicationError) as exc:
        services.version_new_draft(course=course, actor=faculty_a)
    assert exc.value.code == "draft_exists"
    with pytest.raises(ApplicationError) as exc:
        services.version_update(version=v1, actor=admin, title_en="Changed")
    assert exc.value.code == "version_not_editable"

    draft_lesson = v2.lessons.order_by("position").first()
    services.lesson_update(lesson=draft_lesson, actor=faculty_a, title_en="Rewritten", body_en="<p>New text</p>")
    services.version_update(version=v2, actor=faculty_a, title_en="Digital services 2.0")
    services.module_create(version=v2, actor=faculty_a, title_kk="Жаңа", title_ru="Новый", title_en="New")
    first.refresh_from_db()
    v1.refresh_from_db()
    assert first.title_en == "Lesson 1" and first.body_en == "<p>Text 1</p>"
    assert v1.title_en == "Digital transformation of public services" and v1.modules.count() == 1

    services.version_submit(version=v2, actor=faculty_a)
    services.version_publish(version=v2, actor=admin)
    v1.refresh_from_db()
    assert v1.status == VersionStatus.ARCHIVED
    # the learner keeps v1 and their progress; a new learner gets v2
    assert selectors.version_for_learner(learner, course) == v1
    assert services.course_start(user=learner, course=course) == progress
    assert selectors.progress_summary(progress).done == 1
    assert selectors.version_for_learner(admin, Course.objects.get(pk=course.pk)) == v2


def test_database_refuses_changes_to_a_published_version(types, apa, faculty_a, admin):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa)
    version = publish(course, faculty_a, admin)
    lesson = version.lessons.first()
    attempts = [
        lambda: CourseVersion.objects.filter(pk=version.pk).update(title_en="Edited behind the services' back"),
        lambda: CourseVersion.objects.filter(pk=version.pk).update(frozen=False, status="draft"),
        lambda: Lesson.objects.filter(pk=lesson.pk).update(body_en="<p>x</p>"),
        lambda: Lesson.objects.filter(pk=lesson.pk).delete(),
        lambda: Module.objects.create(version=version, position=9, title_en="Extra"),
    ]
    for attempt in attempts:
        with pytest.raises(IntegrityError), transaction.atomic():
            attempt()
    # status moves are allowed: archiving still works
    services.course_archive(course=course, actor=admin)
    version.refresh_from_db()
    assert version.status == "archived" and version.title_en == "Digital transformation of public services"


def test_cannot_publish_two_working_versions(types, apa, faculty_a):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa)
    version = course.versions.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseVersion.objects.create(course=course, number=2, course_type=version.course_type,
                                     provider=version.provider, hours=24)


def test_learner_sees_no_draft(types, apa, faculty_a, faculty_b, learner, admin):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa)
    draft = course.versions.get()
    assert draft not in selectors.versions_visible_to(learner)
    assert draft not in selectors.versions_visible_to(faculty_b)
    assert draft in selectors.versions_visible_to(faculty_a)
    assert draft in selectors.versions_visible_to(admin)
    assert list(selectors.courses_editable_by(faculty_b)) == []
    with pytest.raises(ApplicationError) as exc:
        services.course_start(user=learner, course=course)
    assert exc.value.code == "not_published"
    assert AuditEntry.objects.filter(action="courses.course.create").count() == 1
