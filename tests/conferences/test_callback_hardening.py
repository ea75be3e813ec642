"""Findings 6 and 7 of issue 15: the recording-ready callback while BBB_SECRET is unset, and `signed_parameters`
that are not text."""

import pytest

from conferences.bbb import BBBError, sign_parameters, verify_signed_parameters

CALLBACK = "/api/v1/conferences/bbb/recording-ready/"


def test_empty_secret_verifies_nothing():
    token = sign_parameters({"meeting_id": "apa-x", "record_id": "r-1"}, "")
    with pytest.raises(BBBError):
        verify_signed_parameters(token, "")


def test_callback_is_refused_while_the_secret_is_unset(client, event, settings, monkeypatch):
    settings.BBB_SECRET = ""
    queued = []
    monkeypatch.setattr("conferences.tasks.import_recording.delay", lambda *a: queued.append(a))
    session = event.sessions.first()
    token = sign_parameters({"meeting_id": session.meeting_id, "record_id": "r-1"}, "")
    response = client.post(CALLBACK, {"signed_parameters": token})
    assert response.status_code == 403 and queued == []


@pytest.mark.parametrize("value", [5, [1, 2], {"a": 1}])
def test_signed_parameters_not_text_is_a_field_error(client, db, settings, value):
    settings.BBB_SECRET = "secret"
    response = client.post(CALLBACK, {"signed_parameters": value}, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "signed_parameters"


def test_a_json_array_body_is_refused_cleanly(client, db, settings):
    settings.BBB_SECRET = "secret"
    response = client.post(CALLBACK, [1, 2], content_type="application/json")
    assert response.status_code == 401
