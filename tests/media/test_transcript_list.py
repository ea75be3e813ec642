"""The recordings list's transcript search: only recordings the viewer may watch, in kk/ru/en."""

import pytest
from django.test import Client
from django.urls import reverse

from courses.models import Course, CourseProgress, CourseType, CourseVersion, Provider
from media import services
from media.models import Audience, VideoAsset
from people.models import Role
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n{}\n"


def recording(title, audience, *, words="Бюджетное ПЛАНИРОВАНИЕ", language="ru", course=None,
              status=VideoAsset.Status.READY, uploaded_by=None):
    asset = VideoAsset.objects.create(title_en=title, source="videos/source/x.mp4", status=status, duration=10,
                                      audience=audience, audience_course=course, uploaded_by=uploaded_by)
    services.subtitle_upload(asset=asset, actor=None, language=language, raw=VTT.format(words).encode(),
                             filename=f"{language}.vtt")
    return asset


@pytest.fixture
def course():
    course = Course.objects.create(code="APA-MC-9")
    version = CourseVersion.objects.create(course=course, number=1, title_en="Course", hours=8,
                                           course_type=CourseType.objects.first(),
                                           provider=Provider.objects.create(code="APA", name_en="APA"))
    return course, version


@pytest.fixture
def library(course):
    return {
        "public": recording("Public talk", Audience.PUBLIC),
        "registered": recording("Registered talk", Audience.REGISTERED),
        "servants": recording("Servants talk", Audience.SERVANTS),
        "course": recording("Course talk", Audience.COURSE, course=course[0]),
        "kazakh": recording("Kazakh talk", Audience.REGISTERED, words="Мемлекеттік ҚЫЗМЕТ этикасы", language="kk"),
        "other": recording("Other talk", Audience.REGISTERED, words="Совсем другая тема"),
    }


def titles(user, q=None):
    client = Client()
    client.force_login(user)
    response = client.get(reverse("media:list"), {"q": q} if q is not None else {})
    assert response.status_code == 200
    return sorted(a.title_en for a in response.context["assets"])


def test_search_is_narrowed_to_the_audience(library, course):
    plain = UserFactory(username="plain")
    servant = user_with_role(Role.SERVANT, username="servant")
    learner = UserFactory(username="course_learner")
    CourseProgress.objects.create(learner=learner, version=course[1])
    assert titles(plain, "планирование") == ["Public talk", "Registered talk"]
    assert titles(servant, "планирование") == ["Public talk", "Registered talk", "Servants talk"]
    assert titles(learner, "планирование") == ["Course talk", "Public talk", "Registered talk"]
    faculty = user_with_role(Role.FACULTY, username="teacher")
    assert titles(faculty, "планирование") == ["Course talk", "Public talk", "Registered talk", "Servants talk"]


def test_kazakh_and_case_insensitive(library):
    user = UserFactory(username="reader")
    assert titles(user, "қызмет") == ["Kazakh talk"]
    assert titles(user, "  ЭТИКАСЫ ") == ["Kazakh talk"]


def test_without_query_lists_everything_visible_and_no_match_says_so(library):
    user = UserFactory(username="reader")
    assert titles(user) == ["Kazakh talk", "Other talk", "Public talk", "Registered talk"]
    client = Client()
    client.force_login(user)
    response = client.get(reverse("media:list"), {"q": "нетакогослова"})
    assert list(response.context["assets"]) == []
    assert 'value="нетакогослова"' in response.content.decode()


def test_wildcards_and_markup_are_plain_text(library):
    user = UserFactory(username="reader")
    assert titles(user, "%") == []  # LIKE wildcards are escaped, not "everything"
    assert titles(user, "_") == []
    client = Client()
    client.force_login(user)
    page = client.get(reverse("media:list"), {"q": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page
    assert titles(user, "планирование " * 40) == []  # over-long input is cut to 200 characters, no error


def test_result_count_is_announced(library):
    client = Client()
    client.force_login(UserFactory(username="reader"))
    page = client.get(reverse("media:list"), {"q": "планирование"}).content.decode()
    assert 'class="media-search-count" role="status"' in page
    assert "media-search-count" not in client.get(reverse("media:list")).content.decode()


def test_own_unprocessed_upload_is_not_a_search_hit_but_stays_listed(db):
    uploader = UserFactory(username="uploader")
    recording("Mine", Audience.SERVANTS, status=VideoAsset.Status.PROCESSING, uploaded_by=uploader)
    assert titles(uploader) == ["Mine"]
    assert titles(uploader, "планирование") == []  # transcript_search only finds ready recordings


def test_sign_in_required(library):
    response = Client().get(reverse("media:list"), {"q": "планирование"})
    assert response.status_code == 302
