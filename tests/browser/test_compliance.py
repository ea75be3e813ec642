"""In a real browser: an HR officer opens the compliance dashboard, filters the overdue servants, nominates one
to an open course run from the row (htmx), and the servant sees the application on "My applications".
Screenshots of the dashboard and the national overview in en, ru and kk go to var/screenshots/."""

import importlib

import pytest
from playwright.sync_api import expect

from compliance.services import compliance_rules_ensure
from people.models import Role
from tests.browser.test_smoke import PASSWORD, switch_language
from tests.compliance.compliance_fixtures import build_world, make_open_offering
from tests.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def world(transactional_db):
    # transactional tests flush the rows data migrations installed: put the course types and rules back
    importlib.import_module("courses.migrations.0002_course_types").seed(django_apps(), None)
    compliance_rules_ensure()
    data = build_world()
    data["offering"] = make_open_offering()
    user_with_role(Role.ANALYST, username="analyst", preferred_language="en")
    return data


def django_apps():
    from django.apps import apps

    return apps


def sign_in(page, base: str, username: str):
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_hr_nominates_an_overdue_servant_who_sees_the_application(live_server, browser, page, screenshot, world):
    base, offering = live_server.url, world["offering"]
    sign_in(page, base, "hr.m")
    page.goto(f"{base}/compliance/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Training compliance")
    expect(page.get_by_test_id("count-total")).to_have_text("5")  # X-LATE is outside the subtree
    screenshot("compliance-dashboard-en")

    page.get_by_label("Status", exact=True).select_option("overdue")
    page.get_by_role("button", name="Show").click()
    rows = page.locator("[data-testid=compliance-list] tbody tr")
    expect(rows.locator("xpath=self::tr[not(contains(@class, 'row-overdue'))]")).to_have_count(0)
    expect(page.locator("tr[data-personnel-number=C-LATE]")).to_have_count(1)
    expect(page.locator("tr[data-personnel-number=X-LATE]")).to_have_count(0)
    row = page.locator("tr[data-personnel-number=M-LATE]")
    select = row.get_by_role("combobox")
    expect(select).to_be_visible()  # loaded into the row by htmx
    select.select_option(str(offering.pk))
    row.get_by_role("button", name="Nominate").click()
    expect(row.get_by_test_id("nominated")).to_contain_text(offering.code)
    screenshot("compliance-dashboard-overdue-en")

    switch_language(page, "Русский", "ru")
    expect(page.get_by_test_id("count-total")).to_be_visible()
    screenshot("compliance-dashboard-ru")
    switch_language(page, "Қазақша", "kk")
    expect(page.get_by_test_id("count-total")).to_be_visible()
    screenshot("compliance-dashboard-kk")

    servant_context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    servant_page = servant_context.new_page()
    sign_in(servant_page, base, "m.late")
    servant_page.goto(f"{base}/training/applications/")  # "My applications" (kk: the servant's language)
    title = servant_page.get_by_role("link", name=offering.version.title_kk)
    expect(title).to_be_visible()
    expect(title).to_have_attribute("href", f"/training/runs/{offering.pk}/")
    servant_page.screenshot(path=str(screenshot("compliance-dashboard-after").parent / "compliance-servant-kk.png"),
                            full_page=True)
    servant_context.close()


def test_national_overview_in_three_languages(live_server, page, screenshot, world):
    base = live_server.url
    sign_in(page, base, "analyst")
    page.goto(f"{base}/compliance/national/")
    expect(page.get_by_test_id("national-total")).to_have_text("6")
    content = page.content()
    for key in ("M-LATE", "X-LATE", "C-EX"):
        assert world[key].personnel_number not in content and world[key].iin not in content
    screenshot("compliance-national-en")
    switch_language(page, "Русский", "ru")
    screenshot("compliance-national-ru")
    switch_language(page, "Қазақша", "kk")
    screenshot("compliance-national-kk")
