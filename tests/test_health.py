"""GET /healthz, and a real Celery worker process consuming the broker."""

import os
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test.utils import override_settings

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)


def test_healthz_reports_database_and_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"state": "ok", "vendor": "postgresql"}
    assert body["checks"]["redis"] == {"state": "ok"}
    assert body["checks"]["celery"]["state"] == "eager"  # tests run tasks in-process unless told otherwise
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_degraded_when_redis_is_unreachable(client):
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["redis"]["state"] == "down"


@pytest.fixture(scope="module")
def worker_process(tmp_path_factory):
    """A real worker subprocess on the same broker database as this test process (per xdist worker)."""
    env = {**os.environ, "CELERY_TASK_ALWAYS_EAGER": "0", "LMS_TESTING": os.environ.get("LMS_TESTING", "1")}
    for name in ("REDIS_URL", "DATABASE_URL", "PYTEST_XDIST_WORKER"):
        if name in os.environ:
            env[name] = os.environ[name]
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    with open(log, "wb") as out:
        worker = subprocess.Popen(
            [str(BASE_DIR / ".venv/bin/celery"), "-A", "lms", "worker", "--pool=solo", "--concurrency=1",
             "-Q", "celery", "-n", f"pytest-{os.getpid()}@%h", "--without-mingle", "--without-gossip",
             "--loglevel=INFO"],
            cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        yield worker, log
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=5)


@pytest.fixture
def celery_worker(worker_process):
    """The worker, with this process sending tasks to the broker instead of running them eagerly."""
    from lms.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with override_settings(CELERY_TASK_ALWAYS_EAGER=False):
            yield worker_process
    finally:
        app.conf.task_always_eager = previous


def _wait_for_worker(client, worker, log, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    celery = {}
    while time.monotonic() < deadline:
        assert worker.poll() is None, f"worker exited early:\n{log.read_text(errors='replace')[-3000:]}"
        celery = client.get("/healthz").json()["checks"]["celery"]
        if celery["state"] == "ok":
            return celery
        time.sleep(0.5)
    pytest.fail(f"no worker answered within {timeout:.0f} s (last: {celery}):\n"
                f"{log.read_text(errors='replace')[-3000:]}")


@pytest.mark.celery_worker
def test_healthz_sees_a_real_worker(client, celery_worker):
    worker, log = celery_worker
    before = client.get("/healthz").json()["checks"]["celery"]
    assert before["state"] in ("ok", "no_workers")  # not eager any more: the broker is asked
    celery = _wait_for_worker(client, worker, log)
    assert celery["workers"] >= 1


@pytest.mark.celery_worker
def test_task_round_trips_through_the_real_worker(client, celery_worker):
    from lms.tasks import ping

    worker, log = celery_worker
    _wait_for_worker(client, worker, log)
    result = ping.delay()
    assert result.get(timeout=20) == "pong"
    assert result.successful()
    assert ping.apply().get() == "pong"  # and the task body itself
