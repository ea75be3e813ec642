"""No request to BigBlueButton is made while a database transaction is open: a slow or dead server must not
hold row locks (the attendance poll locks open intervals) or a connection. The tests commit for real
(transaction=True), so `in_atomic_block` is the code's own transaction, never the test's."""

from datetime import timedelta
from urllib.request import urlopen

import pytest
from django.db import connection

from conferences import attendance, services
from conferences.bbb import BBBClient
from conferences.recordings import recordings_import
from people.models import Role
from tests.conferences.conftest import make_event, make_partner
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bbb_calls(monkeypatch):
    """(call, whether a transaction was open) for every request the client sends to the server."""
    calls = []
    real_get = BBBClient._get

    def watched(self, call, params):
        calls.append((call, connection.in_atomic_block))
        return real_get(self, call, params)

    monkeypatch.setattr(BBBClient, "_get", watched)
    return calls


def test_join_poll_recordings_and_cancel_call_the_server_outside_transactions(client, fake_bbb, bbb_calls):
    organiser = user_with_role(Role.FACULTY, username="organiser")
    partner = make_partner("nino")
    event = make_event(organiser, start_in=timedelta(minutes=5))
    session = event.sessions.get()
    services.registration_create(event=event, user=partner)

    client.force_login(partner)
    response = client.post(f"/events/sessions/{session.uid}/join/")  # create (idempotent) before the redirect
    assert response.status_code == 302
    urlopen(response["Location"]).read()  # noqa: S310 - the browser follows the join URL
    assert attendance.attendance_poll(session=session) == {"opened": 0, "closed": 0}
    fake_bbb.leave(session.meeting_id, str(partner.pk))
    assert attendance.attendance_poll(session=session) == {"opened": 0, "closed": 1}

    fake_bbb.add_recording(session.meeting_id, "rec-1", length=30)
    assert [r.record_id for r in recordings_import(session=session)] == ["rec-1"]
    assert [r.record_id for r in recordings_import(session=session, record_id="rec-1")] == ["rec-1"]  # upsert

    services.session_cancel(session=session, actor=organiser)  # the room is ended after the commit
    assert fake_bbb.meetings[session.meeting_id]["running"] is False

    made = [call for call, _open in bbb_calls]
    assert {"create", "getMeetingInfo", "getRecordings", "end"} <= set(made)
    assert [call for call, in_transaction in bbb_calls if in_transaction] == []


def test_cancelling_a_session_whose_room_never_opened_is_fine(fake_bbb, bbb_calls):
    organiser = user_with_role(Role.FACULTY, username="organiser")
    session = make_event(organiser).sessions.get()
    services.session_cancel(session=session, actor=organiser)
    services.session_cancel(session=session, actor=organiser)  # twice: nothing more is sent
    assert bbb_calls == [("end", False)]  # notFound from the server: nothing to end
