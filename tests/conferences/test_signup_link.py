"""Finding 4 of issue 15: the sign-up verification link works once, expires, and never re-activates an account
an administrator deactivated."""

import re

import pytest
from django.core import mail

from people.models import User

FORM = {
    "first_name": "Nino",
    "last_name": "Beridze",
    "email": "nino@example.ge",
    "country": "GE",
    "organisation": "Civil Service Bureau",
    "position_title": "",
    "language": "en",
    "time_zone": "Asia/Tbilisi",
    "password": "Tbilisi-Hub-2026!",
    "password2": "Tbilisi-Hub-2026!",
}


@pytest.fixture
def signed_up(client, db, django_capture_on_commit_callbacks):
    def sign_up() -> str:
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post("/events/signup/", FORM).status_code == 200
        return re.search(r"/events/verify/\S+/", mail.outbox[-1].body).group(0)

    return sign_up


def test_link_works_once(client, signed_up):
    link = signed_up()
    assert client.get(link).status_code == 302
    client.logout()
    again = client.get(link)
    assert again.status_code == 400 and "_auth_user_id" not in client.session


def test_link_never_reactivates_a_deactivated_account(client, signed_up):
    link = signed_up()
    assert client.get(link).status_code == 302
    client.logout()
    User.objects.filter(username="nino@example.ge").update(is_active=False)  # the administrator closes it
    assert client.get(link).status_code == 400
    assert client.post("/events/signup/", FORM).status_code == 400  # a new sign-up does not reopen it either
    assert not User.objects.get(username="nino@example.ge").is_active


def test_link_expires(client, signed_up, monkeypatch):
    link = signed_up()
    monkeypatch.setattr("conferences.signup.MAX_AGE", -1)
    assert client.get(link).status_code == 400
    assert not User.objects.get(username="nino@example.ge").is_active


def test_only_the_newest_link_works(client, signed_up):
    first = signed_up()
    second = signed_up()  # signing up again (new password) spends the first link
    assert client.get(first).status_code == 400
    assert client.get(second).status_code == 302
