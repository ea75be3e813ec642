"""A course's video lesson plays from the course: the lesson page embeds the media player (HLS master with MP4
fallback) through the permission-checked file view, never `/media-files/videos/source/...` (which nothing
serves: that was the 404). Its learners may watch the video whatever the asset's own audience; others get
404 for every file."""

import re

import pytest
from django.urls import reverse

from courses import services as course_services
from media import pipeline, services
from media.models import Audience, VideoAsset
from media.selectors import asset_visible_to, assets_visible_to
from tests.courses.conftest import admin, apa, faculty_a, make_course, publish, types  # noqa: F401
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asset(videos) -> VideoAsset:
    created = services.asset_create_from_file(
        path=str(videos["small"]),
        filename="lesson.mp4",
        actor=None,
        titles={"title_ru": "Видеоурок"},
        options={"audience": Audience.SERVANTS},
    )
    return pipeline.process(created.pk)


@pytest.fixture
def lesson(types, apa, faculty_a, admin, asset):  # noqa: F811  (fixtures imported above)
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa, lessons=1)
    module = course.versions.get().modules.get()
    course_services.lesson_create(
        module=module,
        actor=faculty_a,
        kind="video",
        video=asset,
        title_kk="Бейне",
        title_ru="Видео",
        title_en="Video",
    )
    publish(course, faculty_a, admin)
    return course.published_version.lessons.get(kind="video")


@pytest.fixture
def enrolled(lesson):
    user = UserFactory(
        username="learner_with_video"
    )  # not a civil servant: the asset's audience excludes them
    course_services.course_start(user=user, course=lesson.version.course)
    return user


def lesson_page(client, lesson) -> str:
    response = client.get(reverse("courses:lesson", args=[lesson.version.course.code, lesson.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_enrolled_learner_gets_the_player_with_hls_and_mp4_fallback(client, lesson, enrolled, asset):
    client.force_login(enrolled)
    html = lesson_page(client, lesson)
    assert "/media-files/" not in html and "videos/source" not in html
    assert 'id="player-video"' in html and "frontend/player.js" in html and "vendor/hls.min.js" in html
    assert 'data-action="save-data"' in html
    config = re.search(r'<script id="player-config" type="application/json">(.*?)</script>', html).group(1)
    hls = f"/media/assets/{asset.pk}/files/hls/master.m3u8"
    assert hls in config and '"tracked": true' in config
    mp4 = re.findall(r'<source src="([^"]+)" type="video/mp4"', html)
    assert mp4 == [f"/media/assets/{asset.pk}/files/mp4/234.mp4"]
    # every file the player asks for is served to the learner
    master = client.get(hls)
    assert master.status_code == 200 and b"#EXT-X-STREAM-INF" in b"".join(master.streaming_content)
    variant = client.get(f"/media/assets/{asset.pk}/files/hls/234/index.m3u8")
    segment = re.search(r"^(seg_\d+\.ts)$", b"".join(variant.streaming_content).decode(), re.MULTILINE).group(
        1
    )
    assert client.get(f"/media/assets/{asset.pk}/files/hls/234/{segment}").status_code == 200
    assert client.get(mp4[0]).status_code == 200
    assert client.get(f"/media/assets/{asset.pk}/files/hls/audio/index.m3u8").status_code == 200


def test_lesson_grants_the_video_but_nothing_else(lesson, enrolled, asset):
    assert asset_visible_to(enrolled, asset)
    assert list(assets_visible_to(enrolled)) == [asset]
    other = VideoAsset.objects.create(
        title_en="Other", source="videos/source/o.mp4", status="ready", audience=Audience.SERVANTS
    )
    assert not asset_visible_to(enrolled, other)


def test_learners_of_other_courses_get_404_for_every_file(client, lesson, asset):
    stranger = UserFactory(username="not_enrolled")
    assert not asset_visible_to(stranger, asset)
    client.force_login(stranger)
    for path in ("hls/master.m3u8", "hls/234/index.m3u8", "mp4/234.mp4", "poster.jpg"):
        assert client.get(f"/media/assets/{asset.pk}/files/{path}").status_code == 404
    # and the lesson itself sends them to the course page to start it
    response = client.get(reverse("courses:lesson", args=[lesson.version.course.code, lesson.pk]))
    assert response.status_code == 302


def test_unprocessed_video_says_not_available(client, lesson, enrolled, asset):
    VideoAsset.objects.filter(pk=asset.pk).update(status=VideoAsset.Status.PROCESSING)
    client.force_login(enrolled)
    html = lesson_page(client, lesson)
    assert 'id="player-video"' not in html and "not available yet" in html


def test_faculty_preview_plays_without_recording(client, lesson, faculty_a, asset):  # noqa: F811
    client.force_login(faculty_a)
    response = client.get(reverse("courses:preview-lesson", args=[lesson.version.course.code, lesson.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="player-video"' in html
    assert '"tracked": false' in html and "data-heartbeat-url" not in html
    assert "videos/source" not in html
