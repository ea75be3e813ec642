"""In a real browser: a servant opens "My certificates", the certificate page, downloads the PDF and the signed
credential, follows the verification link (valid, no login needed) and sees it in kk, ru and en. Screenshots go
to var/screenshots/."""

from datetime import date

import pytest
from playwright.sync_api import expect

from certificates import services
from tests.browser.test_smoke import PASSWORD, switch_language
from tests.browser_fixtures import SCREENSHOTS
from tests.factories import CivilServantFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def holder(transactional_db, settings, live_server):
    settings.SITE_URL = live_server.url  # the QR code and verification link point at this server
    user = UserFactory(username="cert-holder", preferred_language="en")
    CivilServantFactory(
        user=user,
        last_name_ru="Жанибекова",
        first_name_ru="Айгерим",
        middle_name_ru="",
        first_name_en="Aigerim",
        last_name_en="Zhanibekova",
    )
    services.certificate_issue(
        holder=user,
        source_key="browser:1",
        title_kk="Цифрлық үкімет",
        title_ru="Цифровое правительство",
        title_en="Digital government",
        course_type="advanced_training",
        hours=36,
        provider="Академия государственного управления",
        provider_kk="Мемлекеттік басқару академиясы",
        provider_en="Academy of Public Administration",
        started_on=date(2026, 11, 2),
        completed_on=date(2026, 11, 6),
    )
    return user


def test_holder_downloads_and_verifies(live_server, browser, page, screenshot, holder):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("cert-holder")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/certificates/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My certificates")
    screenshot("certificates-mine-en")
    page.get_by_role("link", name="Digital government").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("APA-")
    expect(page.get_by_alt_text("QR code of the verification page")).to_be_visible()
    screenshot("certificates-detail-en")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    with page.expect_download() as download:
        page.get_by_role("link", name="Signed credential (Open Badges 3.0, .jwt)").click()
    assert open(download.value.path()).read().count(".") == 2

    url = page.locator(".cert-qr a").get_attribute("href")
    anonymous = browser.new_context(locale="en-US").new_page()
    anonymous.goto(url)
    expect(anonymous.get_by_role("status")).to_have_text("This certificate is valid.")
    expect(anonymous.locator("dl")).to_contain_text("Aigerim Zhanibekova")
    for label, code in (("Русский", "ru"), ("Қазақша", "kk"), ("English", "en")):
        switch_language(anonymous, label, code)
        expect(anonymous.locator("dl")).to_contain_text("36")
        anonymous.screenshot(path=str(SCREENSHOTS / f"certificates-verify-{code}.png"), full_page=True)
    anonymous.context.close()
