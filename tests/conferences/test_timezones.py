"""Conversions between wall-clock times in IANA zones and UTC across DST changes and half-hour zones."""

from datetime import UTC, datetime, timedelta

import pytest

from conferences.models import Session
from conferences.timezones import in_zone, local_to_utc, offset_label
from lms.errors import ApplicationError
from tests.conferences.conftest import make_event


def test_berlin_summer_and_winter_offsets():
    # 10:00 in Berlin is 08:00 UTC in summer (CEST, +2) and 09:00 UTC in winter (CET, +1).
    assert local_to_utc(datetime(2026, 7, 1, 10, 0), "Europe/Berlin") == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert local_to_utc(datetime(2026, 1, 15, 10, 0), "Europe/Berlin") == datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def test_same_wall_time_across_the_spring_change_is_23_hours_apart():
    before = local_to_utc(datetime(2026, 3, 28, 10, 0), "Europe/Berlin")
    after = local_to_utc(datetime(2026, 3, 29, 10, 0), "Europe/Berlin")
    assert after - before == timedelta(hours=23)


def test_nonexistent_wall_time_in_the_gap_is_refused():
    with pytest.raises(ApplicationError) as exc:
        local_to_utc(datetime(2026, 3, 29, 2, 30), "Europe/Berlin")
    assert exc.value.code == "nonexistent_time"
    with pytest.raises(ApplicationError):
        local_to_utc(datetime(2026, 3, 8, 2, 30), "America/Toronto")


def test_repeated_wall_time_takes_the_first_occurrence():
    # 01:30 on 1 Nov 2026 happens twice in Toronto: first in EDT (-4) = 05:30 UTC.
    assert local_to_utc(datetime(2026, 11, 1, 1, 30), "America/Toronto") == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def test_toronto_offsets_and_labels():
    assert offset_label(datetime(2026, 7, 1, 12, tzinfo=UTC), "America/Toronto") == "UTC-04:00"
    assert offset_label(datetime(2026, 1, 1, 12, tzinfo=UTC), "America/Toronto") == "UTC-05:00"


def test_kabul_half_hour_zone():
    instant = local_to_utc(datetime(2026, 5, 20, 15, 0), "Asia/Almaty")  # 10:00 UTC
    assert instant == datetime(2026, 5, 20, 10, 0, tzinfo=UTC)
    kabul = in_zone(instant, "Asia/Kabul")
    assert (kabul.hour, kabul.minute) == (14, 30)
    assert offset_label(instant, "Asia/Kabul") == "UTC+04:30"


def test_kazakhstan_is_utc_plus_5():
    assert offset_label(datetime(2026, 1, 1, tzinfo=UTC), "Asia/Almaty") == "UTC+05:00"


@pytest.mark.django_db
def test_api_shows_event_local_time_with_offset_across_dst(client, organiser):
    event = make_event(organiser, slug="berlin", zone="Europe/Berlin")
    session = event.sessions.get()
    summer, winter = datetime(2026, 6, 10, 8, 0, tzinfo=UTC), datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
    Session.objects.filter(pk=session.pk).update(starts_at=summer, ends_at=summer + timedelta(hours=1))
    Session.objects.create(event=event, starts_at=winter, ends_at=winter + timedelta(hours=1), languages="de"[:0] or "en",
                           provider="none")
    data = client.get("/api/v1/events/?past=1").json()
    item = next(e for e in data["results"] if e["slug"] == "berlin")
    starts = [s["starts_at"] for s in item["sessions"]]
    assert starts == ["2026-06-10T10:00:00+02:00", "2026-12-10T10:00:00+01:00"]
    assert {s["timezone"] for s in item["sessions"]} == {"Europe/Berlin"}


@pytest.mark.django_db
def test_event_page_shows_event_and_viewer_time(client, organiser, partner):
    event = make_event(organiser, slug="kabul", zone="Asia/Almaty")
    start = datetime(2030, 5, 20, 10, 0, tzinfo=UTC)
    Session.objects.filter(event=event).update(starts_at=start, ends_at=start + timedelta(hours=2))
    partner.time_zone = "Asia/Kabul"
    partner.save()
    client.force_login(partner)
    html = client.get(f"/events/{event.slug}/").content.decode()
    assert "15:00" in html and "Asia/Almaty" in html and "UTC+05:00" in html  # event local
    assert "14:30" in html and "Asia/Kabul" in html and "UTC+04:30" in html  # viewer's own
