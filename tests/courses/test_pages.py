"""Course web pages: catalog (search in ru/kk, filters, constant queries), course page, player (mark complete
with and without htmx), my learning, authoring (scoping, reorder, errors shown, nothing half-saved), review."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import selectors, services
from courses.models import CourseProgress, CourseVersion, LessonProgress, Module
from tests.courses.conftest import TEXTS, make_course, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_as(client):
    def login(user, language="en"):
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        client.force_login(user)
        return client
    return login


@pytest.fixture
def published(types, apa, branch, faculty_a, admin, comps, levels):
    """DT-1 (advanced training, APA, kk ru en, STRESS 2) and AC-1 (seminar, branch, kk ru, onsite, INTEG 3)."""
    dt = make_course(faculty_a, code="DT-1", course_type=types["advanced_training"], provider=apa, hours=24)
    services.version_set_competencies(version=dt.versions.get(), actor=faculty_a, items=[
        {"competency": comps["STRESS"], "level": levels[2]}])
    ac = make_course(faculty_a, code="AC-1", course_type=types["seminar"], provider=branch, hours=8,
                     languages="kk ru", title_kk="Сыбайлас жемқорлыққа қарсы стандарттар",
                     title_ru="Антикоррупционные стандарты на государственной службе",
                     title_en="Anti-corruption standards in the civil service")
    services.version_update(version=ac.versions.get(), actor=faculty_a, delivery_format="onsite")
    services.version_set_competencies(version=ac.versions.get(), actor=faculty_a, items=[
        {"competency": comps["INTEG"], "level": levels[3]}])
    publish(dt, faculty_a, admin)
    publish(ac, faculty_a, admin)
    return {"DT": dt, "AC": ac}


def result_codes(response) -> list[str]:
    return sorted(v.course.code for v in response.context["page"].object_list)


# ---- catalog ----------------------------------------------------------------------------------------------

def test_catalog_lists_published_courses_with_cards(client_as, learner, published, faculty_a, types, apa):
    make_course(faculty_a, code="DRAFT-1", course_type=types["advanced_training"], provider=apa)
    response = client_as(learner).get(reverse("courses:catalog"))
    assert response.status_code == 200
    assert result_codes(response) == ["AC-1", "DT-1"]
    html = response.content.decode()
    assert "Digital transformation of public services" in html
    assert "Stress resistance" in html  # competency chip
    assert "24 academic hours" in html
    assert "Almaty branch" in html
    assert "DRAFT-1" not in html


@pytest.mark.parametrize("q", ["антикоррупционные", "Жемқорлыққа", "anti-corruption"])
def test_catalog_search_in_russian_kazakh_english(client_as, learner, published, q):
    response = client_as(learner).get(reverse("courses:catalog"), {"q": q})
    assert result_codes(response) == ["AC-1"]


def test_catalog_search_by_kazakh_word_in_kazakh_ui(client_as, learner, published):
    response = client_as(learner, "kk").get(reverse("courses:catalog"), {"q": "цифрлық"})
    assert result_codes(response) == ["DT-1"]
    assert "Мемлекеттік қызметтерді цифрлық трансформациялау" in response.content.decode()  # title in kk


def test_catalog_filters(client_as, learner, published):
    c = client_as(learner)
    url = reverse("courses:catalog")
    assert result_codes(c.get(url, {"competency": "INTEG"})) == ["AC-1"]
    assert result_codes(c.get(url, {"competency": "STRESS", "min_level": "3"})) == []
    assert result_codes(c.get(url, {"min_level": "3"})) == ["AC-1"]
    assert result_codes(c.get(url, {"type": "advanced_training"})) == ["DT-1"]
    assert result_codes(c.get(url, {"provider": "APA-ALA"})) == ["AC-1"]
    assert result_codes(c.get(url, {"delivery_format": "onsite"})) == ["AC-1"]
    assert result_codes(c.get(url, {"language": "en"})) == ["DT-1"]
    assert result_codes(c.get(url, {"hours_min": "10"})) == ["DT-1"]
    assert result_codes(c.get(url, {"hours_max": "10"})) == ["AC-1"]
    assert result_codes(c.get(url, {"hours_min": "9", "hours_max": "30", "language": "kk"})) == ["DT-1"]


def test_catalog_bad_filter_is_an_error_not_a_crash(client_as, learner, published):
    c = client_as(learner)
    response = c.get(reverse("courses:catalog"), {"hours_min": "30", "hours_max": "10"})
    assert response.status_code == 400
    assert result_codes(response) == []
    assert "must not be less" in response.content.decode()
    assert c.get(reverse("courses:catalog"), {"type": "no-such-type"}).status_code == 400
    assert c.get(reverse("courses:catalog"), {"hours_min": "abc"}).status_code == 400


def test_catalog_query_count_does_not_grow_with_page_size(client_as, learner, faculty_a, admin, types, apa, comps,
                                                          levels):
    for n in range(14):
        course = make_course(faculty_a, code=f"C-{n:02d}", course_type=types["advanced_training"], provider=apa,
                             lessons=1)
        services.version_set_competencies(version=course.versions.get(), actor=faculty_a, items=[
            {"competency": comps["STRESS"], "level": levels[2]}, {"competency": comps["LEAD"], "level": levels[1]}])
        publish(course, faculty_a, admin)
    c = client_as(learner)
    c.get(reverse("courses:catalog"))  # warm the session and the user
    counts = {}
    for per_page in (12, 48):
        with CaptureQueriesContext(connection) as ctx:
            response = c.get(reverse("courses:catalog"), {"per_page": per_page})
        assert len(response.context["page"].object_list) == min(per_page, 14)
        counts[per_page] = len(ctx.captured_queries)
    assert counts[12] == counts[48], counts


# ---- course page and player -------------------------------------------------------------------------------

def test_course_page_shows_outline_competencies_and_start(client_as, learner, published):
    response = client_as(learner).get(reverse("courses:detail", args=["DT-1"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Module 1" in html and "Lesson 2" in html
    assert "Stress resistance" in html and "L2" in html
    assert "Start the course" in html


def test_learner_cannot_open_a_draft(client_as, learner, faculty_a, types, apa):
    make_course(faculty_a, code="DRAFT-1", course_type=types["advanced_training"], provider=apa)
    c = client_as(learner)
    assert c.get(reverse("courses:detail", args=["DRAFT-1"])).status_code == 404
    assert c.post(reverse("courses:start", args=["DRAFT-1"])).status_code == 404
    assert c.get(reverse("courses:preview", args=["DRAFT-1"])).status_code == 403
    lesson = CourseVersion.objects.get(course__code="DRAFT-1").lessons.first()
    assert c.get(reverse("courses:lesson", args=["DRAFT-1", lesson.pk])).status_code == 404


@pytest.fixture
def marked_course(faculty_a, admin, types, apa):
    """DT-1 published with two lessons the learner marks complete by hand."""
    course = make_course(faculty_a, code="DT-1", course_type=types["advanced_training"], provider=apa)
    for lesson in course.versions.get().lessons.all():
        services.lesson_update(lesson=lesson, actor=faculty_a, completion_rule="marked")
    publish(course, faculty_a, admin)
    return course


def test_player_start_resume_and_mark_complete(client_as, learner, marked_course):
    c = client_as(learner)
    response = c.post(reverse("courses:start", args=["DT-1"]))
    assert response.status_code == 302 and response.url == reverse("courses:learn", args=["DT-1"])
    version = marked_course.published_version
    first, second = version.lessons.order_by("position")
    response = c.get(reverse("courses:learn", args=["DT-1"]), follow=True)
    assert response.context["lesson"] == first
    html = response.content.decode()
    assert "<p>Text 1</p>" in html  # sanitised HTML rendered as HTML
    assert 'value="0"' in html and "Mark complete" in html

    response = c.post(reverse("courses:complete", args=["DT-1", first.pk]), follow=True)
    assert "Lesson completed." in response.content.decode()
    progress = CourseProgress.objects.get(learner=learner)
    assert selectors.progress_summary(progress).percent == 50

    # htmx: the sidebar (progress bar) comes back with the completion box swapped out of band
    c.get(reverse("courses:lesson", args=["DT-1", second.pk]))
    response = c.post(reverse("courses:complete", args=["DT-1", second.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="player-nav"' in html and 'hx-swap-oob="true"' in html
    assert 'value="100"' in html and "Course progress: 100%" in html
    assert "<html" not in html  # a fragment, not a page
    progress.refresh_from_db()
    assert progress.completed_at is not None

    # resume: the last lesson opened
    c.get(reverse("courses:lesson", args=["DT-1", first.pk]))
    assert c.get(reverse("courses:learn", args=["DT-1"])).url == reverse("courses:lesson", args=["DT-1", first.pk])
    response = c.get(reverse("courses:my-learning"))
    assert [p.version.course.code for p in response.context["completed"]] == ["DT-1"]
    assert "100%" in response.content.decode()


def test_player_requires_start_and_lessons_of_the_version(client_as, learner, published):
    c = client_as(learner)
    ac_lesson = published["AC"].published_version.lessons.first()
    dt_lesson = published["DT"].published_version.lessons.first()
    assert c.get(reverse("courses:lesson", args=["DT-1", dt_lesson.pk])).url == reverse("courses:detail",
                                                                                       args=["DT-1"])
    c.post(reverse("courses:start", args=["DT-1"]))
    assert c.get(reverse("courses:lesson", args=["DT-1", ac_lesson.pk])).status_code == 404
    assert c.post(reverse("courses:complete", args=["DT-1", ac_lesson.pk])).status_code == 404
    assert c.get(reverse("courses:complete", args=["DT-1", dt_lesson.pk])).status_code == 405
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_link_lesson_opens_safely(client_as, learner, faculty_a, admin, types, apa):
    course = make_course(faculty_a, code="LN-1", course_type=types["advanced_training"], provider=apa, lessons=1)
    module = Module.objects.get(version__course=course)
    link = services.lesson_create(module=module, actor=faculty_a, kind="link", url="https://egov.kz/",
                                  title_kk="Сілтеме", title_ru="Ссылка", title_en="Link")
    publish(course, faculty_a, admin)
    c = client_as(learner)
    c.post(reverse("courses:start", args=["LN-1"]))
    html = c.get(reverse("courses:lesson", args=["LN-1", link.pk])).content.decode()
    assert 'href="https://egov.kz/" target="_blank" rel="noopener noreferrer"' in html


# ---- authoring --------------------------------------------------------------------------------------------

def test_faculty_cannot_open_another_faculty_members_course(client_as, faculty_a, faculty_b, types, apa):
    course = make_course(faculty_a, code="DT-1", course_type=types["advanced_training"], provider=apa)
    module = Module.objects.get(version__course=course)
    lesson = module.lessons.first()
    c = client_as(faculty_b)
    for name, args in (("edit", ["DT-1"]), ("preview", ["DT-1"]), ("module-edit", [module.pk]),
                       ("lesson-edit", [lesson.pk]), ("lesson-delete", [lesson.pk])):
        assert c.get(reverse(f"courses:{name}", args=args)).status_code == 404, name
    response = c.post(reverse("courses:edit", args=["DT-1"]), {"title_en": "Hijacked"})
    assert response.status_code == 404
    assert c.post(reverse("courses:lesson-delete", args=[lesson.pk])).status_code == 404
    assert c.post(reverse("courses:submit", args=["DT-1"])).status_code == 404
    assert "DT-1" not in c.get(reverse("courses:authoring")).content.decode()
    assert course.versions.get().title_en == TEXTS["title_en"] and module.lessons.count() == 2


def test_servant_gets_403_on_authoring(client_as, learner):
    assert client_as(learner).get(reverse("courses:authoring")).status_code == 403
    assert client_as(learner).get(reverse("courses:create")).status_code == 403


def _create_post(**overrides):
    data = {"code": "new-1", "course_type": "", "provider": "", "hours": "24", "delivery_format": "online",
            "languages": ["ru", "en"], "title_ru": "Публичная политика", "title_en": "Public policy",
            "summary_ru": "Курс.", "summary_en": "A course."}
    data.update(overrides)
    return data


def test_faculty_creates_edits_reorders_and_submits(client_as, faculty_a, types, apa):
    c = client_as(faculty_a)
    data = _create_post(course_type=types["advanced_training"].pk, provider=apa.pk)
    response = c.post(reverse("courses:create"), data)
    assert response.status_code == 302 and response.url == reverse("courses:edit", args=["NEW-1"])
    page = c.get(response.url)
    html = page.content.decode()
    assert "Kazakh" in html and "not a language of delivery: optional" in html
    assert [(code, info["complete"]) for code, _n, info, _d in page.context["completeness"]] == [
        ("kk", False), ("ru", True), ("en", True)]

    c.post(reverse("courses:module-create", args=["NEW-1"]), {"title_ru": "Первый", "title_en": "First"})
    c.post(reverse("courses:module-create", args=["NEW-1"]), {"title_ru": "Второй", "title_en": "Second"})
    first, second = Module.objects.filter(version__course__code="NEW-1").order_by("position")
    response = c.post(reverse("courses:module-move", args=[second.pk]), {"direction": "up"})
    assert response.status_code == 302 and response.url.endswith(f"#module-{second.pk}")
    assert list(Module.objects.filter(version__course__code="NEW-1").order_by("position")
                .values_list("title_en", flat=True)) == ["Second", "First"]

    response = c.post(reverse("courses:lesson-create", args=[second.pk]), {
        "kind": "text", "completion_rule": "marked", "title_ru": "Урок", "title_en": "Lesson",
        "body_ru": "<p>Текст</p><script>alert(1)</script>", "body_en": "<p>Text</p>"})
    assert response.status_code == 302
    lesson = second.lessons.get()
    assert "<script>" not in lesson.body_ru

    response = c.post(reverse("courses:submit", args=["NEW-1"]), follow=True)
    assert "submitted for review" in response.content.decode()
    assert CourseVersion.objects.get(course__code="NEW-1").status == "in_review"


def test_create_shows_hours_rule_in_users_language_and_saves_nothing(client_as, faculty_a, types, apa):
    data = _create_post(course_type=types["advanced_training"].pk, provider=apa.pk, hours="200")
    response = client_as(faculty_a, "ru").post(reverse("courses:create"), data)
    assert response.status_code == 400
    message = response.context["form"].errors["hours"][0]
    assert "80" in message and "200" in message and "academic hours" not in message  # shown in Russian
    assert not CourseVersion.objects.exists()
    response = client_as(faculty_a, "en").post(reverse("courses:create"), data)
    assert "from 8 to 80 academic hours (this course: 200)" in response.content.decode()
    assert not CourseVersion.objects.exists()


def test_submit_blocked_by_missing_translation_shows_message(client_as, faculty_a, types, apa):
    course = make_course(faculty_a, code="DT-1", course_type=types["advanced_training"], provider=apa,
                         summary_kk="")
    response = client_as(faculty_a).post(reverse("courses:submit", args=["DT-1"]), follow=True)
    html = response.content.decode()
    assert "texts are missing in its languages of delivery" in html
    assert "Kazakh: course summary" in html
    assert course.versions.get().status == "draft"


def test_publish_blocked_by_missing_translation_shows_message(client_as, faculty_a, admin, types, apa):
    course = make_course(faculty_a, code="DT-1", course_type=types["advanced_training"], provider=apa)
    version = course.versions.get()
    services.version_submit(version=version, actor=faculty_a)
    CourseVersion.objects.filter(pk=version.pk).update(title_en="")  # e.g. edited by an admin tool
    c = client_as(admin)
    assert "DT-1" in c.get(reverse("courses:review-queue")).content.decode()
    response = c.post(reverse("courses:review-decide", args=["DT-1"]), {"decision": "publish"}, follow=True)
    html = response.content.decode()
    assert "cannot be published" in html and "English: course title" in html
    version.refresh_from_db()
    assert version.status == "in_review" and course.published_version_id is None


def test_admin_publishes_and_sends_back(client_as, faculty_a, admin, types, apa):
    for code in ("DT-1", "DT-2"):
        course = make_course(faculty_a, code=code, course_type=types["advanced_training"], provider=apa)
        services.version_submit(version=course.versions.get(), actor=faculty_a)
    c = client_as(admin)
    response = c.post(reverse("courses:review-decide", args=["DT-1"]), {"decision": "return"}, follow=True)
    assert "Say what must change" in response.content.decode()
    c.post(reverse("courses:review-decide", args=["DT-1"]), {"decision": "return", "comment": "Shorter summary"})
    c.post(reverse("courses:review-decide", args=["DT-2"]), {"decision": "publish"})
    assert CourseVersion.objects.get(course__code="DT-1").status == "draft"
    assert CourseVersion.objects.get(course__code="DT-2").status == "published"
    page = client_as(faculty_a).get(reverse("courses:edit", args=["DT-1"])).content.decode()
    assert "Shorter summary" in page
    # authors cannot review
    assert client_as(faculty_a).get(reverse("courses:review-queue")).status_code == 403


def test_new_draft_from_published(client_as, faculty_a, admin, types, apa):
    course = make_course(faculty_a, code="DT-1", course_type=types["advanced_training"], provider=apa)
    publish(course, faculty_a, admin)
    c = client_as(faculty_a)
    assert "New draft from the published version" in c.get(reverse("courses:edit", args=["DT-1"])).content.decode()
    c.post(reverse("courses:new-draft", args=["DT-1"]))
    draft = course.versions.get(status="draft")
    assert draft.number == 2 and draft.lessons.count() == 2
    response = c.post(reverse("courses:edit", args=["DT-1"]), {
        "course_type": types["advanced_training"].pk, "provider": apa.pk, "hours": "30", "delivery_format": "online",
        "languages": ["kk", "ru", "en"], **TEXTS, "title_en": "Renamed"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title_en == "Renamed" and draft.hours == 30
    course.refresh_from_db()
    assert course.published_version.title_en == TEXTS["title_en"]  # the published version is frozen


def test_my_courses_lists_statuses(client_as, faculty_a, admin, types, apa):
    make_course(faculty_a, code="DT-1", course_type=types["advanced_training"], provider=apa)
    c2 = make_course(faculty_a, code="DT-2", course_type=types["advanced_training"], provider=apa)
    services.version_submit(version=c2.versions.get(), actor=faculty_a)
    html = client_as(faculty_a).get(reverse("courses:authoring")).content.decode()
    assert "status-draft" in html and "status-in_review" in html


def test_video_lesson_renders_html5_video(client_as, learner, faculty_a, admin, types, apa):
    from media.models import VideoAsset

    asset = VideoAsset.objects.create(title_en="Intro", source="videos/source/intro.mp4", status="ready")
    course = make_course(faculty_a, code="VD-1", course_type=types["advanced_training"], provider=apa, lessons=0)
    module = Module.objects.get(version__course=course)
    video = services.lesson_create(module=module, actor=faculty_a, kind="video", video=asset,
                                   title_kk="Бейне", title_ru="Видео", title_en="Video")
    publish(course, faculty_a, admin)
    c = client_as(learner)
    c.post(reverse("courses:start", args=["VD-1"]))
    html = c.get(reverse("courses:lesson", args=["VD-1", video.pk])).content.decode()
    # the media player plays the processed renditions (tests/media/test_course_video_lesson.py); the source file
    # is never linked (nothing serves /media-files/: that was the 404), and an asset without renditions says so
    assert "/media-files/videos/source" not in html and "The video is not available yet." in html
