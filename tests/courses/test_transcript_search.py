"""Catalog search also finds published courses through the subtitles of their video lessons (issue #6)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import selectors, services
from media import services as media_services
from media.models import VideoAsset
from tests.courses.conftest import make_course, publish

pytestmark = pytest.mark.django_db

RU_VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nСегодня обсуждаем ГОСЗАКУПКИ и Ёмкость рынка.\n"
KK_SRT = "1\n00:00:00,000 --> 00:00:02,000\nБүгін біз ҚАРЖЫЛАНДЫРУ туралы сөйлесеміз.\n"
EN_VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nProcurement planning basics.\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def ready_asset(title="Recording", status=VideoAsset.Status.READY):
    return VideoAsset.objects.create(title_en=title, source="videos/source/x.mp4", status=status, duration=10)


def add_subtitles(asset, language, text, filename=None):
    media_services.subtitle_upload(asset=asset, actor=None, language=language, raw=text.encode(),
                                   filename=filename or f"{language}.vtt")


def with_video_lesson(course, actor, asset):
    module = course.versions.get(status="draft").modules.get()
    services.lesson_create(module=module, actor=actor, kind="video", video=asset,
                           title_kk="Бейне", title_ru="Видео", title_en="Video")
    return course


def codes(qs):
    return sorted(v.course.code for v in qs)


@pytest.fixture
def asset():
    video = ready_asset()
    add_subtitles(video, "ru", RU_VTT)
    add_subtitles(video, "kk", KK_SRT, "kk.srt")
    add_subtitles(video, "en", EN_VTT)
    return video


@pytest.fixture
def video_course(types, apa, faculty_a, admin, asset):
    course = make_course(faculty_a, code="VID-1", course_type=types["advanced_training"], provider=apa)
    with_video_lesson(course, faculty_a, asset)
    publish(course, faculty_a, admin)
    return course


@pytest.fixture
def plain_course(types, apa, faculty_a, admin):
    course = make_course(faculty_a, code="TXT-1", course_type=types["advanced_training"], provider=apa)
    publish(course, faculty_a, admin)
    return course


def test_found_by_russian_kazakh_and_english_transcript_words(video_course, plain_course):
    assert codes(selectors.catalog(q="госзакупки")) == ["VID-1"]  # Russian, upper-case in the subtitles
    assert codes(selectors.catalog(q="Қаржыландыру")) == ["VID-1"]  # Kazakh letters folded by lower()
    assert codes(selectors.catalog(q="procurement")) == ["VID-1"]
    assert codes(selectors.catalog(q="емкость")) == ["VID-1"]  # ё in the subtitles, е typed
    assert codes(selectors.catalog(q="нетакогослова")) == []


def test_words_may_come_from_title_and_transcript_but_all_must_occur(video_course, plain_course):
    assert codes(selectors.catalog(q="цифровая госзакупки")) == ["VID-1"]  # title + transcript
    assert codes(selectors.catalog(q="цифровая")) == ["TXT-1", "VID-1"]
    assert codes(selectors.catalog(q="госзакупки нетакогослова")) == []


def test_transcript_only_flag(video_course):
    [row] = selectors.catalog(q="госзакупки")
    assert row.transcript_only is True
    [row] = selectors.catalog(q="цифровая")
    assert row.transcript_only is False
    [row] = selectors.catalog(q="цифровая госзакупки")
    assert row.transcript_only is True  # one word needed the transcript
    [row] = selectors.catalog()
    assert not hasattr(row, "transcript_only")


def test_draft_only_course_is_not_found(types, apa, faculty_a, asset):
    with_video_lesson(make_course(faculty_a, code="DRAFT-V", course_type=types["advanced_training"], provider=apa),
                      faculty_a, asset)
    assert codes(selectors.catalog(q="госзакупки")) == []


def test_new_draft_lesson_does_not_leak_into_published_version(plain_course, faculty_a, asset):
    draft = services.version_new_draft(course=plain_course, actor=faculty_a)
    services.lesson_create(module=draft.modules.get(), actor=faculty_a, kind="video", video=asset,
                           title_kk="Бейне", title_ru="Видео", title_en="Video")
    assert codes(selectors.catalog(q="госзакупки")) == []  # the catalog shows version 1, without the video


def test_subtitles_added_after_publishing_are_found_and_removal_is_seen(types, apa, faculty_a, admin):
    video = ready_asset()
    course = with_video_lesson(make_course(faculty_a, code="LATE-1", course_type=types["advanced_training"],
                                           provider=apa), faculty_a, video)
    publish(course, faculty_a, admin)
    assert codes(selectors.catalog(q="госзакупки")) == []
    add_subtitles(video, "ru", RU_VTT)
    assert codes(selectors.catalog(q="госзакупки")) == ["LATE-1"]
    media_services.subtitle_delete(asset=video, actor=None, language="ru")
    assert codes(selectors.catalog(q="госзакупки")) == []


def test_video_not_ready_is_not_searched(video_course, asset):
    VideoAsset.objects.filter(pk=asset.pk).update(status=VideoAsset.Status.PROCESSING)
    assert codes(selectors.catalog(q="госзакупки")) == []


def test_query_count_constant_with_transcript_search(types, apa, faculty_a, admin, comps, levels):
    def run():
        with CaptureQueriesContext(connection) as ctx:
            rows = list(selectors.catalog(q="госзакупки планирование"))
            for v in rows:
                _ = (v.course.code, v.provider.name, v.course_type.name, v.transcript_only,
                     [c.competency.name for c in v.competencies.all()])
        return len(rows), len(ctx.captured_queries)

    def add(i):
        video = ready_asset(f"R{i}")
        add_subtitles(video, "ru", RU_VTT.replace("рынка", "рынка, планирование"))
        course = with_video_lesson(make_course(faculty_a, code=f"V-{i}", course_type=types["advanced_training"],
                                               provider=apa), faculty_a, video)
        services.version_set_competencies(version=course.versions.get(), actor=faculty_a, items=[
            {"competency": comps["LEAD"], "level": levels[2]}])
        publish(course, faculty_a, admin)

    add(0)
    n1, q1 = run()
    for i in range(1, 5):
        add(i)
    n2, q2 = run()
    assert (n1, n2) == (1, 5) and q1 == q2 == 2


def test_catalog_page_shows_transcript_hint(client: Client, video_course, plain_course, learner):
    client.force_login(learner)
    page = client.get(reverse("courses:catalog"), {"q": "госзакупки"}).content.decode()
    assert page.count("transcript-hint") == 1
    page = client.get(reverse("courses:catalog"), {"q": "цифровая"}).content.decode()
    assert "transcript-hint" not in page


def test_api_search_uses_transcripts(client: Client, video_course, plain_course, learner):
    client.force_login(learner)
    body = client.get("/api/v1/courses/", {"q": "қаржыландыру"}).json()
    results = body["results"] if isinstance(body, dict) else body
    assert [r["code"] for r in results] == ["VID-1"]
