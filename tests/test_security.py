"""Security: API token sign-in and its rate limit, no anonymous API, production settings, IIN kept out
of logs, and the staff admin (read-only audit log, masked IIN)."""

import io
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test.utils import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from lms.audit import audit_record
from lms.models import AuditEntry
from people.logging import IINMaskingFilter
from people.models import Role
from tests.factories import CivilServantFactory, UserFactory, user_with_role

TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "Demo-pass-2026"  # tests.factories.UserFactory
IIN = "850312400118"


# --- token endpoint

@pytest.mark.django_db
def test_token_for_right_credentials_authenticates_api_calls():
    user = UserFactory(username="aigerim")
    response = APIClient().post(TOKEN_URL, {"username": "aigerim", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(user=user).key == key
    client = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").json()["username"] == "aigerim"
    again = APIClient().post(TOKEN_URL, {"username": "aigerim", "password": PASSWORD}, format="json")
    assert again.json()["token"] == key  # one token per user


@pytest.mark.django_db
def test_token_answer_does_not_reveal_whether_the_user_exists():
    UserFactory(username="aigerim")
    UserFactory(username="disabled", is_active=False)
    answers = [APIClient().post(TOKEN_URL, {"username": name, "password": password}, format="json")
               for name, password in (("aigerim", "wrong-password"), ("nobody", "wrong-password"),
                                      ("disabled", PASSWORD))]
    assert {a.status_code for a in answers} == {400}
    assert answers[0].json() == answers[1].json() == answers[2].json()
    assert answers[0].json()["code"] == "invalid_credentials"


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [{}, {"username": "aigerim"}, {"password": "x"}, {"username": "", "password": ""}])
def test_token_requires_both_fields(payload):
    response = APIClient().post(TOKEN_URL, payload, format="json")
    assert response.status_code == 400


@pytest.mark.django_db
def test_token_rate_limit_blocks_even_the_right_password():
    UserFactory(username="aigerim")
    client = APIClient()
    for _ in range(settings.LOGIN_RATE_LIMIT):
        assert client.post(TOKEN_URL, {"username": "aigerim", "password": "wrong"}, format="json").status_code == 400
    response = client.post(TOKEN_URL, {"username": "aigerim", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert response.json()["code"] == "login_rate_limited"
    assert not Token.objects.exists()


@pytest.mark.django_db
def test_token_rate_limit_applies_to_unknown_usernames_too():
    client = APIClient()
    for _ in range(settings.LOGIN_RATE_LIMIT):
        client.post(TOKEN_URL, {"username": "ghost", "password": "wrong"}, format="json")
    response = client.post(TOKEN_URL, {"username": "ghost", "password": "wrong"}, format="json")
    assert response.status_code == 429


@pytest.mark.django_db
def test_token_endpoint_ignores_a_session_so_needs_no_csrf():
    user = UserFactory(username="aigerim")
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(TOKEN_URL, {"username": "aigerim", "password": PASSWORD}, format="json")
    assert response.status_code == 200


# --- anonymous access

@pytest.mark.django_db
@pytest.mark.parametrize("method, url", [
    ("get", "/api/v1/me/"), ("patch", "/api/v1/me/"), ("get", "/api/v1/regions/"), ("get", "/api/v1/bodies/"),
    ("get", "/api/v1/bodies/X/"), ("get", "/api/v1/bodies/X/headcount/"), ("get", "/api/v1/servants/"),
    ("get", "/api/v1/servants/P1/"), ("get", "/api/v1/audit/"), ("post", "/api/v1/ekyzmet/imports/"),
])
def test_api_refuses_anonymous_requests(method, url):
    response = getattr(APIClient(), method)(url)
    assert response.status_code in (401, 403)


@pytest.mark.django_db
def test_api_refuses_a_bad_token():
    response = APIClient(HTTP_AUTHORIZATION="Token not-a-real-token").get("/api/v1/me/")
    assert response.status_code in (401, 403)


@pytest.mark.django_db
def test_session_writes_need_csrf():
    user = UserFactory()
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.patch("/api/v1/me/", {"preferred_language": "kk"}, format="json")
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.preferred_language == ""


# --- production settings: explicit, never a default, and refusing insecure values

_CHOOSING_ENV = ("DEBUG", "LMS_TESTING", "LMS_ENV", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS",
                 "DJANGO_ALLOW_ASYNC_UNSAFE")
# The ways to ask for production: the Dockerfile and docker-compose.yml name the module; LMS_ENV or DEBUG=0 also do.
PRODUCTION_CHOICES = [{"DJANGO_SETTINGS_MODULE": "lms.settings.production"}, {"LMS_ENV": "production"},
                      {"DEBUG": "0"}]


def _manage(*args, **env_vars):
    env = {k: v for k, v in os.environ.items() if k not in _CHOOSING_ENV}
    env.update(env_vars)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("choice", PRODUCTION_CHOICES[:2])
def test_check_deploy_is_clean_with_production_settings(choice):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **choice, DATABASE_URL="", REDIS_URL="",
                     ALLOWED_HOSTS="lms.example.kz", SECRET_KEY="prod-like-" + "q7Zx9Lm2Vb8Nc4Kd1Rf6Tg3Hy5Ju0Wp" * 2)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNINGS" not in output


@pytest.mark.parametrize("choice", PRODUCTION_CHOICES)
@pytest.mark.parametrize("secret", [None, ""])
def test_production_settings_refuse_to_start_without_a_secret_key(choice, secret):
    extra = {} if secret is None else {"SECRET_KEY": secret}
    result = _manage("check", **choice, **extra, ALLOWED_HOSTS="lms.example.kz")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts():
    result = _manage("check", DJANGO_SETTINGS_MODULE="lms.settings.production", SECRET_KEY="k" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize("blank", [{}, {"DEBUG": "", "SECRET_KEY": "", "LMS_ENV": ""}])
def test_manage_py_uses_development_settings_when_nothing_is_exported(blank):
    result = _manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG, settings.TESTING)",
                     **blank)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True False"


# --- IIN never reaches a log line

def _record(msg, *args) -> logging.LogRecord:
    return logging.LogRecord("people", logging.INFO, __file__, 1, msg, args, None)


@pytest.mark.parametrize("msg, args", [
    (f"imported servant {IIN}", ()),
    ("imported servant %s", (IIN,)),
    ("row %d: iin=%s rejected", (7, IIN)),
])
def test_iin_masking_filter_rewrites_records(msg, args):
    record = _record(msg, *args)
    assert IINMaskingFilter().filter(record) is True  # masks, never drops
    text = record.getMessage()
    assert IIN not in text
    assert "85********18" in text


def test_iin_masking_filter_leaves_other_numbers():
    record = _record("imported %d rows, phone 87011234567, id 1234567890123", 12)
    IINMaskingFilter().filter(record)
    assert record.getMessage() == "imported 12 rows, phone 87011234567, id 1234567890123"


def test_configured_console_handler_masks_iin():
    """The handler that settings.LOGGING installs on the root logger carries the filter."""
    handlers = [h for h in logging.getLogger().handlers
                if any(isinstance(f, IINMaskingFilter) for f in h.filters)]
    assert handlers, "no root handler with IINMaskingFilter"
    handler = handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        logging.getLogger("people.import").warning("could not match servant %s", IIN)
    finally:
        handler.setStream(previous)
    assert "could not match servant 85********18" in stream.getvalue()
    assert IIN not in stream.getvalue()


# --- staff admin

@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
def test_admin_servant_list_masks_iin(admin_client):
    servant = CivilServantFactory()
    response = admin_client.get("/admin/people/civilservant/")
    assert response.status_code == 200
    html = response.content.decode()
    assert servant.personnel_number in html
    assert servant.iin[:2] + "********" + servant.iin[-2:] in html
    assert servant.iin not in html


@pytest.mark.django_db
def test_admin_audit_log_is_read_only(admin_client):
    entry = audit_record(actor=None, action="body.create", object_type="people.statebody", object_id="1")
    assert admin_client.get("/admin/lms/auditentry/").status_code == 200
    assert admin_client.get(f"/admin/lms/auditentry/{entry.pk}/change/").status_code == 200  # view only
    assert admin_client.get("/admin/lms/auditentry/add/").status_code == 403
    before = AuditEntry.objects.count()
    assert admin_client.post(f"/admin/lms/auditentry/{entry.pk}/change/", {"summary": "edited"}).status_code == 403
    assert admin_client.post(f"/admin/lms/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.summary == "" and AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_admin_user_page_has_roles_and_preferences(admin_client):
    user = user_with_role(Role.ANALYST)
    html = admin_client.get(f"/admin/people/user/{user.pk}/change/").content.decode()
    assert 'name="preferred_language"' in html and 'name="time_zone"' in html
    assert "role_assignments-0-role" in html


@pytest.mark.django_db
def test_admin_pages_render(admin_client):
    for model in ("region", "statebody", "structuralunit", "position", "civilservant", "employmentrecord",
                  "roleassignment", "partnerparticipant", "user"):
        assert admin_client.get(f"/admin/people/{model}/").status_code == 200, model
        assert admin_client.get(f"/admin/people/{model}/?q=x").status_code == 200, model


@override_settings(LOGIN_RATE_LIMIT=2)
@pytest.mark.django_db
def test_rate_limit_follows_the_setting():
    UserFactory(username="aigerim")
    client = APIClient()
    for _ in range(2):
        client.post(TOKEN_URL, {"username": "aigerim", "password": "wrong"}, format="json")
    assert client.post(TOKEN_URL, {"username": "aigerim", "password": PASSWORD}, format="json").status_code == 429
