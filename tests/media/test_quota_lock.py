"""Finding 12 of issue 15: two simultaneous uploads that together exceed the quota: one is refused (the check
runs under a lock on the uploader's row)."""

import threading

import pytest
from django.db import connection

from lms.errors import ApplicationError
from media import services
from media.models import UploadSession
from people.models import Role
from tests.factories import user_with_role


@pytest.mark.django_db(transaction=True)
def test_concurrent_uploads_cannot_exceed_the_quota(settings, monkeypatch, tmp_path):
    settings.MEDIA_MAX_UPLOAD_BYTES = 10_000
    settings.MEDIA_UPLOADER_QUOTA_BYTES = 15_000
    faculty = user_with_role(Role.FACULTY, username="quota_faculty")
    barrier = threading.Barrier(2, timeout=2)
    original = services._quota_used

    def slow_used(user):  # both threads read the usage before either writes (the race, made certain)
        used = original(user)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass  # with the lock the other thread waits for ours to commit: no rendezvous
        return used

    monkeypatch.setattr(services, "_quota_used", slow_used)
    outcomes = []

    def upload(name):
        try:
            services.upload_session_start(
                actor=faculty, filename=f"{name}.mp4", total_bytes=9000, titles={"title_en": name}
            )
            outcomes.append("ok")
        except ApplicationError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["ok", "quota_exceeded"]
    assert UploadSession.objects.filter(uploader=faculty).count() == 1
