import numpy as np
import pytest
from django.test import override_settings

from courses import services as course_services
from courses.models import LessonProgress
from lms.errors import ApplicationError
from media.tracking import selectors, services
from media.tracking.models import WatchProgress
from tests.media_tracking.conftest import watch

pytestmark = pytest.mark.django_db


def counts_of(user, asset) -> np.ndarray:
    row = WatchProgress.objects.get(user=user, asset=asset)
    return np.frombuffer(bytes(row.counts), dtype=np.uint8)


def test_heartbeats_accumulate_unique_seconds(viewer, video, clock):
    services.watch_session_start(user=viewer, asset=video, now=clock.now)
    watch(viewer, video, clock, 0, 60)
    watch(viewer, video, clock, 100, 130)
    row = WatchProgress.objects.get(user=viewer, asset=video)
    assert row.unique_seconds == 90
    assert row.position == 130
    counts = counts_of(viewer, video)
    assert len(counts) == 300
    assert counts[:60].tolist() == [1] * 60 and counts[60:100].sum() == 0 and counts[100:130].tolist() == [1] * 30
    assert selectors.watched_share(viewer, video) == pytest.approx(0.3)
    assert selectors.resume_position(viewer, video) == 130


def test_rewatching_counts_once_for_unique_but_twice_per_second(viewer, video, clock):
    watch(viewer, video, clock, 0, 30)
    watch(viewer, video, clock, 10, 20)  # re-watched part
    row = WatchProgress.objects.get(user=viewer, asset=video)
    assert row.unique_seconds == 30
    counts = counts_of(viewer, video)
    assert counts[10:20].tolist() == [2] * 10 and counts[:10].tolist() == [1] * 10


def test_retried_heartbeat_is_applied_once(viewer, video, clock):
    kwargs = {"user": viewer, "asset": video, "ranges": [[0, 10]], "position": 10, "beat_id": "s1-1"}
    first = services.heartbeat_record(now=clock.advance(10), **kwargs)
    again = services.heartbeat_record(now=clock.advance(1), **kwargs)
    assert first["duplicate"] is False and again["duplicate"] is True
    assert counts_of(viewer, video)[:10].tolist() == [1] * 10  # not 2
    assert again["unique_seconds"] == 10


def test_seeking_to_the_end_does_not_count(viewer, video, clock):
    services.watch_session_start(user=viewer, asset=video, now=clock.now)
    services.heartbeat_record(user=viewer, asset=video, ranges=[[0, 10]], position=10, now=clock.advance(10))
    with pytest.raises(ApplicationError) as exc:  # 600 s claimed after 10 s of wall time
        services.heartbeat_record(user=viewer, asset=video, ranges=[[0, 600]], position=300, now=clock.advance(10))
    assert exc.value.code == "implausible_ranges" and exc.value.http_status == 400
    # A seek to the end only moves the position: no range was played, nothing is added.
    services.heartbeat_record(user=viewer, asset=video, ranges=[[295, 300]], position=300, now=clock.advance(10))
    row = WatchProgress.objects.get(user=viewer, asset=video)
    assert row.unique_seconds == 15
    assert selectors.watched_share(viewer, video) == pytest.approx(0.05)
    assert not selectors.video_watched(viewer, video)


def test_double_speed_is_allowed_but_not_more(viewer, video, clock):
    services.watch_session_start(user=viewer, asset=video, now=clock.now)
    services.heartbeat_record(user=viewer, asset=video, ranges=[[0, 20]], position=20, rate=2, now=clock.advance(10))
    with pytest.raises(ApplicationError):
        services.heartbeat_record(user=viewer, asset=video, ranges=[[20, 60]], position=60, rate=2,
                                  now=clock.advance(10))
    assert WatchProgress.objects.get(user=viewer, asset=video).unique_seconds == 20


def test_ranges_are_clipped_to_the_duration(viewer, video, clock):
    services.watch_session_start(user=viewer, asset=video, now=clock.now)
    clock.advance(290)
    watch(viewer, video, clock, 290, 310)
    assert len(counts_of(viewer, video)) == 300
    assert WatchProgress.objects.get(user=viewer, asset=video).unique_seconds == 10


@pytest.mark.parametrize("ranges, position, rate, code", [
    ([[10, 5]], 10, 1, "bad_ranges"),
    ([[-1, 5]], 5, 1, "bad_ranges"),
    ([[0, "x"]], 5, 1, "bad_ranges"),
    ([[0, float("nan")]], 5, 1, "bad_ranges"),
    ([[0, 1, 2]], 5, 1, "bad_ranges"),
    ("0-10", 5, 1, "bad_ranges"),
    ([[0, 1]] * 101, 5, 1, "bad_ranges"),
    ([[0, 5]], -3, 1, "bad_position"),
    ([[0, 5]], 5, 16, "bad_rate"),
    ([[0, 5]], 5, 0, "bad_rate"),
])
def test_nonsense_is_rejected(viewer, video, clock, ranges, position, rate, code):
    with pytest.raises(ApplicationError) as exc:
        services.heartbeat_record(user=viewer, asset=video, ranges=ranges, position=position, rate=rate,
                                  now=clock.advance(10))
    assert exc.value.code == code and exc.value.http_status == 400
    assert not WatchProgress.objects.filter(user=viewer, asset=video, unique_seconds__gt=0).exists()


# ---- the API ----------------------------------------------------------------------------------------------

def test_heartbeat_api(client, viewer, video):
    url = f"/api/v1/media/videos/{video.pk}/heartbeat/"
    assert client.post(url, {"ranges": [[0, 5]], "position": 5}, content_type="application/json").status_code in (
        401, 403)
    client.force_login(viewer)
    client.get(f"/watch/{video.pk}/")  # starts the session clock
    ok = client.post(url, {"ranges": [[0, 5]], "position": 5, "rate": 1, "beat_id": "a-1"},
                     content_type="application/json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["unique_seconds"] == 5
    bad = client.post(url, {"ranges": [[0, 600]], "position": 300}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "implausible_ranges"
    assert client.post(url, {"ranges": "junk", "position": 1}, content_type="application/json").status_code == 400
    assert client.post("/api/v1/media/videos/999999/heartbeat/", {"ranges": [], "position": 0},
                       content_type="application/json").status_code == 404


def test_heartbeat_api_requires_csrf_for_sessions(viewer, video):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(viewer)
    page = client.get(f"/watch/{video.pk}/")
    url = f"/api/v1/media/videos/{video.pk}/heartbeat/"
    body = {"ranges": [[0, 5]], "position": 5}
    assert client.post(url, body, content_type="application/json").status_code == 403
    token = page.context["csrf_token"]
    assert client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=str(token)).status_code == 200


# ---- course completion ------------------------------------------------------------------------------------

def test_watched_share_completes_the_lesson_and_course(video_course, learner, video, clock):
    progress = course_services.course_start(user=learner, course=video_course)
    text_lesson, video_lesson = progress.version.lessons.order_by("position", "id")
    course_services.lesson_mark_complete(user=learner, lesson=text_lesson)
    with pytest.raises(ApplicationError) as exc:
        course_services.lesson_mark_complete(user=learner, lesson=video_lesson)
    assert exc.value.code == "video_not_watched"

    services.watch_session_start(user=learner, asset=video, now=clock.now)
    watch(learner, video, clock, 0, 260)  # 86 %: not yet
    record = LessonProgress.objects.get(progress=progress, lesson=video_lesson)
    assert record.watched_share == 86 and record.completed_at is None
    with pytest.raises(ApplicationError):
        course_services.lesson_mark_complete(user=learner, lesson=video_lesson)
    watch(learner, video, clock, 260, 270)  # 90 %
    record.refresh_from_db()
    progress.refresh_from_db()
    assert record.watched_share == 90 and record.completed_at is not None
    assert progress.completed_at is not None


@override_settings(MEDIA_WATCHED_SHARE=0.5)
def test_watched_share_setting(viewer, video, clock):
    watch(viewer, video, clock, 0, 140)
    assert not selectors.video_watched(viewer, video)
    watch(viewer, video, clock, 140, 150)
    assert selectors.video_watched(viewer, video)
