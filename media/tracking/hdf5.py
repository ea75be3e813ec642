"""Per-second engagement in HDF5: MEDIA_ROOT/analytics/engagement.h5, one dataset per video
(`videos/<asset id>`, shape (2, seconds), uint32, chunked, gzip): row 0 = viewers who watched the second,
row 1 = viewers who watched it more than once (re-watched parts).

The fold recomputes the curves of every video whose watch rows changed since the watermark (minus an overlap
for late commits) from those authoritative rows, so re-running it never double counts. The file is updated on
a copy and swapped in atomically: readers always see a complete file."""

import os
import shutil
from datetime import datetime
from pathlib import Path

import h5py
import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from media.models import VideoAsset
from media.tracking.models import FoldState, WatchProgress

MEASURES = ("viewers", "rewatchers")
DIMENSIONS = ("measure", "second")
CHUNK_SECONDS = 4096
ROW_CHUNK = 500


def engagement_path() -> Path:
    return Path(settings.MEDIA_ROOT) / "analytics" / "engagement.h5"


def asset_curves(asset_id: int, duration: int | None) -> tuple[np.ndarray, int]:
    """(2 x seconds array of viewer counts, number of viewers) from the watch rows, streamed in chunks."""
    size = int(duration or 0)
    curves = np.zeros((2, size), dtype=np.uint32)
    viewers = 0
    rows = WatchProgress.objects.filter(asset_id=asset_id, unique_seconds__gt=0).values_list("counts", flat=True)
    for counts in rows.iterator(chunk_size=ROW_CHUNK):
        arr = np.frombuffer(bytes(counts), dtype=np.uint8)
        if len(arr) > curves.shape[1]:
            if duration:
                arr = arr[:size]
            else:  # unknown duration: grow with the data
                curves = np.pad(curves, ((0, 0), (0, len(arr) - curves.shape[1])))
        n = len(arr)
        curves[0, :n] += arr > 0
        curves[1, :n] += arr > 1
        viewers += 1
    return curves, viewers


def _write_dataset(h5: h5py.File, asset: VideoAsset, curves: np.ndarray, viewers: int, now: datetime) -> None:
    name = f"videos/{asset.pk}"
    if name in h5:
        del h5[name]
    seconds = max(curves.shape[1], 1)
    data = curves if curves.shape[1] else np.zeros((2, 1), dtype=np.uint32)
    ds = h5.create_dataset(name, data=data, dtype="uint32", chunks=(2, min(seconds, CHUNK_SECONDS)),
                           maxshape=(2, None), compression="gzip", compression_opts=4, shuffle=True)
    ds.attrs["units"] = "viewers"
    ds.attrs["dimension_names"] = list(DIMENSIONS)
    ds.attrs["measure_names"] = list(MEASURES)
    ds.attrs["measure_descriptions"] = ["distinct viewers who played the second",
                                        "distinct viewers who played the second more than once"]
    ds.attrs["second_units"] = "s (offset from the start of the video)"
    ds.attrs["asset_id"] = asset.pk
    ds.attrs["title"] = asset.title
    ds.attrs["duration_seconds"] = int(curves.shape[1])
    ds.attrs["viewers_total"] = viewers
    ds.attrs["updated_at"] = now.isoformat()


def write_curves(asset_ids, *, now: datetime) -> int:
    path = engagement_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    if path.exists():
        shutil.copyfile(path, tmp)
    assets = VideoAsset.objects.filter(pk__in=list(asset_ids))
    written = 0
    try:
        with h5py.File(tmp, "a") as h5:
            h5.attrs["description"] = "Per-second engagement per video (APA LMS)"
            h5.attrs["updated_at"] = now.isoformat()
            for asset in assets.iterator(chunk_size=100):
                from media.tracking.selectors import asset_duration

                curves, viewers = asset_curves(asset.pk, asset_duration(asset))
                _write_dataset(h5, asset, curves, viewers, now)
                written += 1
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return written


def fold(*, now: datetime | None = None) -> int:
    """Refresh the curves of videos watched since the last run; returns how many were refreshed."""
    from media.tracking.services import FOLD_OVERLAP

    now = now or timezone.now()
    with transaction.atomic():
        state, _ = FoldState.objects.select_for_update().get_or_create(name="engagement")  # one fold at a time
        changed = WatchProgress.objects.all()
        if state.watermark is not None:
            changed = changed.filter(updated_at__gt=state.watermark - FOLD_OVERLAP)
        asset_ids = sorted(set(changed.values_list("asset_id", flat=True).distinct()))
        written = write_curves(asset_ids, now=now) if asset_ids else 0
        state.watermark = now
        state.last_run_at = now
        state.assets_folded = written
        state.save()
    return written


def read_curves(asset_id: int) -> tuple[np.ndarray, dict] | None:
    """(2 x seconds array, attributes) of one video, or None if it was never folded."""
    path = engagement_path()
    if not path.exists():
        return None
    with h5py.File(path, "r") as h5:
        ds = h5.get(f"videos/{asset_id}")
        if ds is None:
            return None
        return ds[...], {k: (v.tolist() if hasattr(v, "tolist") else v) for k, v in ds.attrs.items()}
