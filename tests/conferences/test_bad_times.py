"""Finding 7 of issue 15: impossible session times are field errors (400 on the API, a message on the page),
never a 500."""

import pytest

from conferences.models import Session

BAD = ["2026-12-20T25:00", "2026-12-20T10:61", "2026-13-20T10:00"]


@pytest.mark.parametrize("value", BAD)
def test_api_refuses_impossible_times(client, organiser, event, value):
    client.force_login(organiser)
    response = client.post(
        f"/api/v1/events/{event.slug}/sessions/",
        {"starts_at": value, "ends_at": "2026-12-20T12:00", "title_en": "Two"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "starts_at" in response.json()


@pytest.mark.parametrize("value", BAD)
def test_page_refuses_impossible_times(client, organiser, event, value):
    client.force_login(organiser)
    before = Session.objects.count()
    response = client.post(
        f"/events/{event.slug}/manage/sessions/new/",
        {
            "new-starts_at": value,
            "new-duration": "90",
            "new-languages": ["ru"],
            "new-provider": "bbb",
            "new-title_en": "Two",
        },
        follow=True,
    )
    assert response.status_code == 200 and Session.objects.count() == before
