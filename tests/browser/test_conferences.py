"""In a real browser: an external participant from Georgia (browser in Asia/Tbilisi) finds a master class,
signs up with e-mail verification, sees the session time in Asia/Almaty (the event's zone) and in Asia/Tbilisi,
downloads the .ics and, inside the session window, gets the join button that leads to the BigBlueButton room."""

import re
import zoneinfo
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from conferences import services
from conferences.models import Event
from people.models import Role
from tests.conferences.fake_bbb import FakeBBB
from tests.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def bbb(settings):
    server = FakeBBB().start()
    settings.BBB_URL, settings.BBB_SECRET = server.url, server.secret
    yield server
    server.stop()


@pytest.fixture
def master_class(transactional_db, bbb):
    organiser = user_with_role(Role.FACULTY, username="organiser")
    event = services.event_create(actor=organiser, slug="georgia-hr-audit", event_type="master_class",
                                  title_en="Master class from Georgia: HR audit", title_ru="Мастер-класс: HR-аудит",
                                  timezone="Asia/Almaty", audience="public", capacity=30, join_opens_minutes=15)
    start = (timezone.now() + timedelta(minutes=10)).replace(second=0, microsecond=0)
    services.session_create(event=event, actor=organiser, starts_at=start, ends_at=start + timedelta(hours=2),
                            title_en="HR audit in practice", languages="en,ru")
    return Event.objects.get(pk=event.pk)


def test_partner_from_georgia_registers_and_joins(live_server, browser, master_class, bbb, tmp_path):
    context = browser.new_context(locale="en-US", timezone_id="Asia/Tbilisi", accept_downloads=True,
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    session = master_class.sessions.get()
    almaty = session.starts_at.astimezone(zoneinfo.ZoneInfo("Asia/Almaty"))
    tbilisi = session.starts_at.astimezone(zoneinfo.ZoneInfo("Asia/Tbilisi"))

    page.goto(f"{live_server.url}/events/")
    # anonymous: "your time" is filled in by the browser's zone
    expect(page.get_by_test_id("viewer-time").first).to_contain_text("Asia/Tbilisi")
    page.get_by_role("link", name="Master class from Georgia: HR audit").click()
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Create a guest account")
    page.get_by_label("First name").fill("Nino")
    page.get_by_label("Last name").fill("Beridze")
    page.get_by_label("E-mail").fill("nino.beridze@csb.gov.ge")
    page.get_by_label("Country").select_option("GE")
    page.get_by_label("Organisation").fill("Civil Service Bureau of Georgia")
    expect(page.get_by_label("Your time zone")).to_have_value("Asia/Tbilisi")  # taken from the browser
    page.get_by_label("Password", exact=True).fill("Tbilisi-Hub-2026!")
    page.get_by_label("Password again").fill("Tbilisi-Hub-2026!")
    page.get_by_role("button", name="Create the account").click()
    expect(page.get_by_test_id("signup-sent")).to_contain_text("nino.beridze@csb.gov.ge")

    link = re.search(r"https?://\S+?(/events/verify/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_test_id("registration-status")).to_contain_text("confirmed")
    event_time = page.get_by_test_id("event-time").first
    viewer_time = page.get_by_test_id("viewer-time").first
    expect(event_time).to_contain_text("Asia/Almaty")
    expect(event_time).to_contain_text(f"{almaty:%H:%M}")
    expect(viewer_time).to_contain_text("Asia/Tbilisi")
    expect(viewer_time).to_contain_text(f"{tbilisi:%H:%M}")
    page.screenshot(path=str(tmp_path / "event.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_test_id("session-ics").click()
    content = open(download_info.value.path(), "rb").read()
    (vevent,) = Calendar.from_ical(content).walk("VEVENT")
    assert vevent.decoded("dtstart") == session.starts_at and vevent["dtstart"].params["TZID"] == "Asia/Almaty"

    # 10 minutes before the start the room is open (it opens 15 minutes before)
    join = page.get_by_test_id("join")
    expect(join).to_be_visible()
    join.click()
    page.wait_for_url(re.compile(r"/bigbluebutton/api/join\?"))
    assert "fullName=Nino+Beridze" in page.url
    assert bbb.meetings[session.meeting_id]["attendees"][0]["fullName"] == "Nino Beridze"
    context.close()
