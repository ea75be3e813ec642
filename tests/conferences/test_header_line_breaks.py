"""Finding 10 of issue 15: titles that become e-mail subjects refuse line breaks (API and page), and a title
stored with one before the rule no longer stops confirmation e-mails."""

import pytest
from django.core import mail

from conferences import services
from conferences.models import Event

TITLE = "HR audit\nBcc: everyone@example.org"


@pytest.mark.parametrize("field", ["title_en", "title_ru", "title_kk"])
def test_api_refuses_a_title_with_a_line_break(client, organiser, field):
    client.force_login(organiser)
    response = client.post(
        "/api/v1/events/",
        {"slug": "x1", "event_type": "webinar", "timezone": "Asia/Almaty", field: TITLE},
        content_type="application/json",
    )
    assert response.status_code == 400 and field in response.content.decode()
    assert not Event.objects.filter(slug="x1").exists()


def test_api_refuses_a_session_title_with_a_line_break(client, organiser, event):
    client.force_login(organiser)
    response = client.post(
        f"/api/v1/events/{event.slug}/sessions/",
        {"starts_at": "2030-01-10T10:00", "ends_at": "2030-01-10T11:00", "title_en": "A\r\nB"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "title_en" in response.json()


def test_page_refuses_a_title_with_a_line_break(client, organiser):
    client.force_login(organiser)
    response = client.post(
        "/events/new/",
        {
            "slug": "x2",
            "event_type": "webinar",
            "title_en": TITLE,
            "timezone": "Asia/Almaty",
            "audience": "public",
            "registration_mode": "open",
            "status": "published",
        },
    )
    assert response.status_code in (200, 400) and "Line breaks are not allowed" in response.content.decode()
    assert not Event.objects.filter(slug="x2").exists()


def test_a_stored_title_with_a_line_break_still_gets_its_confirmation(
    event, partner, django_capture_on_commit_callbacks
):
    Event.objects.filter(pk=event.pk).update(title_en=TITLE, title_ru=TITLE)
    event.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, user=partner)
    (message,) = mail.outbox
    assert "\n" not in message.subject and "HR audit Bcc: everyone@example.org" in message.subject
    assert message.message()["Bcc"] is None
