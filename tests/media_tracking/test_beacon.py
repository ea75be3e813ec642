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


# ---- the lean WSGI path (lms.wsgi -> media.tracking.beacon_wsgi under gunicorn) --------------------------

def _wsgi(body: bytes, method: str = "POST", path: str = URL, language: str = "") -> tuple[int, dict, dict]:
    """Calls lms.wsgi.application as gunicorn does; like Django's test client it keeps the test's database
    connection open across the request signals."""
    import io

    from django.core import signals
    from django.db import close_old_connections

    from lms.wsgi import application

    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": "",
               "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
               "HTTP_HOST": "testserver", "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
               "HTTP_ACCEPT_LANGUAGE": language, "wsgi.input": io.BytesIO(body), "wsgi.errors": io.StringIO(),
               "wsgi.url_scheme": "http", "wsgi.version": (1, 0), "wsgi.multithread": True,
               "wsgi.multiprocess": True, "wsgi.run_once": False}
    started = []
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        chunks = application(environ, lambda status, headers: started.append((status, dict(headers))))
        data = b"".join(chunks)
        if hasattr(chunks, "close"):
            chunks.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    status, headers = started[0]
    return int(status.split()[0]), headers, (json.loads(data) if headers.get("Content-Type", "").startswith(
        "application/json") else {})


def test_wsgi_fast_path_answers_like_the_django_view(client, viewer, video, monkeypatch):
    """Same bodies for two viewers of the same video, one through the view, one through the fast path."""
    twin = UserFactory(username="twin.viewer")
    view_token = _page_beacon(client, viewer, video)["token"]
    fast_token = _page_beacon(Client(), twin, video)["token"]
    claims = api.beacon_token_read(fast_token)
    bodies = [
        {"asset": video.pk, "ranges": [[0, 4]], "position": 4, "rate": 1, "beat_id": "w-1"},  # valid
        {"asset": video.pk, "ranges": [[0, 4]], "position": 4, "rate": 1, "beat_id": "w-1"},  # retried
        {"ranges": [[4, 8]], "position": 8},  # valid, no beat id
        {"ranges": [[0, 300]], "position": 300},  # implausible: 300 s right after the page load
        {"ranges": "junk", "position": 1},  # invalid
        {"ranges": [[8, 9]], "position": 9, "token": fast_token[:-3] + ("aaa" if not fast_token.endswith(
            "aaa") else "bbb")},  # tampered
        {"ranges": [[8, 9]], "position": 9, "token": _old_token(monkeypatch, claims, api.BEACON_MAX_AGE + 60)},
        {"ranges": [[8, 9]], "position": 9, "asset": video.pk + 1000},  # token for another video
        {"ranges": [[8, 9]], "position": 9, "token": ""},  # missing
    ]
    import lms.wsgi

    def not_django(environ, start_response):
        raise AssertionError("the beacon went through Django")

    monkeypatch.setattr(lms.wsgi, "django_application", not_django)  # after _old_token (it undoes patches)
    seen = []
    for body in bodies:
        view = _post({"token": view_token, **body})
        status, headers, fast = _wsgi(json.dumps({"token": fast_token, **body}).encode())
        assert (status, fast) == (view.status_code, view.json()), body
        assert headers["Content-Type"] == "application/json"
        seen.append((status, fast.get("code"), fast.get("duplicate")))
    assert seen == [(200, None, False), (200, None, True), (200, None, False), (400, "implausible_ranges", None),
                    (400, "bad_ranges", None), (403, "bad_token", None), (403, "token_expired", None),
                    (403, "bad_token", None), (403, "bad_token", None)]
    for raw in (b"not json", b"[1, 2]", b"\xff", b""):
        status, _headers, fast = _wsgi(raw)
        view = Client().post(URL, raw, content_type="application/json")
        assert (status, fast) == (view.status_code, view.json()) == (400, fast) and fast["code"] == "bad_body"
    # both paths recorded the same seconds (folded inline in tests)
    assert WatchProgress.objects.get(user=twin, asset=video).unique_seconds == 8
    assert WatchProgress.objects.get(user=viewer, asset=video).unique_seconds == 8


def test_wsgi_fast_path_translates_and_leaves_the_rest_to_django(client, viewer, video):
    token = _page_beacon(client, viewer, video)["token"]
    body = json.dumps({"token": token[:-3] + "zzz", "ranges": [], "position": 0}).encode()
    _status, _h, english = _wsgi(body, language="en")
    _status, _h, russian = _wsgi(body, language="ru-RU,ru;q=0.9")
    view_ru = Client(HTTP_ACCEPT_LANGUAGE="ru").post(URL, body, content_type="application/json").json()
    assert russian == view_ru and english["code"] == russian["code"] == "bad_token"
    # only POST of exactly the beacon path is taken; the rest reaches Django (405 from require_POST, 404)
    assert _wsgi(b"", method="GET")[0] == 405
    assert _wsgi(body, path=URL.rstrip("/"))[0] in (301, 404)
    assert _wsgi(body, path="/api/v1/media/beacon/x/")[0] == 404
