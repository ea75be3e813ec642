import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from courses import services
from courses.models import Course
from tests.courses.conftest import TEXTS, make_course, publish

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def published(types, apa, faculty_a, admin):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa)
    publish(course, faculty_a, admin)
    return course


def test_author_creates_edits_and_submits_over_the_api(types, apa, faculty_a, admin, framework):
    api = client_for(faculty_a)
    response = api.post("/api/v1/courses/", {"code": "PM-201", "course_type": "advanced_training", "provider": "APA",
                                             "hours": 36, "languages": ["ru", "kk"], **TEXTS}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["languages"] == ["kk", "ru"] and response.json()["completeness"]["ru"]["complete"]
    bad = api.patch("/api/v1/courses/PM-201/draft/", {"hours": 90}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "hours_out_of_range"
    assert api.patch("/api/v1/courses/PM-201/draft/", {"hours": 40}, format="json").json()["hours"] == 40

    module = api.post("/api/v1/courses/PM-201/draft/modules/", {"title_kk": "Кіріспе", "title_ru": "Введение"},
                      format="json").json()
    second = api.post("/api/v1/courses/PM-201/draft/modules/", {"title_kk": "Екі"}, format="json").json()
    lesson = api.post(f"/api/v1/course-modules/{module['id']}/lessons/",
                      {"kind": "text", "title_kk": "Сабақ", "title_ru": "Урок",
                       "body_kk": "<p>Мәтін</p>", "body_ru": "<p onclick='x()'>Текст</p><script>1</script>"},
                      format="json")
    assert lesson.status_code == 201 and lesson.json()["body_ru"] == "<p>Текст</p>"
    moved = api.post(f"/api/v1/course-modules/{second['id']}/move/", {"position": 1}, format="json")
    assert moved.json()["position"] == 1
    assert api.put("/api/v1/courses/PM-201/draft/competencies/",
                   {"items": [{"competency": "LEAD", "level": 3, "weight": 50}]}, format="json").status_code == 200

    blocked = api.post("/api/v1/courses/PM-201/submit/", {}, format="json")
    assert blocked.status_code == 400 and blocked.json()["code"] == "translation_missing"
    assert blocked.json()["missing"] == {"ru": ["module 1: title"]}
    assert api.patch(f"/api/v1/course-modules/{second['id']}/", {"title_ru": "Два"},
                     format="json").json()["title_ru"] == "Два"
    assert api.post("/api/v1/courses/PM-201/submit/", {}, format="json").status_code == 200
    assert api.post("/api/v1/courses/PM-201/publish/", {}, format="json").status_code == 403
    published = client_for(admin).post("/api/v1/courses/PM-201/publish/", {"comment": "ok"}, format="json")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert api.post("/api/v1/courses/PM-201/new-draft/", {}, format="json").json()["version"] == 2


def test_faculty_cannot_touch_another_faculty_members_course(published, faculty_b, learner):
    draft = services.version_new_draft(course=published, actor=published.authors.get())
    module, lesson = draft.modules.get(), draft.lessons.first()
    for user in (faculty_b, learner):
        api = client_for(user)
        assert api.patch(f"/api/v1/courses/{published.code}/draft/", {"title_en": "X"},
                         format="json").status_code == 404
        assert api.get(f"/api/v1/courses/{published.code}/draft/").status_code == 404
        assert api.post(f"/api/v1/courses/{published.code}/draft/modules/", {"title_en": "X"},
                        format="json").status_code == 404
        assert api.patch(f"/api/v1/course-modules/{module.pk}/", {"title_en": "X"}, format="json").status_code == 404
        assert api.post(f"/api/v1/course-lessons/{lesson.pk}/move/", {"position": 2},
                        format="json").status_code == 404
        assert api.delete(f"/api/v1/course-lessons/{lesson.pk}/").status_code == 404
        assert api.post(f"/api/v1/courses/{published.code}/submit/", {}, format="json").status_code == 404
    assert client_for(learner).post("/api/v1/courses/", {"code": "NEW-1"}, format="json").status_code == 403
    draft.refresh_from_db()
    assert draft.title_en == TEXTS["title_en"] and draft.modules.count() == 1


def test_learner_cannot_see_a_draft(types, apa, faculty_a, learner, published):
    make_course(faculty_a, code="SECRET-1", course_type=types["advanced_training"], provider=apa)
    api = client_for(learner)
    assert api.get("/api/v1/courses/SECRET-1/").status_code == 404
    assert client_for(faculty_a).get("/api/v1/courses/SECRET-1/").json()["status"] == "draft"
    codes = [c["code"] for c in api.get("/api/v1/courses/").json()["results"]]
    assert codes == [published.code]
    draft_lesson = Course.objects.get(code="SECRET-1").versions.get().lessons.first()
    assert api.post(f"/api/v1/course-lessons/{draft_lesson.pk}/complete/").status_code == 404


def test_learner_flow_over_the_api(published, learner):
    api = client_for(learner)
    detail = api.get(f"/api/v1/courses/{published.code}/").json()
    assert detail["status"] == "published" and len(detail["modules"][0]["lessons"]) == 2
    assert api.post(f"/api/v1/course-lessons/{detail['modules'][0]['lessons'][0]['id']}/complete/").status_code == 403
    start = api.post(f"/api/v1/courses/{published.code}/start/")
    assert start.status_code == 200 and start.json()["percent"] == 0
    for lesson in detail["modules"][0]["lessons"]:
        done = api.post(f"/api/v1/course-lessons/{lesson['id']}/complete/")
        assert done.status_code == 200 and done.json()["completed_at"]
    mine = api.get("/api/v1/my-learning/").json()["results"]
    assert [(m["code"], m["percent"], m["lessons_done"]) for m in mine] == [(published.code, 100, 2)]
    assert mine[0]["completed_at"]


def test_catalog_filters_and_bad_parameters(published, learner):
    api = client_for(learner)
    assert api.get("/api/v1/courses/", {"q": "цифровая", "language": "kk", "type": "advanced_training"}).json()["count"] == 1
    assert api.get("/api/v1/courses/", {"q": "цифрлық"}).json()["count"] == 1
    assert api.get("/api/v1/courses/", {"hours_max": 10}).json()["count"] == 0
    assert api.get("/api/v1/courses/", {"delivery_format": "online", "competency": "LEAD"}).json()["count"] == 0
    assert api.get("/api/v1/courses/", {"delivery_format": "teleport"}).status_code == 400
    assert api.get("/api/v1/courses/", {"hours_min": "many"}).status_code == 400
    assert api.get("/api/v1/courses/", {"language": "de"}).status_code == 400


def test_catalog_page_query_count_constant_in_page_size(types, apa, faculty_a, admin, learner, comps, levels):
    for i in range(12):
        course = make_course(faculty_a, code=f"C-{i:02d}", course_type=types["advanced_training"], provider=apa, lessons=1)
        services.version_set_competencies(version=course.versions.get(), actor=faculty_a, items=[
            {"competency": comps["LEAD"], "level": levels[2]}])
        publish(course, faculty_a, admin)
    api = client_for(learner)
    counts = {}
    for size in (2, 10):
        with CaptureQueriesContext(connection) as ctx:
            response = api.get("/api/v1/courses/", {"page_size": size, "q": "цифровая", "sort": "hours"})
        assert len(response.json()["results"]) == size
        counts[size] = len(ctx.captured_queries)
    assert counts[2] == counts[10]
    assert counts[10] <= 8
