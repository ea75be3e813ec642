from datetime import timedelta

import pytest
from django.utils import timezone

from courses import services as course_services
from media.models import VideoAsset
from people.models import Role
from tests.courses.conftest import admin, apa, faculty_a, learner, make_course, publish, types  # noqa: F401
from tests.factories import UserFactory, user_with_role


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def heartbeat_buffer_cleanup(settings):
    """Leave nothing of the test database in the shared Redis (the per-pair state would expire in a day)."""
    yield
    if settings.REDIS_URL:
        from media.tracking import buffer

        try:
            buffer.flush()
        except RuntimeError:  # database access already closed and the key prefix never computed: nothing kept
            pass


@pytest.fixture
def video(db):
    return VideoAsset.objects.create(title_en="Master class", title_ru="Мастер-класс", source="videos/source/m.mp4",
                                     duration_seconds=300, status=VideoAsset.Status.READY)


@pytest.fixture
def viewer(db):
    return UserFactory(username="viewer")


@pytest.fixture
def faculty(db):
    return user_with_role(Role.FACULTY, username="faculty.member")


@pytest.fixture
def video_course(types, apa, faculty_a, admin, video):  # noqa: F811  (fixtures imported above)
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa, lessons=1)
    version = course.versions.get()
    module = version.modules.get()
    course_services.lesson_create(module=module, actor=faculty_a, kind="video", video=video, title_kk="Бейне",
                                  title_ru="Видео", title_en="Video", completion_rule="video_share",
                                  completion_param=90)
    publish(course, faculty_a, admin)
    return course


class Clock:
    """Wall time for heartbeats: each watch() call advances it by the seconds played."""

    def __init__(self):
        self.now = timezone.now()

    def advance(self, seconds: float):
        self.now += timedelta(seconds=seconds)
        return self.now


@pytest.fixture
def clock():
    return Clock()


def watch(user, asset, clock, start: int, end: int, *, step: int = 10):
    """Play [start, end) in 10-second heartbeats at normal speed."""
    from media.tracking import services

    result = None
    for lo in range(start, end, step):
        hi = min(lo + step, end)
        result = services.heartbeat_record(user=user, asset=asset, ranges=[[lo, hi]], position=hi,
                                           now=clock.advance(hi - lo))
    return result
