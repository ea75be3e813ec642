"""Join path cost (issue #7 load bound: 2,000 joins in 60 s, p95 < 300 ms): a join request runs a small, fixed
number of queries whatever the number of organisers, speakers and registrations, and a repeated click writes
nothing new."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from conferences import attendance, selectors, services
from conferences.models import AttendanceInterval, Session, Speaker
from people.models import Role
from tests.conferences.conftest import make_event, make_partner
from tests.factories import user_with_role

# token + user (DRF), the Actor's roles and profile (people.permissions, cached per request), the session
# with visibility / registration / organiser / speaker in one query, the attendance INSERT … ON CONFLICT
API_JOIN_QUERIES = 5
# session row + user (session auth) instead of the token query
PAGE_JOIN_QUERIES = 5  # the user comes with its servant/partner links (people.backends), so no role lookup


def _running_event(organiser, **fields):
    event = make_event(organiser, start_in=timedelta(minutes=-5), provider=Session.Provider.EXTERNAL, **fields)
    return event, event.sessions.get()


def _crowd(event, session, organiser, n=5):
    """Other organisers, speakers and participants: the join must not cost more because of them."""
    for i in range(n):
        other = make_partner(f"other{i}")
        services.registration_create(event=event, user=other)
        event.organisers.add(user_with_role(Role.FACULTY, username=f"org{i}"))
        session.speakers.add(Speaker.objects.create(name_en=f"Speaker {i}", user=make_partner(f"spk{i}")))


def _join_api(client, session, token):
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(f"/api/v1/event-sessions/{session.uid}/join/", HTTP_AUTHORIZATION=f"Token {token}")
    return response, ctx


def _sql(ctx) -> str:
    return "\n".join(q["sql"][:200] for q in ctx.captured_queries)


@pytest.mark.django_db
def test_api_join_runs_a_fixed_number_of_queries(client, organiser, partner):
    event, session = _running_event(organiser)
    services.registration_create(event=event, user=partner)
    token = Token.objects.create(user=partner).key
    response, ctx = _join_api(client, session, token)
    assert response.status_code == 200 and response.json() == {"url": "https://meet.jit.si/apa-demo"}
    assert len(ctx.captured_queries) == API_JOIN_QUERIES, _sql(ctx)
    _crowd(event, session, organiser)
    response, ctx = _join_api(client, session, token)  # second click, busier event: same cost
    assert response.status_code == 200
    assert len(ctx.captured_queries) == API_JOIN_QUERIES, _sql(ctx)
    assert AttendanceInterval.objects.filter(session=session, user=partner, left_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_page_join_runs_a_fixed_number_of_queries(client, organiser, partner):
    event, session = _running_event(organiser)
    _crowd(event, session, organiser)
    services.registration_create(event=event, user=partner)
    client.force_login(partner)
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(f"/events/sessions/{session.uid}/join/")
    assert response.status_code == 302 and response["Location"] == "https://meet.jit.si/apa-demo"
    assert len(ctx.captured_queries) == PAGE_JOIN_QUERIES, _sql(ctx)


@pytest.mark.django_db
def test_repeated_click_keeps_one_open_stay_and_a_new_one_after_leaving(organiser, partner):
    event, session = _running_event(organiser)
    services.registration_create(event=event, user=partner)
    first = timezone.now()
    attendance.session_join(session=session, user=partner, now=first)
    attendance.session_join(session=session, user=partner, now=first + timedelta(minutes=3))
    assert list(AttendanceInterval.objects.filter(user=partner).values_list("joined_at", "left_at")) == [(first, None)]
    attendance.attendance_leave(session=session, user=partner, now=first + timedelta(minutes=10))
    attendance.session_join(session=session, user=partner, now=first + timedelta(minutes=12))
    assert AttendanceInterval.objects.filter(user=partner).count() == 2
    assert AttendanceInterval.objects.filter(user=partner, left_at__isnull=True).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():  # the database itself refuses a second open stay
        AttendanceInterval.objects.create(session=session, user=partner, joined_at=first, source="manual")


@pytest.mark.django_db
def test_join_facts_from_one_query_match_the_rules(client, organiser, partner, servant):
    """The annotated session gives the same answers as the per-question checks: speakers with an account
    are moderators (early, without registration); strangers and the unregistered are refused."""
    event = make_event(organiser, start_in=timedelta(minutes=30), provider=Session.Provider.EXTERNAL,
                       join_opens_minutes=10)
    session = event.sessions.get()
    session.speakers.add(Speaker.objects.create(name_en="Nino", user=partner))
    loaded = selectors.session_for_join(partner, session.uid)
    assert (loaded.viewer_visible, loaded.viewer_registration, loaded.viewer_organiser, loaded.viewer_speaker) == (
        True, None, False, True)
    assert attendance.is_moderator(partner, loaded) is attendance.is_moderator(partner, session) is True
    assert attendance.session_join(session=loaded, user=partner) == "https://meet.jit.si/apa-demo"
    assert selectors.session_for_join(organiser, session.uid).viewer_organiser is True
    client.force_login(servant)  # registered? no: refused, and nothing recorded
    response = client.post(f"/api/v1/event-sessions/{session.uid}/join/")
    assert response.status_code == 403 and response.json()["code"] == "join_not_registered"
    assert not AttendanceInterval.objects.filter(user=servant).exists()


@pytest.mark.django_db
def test_join_of_hidden_or_unknown_session_is_not_found(client, organiser, partner):
    event, session = _running_event(organiser, slug="servants-only", audience="civil_servants")
    client.force_login(partner)
    assert selectors.session_for_join(partner, session.uid).viewer_visible is False
    assert client.post(f"/api/v1/event-sessions/{session.uid}/join/").status_code == 404
    assert client.post(f"/events/sessions/{session.uid}/join/").status_code == 404
    assert client.post("/api/v1/event-sessions/00000000-0000-0000-0000-000000000000/join/").status_code == 404
    assert client.post("/events/sessions/00000000-0000-0000-0000-000000000000/join/").status_code == 404
    client.logout()
    assert client.post(f"/api/v1/event-sessions/{session.uid}/join/", HTTP_AUTHORIZATION="Token bad").status_code in (401, 403)
    assert not AttendanceInterval.objects.exists()


@pytest.mark.django_db
def test_click_after_the_provider_saw_the_person_keeps_one_open_stay(organiser, partner, fake_bbb):
    event = make_event(organiser, start_in=timedelta(minutes=-5))
    session = event.sessions.get()
    services.registration_create(event=event, user=partner)
    attendance.session_join(session=session, user=organiser)  # creates the room
    fake_bbb.meetings[session.meeting_id]["attendees"].append(
        {"userID": str(partner.pk), "fullName": "Nino", "role": "VIEWER"})
    assert attendance.attendance_poll(session=session)["opened"] == 1
    assert attendance.session_join(session=session, user=partner).startswith(fake_bbb.url)
    stays = AttendanceInterval.objects.filter(user=partner, left_at__isnull=True)
    assert list(stays.values_list("source", flat=True)) == ["provider"]


@pytest.mark.django_db
def test_event_page_join_button_uses_prefetched_speakers(client, organiser, partner):
    """The page decides the moderator window from the prefetched speakers: a speaker with an account gets the
    button 30 minutes early without registering; a participant not yet (the room opens 10 minutes before)."""
    event = make_event(organiser, start_in=timedelta(minutes=30), provider=Session.Provider.EXTERNAL,
                       join_opens_minutes=10)
    speaker = make_partner("speaker")
    event.sessions.get().speakers.add(Speaker.objects.create(name_en="Speaker", user=speaker))
    services.registration_create(event=event, user=partner)
    client.force_login(speaker)
    assert 'data-testid="join"' in client.get(f"/events/{event.slug}/").content.decode()
    client.force_login(partner)
    assert 'data-testid="join"' not in client.get(f"/events/{event.slug}/").content.decode()
