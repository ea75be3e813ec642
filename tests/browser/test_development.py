"""In a real browser: a corps A servant opens the generated draft of her development plan, adds a proposed
course, submits; her line manager approves; HR confirms and sees the plan in the subtree list. Screenshots of
the plan and the HR list in en, ru and kk go to var/screenshots/."""

import pytest
from playwright.sync_api import expect

from development.drafting import plans_generate
from lms.clock import today_almaty
from tests.browser.test_smoke import PASSWORD, switch_language
from tests.development.conftest import build_world

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def ready(transactional_db):
    world = build_world()  # puts back the course types and rules a transactional test flushed
    plans_generate(year=today_almaty().year)
    return world


def _sign_in(browser, base: str, username: str):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


def test_plan_from_draft_to_confirmed(live_server, browser, ready):
    base = live_server.url
    servant = _sign_in(browser, base, "servant.a")
    servant.goto(f"{base}/development/")  # the navigation's "My development plan"
    expect(servant.get_by_test_id("plan-status")).to_have_text("draft")
    items = servant.locator("[data-testid=plan-items] tbody tr")
    expect(items).to_have_count(1)
    expect(servant.get_by_test_id("proposals-LEAD")).to_contain_text("LEAD-3")
    servant.get_by_role("button", name="Add LEAD-4 to the plan").click()
    expect(items).to_have_count(2)
    expect(servant.locator("tr[data-course=LEAD-4]")).to_have_count(1)
    servant.screenshot(path=_shot("development-plan-en"), full_page=True)
    for label, code in (("Русский", "ru"), ("Қазақша", "kk")):
        switch_language(servant, label, code)
        servant.screenshot(path=_shot(f"development-plan-{code}"), full_page=True)
    switch_language(servant, "English", "en")
    servant.get_by_role("button", name="Submit to my manager").click()
    expect(servant.get_by_test_id("plan-status")).to_have_text("submitted")
    servant.context.close()

    manager = _sign_in(browser, base, "manager.u1")
    manager.goto(f"{base}/development/approvals/")
    manager.get_by_test_id("approvals").get_by_role("link", name="Open").click()
    manager.get_by_label("Comment").fill("Good choice of courses.")
    manager.get_by_role("button", name="Approve").click()
    expect(manager.get_by_test_id("plan-status")).to_have_text("approved by the manager")
    manager.context.close()

    hr = _sign_in(browser, base, "hr.min")
    hr.goto(f"{base}/development/hr/")
    row = hr.locator("tr[data-personnel-number=A-0001]")
    row.get_by_role("link").click()
    hr.get_by_role("button", name="Confirm").click()
    expect(hr.get_by_test_id("plan-status")).to_have_text("confirmed by HR")
    expect(hr.get_by_test_id("plan-steps")).to_contain_text("Good choice of courses.")
    hr.goto(f"{base}/development/hr/?status=confirmed")
    expect(hr.locator("tr[data-personnel-number=A-0001]")).to_contain_text("confirmed by HR")
    expect(hr.locator("[data-status=confirmed]")).to_contain_text("1")
    hr.screenshot(path=_shot("development-hr-en"), full_page=True)
    hr.context.close()


def _shot(name: str) -> str:
    from tests.browser_fixtures import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / f"{name}.png")
