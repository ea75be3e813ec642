"""Heartbeat ingest: viewers of a one-hour video send 10-second heartbeats (some re-watching a part) into a
fresh PostgreSQL database (lms_bench_heartbeats) with Redis (REDIS_URL; default redis://127.0.0.1:6379/0):
- through the service layer (media.tracking.services.heartbeat_record: validation, then one Lua call that checks
  plausibility and retried ids and buffers the beat), including 1% retried beats that must count once;
- through HTTP (Django test client: session auth, the DRF view, the same service) for a second video;
- through HTTP as the player sends them: gunicorn (gthread workers, no inline fold: a Celery worker folds in
  production) on loopback, POST /api/v1/media/beacon/ with the page's signed token and no cookies, for a third
  video, driven by wrk (bench/heartbeat_beacon.lua, bounded by --wrk-seconds; Debian package `wrk`) or, when wrk
  is missing or with --no-wrk, by a bounded threaded Python client (http.client, keep-alive);
- for reference, the direct database write (no Redis; one row lock + update per beat) on a small sample.
Then the heartbeat fold drains the buffer into the watch rows (timed), the engagement fold writes the HDF5 file,
and its per-second counts are checked against counts computed independently from the generated beats.
Bound (issue #6): at least 2,000 heartbeats per second. Printed as a rate with ratio = bound / measured:
< 1 is better (faster than the bound)."""

import argparse
import http.client
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta

import numpy as np

from bench import drop_database, use_fresh_database

BOUND_PER_SECOND = 2000.0
DB_NAME = "lms_bench_heartbeats"
DURATION = 3600


def plan(viewers: int, beats_per_viewer: int, seed: int = 6, step: int = 10
         ) -> tuple[list[tuple[int, int, int]], np.ndarray]:
    """(viewer, start, end) beats of `step` seconds in send order (round-robin over viewers), and the expected
    per-second (viewers, re-watchers) curves."""
    rng = random.Random(seed)
    per_viewer = []
    for _v in range(viewers):
        t, beats = rng.randrange(0, DURATION // 2, 10), []
        for _ in range(beats_per_viewer):
            if t >= DURATION or rng.random() < 0.05:
                t = max(0, t - rng.randrange(10, 120, 10)) if t < DURATION else 0  # jump back: re-watching
            beats.append((t, min(t + step, DURATION)))
            t += step
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
    parser.add_argument("--http-viewers", type=int, default=50)
    parser.add_argument("--http-beats", type=int, default=40)
    parser.add_argument("--beacon-viewers", type=int, default=200)
    parser.add_argument("--beacon-beats", type=int, default=60)
    parser.add_argument("--beacon-seconds", type=float, default=60.0, help="stop sending after this long")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--gunicorn-threads", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8, help="client threads (Python client, without wrk)")
    parser.add_argument("--wrk-threads", type=int, default=1, help="wrk threads (load generator)")
    parser.add_argument("--wrk-connections", type=int, default=16)
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--no-wrk", action="store_true", help="use the Python client even if wrk is installed")
    parser.add_argument("--direct-beats", type=int, default=1000, help="reference sample without Redis")
    args, _unknown = parser.parse_known_args(argv or [])
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    use_fresh_database(DB_NAME)
    try:
        return _run(args)
    finally:
        from media.tracking import buffer

        if buffer.enabled():
            buffer.flush()  # leave nothing of this database in Redis
        drop_database(DB_NAME)


def _rate_line(what: str, count: int, elapsed: float, detail: str) -> float:
    rate = count / elapsed
    print(f"{what}: {rate:.0f}/s (bound {BOUND_PER_SECOND:.0f}/s) ratio {BOUND_PER_SECOND / rate:.2f} "
          f"(bound/measured, < 1 is better; {count} beats {detail} in {elapsed:.2f} s)", flush=True)
    return rate


def _asset(title: str):
    from media.models import VideoAsset

    return VideoAsset.objects.create(title_en=title, source="videos/source/bench.mp4", duration_seconds=DURATION,
                                     status="ready", audience="registered")


def _run(args) -> int:
    from django.conf import settings

    from media.tracking import buffer
    from people.models import User

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-hb-")
    settings.MEDIA_HEARTBEAT_FOLD_INLINE = False  # production: a Celery worker folds every 10 s
    if not buffer.enabled():
        print("heartbeats: REDIS_URL is not set: the buffered ingest cannot be measured", flush=True)
        return 1
    buffer.flush()
    users = User.objects.bulk_create([User(username=f"bench{i}") for i in range(args.viewers + args.http_viewers)])
    service_asset, http_asset = _asset("Bench service"), _asset("Bench HTTP")
    service_rate, service_expected = _ingest_service(service_asset, users[: args.viewers], args.beats)
    http_rate, http_expected = _ingest_http(http_asset, users[args.viewers:], args.http_beats)
    beacon_users = User.objects.bulk_create([User(username=f"beacon{i}") for i in range(args.beacon_viewers)])
    beacon_asset = _asset("Bench beacon")
    beacon_rate, beacon_expected, beacon_viewers = _ingest_beacon(beacon_asset, beacon_users, args)
    ok = _fold_and_check([(service_asset, service_expected, args.viewers),
                          (http_asset, http_expected, args.http_viewers),
                          (beacon_asset, beacon_expected, beacon_viewers)])
    if args.direct_beats:
        _ingest_direct(args.direct_beats)
    print(f"load average during the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"({os.cpu_count()} CPUs)", flush=True)
    return 0 if ok and min(service_rate, beacon_rate) >= BOUND_PER_SECOND else 1


def _ingest_service(asset, users, beats_per_viewer: int):
    from django.utils import timezone

    from media.tracking import services

    order, expected = plan(len(users), beats_per_viewer)
    clocks = [timezone.now()] * len(users)
    retries = [(i, *beat) for i, beat in enumerate(order) if i % 100 == 0]  # 1% sent twice: counted once
    started = time.perf_counter()
    for i, (v, lo, hi) in enumerate(order):
        clocks[v] += timedelta(seconds=10)
        services.heartbeat_record(user=users[v], asset=asset, ranges=[[lo, hi]], position=hi, duration=DURATION,
                                  now=clocks[v], beat_id=f"{v}-{i}")
    duplicates = 0
    for i, v, lo, hi in retries:
        result = services.heartbeat_record(user=users[v], asset=asset, ranges=[[lo, hi]], position=hi,
                                           duration=DURATION, now=clocks[v], beat_id=f"{v}-{i}")
        duplicates += result["duplicate"]
    elapsed = time.perf_counter() - started
    if duplicates != len(retries):
        print(f"retried beats: only {duplicates} of {len(retries)} recognised as duplicates", flush=True)
        expected = None
    rate = _rate_line("heartbeats", len(order) + len(retries), elapsed,
                      f"through the service layer (incl. {len(retries)} retried)")
    return rate, expected


def _ingest_http(asset, users, beats_per_viewer: int):
    from django.test import Client

    if not users:
        return 0.0, None
    # Real wall clock here: 4-second beats sent back to back stay within the slack of the plausibility rule.
    order, expected = plan(len(users), beats_per_viewer, seed=7, step=4)
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    url = f"/api/v1/media/videos/{asset.pk}/heartbeat/"
    from media.tracking import services

    for user in users:
        services.watch_session_start(user=user, asset=asset)  # the player page load
    started = time.perf_counter()
    for i, (v, lo, hi) in enumerate(order):
        response = clients[v].post(url, {"ranges": [[lo, hi]], "position": hi, "beat_id": f"h{v}-{i}"},
                                   content_type="application/json")
        if response.status_code != 200:
            print(f"HTTP heartbeat refused: {response.status_code} {response.content[:200]!r}", flush=True)
            return 0.0, None
    elapsed = time.perf_counter() - started
    return _rate_line("heartbeats over HTTP", len(order), elapsed, "through the API (Django test client)"), expected


def _start_gunicorn(workers: int, threads: int):
    """bench_join's server, but not eager: beats are only buffered, as with a Celery worker folding."""
    from bench.bench_join import ROOT, free_port

    port = free_port()
    env = dict(os.environ, LMS_TESTING="1", DEBUG="0", CELERY_TASK_ALWAYS_EAGER="0", CONN_MAX_AGE="60")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "lms.wsgi", "-w", str(workers), "--worker-class",
                             "gthread", "--threads", str(threads), "-b", f"127.0.0.1:{port}", "--log-level",
                             "warning"], cwd=ROOT, env=env, start_new_session=True)
    return proc, port


def _post_beacon(conn, body: bytes) -> int:
    conn.request("POST", "/api/v1/media/beacon/", body, {"Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    return response.status


def _ingest_beacon(asset, users, args):
    """Beats as the player sends them, over real HTTP; returns (rate, expected curves of the accepted beats,
    viewers with an accepted beat)."""
    from bench.bench_join import stop
    from media.tracking import services
    from media.tracking.tokens import beacon_token_issue

    if not users:
        return 0.0, None, 0
    wrk = None if args.no_wrk else shutil.which("wrk")
    beats = args.beacon_beats
    if wrk:  # enough beats for 6,000/s: wrk sends each at most once
        beats = max(beats, -(-6000 * args.wrk_seconds // len(users)))
    order, _curves = plan(len(users), beats, seed=9, step=4)  # 4 s beats: within the slack
    tokens = []
    for user in users:  # the player page load: session clock + token
        services.watch_session_start(user=user, asset=asset)
        tokens.append(beacon_token_issue(user=user, asset=asset))
    bodies = [json.dumps({"token": tokens[v], "asset": asset.pk, "ranges": [[lo, hi]], "position": hi, "rate": 1,
                          "beat_id": f"b{v}-{i}"}).encode() for i, (v, lo, hi) in enumerate(order)]
    proc, port = _start_gunicorn(args.workers, args.gunicorn_threads)
    try:
        _wait_ready(port, proc)
        _warm_up(port, asset, users[0], args.workers * args.gunicorn_threads * 4)
        if wrk:
            return _ingest_beacon_wrk(wrk, proc, port, asset, order, bodies, len(users), args)
        accepted = [[] for _ in range(args.threads)]
        failures = []
        deadline = time.perf_counter() + args.beacon_seconds

        def worker(k: int):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            for i in range(k, len(bodies), args.threads):
                if time.perf_counter() > deadline:
                    break
                try:
                    status = _post_beacon(conn, bodies[i])
                except (OSError, http.client.HTTPException) as exc:
                    failures.append(repr(exc))
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    continue
                (accepted[k] if status == 200 else failures).append(i if status == 200 else status)
            conn.close()

        load_before = os.getloadavg()[0]
        threads = [threading.Thread(target=worker, args=(k,)) for k in range(args.threads)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        stop(proc)
    done = sorted(i for part in accepted for i in part)
    if failures:
        print(f"beacon: {len(failures)} beats failed, e.g. {failures[:3]}", flush=True)
    rate = _rate_line("heartbeats over HTTP (gunicorn, beacon)", len(done), elapsed,
                      f"of {len(order)} planned, load generator: Python http.client ({args.threads} keep-alive "
                      f"threads), {args.workers} gthread workers x {args.gunicorn_threads} threads, load average {load_before:.2f} -> "
                      f"{os.getloadavg()[0]:.2f}")
    return rate, _expected([order[i] for i in done], len(users)), len({order[i][0] for i in done})


def _ingest_beacon_wrk(wrk: str, proc, port: int, asset, order, bodies, viewers: int, args):
    """wrk (C, epoll) with bench/heartbeat_beacon.lua: the load generator takes little of the 2 CPUs. Which beats
    were accepted is read back from the Redis buffer (by beat id), so the per-second check covers exactly those."""
    from bench.bench_join import ROOT, stop
    from media.tracking import buffer

    with tempfile.NamedTemporaryFile("wb", suffix=".jsonl", delete=False) as f:
        f.write(b"\n".join(bodies) + b"\n")
    pending_before = buffer.pending()
    load_before = os.getloadavg()[0]
    try:
        out = subprocess.run([wrk, "-t", str(args.wrk_threads), "-c", str(args.wrk_connections), "-d",
                              f"{args.wrk_seconds}s", "--timeout", "10s", "-s",
                              os.path.join(ROOT, "bench", "heartbeat_beacon.lua"), f"http://127.0.0.1:{port}",
                              "--", f.name, str(args.wrk_threads)], capture_output=True, text=True, timeout=120)
    finally:
        os.unlink(f.name)
        stop(proc)  # beats still in flight when wrk stopped are buffered before the buffer is read
    found = re.search(r"BEACON ok=(\d+) refused=(\d+) extra=(\d+) requests=(\d+) duration_us=(\d+) errors=(\d+)",
                      out.stdout)
    if out.returncode or not found:
        print(f"beacon: wrk failed ({out.returncode}): {out.stdout[-500:]} {out.stderr[-500:]}", flush=True)
        return 0.0, None, 0
    ok, refused, extra, _requests, duration_us, errors = map(int, found.groups())
    if refused or errors or extra:
        print(f"beacon: {refused} beats refused, {errors} socket errors, {extra} requests after the last beat",
              flush=True)
    done = sorted(int(item[5].split("-")[1]) for _seq, item in buffer.read_batch(buffer.pending())[pending_before:]
                  if item[1] == asset.pk)  # beat ids "b<viewer>-<index in order>"
    if not ok <= len(done) <= ok + args.wrk_connections:  # beats in flight at the end: answered to no one
        print(f"beacon: wrk counted {ok} accepted beats, the buffer holds {len(done)}", flush=True)
    rate = _rate_line("heartbeats over HTTP (gunicorn, beacon)", ok, duration_us / 1e6,
                      f"answered 200 of {len(order)} prepared, load generator wrk ({args.wrk_threads} thread, "
                      f"{args.wrk_connections} keep-alive connections, bench/heartbeat_beacon.lua), {args.workers} "
                      f"gthread workers x {args.gunicorn_threads} threads, load average {load_before:.2f} -> "
                      f"{os.getloadavg()[0]:.2f}")
    return rate, _expected([order[i] for i in done], viewers), len({order[i][0] for i in done})


def _expected(beats, viewers: int) -> np.ndarray:
    counts = np.zeros((viewers, DURATION), dtype=np.int32)
    for v, lo, hi in beats:
        counts[v, lo:hi] += 1
    return np.stack([(counts > 0).sum(axis=0), (counts > 1).sum(axis=0)])


def _wait_ready(port: int, proc) -> None:
    from bench.bench_join import stop

    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    stop(proc)
    raise RuntimeError("gunicorn did not start")


def _warm_up(port: int, asset, user, requests: int) -> None:
    """Each worker's first beat connects to the database and Redis; a running server has done that. The
    warm-up beats claim nothing (empty ranges), so the checked counts are not affected."""
    from media.tracking.tokens import beacon_token_issue

    body = json.dumps({"token": beacon_token_issue(user=user, asset=asset), "ranges": [], "position": 0}).encode()
    for _ in range(requests):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)  # new connections: spread over workers
        _post_beacon(conn, body)
        conn.close()


def _fold_and_check(cases) -> bool:
    from media.tracking import buffer, hdf5, services

    pending = buffer.pending()
    started = time.perf_counter()
    applied = services.heartbeats_fold()
    fold_time = time.perf_counter() - started
    print(f"heartbeat fold: {applied} buffered beats into the watch rows in {fold_time:.2f} s "
          f"({applied / max(fold_time, 1e-9):.0f}/s; {pending} were pending)", flush=True)
    started = time.perf_counter()
    services.engagement_fold()
    ok = True
    for asset, expected, viewers in [case for case in cases if case[2]]:  # a part skipped with 0 viewers
        curves, attrs = hdf5.read_curves(asset.pk) or (None, {})
        match = (expected is not None and curves is not None and curves.shape == expected.shape
                 and np.array_equal(curves, expected) and attrs.get("viewers_total") == viewers)
        ok = ok and match
        print(f"  {asset.title_en}: per-second counts {'match' if match else 'DO NOT MATCH'} "
              f"({int(expected[0].sum()) if expected is not None else '?'} viewer-seconds)", flush=True)
        if not match and expected is not None and curves is not None and curves.shape == expected.shape:
            print(f"    {int((curves != expected).any(axis=0).sum())} seconds differ; viewers "
                  f"{attrs.get('viewers_total')} vs {viewers}; viewer-seconds {int(curves[0].sum())}", flush=True)
    print(f"engagement fold: {time.perf_counter() - started:.2f} s", flush=True)
    return ok


def _ingest_direct(count: int) -> None:
    """Reference: the same beats written straight to the database (what runs without Redis)."""
    from django.conf import settings
    from django.utils import timezone

    from media.tracking import services
    from people.models import User

    settings.MEDIA_HEARTBEAT_BUFFER = False
    try:
        viewers = max(1, count // 50)
        asset = _asset("Bench direct")
        users = User.objects.bulk_create([User(username=f"direct{i}") for i in range(viewers)])
        order, _expected = plan(viewers, count // viewers, seed=8)
        clocks = [timezone.now()] * viewers
        started = time.perf_counter()
        for v, lo, hi in order:
            clocks[v] += timedelta(seconds=10)
            services.heartbeat_record(user=users[v], asset=asset, ranges=[[lo, hi]], position=hi,
                                      duration=DURATION, now=clocks[v])
        _rate_line("heartbeats, direct database write (reference, no Redis)", len(order),
                   time.perf_counter() - started, "through the service layer")
    finally:
        settings.MEDIA_HEARTBEAT_BUFFER = None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
