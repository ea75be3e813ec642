"""Conferencing providers behind one interface: BigBlueButton (our own server, full API) and an external link
(a Zoom/Teams/Jitsi room the organiser pastes). Settings, read here with defaults:

    BBB_URL       e.g. https://bbb.example.kz/bigbluebutton/   (empty: BigBlueButton sessions cannot be joined)
    BBB_SECRET    the shared secret from `bbb-conf --secret`
    BBB_CHECKSUM  sha256 (default) or sha1 for old servers
"""

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from conferences.bbb import BBBClient, BBBError, Recording
from conferences.models import Session
from lms.errors import ApplicationError

CREATE_CACHE_SECONDS = 120  # `create` is idempotent on BBB; skip repeating it for every join click


class Provider:
    name = ""

    def join_url(self, session: Session, user, *, moderator: bool) -> str:
        raise NotImplementedError

    def attendee_ids(self, session: Session) -> set[str] | None:
        """User ids present in the room now, or None when the provider cannot tell."""
        return None

    def recordings(self, session: Session) -> list[Recording]:
        return []

    def end(self, session: Session) -> None:
        return None


class ExternalLinkProvider(Provider):
    name = Session.Provider.EXTERNAL

    def join_url(self, session, user, *, moderator):
        return session.external_url


def bbb_client() -> BBBClient:
    url, secret = getattr(settings, "BBB_URL", ""), getattr(settings, "BBB_SECRET", "")
    if not url or not secret:
        raise ApplicationError("provider_not_configured",
                               _("The video conferencing server is not configured. Tell the organisers."),
                               http_status=503)
    return BBBClient(url, secret, algorithm=getattr(settings, "BBB_CHECKSUM", "sha256"),
                     timeout=getattr(settings, "BBB_TIMEOUT", 5.0))


class BigBlueButtonProvider(Provider):
    name = Session.Provider.BBB

    def __init__(self, client: BBBClient | None = None):
        self._client = client

    @property
    def client(self) -> BBBClient:
        if self._client is None:
            self._client = bbb_client()
        return self._client

    def ensure_room(self, session: Session) -> None:
        key = f"bbb-created:{session.meeting_id}:{session.sequence}"
        if cache.get(key):
            return
        site = settings.SITE_URL
        self.client.create(
            session.meeting_id, session.title[:250],
            logout_url=site + reverse("conferences:left", args=[session.uid]),
            recording_ready_url=site + reverse("api-bbb-recording-ready"),
            duration_minutes=session.minutes + 30,
            meta={"apa-session": str(session.uid)},
        )
        cache.set(key, 1, CREATE_CACHE_SECONDS)

    def join_url(self, session, user, *, moderator):
        try:
            self.ensure_room(session)
        except BBBError as exc:
            raise ApplicationError("provider_unavailable",
                                   _("The video conferencing server did not answer. Try again in a minute."),
                                   extra={"provider_error": exc.message_key}, http_status=503)
        name = user.get_full_name() or user.username
        return self.client.join_url(session.meeting_id, name, moderator=moderator, user_id=str(user.pk))

    def attendee_ids(self, session):
        try:
            info = self.client.get_meeting_info(session.meeting_id)
        except BBBError as exc:
            if exc.message_key == "notFound":
                return set()
            return None
        return {a["user_id"] for a in info["attendees"] if a["user_id"]}

    def recordings(self, session):
        return self.client.get_recordings(meeting_id=session.meeting_id)

    def end(self, session):
        self.client.end(session.meeting_id)


def provider_for(session: Session) -> Provider | None:
    if session.provider == Session.Provider.BBB:
        return BigBlueButtonProvider()
    if session.provider == Session.Provider.EXTERNAL:
        return ExternalLinkProvider()
    return None
