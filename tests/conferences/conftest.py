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


@pytest.fixture(autouse=True)
def _urlconf(settings):
    """Use the project's URLconf; fall back to ours only when lms.urls cannot be imported right now."""
    import importlib

    try:
        importlib.import_module("lms.urls")
    except ImportError:
        settings.ROOT_URLCONF = "tests.conferences.urls"
