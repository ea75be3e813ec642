"""Heartbeats buffered in Redis and folded into the watch rows: same counts as direct writes, retried beats
counted once, the fold idempotent and safe when two run at once, the direct write without Redis."""

import threading
from datetime import timedelta

import numpy as np
import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from courses.models import LessonProgress
from lms.errors import ApplicationError
from media.tracking import buffer, selectors, services
from media.tracking.models import FoldState, WatchProgress
from tests.factories import UserFactory
from tests.media_tracking.conftest import watch

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (REDIS_URL)")


@pytest.fixture
def buffered(settings):
    """Production mode: beats wait in Redis until a fold (no inline fold after each beat)."""
    settings.MEDIA_HEARTBEAT_FOLD_INLINE = False
    buffer.flush()
    yield
    buffer.flush()


def row(user, asset) -> WatchProgress:
    return WatchProgress.objects.get(user=user, asset=asset)


def counts(user, asset) -> list[int]:
    return np.frombuffer(bytes(row(user, asset).counts), dtype=np.uint8).tolist()


SESSION = [(0, 60), (30, 50), (100, 130), (120, 130), (290, 310)]  # re-watching and a range past the end


def play(user, asset, clock, *, prefix: str):
    services.watch_session_start(user=user, asset=asset, now=clock.now)
    for i, (lo, hi) in enumerate(SESSION):
        for start in range(lo, hi, 10):
            end = min(start + 10, hi)
            services.heartbeat_record(user=user, asset=asset, ranges=[[start, end]], position=end,
                                      beat_id=f"{prefix}-{i}-{start}", now=clock.advance(end - start))


@pytest.mark.django_db
def test_buffered_then_folded_equals_direct_writes(buffered, settings, video, clock):
    direct_viewer, buffered_viewer = UserFactory(), UserFactory()
    start = clock.now
    with override_settings(MEDIA_HEARTBEAT_BUFFER=False):
        play(direct_viewer, video, clock, prefix="tab")
    assert buffer.pending() == 0
    clock.now = start
    play(buffered_viewer, video, clock, prefix="tab")

    assert buffer.pending() > 0
    assert row(buffered_viewer, video).unique_seconds == 0  # not folded yet ...
    # ... but every read the player and the courses make already sees the beats (Redis state).
    assert selectors.watched_share(buffered_viewer, video) == selectors.watched_share(direct_viewer, video)
    assert selectors.watched_share(buffered_viewer, video) == pytest.approx(100 / 300)
    assert selectors.resume_position(buffered_viewer, video) == 0.0  # reached the end: start over
    pending = buffer.pending()
    assert services.heartbeats_fold() == pending
    assert buffer.pending() == 0

    a, b = row(direct_viewer, video), row(buffered_viewer, video)
    assert counts(buffered_viewer, video) == counts(direct_viewer, video)
    assert (b.unique_seconds, b.position, b.last_beat_at, b.last_beat_id) == (
        a.unique_seconds, a.position, a.last_beat_at, a.last_beat_id)
    assert counts(buffered_viewer, video)[30:50] == [2] * 20 and len(counts(buffered_viewer, video)) == 300


@pytest.mark.django_db
def test_plausibility_uses_the_clock_kept_in_redis(buffered, viewer, video, clock):
    services.watch_session_start(user=viewer, asset=video, now=clock.now)
    services.heartbeat_record(user=viewer, asset=video, ranges=[[0, 10]], position=10, now=clock.advance(10))
    assert row(viewer, video).last_beat_at == clock.now - timedelta(seconds=10)  # the page load, not the beat
    with pytest.raises(ApplicationError) as exc:  # 600 s claimed 10 s after the previous beat
        services.heartbeat_record(user=viewer, asset=video, ranges=[[0, 600]], position=300, now=clock.advance(10))
    assert exc.value.code == "implausible_ranges"
    assert buffer.pending() == 1  # the refused beat was not buffered
    services.heartbeat_record(user=viewer, asset=video, ranges=[[10, 30]], position=30, rate=2,
                              now=clock.advance(0))  # 20 s at 2x, 10 s after the last accepted beat
    services.heartbeats_fold()
    assert row(viewer, video).unique_seconds == 30


@pytest.mark.django_db
def test_retried_beat_counts_once_across_buffer_and_fold(buffered, viewer, video, clock):
    beat = {"user": viewer, "asset": video, "ranges": [[0, 10]], "position": 10, "beat_id": "tab1-1"}
    assert services.heartbeat_record(now=clock.advance(10), **beat)["duplicate"] is False
    again = services.heartbeat_record(now=clock.advance(1), **beat)  # retried before the fold
    assert again["duplicate"] is True and again["unique_seconds"] == 10
    services.heartbeats_fold()
    assert services.heartbeat_record(now=clock.advance(1), **beat)["duplicate"] is True  # after the fold
    services.heartbeat_record(user=viewer, asset=video, ranges=[[10, 20]], position=20, beat_id="tab1-2",
                              now=clock.advance(10))
    # An older retry arriving after a newer beat is still recognised (a set of ids, not just the last one).
    assert services.heartbeat_record(now=clock.advance(1), **beat)["duplicate"] is True
    services.heartbeats_fold()
    assert counts(viewer, video)[:20] == [1] * 20
    assert row(viewer, video).last_beat_id == "tab1-2"


@pytest.mark.django_db
def test_fold_is_idempotent(buffered, viewer, video, clock):
    watch(viewer, video, clock, 0, 50)
    items = buffer.read_batch(100)
    assert len(items) == 5
    # A fold that crashed after its commit but before trimming the buffer: the next one skips those beats.
    applied, watermark, _grown = services._fold_batch(items)
    assert applied == 5 and watermark == items[-1][0]
    assert services._fold_batch(items)[0] == 0
    assert services.heartbeats_fold() == 0 and buffer.pending() == 0
    assert services.heartbeats_fold() == 0
    assert counts(viewer, video)[:50] == [1] * 50 and row(viewer, video).unique_seconds == 50
    assert FoldState.objects.get(name="heartbeats").sequence == watermark


@pytest.mark.django_db
def test_deleted_viewer_does_not_block_the_fold(buffered, video, clock):
    gone, stays = UserFactory(), UserFactory()
    watch(gone, video, clock, 0, 20)
    watch(stays, video, clock, 0, 20)
    gone.delete()
    assert services.heartbeats_fold() == 4  # all consumed; the deleted viewer's beats are dropped
    assert buffer.pending() == 0 and row(stays, video).unique_seconds == 20
    assert not WatchProgress.objects.filter(user_id=gone.pk).exists()


@pytest.mark.django_db
def test_expired_redis_state_is_reloaded_from_the_row(buffered, viewer, video, clock):
    watch(viewer, video, clock, 0, 40)
    services.heartbeats_fold()
    buffer.flush()  # Redis lost the pair's state (expiry, restart)
    result = services.heartbeat_record(user=viewer, asset=video, ranges=[[40, 50]], position=50,
                                       now=clock.advance(10))
    assert result["unique_seconds"] == 50  # the 40 folded seconds + 10
    with pytest.raises(ApplicationError):  # the previous beat's clock came back too
        services.heartbeat_record(user=viewer, asset=video, ranges=[[50, 100]], position=100,
                                  now=clock.advance(10))
    # The sequence restarted too, yet sorts after the folded watermark: the new beat is folded, not skipped.
    assert buffer.read_batch(10)[0][0] > FoldState.objects.get(name="heartbeats").sequence
    assert services.heartbeats_fold() == 1
    assert row(viewer, video).unique_seconds == 50 and counts(viewer, video)[:50] == [1] * 50


@pytest.mark.django_db
def test_without_redis_beats_are_written_directly(settings, viewer, video, clock):
    settings.REDIS_URL = ""
    assert not buffer.enabled()
    watch(viewer, video, clock, 0, 30)
    assert row(viewer, video).unique_seconds == 30
    assert services.heartbeats_fold() == 0


@pytest.mark.django_db
def test_lesson_completion_sees_beats_before_the_fold(buffered, video_course, learner, video, clock):
    from courses import services as course_services

    progress = course_services.course_start(user=learner, course=video_course)
    text_lesson, video_lesson = progress.version.lessons.order_by("position", "id")
    services.watch_session_start(user=learner, asset=video, now=clock.now)
    watch(learner, video, clock, 0, 270)  # 90 %, still in the buffer
    record = course_services.lesson_mark_complete(user=learner, lesson=video_lesson)
    assert record.watched_share == 90 and record.completed_at is not None
    services.heartbeats_fold()  # the fold passes the share on; completing again changes nothing
    assert LessonProgress.objects.get(pk=record.pk).watched_share == 90


def test_heartbeat_fold_is_scheduled(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="media.tracking.tasks.heartbeats_fold")
    assert (task.interval.every, task.interval.period) == (10, "seconds") and task.enabled


@pytest.mark.django_db(transaction=True)
def test_two_folds_at_once_apply_every_beat_once(settings, video, clock):
    settings.MEDIA_HEARTBEAT_FOLD_INLINE = False
    buffer.flush()
    viewers = [UserFactory() for _ in range(4)]
    for v in viewers:
        watch(v, video, clock, 0, 100)
    assert buffer.pending() == 40
    items = buffer.read_batch(100)
    results, errors = [], []

    def run(fn):
        try:
            results.append(fn())
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    # Two folds through the Redis lock, and two batches bypassing it (as if the lock had expired): the
    # database watermark still applies each beat once.
    threads = [threading.Thread(target=run, args=(services.heartbeats_fold,)),
               threading.Thread(target=run, args=(lambda: services._fold_batch(items)[0],)),
               threading.Thread(target=run, args=(services.heartbeats_fold,)),
               threading.Thread(target=run, args=(lambda: services._fold_batch(items)[0],))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sum(results) == 40 and buffer.pending() == 0
    for v in viewers:
        assert counts(v, video)[:100] == [1] * 100 and row(v, video).unique_seconds == 100
    buffer.flush()
