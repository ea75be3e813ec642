"""The lean heartbeat path: the player page's signed beacon token and POST /api/v1/media/beacon/."""

import json
import time

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from media.models import VideoAsset
from media.tracking import api, buffer, services
from media.tracking.models import WatchProgress
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/media/beacon/"


def _page_beacon(client, user, asset) -> dict:
    client.force_login(user)
    page = client.get(f"/watch/{asset.pk}/")
    assert page.status_code == 200
    return page.context["player_config"]["beacon"]


def _post(body, client=None):
    client = client or Client()
    return client.post(URL, json.dumps(body), content_type="application/json")


def _old_token(monkeypatch, claims: dict, age: int) -> str:
    monkeypatch.setattr(signing.TimestampSigner, "timestamp",
                        lambda self: signing.b62_encode(int(time.time()) - age))
    token = signing.dumps(claims, salt=api.BEACON_SALT)
    monkeypatch.undo()
    return token


@pytest.fixture(autouse=True)
def slack(settings):
    """Beats here follow the page load at once: allow some seconds of playing without waiting."""
    settings.MEDIA_HEARTBEAT_SLACK_SECONDS = 30


@pytest.fixture
def other_video(db):
    return VideoAsset.objects.create(title_en="Other", source="videos/source/o.mp4", duration_seconds=300,
                                     status=VideoAsset.Status.READY)


def test_player_page_issues_a_token_bound_to_viewer_and_video(client, viewer, video):
    beacon = _page_beacon(client, viewer, video)
    assert beacon["url"] == URL and beacon["asset"] == video.pk
    assert api.beacon_token_read(beacon["token"]) == {"u": viewer.pk, "a": video.pk, "d": 300, "ok": 1}
    html = client.get(f"/watch/{video.pk}/").content.decode()
    assert '"beacon": {"url": "/api/v1/media/beacon/"' in html


def test_beacon_records_and_counts_a_retry_once(client, viewer, video):
    token = _page_beacon(client, viewer, video)["token"]
    body = {"token": token, "asset": video.pk, "ranges": [[0, 10]], "position": 10, "rate": 1, "beat_id": "s-1"}
    first = _post(body)
    assert first.status_code == 200, first.content
    assert first.json() == {"duplicate": False, "unique_seconds": 10, "share": 10 / 300, "position": 10.0}
    again = _post(body)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    row = WatchProgress.objects.get(user=viewer, asset=video)  # folded inline in tests
    assert row.unique_seconds == 10 and bytes(row.counts)[:11] == b"\x01" * 10 + b"\x00"


def test_beacon_ignores_cookies_and_loads_nothing(client, viewer, video, settings):
    token = _page_beacon(client, viewer, video)["token"]  # `client` keeps the viewer's session cookie
    settings.MEDIA_HEARTBEAT_FOLD_INLINE = False  # as in production: the fold runs elsewhere
    if buffer.enabled():
        buffer.prefix()  # computed once per process
    with CaptureQueriesContext(connection) as queries:  # the player sends no cookies (credentials: "omit")
        response = _post({"token": token, "ranges": [[0, 5]], "position": 5})
    assert response.status_code == 200, response.content
    if buffer.enabled():
        assert [q["sql"] for q in queries.captured_queries] == []  # no session, user, roles or audience
    else:
        assert not any("django_session" in q["sql"] for q in queries.captured_queries)
    someone_else = UserFactory(username="someone.else")
    client.force_login(someone_else)  # a session cookie of another user changes nothing: the token decides
    assert _post({"token": token, "ranges": [[5, 8]], "position": 8}, client).json()["unique_seconds"] == 8
    settings.MEDIA_HEARTBEAT_FOLD_INLINE = None
    services.heartbeats_fold()
    assert WatchProgress.objects.get(user=viewer, asset=video).unique_seconds == 8
    assert not WatchProgress.objects.filter(user=someone_else).exists()


def test_tampered_expired_and_foreign_tokens_are_refused(client, viewer, video, other_video, monkeypatch):
    token = _page_beacon(client, viewer, video)["token"]
    beat = {"ranges": [[0, 5]], "position": 5}
    claims = api.beacon_token_read(token)
    forged = signing.dumps({**claims, "a": other_video.pk}, salt="another.salt")
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    payload, rest = token.split(":", 1)
    swapped = signing.b64_encode(json.dumps({**claims, "u": claims["u"] + 1},
                                            separators=(",", ":")).encode()).decode() + ":" + rest
    cases = {
        "missing": {}, "empty": {"token": ""}, "not a string": {"token": 42}, "tampered": {"token": tampered},
        "payload swapped": {"token": swapped}, "other salt": {"token": forged},
        "expired": {"token": _old_token(monkeypatch, claims, api.BEACON_MAX_AGE + 60)},
        "other video": {"token": token, "asset": other_video.pk},
        "no audience grant": {"token": signing.dumps({**claims, "ok": 0}, salt=api.BEACON_SALT)},
    }
    for name, extra in cases.items():
        response = _post({**beat, **extra})
        assert response.status_code == 403, name
        assert response.json()["code"] in ("bad_token", "token_expired"), name
    assert _post({**beat, "token": _old_token(monkeypatch, claims, api.BEACON_MAX_AGE - 60)}).status_code == 200
    assert not WatchProgress.objects.filter(asset=other_video).exists()
    assert not WatchProgress.objects.filter(user_id=claims["u"] + 1).exists()


def test_token_for_one_video_never_records_another(client, viewer, video, other_video):
    token = _page_beacon(client, viewer, video)["token"]
    _page_beacon(client, viewer, other_video)
    assert _post({"token": token, "asset": video.pk, "ranges": [[0, 10]], "position": 10}).status_code == 200
    assert WatchProgress.objects.get(user=viewer, asset=video).unique_seconds == 10
    assert WatchProgress.objects.get(user=viewer, asset=other_video).unique_seconds == 0


def test_plausibility_and_validation_are_the_services(client, viewer, video):
    token = _page_beacon(client, viewer, video)["token"]
    seek = _post({"token": token, "ranges": [[0, 300]], "position": 300})  # 300 s played right after the load
    assert seek.status_code == 400 and seek.json()["code"] == "implausible_ranges"
    for body, code in [({"ranges": "junk", "position": 1}, "bad_ranges"), ({"ranges": [[5, 1]], "position": 1},
                       "bad_ranges"), ({"ranges": [], "position": -1}, "bad_position"),
                       ({"ranges": [], "position": 1, "rate": 16}, "bad_rate"),
                       ({"ranges": [], "position": 1, "beat_id": "x" * 65}, "bad_beat_id"),
                       ({"ranges": [[0, 1]] * 101, "position": 1}, "bad_ranges")]:
        response = _post({"token": token, **body})
        assert response.status_code == 400 and response.json()["code"] == code, body
    for raw in (b"not json", b"[1, 2]", b"\xff"):
        response = Client().post(URL, raw, content_type="application/json")
        assert response.status_code == 400 and response.json()["code"] == "bad_body"
    assert Client().get(URL).status_code == 405
    assert not WatchProgress.objects.filter(user=viewer, asset=video, unique_seconds__gt=0).exists()


def test_drf_endpoint_shares_the_rules(client, viewer, video):
    client.force_login(viewer)
    url = f"/api/v1/media/videos/{video.pk}/heartbeat/"
    client.get(f"/watch/{video.pk}/")
    for body, code in [({"ranges": [[0, 300]], "position": 300}, "implausible_ranges"),
                       ({"ranges": [], "position": 1, "rate": 16}, "bad_rate"), ([1, 2], "bad_body"),
                       ({"ranges": []}, "bad_position")]:
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 400 and response.json()["code"] == code, body
    assert client.post(url, {"ranges": [[0, 5]], "position": 5}, content_type="application/json").json()[
        "unique_seconds"] == 5


def test_beacon_without_redis_uses_the_direct_write(client, viewer, video, settings):
    settings.MEDIA_HEARTBEAT_BUFFER = False
    token = _page_beacon(client, viewer, video)["token"]
    response = _post({"token": token, "ranges": [[0, 10]], "position": 10})
    assert response.status_code == 200 and response.json()["unique_seconds"] == 10
    assert WatchProgress.objects.get(user=viewer, asset=video).unique_seconds == 10
    viewer.is_active = False
    viewer.save(update_fields=["is_active"])
    assert _post({"token": token, "ranges": [[10, 15]], "position": 15}).status_code == 403
