"""Fault-test machinery: a throwaway redis-server on its own port (the shared one on 6379 is never touched),
real Celery worker processes that can be SIGKILLed, and a producer sending to that broker."""

import os
import signal
import socket
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """redis-server with an append-only file fsynced on every write: a restart keeps the queue, as the
    production broker must (docs/operations.md)."""

    def __init__(self, folder: Path):
        self.folder, self.port, self.process = folder, _free_port(), None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`celery -A lms worker` (prefork, 2 processes) on the throwaway broker and the test database, in its own
    process group so that SIGKILL takes the parent and its children at once, as a lost machine would."""

    def __init__(self, broker: str, log: Path, env: dict):
        self.broker, self.log, self.env, self.process = broker, log, env, None

    def start(self) -> None:
        env = {
            **os.environ,
            "LMS_TESTING": "1",
            "DATABASE_URL": database_url(),
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CELERY_VISIBILITY_TIMEOUT": "4",
            "CELERY_UNACKED_RESTORE_INTERVAL": "1",
            # A worker SIGKILLed inside the once-a-second restore scan leaves its lock behind (kombu: 300 s):
            # the next worker then restores nothing for five minutes and the test times out.
            "CELERY_UNACKED_MUTEX_EXPIRE": "2",
            **self.env,
        }
        env.pop("PYTEST_XDIST_WORKER", None)  # test.py would move the broker to another Redis database
        env["REDIS_URL"] = self.broker
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [
                    str(BASE_DIR / ".venv/bin/celery"),
                    "-A",
                    "lms",
                    "worker",
                    "--pool=prefork",
                    "--concurrency=2",
                    "-n",
                    f"fault-{os.getpid()}-{time.monotonic_ns()}@%h",
                    "--without-mingle",
                    "--without-gossip",
                    "--without-heartbeat",
                    "--loglevel=INFO",  # received/succeeded lines: the tail on a timeout shows the last tasks
                ],
                cwd=BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


@pytest.fixture
def make_worker(tmp_path, redis_server):
    workers = []

    def make(**env) -> Worker:
        worker = Worker(redis_server.url.rsplit("/", 1)[0] + "/1", tmp_path / "worker.log", env)
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        worker.stop()


@pytest.fixture
def send_tasks(redis_server):
    """send_tasks(name, [args, ...]): publish over one connection to the throwaway broker (database 1, where
    the worker's test settings look when REDIS_URL ends in /0 and no xdist worker is named)."""
    from celery import Celery

    # Not the current app: shared tasks resolve the current app, so later tests in this process would otherwise
    # publish to this throwaway broker after it is gone ("Connection refused" far from here).
    producer_app = Celery(
        "fault-producer", broker=redis_server.url.rsplit("/", 1)[0] + "/1", set_as_current=False
    )

    def send(name: str, arg_lists) -> int:
        sent = 0
        with producer_app.producer_or_acquire() as producer:
            for args in arg_lists:
                producer_app.send_task(name, args=list(args), producer=producer)
                sent += 1
        return sent

    return send


def broker_state(broker_url: str) -> str:
    """What the throwaway broker holds: queued, unacknowledged (and how old), and the restore lock."""
    import redis

    client = redis.Redis.from_url(broker_url)
    oldest = client.zrange("unacked_index", 0, 0, withscores=True)
    age = f" (oldest {time.time() - oldest[0][1]:.0f} s ago)" if oldest else ""
    return (
        f"broker: {client.llen('celery')} queued, {client.hlen('unacked')} unacked{age}, "
        f"restore lock ttl {client.ttl('unacked_mutex')}"
    )


def wait_until(predicate, timeout: float, worker=None, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    state = ""
    if worker:
        try:
            state = broker_state(worker.broker)
        except Exception as exc:  # the broker may be what failed
            state = f"broker unreachable: {exc!r}"
    pytest.fail(f"timed out waiting for {what}; {state}" + (f"\n{worker.tail()}" if worker else ""))


def wait_with_sweeps(done, send_tasks, sweep: str, args: list, timeout: float, worker, what: str) -> int:
    """Wait until done(), sending the `sweep` task (what beat runs every minute) whenever progress stalls for 8 s:
    kombu's Redis transport takes a message off the queue before it records it as unacknowledged, so a SIGKILL
    in that window loses the message; the sweep queues again whatever is still owed. Returns the sweeps sent.
    `done()` returns (finished: bool, progress: int)."""
    deadline, sweeps, last = time.monotonic() + timeout, 0, (-1, time.monotonic())
    while not (state := done())[0]:
        now = time.monotonic()
        if now > deadline:
            wait_until(lambda: done()[0], 0, worker, f"{what} (progress {state[1]}, {sweeps} sweeps)")
        if state[1] != last[0]:
            last = (state[1], now)
        elif now - last[1] > 8:
            send_tasks(sweep, [args])
            sweeps, last = sweeps + 1, (state[1], now)
        time.sleep(0.2)
    return sweeps


WORKER_PROCESSES = 2  # Worker's --concurrency


def assert_each_emailed_once(message_ids: list[str], count: int) -> None:
    """Every notification e-mailed, each under its own Message-ID. SMTP has no exactly-once: a message whose
    worker died between the server's acceptance and the commit is sent again on redelivery under the same
    Message-ID (mail stores and clients collapse it): at most one per worker process in flight at the fault."""
    copies = Counter(message_ids)
    assert len(copies) == count, f"{len(copies)} distinct messages for {count} notifications"
    again = sorted(mid for mid, n in copies.items() if n > 1)
    assert sum(copies[mid] - 1 for mid in again) <= WORKER_PROCESSES, f"sent again: {again}"
