"""A course from authoring to completion in a real browser: a faculty member creates a trilingual course with
a module and a text lesson and submits it; an administrator publishes it; a civil servant finds it in the
catalog by a Russian and a Kazakh word, opens the lesson, marks it complete (htmx) and sees 100 %."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import CourseType, CourseVersion, Provider
from people.models import Role
from tests.browser.test_smoke import PASSWORD
from tests.browser_fixtures import wait_until
from tests.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def people(transactional_db):
    # Transactional tests flush the tables, the migration's course types included: make sure ours exists.
    CourseType.objects.get_or_create(
        code="advanced_training",
        defaults={
            "name_kk": "Біліктілікті арттыру",
            "name_ru": "Повышение квалификации",
            "name_en": "Advanced training",
            "min_hours": 8,
            "max_hours": 80,
        },
    )
    Provider.objects.get_or_create(
        code="APA",
        defaults={
            "kind": "apa",
            "name_kk": "Мемлекеттік басқару академиясы",
            "name_ru": "Академия государственного управления",
            "name_en": "Academy of Public Administration",
        },
    )
    return {
        "faculty": user_with_role(
            Role.FACULTY, username="faculty.one", first_name="Дана", last_name="Ахметова"
        ),
        "admin": user_with_role(Role.ADMIN, username="apa.admin", first_name="Admin", last_name="APA"),
        "servant": user_with_role(
            Role.SERVANT, username="servant.one", first_name="Әлихан", last_name="Жұмабаев"
        ),
    }


def sign_in(page, base_url: str, username: str):
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def new_page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def rich_text(page, field: str, text: str, bold: str = ""):
    """Type into the Trix editor that stands in for the (hidden) textarea `field`, as a person would; `bold`
    (a word of the text) is typed between two clicks on the toolbar's Bold button."""
    editor = page.locator(f'trix-editor[input="id_{field}"]')
    expect(page.locator(f"#id_{field}")).to_be_hidden()
    # Typing before Trix has loaded its document would be replaced by it: wait for the editor object.
    wait_until(page, f"document.querySelector('trix-editor[input=\"id_{field}\"]').editor !== undefined")
    editor.click()
    before, _, after = text.partition(bold) if bold else (text, "", "")
    page.keyboard.type(before)
    if bold:
        toolbar_bold = page.locator(f"#id_{field}-toolbar").get_by_role("button", name="Bold")
        toolbar_bold.click()
        page.keyboard.type(bold)
        toolbar_bold.click()
        page.keyboard.type(after)
        expect(page.locator(f"#id_{field}")).to_have_value(re.compile(f"<strong>{re.escape(bold)}</strong>"))
    typed_last = (after.strip() or bold) if bold else text  # what was typed last, as it lands in the input
    expect(page.locator(f"#id_{field}")).to_have_value(re.compile(re.escape(typed_last.split(" ")[-1])))


def author_course(page, base: str):
    page.goto(f"{base}/courses/authoring/")
    page.get_by_role("link", name="New course").click()
    page.get_by_label("Course code").fill("APA-EG-201")
    page.get_by_label("Course type").select_option(label="Advanced training")
    page.get_by_label("Provider").select_option(label="Academy of Public Administration")
    page.get_by_label("Academic hours").fill("16")
    for language in ("Kazakh", "Russian", "English"):
        page.get_by_role("checkbox", name=language).check()
    page.get_by_label("Title (Kazakh)").fill("Электрондық үкімет негіздері")
    page.get_by_label("Summary (Kazakh)").fill("Мемлекеттік қызметтерді цифрландыру.")
    page.get_by_label("Title (Russian)").fill("Основы электронного правительства")
    page.get_by_label("Summary (Russian)").fill("Цифровизация государственных услуг.")
    page.get_by_label("Title (English)").fill("E-government basics")
    page.get_by_label("Summary (English)").fill("Digitalisation of public services.")
    page.get_by_role("button", name="Create the draft").click()
    expect(page).to_have_url(re.compile(r"/courses/authoring/APA-EG-201/$"))

    add = page.locator("form.add-module")
    add.get_by_label("Title (Kazakh)").fill("Кіріспе")
    add.get_by_label("Title (Russian)").fill("Введение")
    add.get_by_label("Title (English)").fill("Introduction")
    add.get_by_role("button", name="Add the module").click()
    expect(page.get_by_role("heading", name="Module 1: Introduction")).to_be_visible()

    page.get_by_role("link", name="Add a lesson").click()
    page.get_by_label("Kind").select_option("text")
    page.get_by_label("Completed when").select_option("marked")
    page.get_by_label("Title (Kazakh)").fill("Электрондық үкімет деген не")
    rich_text(page, "body_kk", "Электрондық үкімет — мемлекеттік қызметтер онлайн.")
    page.get_by_label("Title (Russian)").fill("Что такое электронное правительство")
    rich_text(page, "body_ru", "Электронное правительство — госуслуги онлайн.")
    page.get_by_label("Title (English)").fill("What e-government is")
    rich_text(page, "body_en", "E-government: public services online.", bold="online")
    page.get_by_role("button", name="Save the lesson").click()
    expect(page.locator("#completeness .is-complete")).to_have_count(3)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("status")).to_contain_text("submitted for review")


def test_course_from_authoring_to_completion(live_server, browser, page, screenshot, people):
    base = live_server.url
    sign_in(page, base, "faculty.one")
    author_course(page, base)
    screenshot("courses-authoring-submitted-en")
    assert CourseVersion.objects.get(course__code="APA-EG-201").status == "in_review"

    reviewer = new_page(browser)  # a second browser context: the administrator
    sign_in(reviewer, base, "apa.admin")
    reviewer.goto(f"{base}/courses/review/")
    reviewer.get_by_role("link", name="Review APA-EG-201").click()
    reviewer.get_by_role("button", name="Publish").click()
    expect(reviewer.get_by_role("status")).to_contain_text("The course is published.")
    reviewer.context.close()

    learner = new_page(browser)
    sign_in(learner, base, "servant.one")
    learner.goto(f"{base}/courses/")
    search = learner.get_by_role("searchbox", name="Search")
    search.fill("правительства")  # a Russian word
    search.press("Enter")
    expect(learner.locator("#catalog-results > li")).to_have_count(1)
    search = learner.get_by_role("searchbox", name="Search")
    search.fill("үкімет")  # a Kazakh word
    search.press("Enter")
    expect(learner.locator("#catalog-results > li")).to_have_count(1)
    learner.get_by_role("link", name="E-government basics").click()
    learner.get_by_role("button", name="Start the course").click()
    expect(learner.get_by_role("heading", level=1)).to_have_text("What e-government is")
    expect(learner.locator(".prose")).to_contain_text("public services online")
    expect(learner.locator(".prose strong")).to_have_text("online")  # typed in Trix, made bold, kept on save
    expect(learner.get_by_test_id("course-progress-text")).to_have_text("0%")
    url_before = learner.url
    learner.get_by_role("button", name="Mark complete").click()
    expect(learner.get_by_test_id("course-progress-text")).to_have_text("100%")
    expect(learner.locator("#complete-box")).to_contain_text("You have completed this lesson.")
    expect(learner.locator(".nav-lesson.is-done")).to_have_count(1)
    assert learner.url == url_before  # htmx: no navigation
    learner.goto(f"{base}/courses/my-learning/")
    expect(learner.get_by_role("region", name=re.compile("Completed"))).to_contain_text("E-government basics")
    expect(learner.get_by_role("region", name=re.compile("Completed"))).to_contain_text("100%")
    learner.context.close()
