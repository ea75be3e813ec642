import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from courses import services
from courses.models import CourseVersion, Lesson
from lms.errors import ApplicationError, NotAllowed
from lms.models import AuditEntry
from media.models import VideoAsset
from tests.courses.conftest import TEXTS, full_lesson, make_course

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("code", "ok", "bad"), [
    ("advanced_training", [8, 40, 80], [7, 81]),
    ("retraining", [120, 500], [119, 80]),
    ("management_course", [16, 80], [15, 81]),
    ("seminar", [2, 16], [1, 17]),
    ("master_class", [1, 8], [9]),
    ("e_course", [1, 80], [81]),
])
def test_hours_rule_per_course_type(code, ok, bad, types, apa, faculty_a):
    for n, hours in enumerate(ok):
        course = services.course_create(actor=faculty_a, code=f"T{n}-{code.upper().replace(chr(95), chr(45))}",
                                        course_type=types[code],
                                        provider=apa, hours=hours, **TEXTS)
        assert course.versions.get().hours == hours
    for hours in bad:
        with pytest.raises(ApplicationError) as exc:
            services.course_create(actor=faculty_a, code=f"BAD-{hours}", course_type=types[code], provider=apa,
                                   hours=hours, **TEXTS)
        assert exc.value.code == "hours_out_of_range"
        assert str(types[code].min_hours or types[code].max_hours) in str(exc.value.message)


def test_hours_checked_on_save_too(types, apa, faculty_a):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa, hours=40)
    version = course.versions.get()
    with pytest.raises(ApplicationError) as exc:
        services.version_update(version=version, actor=faculty_a, hours=100)
    assert exc.value.code == "hours_out_of_range"
    assert "8" in str(exc.value.message) and "80" in str(exc.value.message)
    # changing the type to retraining makes 40 hours too few
    with pytest.raises(ApplicationError, match="120"):
        services.version_update(version=version, actor=faculty_a, course_type=types["retraining"])
    version.refresh_from_db()
    assert (version.hours, version.course_type.code) == (40, "advanced_training")
    services.version_update(version=version, actor=faculty_a, course_type=types["retraining"], hours=140)
    version.refresh_from_db()
    assert version.hours == 140


def test_course_code_and_languages_validated(types, apa, faculty_a):
    with pytest.raises(ApplicationError) as exc:
        services.course_create(actor=faculty_a, code="x", course_type=types["seminar"], provider=apa, hours=4, **TEXTS)
    assert exc.value.code == "bad_code"
    with pytest.raises(ApplicationError) as exc:
        services.course_create(actor=faculty_a, code="OK-1", course_type=types["seminar"], provider=apa, hours=4,
                               languages=["de"], **TEXTS)
    assert exc.value.code == "bad_language"
    course = services.course_create(actor=faculty_a, code="ok-2", course_type=types["seminar"], provider=apa,
                                    hours=4, languages=["en", "kk"], **TEXTS)
    assert course.code == "OK-2"
    assert course.versions.get().languages == "kk en"
    with pytest.raises(ApplicationError) as exc:
        services.course_create(actor=faculty_a, code="OK-2", course_type=types["seminar"], provider=apa, hours=4,
                               **TEXTS)
    assert exc.value.code == "course_code_taken"


def test_only_faculty_and_admins_create(types, apa, learner):
    with pytest.raises(NotAllowed):
        services.course_create(actor=learner, code="NO-1", course_type=types["seminar"], provider=apa, hours=4,
                               **TEXTS)


def test_faculty_cannot_edit_another_faculty_members_course(types, apa, faculty_a, faculty_b, admin):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa)
    version = course.versions.get()
    module = version.modules.get()
    lesson = version.lessons.first()
    attempts = [
        lambda: services.version_update(version=version, actor=faculty_b, title_en="Hijacked"),
        lambda: services.module_create(version=version, actor=faculty_b, title_en="X"),
        lambda: services.module_move(module=module, position=1, actor=faculty_b),
        lambda: services.lesson_update(lesson=lesson, actor=faculty_b, title_en="X"),
        lambda: services.lesson_move(lesson=lesson, position=2, actor=faculty_b),
        lambda: services.lesson_delete(lesson=lesson, actor=faculty_b),
        lambda: services.version_submit(version=version, actor=faculty_b),
        lambda: services.course_set_authors(course=course, authors=[faculty_b], actor=faculty_b),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed):
            attempt()
    version.refresh_from_db()
    assert version.title_en == TEXTS["title_en"]
    assert version.lessons.count() == 2
    # an administrator may edit anything; a co-author added by the author may edit too
    services.version_update(version=version, actor=admin, title_en="Edited by admin")
    services.course_set_authors(course=course, authors=[faculty_a, faculty_b], actor=faculty_a)
    services.version_update(version=version, actor=faculty_b, title_en="Edited by co-author")
    version.refresh_from_db()
    assert version.title_en == "Edited by co-author"


def test_reorder_modules_and_lessons(types, apa, faculty_a):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa, lessons=3)
    version = course.versions.get()
    m1 = version.modules.get()
    m2 = services.module_create(version=version, actor=faculty_a, title_en="Two")
    m3 = services.module_create(version=version, actor=faculty_a, title_en="Three", position=1)
    assert list(version.modules.order_by("position").values_list("pk", flat=True)) == [m3.pk, m1.pk, m2.pk]
    services.module_move(module=m2, position=1, actor=faculty_a)
    assert list(version.modules.order_by("position").values_list("pk", "position")) == [
        (m2.pk, 1), (m3.pk, 2), (m1.pk, 3)]
    services.module_move(module=m2, position=99, actor=faculty_a)
    assert list(version.modules.order_by("position").values_list("pk", flat=True)) == [m3.pk, m1.pk, m2.pk]

    l1, l2, l3 = m1.lessons.order_by("position")
    services.lesson_move(lesson=l3, position=1, actor=faculty_a)
    assert list(m1.lessons.order_by("position").values_list("pk", "position")) == [(l3.pk, 1), (l1.pk, 2), (l2.pk, 3)]
    services.lesson_move(lesson=l1, position=1, actor=faculty_a, module=m2)
    assert list(m1.lessons.order_by("position").values_list("pk", "position")) == [(l3.pk, 1), (l2.pk, 2)]
    assert list(m2.lessons.values_list("pk", "position")) == [(l1.pk, 1)]
    services.module_delete(module=m3, actor=faculty_a)
    assert list(version.modules.order_by("position").values_list("position", flat=True)) == [1, 2]
    assert AuditEntry.objects.filter(action="courses.lesson.move").count() == 2


def test_lesson_cannot_move_to_another_versions_module(types, apa, faculty_a):
    one = make_course(faculty_a, code="ONE-1", course_type=types["advanced_training"], provider=apa)
    two = make_course(faculty_a, code="TWO-2", course_type=types["advanced_training"], provider=apa)
    lesson = one.versions.get().lessons.first()
    with pytest.raises(ApplicationError) as exc:
        services.lesson_move(lesson=lesson, position=1, actor=faculty_a, module=two.versions.get().modules.get())
    assert exc.value.code == "bad_module"


def test_html_is_sanitised(types, apa, faculty_a):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa, lessons=0)
    module = course.versions.get().modules.get()
    lesson = services.lesson_create(
        module=module, actor=faculty_a, kind="text", title_en="T",
        body_en='<p onclick="steal()">Hello <b>world</b><script>alert(1)</script>'
                '<a href="javascript:alert(1)">x</a><a href="https://egov.kz">egov</a>'
                '<img src="x" onerror="alert(1)"><iframe src="https://evil"></iframe></p>',
    )
    lesson.refresh_from_db()
    body = lesson.body_en
    assert "<script" not in body and "alert(1)" not in body
    assert "onclick" not in body and "onerror" not in body and "iframe" not in body
    assert "javascript:" not in body
    assert "<b>world</b>" in body and 'href="https://egov.kz"' in body and "noopener" in body
    services.lesson_update(lesson=lesson, actor=faculty_a, body_ru='<p style="x" onmouseover="y()">Текст</p>')
    lesson.refresh_from_db()
    assert lesson.body_ru == "<p>Текст</p>"


def test_lesson_kinds_validated(types, apa, faculty_a):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa, lessons=0)
    module = course.versions.get().modules.get()
    make = lambda **kw: services.lesson_create(module=module, actor=faculty_a, title_en="L", **kw)  # noqa: E731
    for kw, field in [
        ({"kind": "link", "url": "javascript:alert(1)"}, "url"),
        ({"kind": "link", "url": "ftp://files.example.kz/a.pdf"}, "url"),
        ({"kind": "video"}, "video"),
        ({"kind": "file"}, "file"),
        ({"kind": "file", "file": SimpleUploadedFile("run.exe", b"MZ")}, "file"),
        ({"kind": "scorm"}, "kind"),  # unknown kind ("quiz" is registered by assessments)
        ({"kind": "text", "completion_rule": "video_share", "completion_param": 50}, "completion_rule"),
    ]:
        with pytest.raises(ApplicationError) as exc:
            make(**kw)
        assert exc.value.extra.get("field") == field, kw
    link = make(kind="link", url=" https://egov.kz/services ")
    assert link.url == "https://egov.kz/services"
    video = VideoAsset.objects.create(title_en="Intro", source="videos/source/intro.mp4", duration_seconds=120)
    with pytest.raises(ApplicationError) as exc:
        make(kind="video", video=video, completion_rule="video_share")
    assert exc.value.code == "bad_completion_param"
    lesson = make(kind="video", video=video, completion_rule="video_share", completion_param=80)
    assert (lesson.completion_rule, lesson.completion_param) == ("video_share", 80)


def test_file_lesson_size_and_extension(types, apa, faculty_a, settings, tmp_path):
    settings.COURSE_FILE_MAX_BYTES, settings.MEDIA_ROOT = 10, tmp_path
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa, lessons=0)
    module = course.versions.get().modules.get()
    with pytest.raises(ApplicationError, match="larger"):
        services.lesson_create(module=module, actor=faculty_a, kind="file", title_en="F",
                               file=SimpleUploadedFile("rules.pdf", b"%PDF-" + b"x" * 20))
    lesson = services.lesson_create(module=module, actor=faculty_a, kind="file", title_en="F",
                                    file=SimpleUploadedFile("rules.pdf", b"%PDF-1"))
    assert lesson.file.name.endswith(".pdf")


def test_competency_mapping(types, apa, faculty_a, comps, levels):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa)
    version = course.versions.get()
    services.version_set_competencies(version=version, actor=faculty_a, items=[
        {"competency": comps["LEAD"], "level": levels[3], "weight": 60},
        {"competency": comps["STRESS"], "level": levels[2]},
    ])
    assert dict(version.competencies.values_list("competency__idnumber", "level__value")) == {"LEAD": 3, "STRESS": 2}
    version.refresh_from_db()
    assert "лидерство" in version.search_text and "көшбасшылық" in version.search_text
    with pytest.raises(ApplicationError) as exc:
        services.version_set_competencies(version=version, actor=faculty_a, items=[
            {"competency": comps["LEAD"], "level": levels[3], "weight": 101}])
    assert exc.value.code == "bad_weight"
    assert version.competencies.count() == 2


def test_db_rejects_bad_rows(types, apa, faculty_a):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa)
    version = course.versions.get()
    with pytest.raises(IntegrityError):
        CourseVersion.objects.filter(pk=version.pk).update(languages="kk de")


def test_lesson_fixture_helper_is_complete(types, apa, faculty_a):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa, lessons=1)
    lesson = Lesson.objects.get(version__course=course)
    assert lesson.body_kk == full_lesson(1)["body_kk"]
