"""Join storm: 2,000 registered participants press "join" within 60 seconds (bound: p95 under 300 ms, no
errors). gunicorn with its workers serves a fresh PostgreSQL database on loopback; a bounded load script
(threads + http.client, keep-alive) sends request i at start + i * seconds / n; everything started here is
stopped here (gunicorn's process group, the client threads, the database).

`python -m bench join [--users 2000] [--seconds 60] [--workers 3] [--worker-class sync|gthread]
[--gunicorn-threads 4] [--via api|page] [--threads 32] [--conn-max-age 60] [--keep-db]`

Fair and realistic: every participant is signed in before the measured phase (an API token, or with
`--via page` a browser session + CSRF cookie written straight into the session table: no password hashing
in the measurement); each gunicorn worker is warmed up by a few joins of extra participants, as a running
server would be; the measured requests are each participant's first click. Latency is measured from the
moment a request is sent; the lag behind the schedule is printed too, so an overloaded client (requests
leaving late) is visible rather than hidden. The load average before and after is printed: on a shared
machine other jobs distort the tail.

The session uses the external-link provider so the measurement is the platform's own path (auth, audience
and registration checks, window, attendance row, the personal URL); BigBlueButton's `create` is cached per
meeting and `join` is a URL built locally, so a BBB session adds no request per click."""

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
WARMUP_PER_WORKER = 10
REQUEST_TIMEOUT = 10.0
ROOM_URL = "https://meet.example/room"


def seed(users: int, via: str = "api") -> tuple[str, list[dict[str, str]]]:
    """The running session and, per participant, the headers of a signed-in client."""
    from django.utils import timezone

    from conferences.models import Event, Registration, Session
    from people.models import PartnerParticipant, User

    now = timezone.now()
    event = Event.objects.create(slug="join-storm", event_type="conference", title_en="Join storm",
                                 timezone="Asia/Almaty", audience="public", capacity=None)
    session = Session.objects.create(event=event, starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=3),
                                     provider=Session.Provider.EXTERNAL, external_url=ROOM_URL)
    people = User.objects.bulk_create([User(username=f"bench{i:05d}", email=f"bench{i}@example.org")
                                       for i in range(users)], batch_size=1000)
    PartnerParticipant.objects.bulk_create([PartnerParticipant(user=u, country="GE", organisation="Bench")
                                            for u in people], batch_size=1000)
    Registration.objects.bulk_create([Registration(event=event, user=u, status="confirmed", country="GE")
                                      for u in people], batch_size=1000)
    return str(session.uid), (_session_headers(people) if via == "page" else _token_headers(people))


def _token_headers(people) -> list[dict[str, str]]:
    from rest_framework.authtoken.models import Token

    tokens = Token.objects.bulk_create([Token(user=u, key=Token.generate_key()) for u in people], batch_size=1000)
    return [{"Authorization": f"Token {t.key}"} for t in tokens]


def _session_headers(people) -> list[dict[str, str]]:
    """What a browser that signed in earlier sends: session cookie, CSRF cookie and the form's token."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session as DjangoSession
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    store, expires = SessionStore(), timezone.now() + timedelta(days=1)
    backend = settings.AUTHENTICATION_BACKENDS[0]
    rows, headers = [], []
    for u in people:
        key, csrf = get_random_string(32), get_random_string(32)
        data = {SESSION_KEY: str(u.pk), BACKEND_SESSION_KEY: backend, HASH_SESSION_KEY: u.get_session_auth_hash()}
        rows.append(DjangoSession(session_key=key, session_data=store.encode(data), expire_date=expires))
        headers.append({"Cookie": f"{settings.SESSION_COOKIE_NAME}={key}; {settings.CSRF_COOKIE_NAME}={csrf}",
                        "X-CSRFToken": csrf})
    DjangoSession.objects.bulk_create(rows, batch_size=1000)
    return headers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, workers: int, worker_class: str = "sync", threads: int = 1,
                   conn_max_age: int = 60) -> subprocess.Popen:
    env = dict(os.environ, LMS_TESTING="1", DEBUG="0", CELERY_TASK_ALWAYS_EAGER="1",
               CONN_MAX_AGE=str(conn_max_age), DATABASE_URL=os.environ["DATABASE_URL"])
    command = [sys.executable, "-m", "gunicorn", "lms.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
               "--worker-class", worker_class, "--log-level", "warning"]
    if worker_class == "gthread":
        command += ["--threads", str(threads)]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
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
            proc.wait(timeout=5)


def _join_path(uid: str, via: str) -> str:
    return f"/api/v1/event-sessions/{uid}/join/" if via == "api" else f"/events/sessions/{uid}/join/"


def _ok(response: http.client.HTTPResponse, via: str) -> bool:
    if via == "api":
        return response.status == 200
    return response.status == 302 and response.getheader("Location") == ROOM_URL  # into the room, not back


def load(port: int, path: str, clients: list[dict[str, str]], seconds: float, threads: int, via: str = "api"
         ) -> tuple[list[float], list[float], int]:
    """Request i leaves at start + i * seconds / n; each thread keeps its own keep-alive connection.
    Returns (latencies ms, lag behind schedule ms, errors). Bounded: a request times out after
    REQUEST_TIMEOUT and nothing is sent after the window plus that grace; unsent requests count as errors."""
    n = len(clients)
    latencies, lags, errors, lock = [], [], [0], threading.Lock()
    start = time.perf_counter() + 0.5
    give_up = start + seconds + REQUEST_TIMEOUT

    def worker(offset: int):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        for i in range(offset, n, threads):
            scheduled = start + i * seconds / n
            if scheduled > time.perf_counter():
                time.sleep(scheduled - time.perf_counter())
            began = time.perf_counter()
            if began > give_up:
                with lock:
                    errors[0] += 1
                continue
            try:
                conn.request("POST", path, headers={**clients[i], "Content-Length": "0"})
                response = conn.getresponse()
                response.read()
                ok = _ok(response, via)
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(elapsed)
                lags.append((began - scheduled) * 1000)
                errors[0] += not ok
        conn.close()

    pool = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=seconds + 3 * REQUEST_TIMEOUT + 5)
    return latencies, lags, errors[0]


def warm_up(port: int, path: str, clients: list[dict[str, str]], via: str) -> int:
    """A few joins of extra participants over fresh connections (spread over the workers), not measured."""
    failures = 0
    for headers in clients:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request("POST", path, headers={**headers, "Content-Length": "0"})
            response = conn.getresponse()
            response.read()
            failures += not _ok(response, via)
        finally:
            conn.close()
    return failures


def percentile(sorted_values: list[float], q: float) -> float:
    return sorted_values[max(int(len(sorted_values) * q + 0.5) - 1, 0)] if sorted_values else float("nan")


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench join")
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--gunicorn-threads", type=int, default=4, help="threads per worker (gthread)")
    parser.add_argument("--via", choices=["api", "page"], default="api",
                        help="api: token-authenticated API join; page: the event page's button (session, CSRF)")
    parser.add_argument("--threads", type=int, default=32, help="client threads")
    parser.add_argument("--conn-max-age", type=int, default=60,
                        help="seconds a worker keeps its database connection (0: one connection per request)")
    parser.add_argument("--keep-db", action="store_true")
    args, _unknown = parser.parse_known_args(argv or [])
    use_fresh_database(DB_NAME)
    proc = None
    try:
        warm = WARMUP_PER_WORKER * args.workers
        uid, clients = seed(args.users + warm, args.via)
        path = _join_path(uid, args.via)
        port = free_port()
        proc = start_gunicorn(port, args.workers, args.worker_class, args.gunicorn_threads, args.conn_max_age)
        warm_failures = warm_up(port, path, clients[args.users:], args.via)
        before = loadavg()
        latencies, lags, errors = load(port, path, clients[:args.users], args.seconds, args.threads, args.via)
        after = loadavg()
        latencies.sort()
        lags.sort()
        p95 = percentile(latencies, 0.95)
        from conferences.models import AttendanceInterval
        recorded = AttendanceInterval.objects.count() - warm
        server = f"{args.workers} gunicorn {args.worker_class} workers" + (
            f" x {args.gunicorn_threads} threads" if args.worker_class == "gthread" else "") + (
            f", CONN_MAX_AGE {args.conn_max_age}")
        print(f"join ({args.via}): {len(latencies)} of {args.users} requests in {args.seconds:.0f} s, {server}; "
              f"median {percentile(latencies, 0.5):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms, "
              f"max {latencies[-1] if latencies else float('nan'):.1f} ms; lag behind schedule p95 "
              f"{percentile(lags, 0.95):.1f} ms; attendance rows {recorded}; warm-up failures {warm_failures}; "
              f"load average {before} -> {after}", flush=True)
        print(f"join p95: {p95:.1f} ms (bound {BOUND_MS:.0f} ms) ratio {p95 / BOUND_MS:.2f}; "
              f"errors {errors} (bound 0)", flush=True)
        return 1 if errors or recorded != args.users else 0
    finally:
        if proc is not None:
            stop(proc)
        if not args.keep_db:
            drop_database(DB_NAME)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
