"""The BigBlueButton client against the fake server: checksums, required parameters, every call, the
recording-ready callback (JWT HS256) and attendance polling."""

import hashlib
from datetime import timedelta
from urllib.parse import parse_qs, urlparse
from urllib.request import urlopen

import pytest
from django.utils import timezone

from conferences import attendance, services
from conferences.bbb import BBBClient, BBBError, sign_parameters, verify_signed_parameters
from conferences.models import AttendanceInterval, SessionRecording
from tests.conferences.conftest import make_event


def test_checksum_is_sha_of_call_query_and_secret():
    client = BBBClient("https://bbb.example/bigbluebutton/", "s3cr3t", algorithm="sha1")
    query = "meetingID=abc&name=Test+Room"
    expected = hashlib.sha1(b"create" + query.encode() + b"s3cr3t").hexdigest()  # noqa: S324 - BBB protocol
    assert client.checksum("create", query) == expected
    url = client.url("create", {"meetingID": "abc", "name": "Test Room"})
    assert url == f"https://bbb.example/bigbluebutton/api/create?{query}&checksum={client.checksum('create', query)}"
    sha256 = BBBClient("https://bbb.example/bigbluebutton/api", "s3cr3t")
    assert len(sha256.checksum("create", query)) == 64 and sha256.base == "https://bbb.example/bigbluebutton/api"


@pytest.mark.parametrize("algorithm", ["sha1", "sha256", "sha512"])
def test_all_calls_against_the_fake(fake_bbb, algorithm):
    client = BBBClient(fake_bbb.url, fake_bbb.secret, algorithm=algorithm)
    created = client.create("m-1", "Master class", record=True, recording_ready_url="https://lms/cb")
    assert created["meeting_id"] == "m-1"
    assert fake_bbb.meetings["m-1"]["meta"] == {"meta_bbb-recording-ready-url": "https://lms/cb"}
    assert client.is_meeting_running("m-1") is False
    join = client.join_url("m-1", "Nino Beridze", moderator=False, user_id="42")
    params = {k: v[0] for k, v in parse_qs(urlparse(join).query).items()}
    assert params["role"] == "VIEWER" and params["userID"] == "42" and params["fullName"] == "Nino Beridze"
    assert b"SUCCESS" in urlopen(join).read()  # noqa: S310 - the fake accepts the browser's join
    assert client.is_meeting_running("m-1") is True
    info = client.get_meeting_info("m-1")
    assert info["attendees"] == [{"user_id": "42", "full_name": "Nino Beridze", "role": "VIEWER"}]
    fake_bbb.add_recording("m-1", "rec-1", length=88)
    (rec,) = client.get_recordings(meeting_id="m-1")
    assert (rec.record_id, rec.minutes, rec.published) == ("rec-1", 88, True)
    client.end("m-1")
    assert client.is_meeting_running("m-1") is False


def test_wrong_secret_and_missing_parameters_are_refused(fake_bbb):
    with pytest.raises(BBBError) as exc:
        BBBClient(fake_bbb.url, "not-the-secret").create("m-2", "x")
    assert exc.value.message_key == "checksumError"
    with pytest.raises(BBBError) as exc:
        BBBClient(fake_bbb.url, fake_bbb.secret)._get("create", {"name": "no meeting id"})
    assert exc.value.message_key == "missingParam"
    with pytest.raises(BBBError) as exc:
        BBBClient(fake_bbb.url, fake_bbb.secret).get_meeting_info("nope")
    assert exc.value.message_key == "notFound"


def test_unreachable_server_is_an_error():
    with pytest.raises(BBBError) as exc:
        BBBClient("http://127.0.0.1:9/bigbluebutton", "x", timeout=0.5).is_meeting_running("m")
    assert exc.value.message_key == "unreachable"


def test_signed_parameters_are_verified():
    token = sign_parameters({"meeting_id": "apa-1", "record_id": "r-1"}, "secret")
    assert verify_signed_parameters(token, "secret")["record_id"] == "r-1"
    for bad in (sign_parameters({"meeting_id": "apa-1", "record_id": "r-1"}, "other"), "a.b", "x.y.z"):
        with pytest.raises(BBBError):
            verify_signed_parameters(bad, "secret")
    head, body, sig = token.split(".")
    with pytest.raises(BBBError):  # tampered payload
        verify_signed_parameters(f"{head}.{body[:-2]}xx.{sig}", "secret")


@pytest.mark.django_db
def test_recording_ready_callback_imports_the_recording(client, fake_bbb, organiser):
    event = make_event(organiser, start_in=timedelta(hours=-3))
    session = event.sessions.get()
    fake_bbb.add_recording(session.meeting_id, "rec-77", length=91)
    payload = {"meeting_id": session.meeting_id, "record_id": "rec-77"}
    bad = client.post("/api/v1/conferences/bbb/recording-ready/",
                      {"signed_parameters": sign_parameters(payload, "wrong")})
    assert bad.status_code == 401 and not SessionRecording.objects.exists()
    ok = client.post("/api/v1/conferences/bbb/recording-ready/",
                     {"signed_parameters": sign_parameters(payload, fake_bbb.secret)})
    assert ok.status_code == 202
    recording = SessionRecording.objects.get()
    assert (recording.session, recording.record_id, recording.duration_minutes) == (session, "rec-77", 91)
    assert recording.visibility == SessionRecording.Visibility.REGISTERED


@pytest.mark.django_db
def test_join_creates_the_room_and_polling_records_leaves(client, fake_bbb, organiser, partner):
    event = make_event(organiser, start_in=timedelta(minutes=5))
    session = event.sessions.get()
    services.registration_create(event=event, user=partner)
    client.force_login(partner)
    response = client.post(f"/events/sessions/{session.uid}/join/")
    assert response.status_code == 302
    target = urlparse(response["Location"])
    params = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert target.path == "/bigbluebutton/api/join" and params["userID"] == str(partner.pk)
    assert params["role"] == "VIEWER"
    meeting = fake_bbb.meetings[session.meeting_id]
    assert meeting["meta"]["meta_bbb-recording-ready-url"].endswith("/api/v1/conferences/bbb/recording-ready/")
    assert meeting["meta"]["meta_apa-session"] == str(session.uid)
    assert fake_bbb.verify("join", target.query)[0]  # a checksum the server accepts
    urlopen(response["Location"]).read()  # noqa: S310 - the browser follows it
    (interval,) = AttendanceInterval.objects.filter(user=partner)
    assert interval.left_at is None
    fake_bbb.leave(session.meeting_id, str(partner.pk))
    result = attendance.attendance_poll(session=session, now=timezone.now())
    assert result == {"opened": 0, "closed": 1}
    interval.refresh_from_db()
    assert interval.left_at is not None
    # organisers join as moderators
    client.force_login(organiser)
    params = parse_qs(urlparse(client.post(f"/events/sessions/{session.uid}/join/")["Location"]).query)
    assert params["role"] == ["MODERATOR"]
