"""Heartbeat ingest: viewers of a one-hour video send 10-second heartbeats (some re-watching a part) through
the service layer (media.tracking.services.heartbeat_record: validation, row lock, per-second counts, update)
into a fresh PostgreSQL database (lms_bench_heartbeats); then the engagement fold writes the HDF5 file and its
per-second counts are checked against counts computed independently from the generated beats.
Bound (issue #6): at least 2,000 heartbeats per second. Printed as a rate: ratio = bound / measured, so a
ratio below 1 means faster than the bound."""

import argparse
import random
import sys
import tempfile
import time
from datetime import timedelta

import numpy as np

from bench import drop_database, use_fresh_database

BOUND_PER_SECOND = 2000.0
DB_NAME = "lms_bench_heartbeats"
DURATION = 3600


def plan(viewers: int, beats_per_viewer: int, seed: int = 6) -> tuple[list[tuple[int, int, int]], np.ndarray]:
    """(viewer, start, end) beats in send order (round-robin over viewers), and the expected per-second
    (viewers, re-watchers) curves."""
    rng = random.Random(seed)
    per_viewer = []
    for _v in range(viewers):
        t, beats = rng.randrange(0, DURATION // 2, 10), []
        for _ in range(beats_per_viewer):
            if t >= DURATION or rng.random() < 0.05:
                t = max(0, t - rng.randrange(10, 120, 10)) if t < DURATION else 0  # jump back: re-watching
            beats.append((t, min(t + 10, DURATION)))
            t += 10
        per_viewer.append(beats)
    counts = np.zeros((viewers, DURATION), dtype=np.int32)
    order = []
    for i in range(beats_per_viewer):
        for v, beats in enumerate(per_viewer):
            lo, hi = beats[i]
            counts[v, lo:hi] += 1
            order.append((v, lo, hi))
    curves = np.stack([(counts > 0).sum(axis=0), (counts > 1).sum(axis=0)])
    return order, curves


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench heartbeats")
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument("--beats", type=int, default=100, help="heartbeats per viewer")
    args, _unknown = parser.parse_known_args(argv or [])
    use_fresh_database(DB_NAME)
    try:
        return _run(args.viewers, args.beats)
    finally:
        drop_database(DB_NAME)


def _run(viewers: int, beats_per_viewer: int) -> int:
    from django.conf import settings
    from django.utils import timezone

    from media.models import VideoAsset
    from media.tracking import hdf5, services
    from people.models import User

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-hb-")
    asset = VideoAsset.objects.create(title_en="Bench", source="videos/source/bench.mp4", duration_seconds=DURATION,
                                      status="ready")
    users = User.objects.bulk_create([User(username=f"bench{i}") for i in range(viewers)])
    order, expected = plan(viewers, beats_per_viewer)
    start_clock = timezone.now()
    clocks = [start_clock] * viewers
    started = time.perf_counter()
    for v, lo, hi in order:
        clocks[v] += timedelta(seconds=10)
        services.heartbeat_record(user=users[v], asset=asset, ranges=[[lo, hi]], position=hi, duration=DURATION,
                                  now=clocks[v])
    elapsed = time.perf_counter() - started
    rate = len(order) / elapsed
    print(f"heartbeats: {rate:.0f}/s (bound {BOUND_PER_SECOND:.0f}/s) ratio {BOUND_PER_SECOND / rate:.2f} "
          f"(bound/measured: below 1 = faster than the bound; {len(order)} beats through the service layer in "
          f"{elapsed:.1f} s)", flush=True)
    folded = time.perf_counter()
    services.engagement_fold(now=max(clocks))
    curves, attrs = hdf5.read_curves(asset.pk)
    ok = curves.shape == expected.shape and np.array_equal(curves, expected) and attrs["viewers_total"] == viewers
    print(f"engagement fold: {time.perf_counter() - folded:.2f} s; per-second counts "
          f"{'match' if ok else 'DO NOT MATCH'} ({int(expected[0].sum())} viewer-seconds, "
          f"{int(expected[1].sum())} re-watched)", flush=True)
    return 0 if ok and rate >= BOUND_PER_SECOND else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
