"""In Chromium: an enrolled learner opens a course's video lesson, the pipeline's HLS plays through hls.js
(no 404: the files come through the permission-checked view), and the player's "Save data" choice caps
hls.js at the 360p rung (autoLevelCapping), is remembered in localStorage across a reload, and lifts the cap
again when unticked."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from courses import services as course_services
from media import pipeline, services
from media.models import Audience
from people.models import Role
from tests.browser_fixtures import wait_until
from tests.courses.conftest import make_course, publish
from tests.factories import UserFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PASSWORD = "Demo-pass-2026"
LEVELS = "document.getElementById('player').hls.levels.map(function (l) { return l.height; })"
CAP = "document.getElementById('player').hls.autoLevelCapping"


@pytest.fixture
def lesson_url(transactional_db, videos, settings):
    from courses.models import CourseType, Provider

    settings.MEDIA_HEARTBEAT_INTERVAL_SECONDS = 2
    asset = services.asset_create_from_file(
        path=str(videos["h264_720"]),
        filename="lesson.mp4",
        actor=None,
        titles={"title_en": "Video lesson"},
        options={"audience": Audience.SERVANTS},
    )
    pipeline.process(asset.pk)
    faculty = user_with_role(Role.FACULTY, username="author")
    reviewer = user_with_role(Role.ADMIN, username="reviewer")
    provider = Provider.objects.create(
        code="APA", kind=Provider.Kind.APA, name_en="APA", name_ru="АГУ", name_kk="МБА"
    )
    course = make_course(
        faculty,
        code="VID-1",
        course_type=CourseType.objects.get(code="advanced_training"),
        provider=provider,
        lessons=0,
    )
    module = course.versions.get().modules.get()
    lesson = course_services.lesson_create(
        module=module,
        actor=faculty,
        kind="video",
        video=asset,
        title_kk="Бейне",
        title_ru="Видео",
        title_en="Video",
    )
    publish(course, faculty, reviewer)
    learner = UserFactory(username="weak_link")
    course_services.course_start(user=learner, course=course)
    return reverse("courses:lesson", args=["VID-1", lesson.pk])


def test_save_data_caps_hls_and_is_remembered(live_server, page, lesson_url, screenshot):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("weak_link")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(f"{live_server.url}{lesson_url}")
    wait_until(page,
        "document.getElementById('player').hls && document.getElementById('player').hls.levels.length > 0"
    )
    heights = page.evaluate(LEVELS)
    assert sorted(heights) == [
        234,
        360,
        480,
        720,
    ]  # hls.js drops the audio-only variant (MSE cannot switch to it)
    assert page.evaluate(CAP) == -1
    save = page.get_by_label("Save data")
    expect(save).not_to_be_checked()

    save.check()
    assert heights[page.evaluate(CAP)] == 360
    assert page.evaluate("document.getElementById('player').hls.capLevelToPlayerSize") is False
    assert page.evaluate("localStorage.getItem('lms.player.saveData')") == "1"
    page.get_by_role("button", name="Play").click()
    wait_until(page, "document.getElementById('player-video').currentTime > 1", timeout=20_000)
    assert (
        page.evaluate(
            "document.getElementById('player').hls.levels[document.getElementById('player')"
            ".hls.currentLevel].height"
        )
        <= 360
    )
    screenshot("lesson-video-save-data")

    page.reload()  # remembered on this device
    wait_until(page,
        "document.getElementById('player').hls && document.getElementById('player').hls.levels.length > 0"
    )
    expect(page.get_by_label("Save data")).to_be_checked()
    assert page.evaluate(LEVELS)[page.evaluate(CAP)] == 360

    page.get_by_label("Save data").uncheck()
    # Back to hls.js's own capping by player size, which (when the video has its size) caps at once at the rung
    # that fits the player: no cap, or one above the data saver's 360p.
    cap = page.evaluate(CAP)
    assert cap == -1 or page.evaluate(LEVELS)[cap] > 360, cap
    assert page.evaluate("document.getElementById('player').hls.capLevelToPlayerSize") is True
    assert page.evaluate("localStorage.getItem('lms.player.saveData')") == "0"
    assert not [u for u in failed if "/media/" in u or "media-files" in u], failed
