"""The /api/v1/events/ contract, organiser permissions (cross-access), sign-up, notifications, demo data."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from conferences.demo import seed_conferences_demo
from conferences.models import Event, Registration
from notifications.models import Notification
from notifications.services import notification_send
from people.models import PartnerParticipant, User
from tests.conferences.conftest import make_event, make_partner
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db
OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def test_public_events_contract_without_login(client, organiser):
    make_event(organiser, slug="public-one", zone="Asia/Kabul")
    make_event(organiser, slug="servants", audience="civil_servants")
    make_event(organiser, slug="draft", status="draft")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/events/")
    assert response.status_code == 200
    (item,) = response.json()["results"]
    assert item["slug"] == "public-one"
    (session,) = item["sessions"]
    assert OFFSET.match(session["starts_at"]) and session["starts_at"].endswith("+04:30")
    assert session["timezone"] == "Asia/Kabul"
    assert session["ics_url"].startswith("/events/sessions/") and session["ics_url"].endswith(".ics")
    ics = client.get(session["ics_url"])
    assert ics.status_code == 200 and Calendar.from_ical(ics.content).walk("VEVENT")
    for n in range(5):
        make_event(organiser, slug=f"more-{n}")
    with CaptureQueriesContext(connection) as more:
        assert len(client.get("/api/v1/events/").json()["results"]) == 6
    assert len(more) == len(queries)  # constant query count


def test_filters(client, organiser):
    make_event(organiser, slug="webinar-kg", event_type="webinar", audience="public")
    make_event(organiser, slug="mc", audience="public")
    slugs = [e["slug"] for e in client.get("/api/v1/events/?type=webinar").json()["results"]]
    assert slugs == ["webinar-kg"]
    assert client.get("/api/v1/events/?language=kk").json()["results"] == []
    page = client.get("/events/?type=master_class").content.decode()
    assert 'data-testid="event-mc"' in page and 'data-testid="event-webinar-kg"' not in page


def test_organisers_and_admins_only(client, organiser):
    event = make_event(organiser)
    session = event.sessions.get()
    other_faculty = user_with_role("faculty", username="other-faculty")
    partner = make_partner("p")
    admin = user_with_role("apa_admin", username="boss")
    for user, code in ((partner, 403), (other_faculty, 403)):
        client.force_login(user)
        assert client.patch(f"/api/v1/events/{event.slug}/", {"capacity": 5}, content_type="application/json").status_code == code
        assert client.post(f"/api/v1/events/{event.slug}/sessions/", {"starts_at": "2030-01-01T10:00",
                           "ends_at": "2030-01-01T11:00"}, content_type="application/json").status_code == code
        assert client.patch(f"/api/v1/event-sessions/{session.uid}/", {"languages": "kk"},
                            content_type="application/json").status_code == code
        assert client.get(f"/events/{event.slug}/manage/").status_code == 403
    client.force_login(partner)
    assert client.post("/api/v1/events/", {"slug": "x", "event_type": "webinar"},
                       content_type="application/json").status_code == 403
    client.force_login(admin)
    assert client.patch(f"/api/v1/events/{event.slug}/", {"capacity": 5},
                        content_type="application/json").json()["capacity"] == 5
    client.force_login(organiser)
    created = client.post("/api/v1/events/", {"slug": "new-one", "event_type": "webinar", "title_en": "New",
                                              "timezone": "Europe/Berlin"}, content_type="application/json")
    assert created.status_code == 201
    # naive time = the event's wall clock; a time in the DST gap is refused
    ok = client.post("/api/v1/events/new-one/sessions/", {"starts_at": "2026-07-01T10:00", "ends_at": "2026-07-01T11:00",
                     "languages": "en"}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["starts_at"] == "2026-07-01T10:00:00+02:00"
    gap = client.post("/api/v1/events/new-one/sessions/", {"starts_at": "2026-03-29T02:30",
                      "ends_at": "2026-03-29T04:00"}, content_type="application/json")
    assert gap.status_code == 400 and gap.json()["code"] == "nonexistent_time"
    bad = client.post("/api/v1/events/new-one/sessions/", {"starts_at": "2026-07-01T12:00",
                      "ends_at": "2026-07-01T11:00"}, content_type="application/json")
    assert bad.status_code == 400
    assert client.get("/events/new-one/manage/").status_code == 200


def test_my_registrations_api_and_page(client, organiser, partner):
    event = make_event(organiser)
    client.force_login(partner)
    assert client.post(f"/api/v1/events/{event.slug}/registration/").json()["status"] == "confirmed"
    mine = client.get("/api/v1/event-registrations/mine/").json()["results"]
    assert [r["event"]["slug"] for r in mine] == [event.slug]
    page = client.get("/events/mine/").content.decode()
    assert event.title in page and "/events/feed/" in page
    assert client.delete(f"/api/v1/events/{event.slug}/registration/").json()["status"] == "cancelled"


def test_partner_signup_with_email_verification(client, organiser, django_capture_on_commit_callbacks):
    event = make_event(organiser)
    form = {"first_name": "Nino", "last_name": "Beridze", "email": "Nino@Example.ge", "country": "GE",
            "organisation": "Civil Service Bureau", "position_title": "", "language": "en",
            "time_zone": "Asia/Tbilisi", "password": "12345", "password2": "12345"}
    weak = client.post(f"/events/signup/?event={event.slug}", form)
    assert weak.status_code == 400 and not User.objects.filter(username="nino@example.ge").exists()
    form["password"] = form["password2"] = "Tbilisi-Hub-2026!"
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/events/signup/?event={event.slug}", form)
    assert sent.status_code == 200 and 'data-testid="signup-sent"' in sent.content.decode()
    user = User.objects.get(username="nino@example.ge")
    assert not user.is_active and PartnerParticipant.objects.get(user=user).country == "GE"
    assert client.login(username="nino@example.ge", password="Tbilisi-Hub-2026!") is False
    link = re.search(r"https?://\S+/events/verify/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("8000", 1)[-1] if "8000" in link else link
    assert client.get(path.replace("/verify/", "/verify/x")).status_code == 400  # tampered
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == f"/events/{event.slug}/"
    user.refresh_from_db()
    assert user.is_active and Registration.objects.get(user=user).status == "confirmed"
    again = client.post("/events/signup/", form)
    assert again.status_code == 400  # the e-mail is taken now


def test_notification_send_dedup_language_and_page(client, servant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notification_send(user=servant, kind="test", dedup_key="k1", title=lambda ctx: ctx["recipient"].username,
                                  body="Hello", url="/events/")
        assert notification_send(user=servant, kind="test", dedup_key="k1", title="again") is None
    assert first.title == "servant" and len(mail.outbox) == 1 and mail.outbox[0].to == ["servant@example.kz"]
    first.refresh_from_db()
    assert first.emailed_at is not None
    from notifications.services import notification_email_send
    assert notification_email_send(first.pk) is False  # a retried task sends nothing more
    from django.utils.translation import get_language
    seen = notification_send(user=servant, kind="test", dedup_key="k2", title=lambda ctx: get_language(), email=False)
    assert seen.title == "kk"  # the recipient's language
    client.force_login(servant)
    from notifications.context_processors import unread_notifications
    request = type("R", (), {"user": servant})()
    assert unread_notifications(request) == {"unread_notifications": 2}
    page = client.get("/notifications/")
    assert page.status_code == 200 and "servant" in page.content.decode()
    client.post("/notifications/read/", {"id": [first.pk]})
    assert Notification.objects.filter(user=servant, read_at__isnull=True).count() == 1
    client.post("/notifications/read/")
    request = type("R", (), {"user": servant})()  # a new request (the count is read once per request)
    assert unread_notifications(request) == {"unread_notifications": 0}


def test_demo_is_idempotent():
    from people.demo_users import seed_users  # noqa: F401 - demo users are optional here
    first = seed_conferences_demo()
    second = seed_conferences_demo()
    assert first["events"] == second["events"] == 7 and second["new sessions"] == 0
    types = set(Event.objects.values_list("event_type", flat=True))
    assert {"conference", "webinar", "master_class", "round_table"} <= types
    assert Event.objects.get(slug="round-table-kabul-toronto").timezone == "America/Toronto"
    assert timedelta(0) < Event.objects.get(slug="hub-annual-conference").sessions.first().ends_at - \
        Event.objects.get(slug="hub-annual-conference").sessions.first().starts_at
