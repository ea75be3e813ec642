"""Sign-in (throttled), sign-out, the remembered language and the time-zone preference."""

from django.urls import reverse

from tests.factories import UserFactory

LOGIN = reverse("frontend:login")
HOME = reverse("frontend:home")
PASSWORD = "Demo-pass-2026"  # tests.factories.UserFactory


def test_login_page_renders_with_charset_and_landmarks(client):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="en">' in html and '<meta charset="utf-8">' in html
    for landmark in ('<header', '<main id="main"', '<footer', 'class="skip-link" href="#main"'):
        assert landmark in html
    assert "https://" not in html  # nothing loaded from outside: pages work offline


def test_login_success_redirects_to_next(client, db):
    UserFactory(username="aliya")
    response = client.post(LOGIN, {"username": "aliya", "password": PASSWORD, "next": "/servants/"})
    assert response.status_code == 302 and response["Location"] == "/servants/"
    response = client.post(LOGIN, {"username": "aliya", "password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == HOME


def test_login_wrong_password_shows_error(client, db):
    UserFactory(username="aliya")
    response = client.post(LOGIN, {"username": "aliya", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "The username or password is not correct." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_rate_limit_returns_429(client, db, settings):
    # A private cache: other test runs sharing this Redis database flush it (tests/conftest.py) mid-test.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "frontend-rate-limit-test"}}
    UserFactory(username="aliya")
    for _ in range(settings.LOGIN_RATE_LIMIT):
        assert client.post(LOGIN, {"username": "aliya", "password": "wrong"}).status_code == 200
    response = client.post(LOGIN, {"username": "aliya", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session  # even the right password is refused while blocked


def test_logout_only_by_post(client, db):
    client.force_login(UserFactory())
    assert client.get(reverse("frontend:logout")).status_code == 405
    response = client.post(reverse("frontend:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_language_switch_is_remembered_on_the_user(client, db, settings):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("frontend:set-language"), {"language": "kk", "next": "/preferences/"})
    assert response.status_code == 302 and response["Location"] == "/preferences/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    user.refresh_from_db()
    assert user.preferred_language == "kk"
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)  # the account, not the cookie, carries the choice
    html = client.get(HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="kk">' in html
    assert 'value="kk" lang="kk"\n                      aria-pressed="true">Қазақша' in html


def test_language_switch_rejects_unknown_language(client, db):
    user = UserFactory(preferred_language="ru")
    client.force_login(user)
    client.post(reverse("frontend:set-language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "ru"


def test_language_switch_for_anonymous_sets_cookie_only(client, db, settings):
    response = client.post(reverse("frontend:set-language"), {"language": "ru", "next": LOGIN})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert '<html lang="ru">' in client.get(LOGIN).content.decode()


def test_time_zone_preference_saved(client, db):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("frontend:preferences")).content.decode()
    assert '<option value="Asia/Kabul"' in page and '<option value="America/Toronto"' in page
    response = client.post(reverse("frontend:preferences"), {"time_zone": "Asia/Bishkek"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.time_zone == "Asia/Bishkek"
    assert "Asia/Bishkek" in client.get(HOME).content.decode()  # the footer names the active zone


def test_time_zone_preference_rejects_unknown_zone(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("frontend:preferences"), {"time_zone": "Mars/Olympus"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Mars/Olympus" in response.content.decode()
    user.refresh_from_db()
    assert user.time_zone == "Asia/Almaty"
