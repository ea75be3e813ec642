"""Join storm: 2,000 registered participants press "join" within 60 seconds (bound: p95 under 300 ms, no
errors). gunicorn with its workers serves a fresh PostgreSQL database on loopback; a bounded load script
(threads + http.client) spreads the requests evenly; everything started here is stopped here.

`python -m bench join [--users 2000] [--seconds 60] [--workers 3] [--threads 32] [--keep-db]`

The session uses the external-link provider so the measurement is the platform's own path (token auth,
audience and registration checks, window, attendance row, the personal URL); BigBlueButton's `create` is
cached per meeting and `join` is a URL built locally, so a BBB session adds no request per click."""

import argparse
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from bench import drop_database, use_fresh_database

DB_NAME = "lms_bench_join"
BOUND_MS = 300.0
ROOT = Path(__file__).resolve().parent.parent


def seed(users: int) -> tuple[str, list[str]]:
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from conferences.models import Event, Registration, Session
    from people.models import PartnerParticipant, User

    now = timezone.now()
    event = Event.objects.create(slug="join-storm", event_type="conference", title_en="Join storm",
                                 timezone="Asia/Almaty", audience="public", capacity=None)
    session = Session.objects.create(event=event, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=3),
                                     provider=Session.Provider.EXTERNAL, external_url="https://meet.example/room")
    people = User.objects.bulk_create([User(username=f"bench{i:05d}", email=f"bench{i}@example.org")
                                       for i in range(users)], batch_size=1000)
    PartnerParticipant.objects.bulk_create([PartnerParticipant(user=u, country="GE", organisation="Bench")
                                            for u in people], batch_size=1000)
    Registration.objects.bulk_create([Registration(event=event, user=u, status="confirmed", country="GE")
                                      for u in people], batch_size=1000)
    tokens = Token.objects.bulk_create([Token(user=u, key=Token.generate_key()) for u in people], batch_size=1000)
    return str(session.uid), [t.key for t in tokens]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ, LMS_TESTING="1", DEBUG="0", CELERY_TASK_ALWAYS_EAGER="1",
               CONN_MAX_AGE="60", DATABASE_URL=os.environ["DATABASE_URL"])
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "lms.wsgi", "-w", str(workers), "-b",
                             f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=env,
                            start_new_session=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.3)
    stop(proc)
    raise RuntimeError("gunicorn did not start")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def load(port: int, uid: str, tokens: list[str], seconds: float, threads: int) -> tuple[list[float], int]:
    """Request i leaves at start + i * seconds / n; each thread keeps its own keep-alive connection."""
    n = len(tokens)
    latencies, errors, lock = [], [0], threading.Lock()
    start = time.perf_counter() + 0.5
    path = f"/api/v1/event-sessions/{uid}/join/"

    def worker(offset: int):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for i in range(offset, n, threads):
            delay = start + i * seconds / n - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            began = time.perf_counter()
            try:
                conn.request("POST", path, headers={"Authorization": f"Token {tokens[i]}", "Content-Length": "0"})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok
        conn.close()

    pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return latencies, errors[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench join")
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--keep-db", action="store_true")
    args, _unknown = parser.parse_known_args(argv or [])
    use_fresh_database(DB_NAME)
    proc = None
    try:
        uid, tokens = seed(args.users)
        port = free_port()
        proc = start_gunicorn(port, args.workers)
        latencies, errors = load(port, uid, tokens, args.seconds, args.threads)
        latencies.sort()
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        from conferences.models import AttendanceInterval
        recorded = AttendanceInterval.objects.count()
        print(f"join: {len(latencies)} requests in {args.seconds:.0f} s, {args.workers} gunicorn workers, "
              f"median {latencies[len(latencies) // 2]:.1f} ms, errors {errors}, attendance rows {recorded}", flush=True)
        print(f"join p95: {p95:.1f} ms (bound {BOUND_MS:.0f} ms) ratio {p95 / BOUND_MS:.2f}; "
              f"errors {errors} (bound 0)", flush=True)
        return 1 if errors else 0
    finally:
        if proc is not None:
            stop(proc)
        if not args.keep_db:
            drop_database(DB_NAME)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
