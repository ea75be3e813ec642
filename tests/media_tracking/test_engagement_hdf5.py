import h5py
import numpy as np
import pytest

from media.tracking import hdf5, services
from media.tracking.models import FoldState, WatchProgress
from tests.factories import UserFactory
from tests.media_tracking.conftest import watch

pytestmark = pytest.mark.django_db


def db_curves(asset):
    """Per-second viewers and re-watchers computed independently from the database rows."""
    views = np.zeros(asset.duration_seconds, dtype=int)
    rewatch = np.zeros_like(views)
    for counts in WatchProgress.objects.filter(asset=asset).values_list("counts", flat=True):
        arr = np.frombuffer(bytes(counts), dtype=np.uint8).astype(int)
        views[: len(arr)] += arr > 0
        rewatch[: len(arr)] += arr > 1
    return views, rewatch


def test_fold_writes_per_second_counts_and_is_idempotent(video, clock):
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    watch(a, video, clock, 0, 100)
    watch(b, video, clock, 0, 50)
    watch(b, video, clock, 20, 40)  # b re-watches 20-40
    watch(c, video, clock, 200, 300)
    assert services.engagement_fold() == 1
    path = hdf5.engagement_path()
    with h5py.File(path, "r") as h5:
        ds = h5[f"videos/{video.pk}"]
        data = ds[...]
        assert data.shape == (2, 300)
        assert ds.compression == "gzip" and ds.chunks is not None
        assert list(ds.attrs["dimension_names"]) == ["measure", "second"]
        assert ds.attrs["units"] == "viewers" and list(ds.attrs["measure_names"]) == ["viewers", "rewatchers"]
        assert ds.attrs["viewers_total"] == 3 and ds.attrs["updated_at"]
    views, rewatch = db_curves(video)
    assert data[0].tolist() == views.tolist() and data[1].tolist() == rewatch.tolist()
    assert data[0, 0] == 2 and data[0, 60] == 1 and data[0, 150] == 0 and data[0, 250] == 1
    assert data[1, 25] == 1 and data[1, 45] == 0

    # Running again with nothing new changes nothing (no double counting).
    state = FoldState.objects.get(name="engagement")
    assert state.watermark is not None
    services.engagement_fold()
    with h5py.File(path, "r") as h5:
        assert h5[f"videos/{video.pk}"][...].tolist() == data.tolist()

    # New heartbeats are folded in incrementally.
    d = UserFactory()
    watch(d, video, clock, 0, 10)
    assert services.engagement_fold() == 1
    with h5py.File(path, "r") as h5:
        again = h5[f"videos/{video.pk}"][...]
    assert again[0, 5] == 3 and again[0, 60] == 1
    assert again[0].tolist() == db_curves(video)[0].tolist()


def test_fold_only_touches_changed_videos(video, clock):
    from media.models import VideoAsset

    other = VideoAsset.objects.create(title_en="Other", source="videos/source/o.mp4", duration_seconds=60,
                                      status="ready")
    viewer = UserFactory()
    watch(viewer, video, clock, 0, 30)
    watch(viewer, other, clock, 0, 30)
    later = clock.advance(600)
    assert services.engagement_fold(now=later) == 2
    assert services.engagement_fold(now=clock.advance(600)) == 0  # nothing changed since the watermark
    watch(viewer, other, clock, 30, 40)
    assert services.engagement_fold(now=clock.advance(600)) == 1  # only the video watched since


def test_periodic_task_is_scheduled():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="media.tracking.tasks.engagement_fold")
    assert (task.interval.every, task.interval.period) == (10, "minutes") and task.enabled
