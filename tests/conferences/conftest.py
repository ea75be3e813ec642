from datetime import timedelta

import pytest
from django.utils import timezone

from conferences import services
from conferences.models import Event, Session
from people.models import PartnerParticipant, Role
from tests.conferences.fake_bbb import FakeBBB
from tests.factories import UserFactory, user_with_role


@pytest.fixture
def organiser(db):
    return user_with_role(Role.FACULTY, username="organiser", first_name="Gulnara", last_name="Sarsenova")


@pytest.fixture
def servant(db):
    return user_with_role(Role.SERVANT, username="servant", email="servant@example.kz", preferred_language="kk",
                          time_zone="Asia/Almaty")


def make_partner(username: str, country: str = "GE", zone: str = "Asia/Tbilisi", language: str = "en"):
    user = UserFactory(username=username, email=f"{username}@example.org", preferred_language=language,
                       time_zone=zone, first_name="Nino", last_name=username.title())
    PartnerParticipant.objects.create(user=user, country=country, organisation="Civil Service Bureau")
    return user


@pytest.fixture
def partner(db):
    return make_partner("nino")


def make_event(organiser, *, slug="master-class", start_in=timedelta(days=2), minutes=90, zone="Asia/Almaty",
               provider=Session.Provider.BBB, **fields):
    defaults = {"event_type": "master_class", "title_en": "HR audit", "title_ru": "HR-аудит", "timezone": zone,
                "audience": "public"}
    event = services.event_create(actor=organiser, slug=slug, **{**defaults, **fields})
    start = (timezone.now() + start_in).replace(second=0, microsecond=0)
    extra = {"external_url": "https://meet.jit.si/apa-demo"} if provider == Session.Provider.EXTERNAL else {}
    services.session_create(event=event, actor=organiser, starts_at=start, ends_at=start + timedelta(minutes=minutes),
                            title_en="Part one", languages="en,ru", provider=provider, **extra)
    return Event.objects.get(pk=event.pk)


@pytest.fixture
def event(organiser):
    return make_event(organiser)


@pytest.fixture
def fake_bbb(settings):
    server = FakeBBB().start()
    settings.BBB_URL = server.url
    settings.BBB_SECRET = server.secret
    settings.BBB_CHECKSUM = "sha256"
    from django.core.cache import cache
    cache.clear()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def recording_video(tmp_path_factory) -> bytes:
    """A small real recording (2 s, 320x240 H.264/AAC) made with ffmpeg: what the fake server serves."""
    import subprocess

    from media.ffmpeg import ffmpeg_exe

    path = tmp_path_factory.mktemp("recordings") / "rec.mp4"
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=2",
                    "-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:a", "aac",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-shortest", str(path)],
                   check=True, timeout=60)
    return path.read_bytes()


@pytest.fixture
def library(settings, tmp_path):
    """An isolated media storage and work folder; the media tests' conftest is not loaded here."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_WORK_DIR = tmp_path / "work"
    settings.MEDIA_UPLOAD_STAGING_DIR = tmp_path / "staging"
    return tmp_path
