"""500 learners submit a 20-question quiz at once through gunicorn (bounds: p95 submit latency under 1,000 ms,
throughput at least 100 submits/s, no errors). Every learner holds an open attempt and an API token before the
measured phase; all 500 submits (answers in the request, graded on the server) are released together by
--threads client threads on keep-alive connections. Each gunicorn worker is warmed up by a few submits of
extra learners. Everything started here is stopped here (gunicorn's process group, the database).

`python -m bench quiz_submit [--users 500] [--questions 20] [--workers 3] [--threads 50] [--keep-db]`"""

import argparse
import http.client
import json
import sys
import threading
import time

from bench import drop_database, use_fresh_database
from bench.bench_join import free_port, loadavg, percentile, start_gunicorn, stop

DB_NAME = "lms_bench_quiz_submit"
BOUND_P95_MS = 1000.0
BOUND_RATE = 100.0
WARMUP_PER_WORKER = 5
REQUEST_TIMEOUT = 30.0


def seed(users: int, questions: int) -> list[tuple[int, dict[str, str]]]:
    """(attempt id, headers) per learner, each with an open attempt of the quiz."""
    from rest_framework.authtoken.models import Token

    from assessments import banks, services
    from assessments.models import Question
    from courses import services as course_services
    from courses.models import CourseType, Provider
    from courses.services_learning import course_start
    from people.models import User

    provider = Provider.objects.create(
        code="BENCH", kind="apa", name_en="Bench", name_ru="Bench", name_kk="Bench"
    )
    course = course_services.course_create(
        actor=None,
        code="BENCH-QS",
        course_type=CourseType.objects.get(code="e_course"),
        provider=provider,
        hours=8,
        languages="en",
        title_en="Bench",
        summary_en="Bench",
    )
    version = course.versions.get()
    module = course_services.module_create(version=version, actor=None, title_en="M")
    lesson = course_services.lesson_create(module=module, actor=None, kind="quiz", title_en="Quiz")
    quiz = services.quiz_create(lesson=lesson, actor=None, role="final", time_limit_minutes=60)
    text = "\n\n".join(
        f"::q{i:02d}::Question {i}? {{=right ~wrong ~other ~fourth}}" for i in range(questions)
    )
    banks.bank_import(bank_code="BENCH", content=text.encode(), actor=None)
    services.quiz_set_slots(
        quiz=quiz, actor=None, slots=[{"question": q} for q in Question.objects.order_by("pk")]
    )
    course_services.version_submit(version=version, actor=None)
    course_services.version_publish(version=version, actor=None)
    course.refresh_from_db()
    learners = User.objects.bulk_create(
        [User(username=f"quiz{i:05d}") for i in range(users)], batch_size=1000
    )
    tokens = Token.objects.bulk_create(
        [Token(user=u, key=Token.generate_key()) for u in learners], batch_size=1000
    )
    out = []
    for user, token in zip(learners, tokens, strict=True):
        course_start(user=user, course=course)
        attempt = services.attempt_start(quiz=quiz, user=user, seed=user.pk)
        out.append((attempt.pk, {"Authorization": f"Token {token.key}", "Content-Type": "application/json"}))
    return out


def _body(questions: int, n: int) -> bytes:
    return json.dumps({"responses": {str(p): (p + n) % 4 for p in range(1, questions + 1)}}).encode()


def _submit(conn, attempt: int, headers: dict, body: bytes) -> bool:
    conn.request("POST", f"/api/v1/assessments/attempts/{attempt}/submit/", body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status == 200


def load(port: int, learners: list, questions: int, threads: int) -> tuple[list[float], int, float]:
    latencies, errors, lock = [], [0], threading.Lock()
    barrier = threading.Barrier(threads + 1)

    def worker(offset: int):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        conn.connect()
        barrier.wait()
        for i in range(offset, len(learners), threads):
            attempt, headers = learners[i]
            began = time.perf_counter()
            try:
                ok = _submit(conn, attempt, headers, _body(questions, i))
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
            with lock:
                latencies.append((time.perf_counter() - began) * 1000)
                errors[0] += not ok
        conn.close()

    pool = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(threads)]
    for t in pool:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in pool:
        t.join(timeout=len(learners) * REQUEST_TIMEOUT)
    return latencies, errors[0], time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench quiz_submit")
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=50, help="client threads (concurrent submits)")
    parser.add_argument("--keep-db", action="store_true")
    args, _unknown = parser.parse_known_args(argv or [])
    use_fresh_database(DB_NAME)
    proc = None
    try:
        warm = WARMUP_PER_WORKER * args.workers
        learners = seed(args.users + warm, args.questions)
        port = free_port()
        proc = start_gunicorn(port, args.workers)
        warm_failures = 0
        for n, (attempt, headers) in enumerate(learners[args.users :]):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
            warm_failures += not _submit(conn, attempt, headers, _body(args.questions, n))
            conn.close()
        before = loadavg()
        latencies, errors, elapsed = load(port, learners[: args.users], args.questions, args.threads)
        after = loadavg()
        latencies.sort()
        from assessments.models import Attempt

        graded = Attempt.objects.filter(status="finished", score__isnull=False).count() - warm
        p95, rate = percentile(latencies, 0.95), len(latencies) / elapsed
        print(
            f"quiz submit: {len(latencies)} of {args.users} submits of {args.questions} answers in {elapsed:.2f} s "
            f"by {args.threads} concurrent clients, {args.workers} gunicorn sync workers; median "
            f"{percentile(latencies, 0.5):.0f} ms, max {latencies[-1] if latencies else float('nan'):.0f} ms; "
            f"graded attempts {graded}; warm-up failures {warm_failures}; load average {before} -> {after}",
            flush=True,
        )
        print(
            f"quiz submit p95: {p95:.0f} ms (bound {BOUND_P95_MS:.0f} ms) ratio {p95 / BOUND_P95_MS:.2f}; "
            f"errors {errors} (bound 0)",
            flush=True,
        )
        print(
            f"quiz submit throughput: {rate:.0f}/s (bound {BOUND_RATE:.0f}/s) ratio {BOUND_RATE / rate:.2f}",
            flush=True,
        )
        return 1 if errors or graded != args.users or p95 > BOUND_P95_MS or rate < BOUND_RATE else 0
    finally:
        if proc is not None:
            stop(proc)
        if not args.keep_db:
            drop_database(DB_NAME)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
