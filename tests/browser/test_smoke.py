"""Smoke test in a real browser: sign in as an HR officer, home page, language switch, E-kyzmet import
with a bad file. Screenshots of every page in en, ru and kk go to var/screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from people.models import Role
from tests.factories import CivilServantFactory, PositionFactory, StateBodyFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "Demo-pass-2026"  # tests.factories.UserFactory
BAD_CSV = (
    "personnel_number,iin,last_name,first_name,middle_name,body_code,position_title,corps,category_code,"
    "managerial,appointed_on,entered_service_on,first_time_entrant\n"
    "EK-1,850312400118,Жұмабаев,Әлихан,Серікұлы,MIN,Главный эксперт,B,C-4,0,2023-01-10,2015-09-01,0\n"
    "EK-2,850312400119,Иванова,Мария,Петровна,COM,Главный эксперт,B,C-4,0,2023-01-10,2015-09-01,0\n"
).encode()


@pytest.fixture
def hr_officer(transactional_db):
    ministry = StateBodyFactory(code="MIN", name_kk="Қаржы министрлігі", name_ru="Министерство финансов",
                                name_en="Ministry of Finance")
    committee = StateBodyFactory(code="COM", parent=ministry, name_kk="Мемлекеттік кірістер комитеті",
                                 name_ru="Комитет государственных доходов", name_en="State Revenue Committee")
    for body, category, n in ((ministry, "C-3", 4), (ministry, "C-4", 7), (committee, "C-O-3", 5)):
        position = PositionFactory(body=body, category_code=category)
        for _ in range(n):
            CivilServantFactory(position=position)
    return user_with_role(Role.HR_OFFICER, body=ministry, username="hr.officer",
                          first_name="Айгерім", last_name="Серікова")


def switch_language(page, label: str, code: str):
    page.get_by_role("button", name=label).click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def upload_bad_file(page):
    page.locator("input[type=file][name=file]").set_input_files(
        {"name": "staff.csv", "mimeType": "text/csv", "buffer": BAD_CSV})
    page.locator("form[enctype] button[type=submit]").click()
    errors = page.locator("#import-errors")
    expect(errors).to_be_visible()
    return errors


def test_hr_officer_smoke(live_server, page, screenshot, hr_officer):
    page.goto(f"{live_server.url}/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    screenshot("login-en")
    page.get_by_label("Username").fill("hr.officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.get_by_test_id("hr-total")).to_have_text("16")
    screenshot("home-en")
    page.goto(f"{live_server.url}/servants/")
    expect(page.locator("tbody tr")).to_have_count(16)
    screenshot("servants-en")
    page.goto(f"{live_server.url}/preferences/")
    screenshot("preferences-en")
    page.goto(f"{live_server.url}/")

    page.get_by_role("link", name="Ministry of Finance", exact=True).click()  # drill down the body tree
    expect(page.get_by_test_id("hr-total")).to_have_text("16")
    page.get_by_role("link", name="State Revenue Committee").click()
    expect(page.get_by_test_id("hr-total")).to_have_text("5")
    screenshot("home-drilldown-en")

    nav = page.get_by_role("navigation", name="Main navigation")
    nav.locator("summary", has_text="Personnel").click()  # a menu: keyboard and pointer open it alike
    nav.get_by_role("link", name="E-kyzmet import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("E-kyzmet import")
    screenshot("import-en")
    errors = upload_bad_file(page)
    expect(errors.locator("tbody tr").first.locator("td").first).to_have_text("3")  # file row 3: bad IIN
    expect(errors).to_contain_text("iin")
    screenshot("import-errors-en")

    switch_language(page, "Русский", "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text("Импорт из E-kyzmet")
    screenshot("import-ru")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("hr-total")).to_have_text("16")
    screenshot("home-ru")

    switch_language(page, "Қазақша", "kk")
    expect(page.locator(".lang-switch button[aria-pressed=true]")).to_have_text("Қазақша")
    expect(page.get_by_text("Қаржы министрлігі").first).to_be_visible()  # content names follow the language
    nav = page.get_by_role("navigation", name="Негізгі навигация")
    expect(nav.get_by_role("link", name="Басты бет")).to_be_visible()  # interface text from locale/kk
    expect(page.get_by_role("button", name="Шығу")).to_be_visible()
    screenshot("home-kk")
    page.goto(f"{live_server.url}/import/")
    expect(page.locator("html")).to_have_attribute("lang", "kk")  # remembered on the account
    errors = upload_bad_file(page)
    expect(errors.locator("tbody tr").first.locator("td").first).to_have_text("3")
    screenshot("import-kk")

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{live_server.url}/")
    screenshot("home-kk-mobile")


def sign_in(page, base_url: str, username: str):
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def test_servant_and_admin_pages(live_server, page, screenshot, hr_officer):
    servant_user = user_with_role(Role.SERVANT, username="servant.one", first_name="Әлихан", last_name="Жұмабаев")
    servant = servant_user.servant
    sign_in(page, live_server.url, "servant.one")
    expect(page.get_by_text(servant.personnel_number)).to_be_visible()
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.locator("summary")).to_have_text(["Learning", "Competencies"])  # no HR or teaching menus
    nav.locator("summary", has_text="Competencies").click()
    expect(nav.get_by_role("link")).to_have_text(["Home", "My competencies", "Competency frameworks", "Preferences"])
    screenshot("home-servant-en")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile("/login/"))

    user_with_role(Role.ADMIN, username="apa.admin", first_name="Admin", last_name="APA")
    sign_in(page, live_server.url, "apa.admin")
    expect(page.get_by_test_id("count-servants")).to_have_text("17")  # 16 + the servant above
    screenshot("home-admin-en")
    page.get_by_role("link", name="Audit log").first.click()
    # Newest first: giving the ADMIN role opens the Django admin to the user, audited right after the role.
    expect(page.locator("table.audit-table tbody tr").nth(0)).to_contain_text("user.admin_site_access")
    expect(page.locator("table.audit-table tbody tr").nth(1)).to_contain_text("role.assign")
    screenshot("audit-en")
