"""The production configuration as shipped: static files collected under the production settings (whitenoise's
manifest), gunicorn with DEBUG off, and the main pages served — signed out and signed in — with no 500.

This is the check that would have caught "Missing staticfiles manifest entry" on every HTML page."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import global_settings
from django.db import connection
from django.test import override_settings

from people.models import Role
from tests.factories import user_with_role

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Demo-pass-2026"  # tests.factories.UserFactory
# Behind the reverse proxy that terminates TLS: the proxy says the request came over HTTPS.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _production_env(tmp_path) -> dict:
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "LMS_TESTING", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "lms.settings.production",
            "SECRET_KEY": "smoke-" + "k" * 60,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "STATIC_ROOT": str(tmp_path / "static"),
            "MEDIA_ROOT": str(tmp_path / "media"),
        }
    )
    env.pop("REDIS_URL", None)  # the pages must not depend on a broker being up
    return env


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _opener():
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    return opener, jar


def _fetch(opener, url, data=None, headers=None, jar=None):
    # The proxy speaks HTTPS to the browser and HTTP to gunicorn: the browser would send the Secure cookies, so
    # the test sends them itself (urllib's jar keeps Secure cookies off plain HTTP).
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar) if jar is not None else ""
    headers = {**PROXY_HEADERS, **({"Cookie": cookies} if cookies else {}), **(headers or {})}
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace"), response.headers
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace"), exc.headers


@pytest.fixture
def production_server(transactional_db, tmp_path):
    env = _production_env(tmp_path)
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collect.returncode == 0, collect.stdout + collect.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "lms.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                # plain HTTP, as the container healthcheck asks: the liveness answer is never redirected
                urllib.request.urlopen(base + "/healthz/live", timeout=1)  # noqa: S310
                break
            except urllib.error.HTTPError as exc:
                pytest.fail(f"/healthz/live over plain HTTP answered {exc.code}: the healthcheck would fail")
            except OSError:
                if server.poll() is not None:
                    pytest.fail("gunicorn exited: " + server.stdout.read())
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer /healthz/live in 30 s")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def _login(opener, jar, base, username):
    status, body, _ = _fetch(opener, base + "/login/", jar=jar)
    assert status == 200, body[:2000]
    token = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    public = base.replace("http://", "https://")  # what the browser saw, in front of the proxy
    status, body, headers = _fetch(
        opener,
        base + "/login/",
        data=data.encode(),
        jar=jar,
        headers={"Referer": public + "/login/", "Origin": public},
    )
    assert status == 302, body[:2000]


def test_production_serves_pages_and_static_files(production_server):
    with override_settings(PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS):  # the server's, not the tests'
        user_with_role(Role.ADMIN, username="smoke-admin")
    opener, jar = _opener()
    base = production_server

    status, body, _ = _fetch(opener, base + "/login/")
    assert status == 200, body[:2000]
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', body)
    assert stylesheet and re.search(r"\.[0-9a-f]{12}\.css$", stylesheet.group(1)), (
        "static names come from the manifest"
    )
    assert _fetch(opener, base + stylesheet.group(1))[0] == 200

    status, body, _ = _fetch(opener, base + "/no-such-page/")
    assert status == 404 and "Traceback" not in body

    plain = urllib.request.build_opener(_NoRedirect())
    status, _body, headers = _fetch(plain, base + "/login/", headers={"X-Forwarded-Proto": "http"})
    assert status == 301 and headers["Location"].startswith("https://"), "plain HTTP is redirected to HTTPS"

    _login(opener, jar, base, "smoke-admin")
    for path in ("/", "/courses/", "/events/", "/servants/", "/admin/"):
        status, body, _ = _fetch(opener, base + path, jar=jar)
        assert status == 200, f"{path}: {status} {body[:1500]}"
        assert "Server Error" not in body
