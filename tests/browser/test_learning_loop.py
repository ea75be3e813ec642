"""In a real browser, the whole loop: a servant whose three-year training is overdue takes the timed final
test of an online advanced-training course, passes, downloads the certificate PDF, opens its verification
page (valid, no login) and finds the course and its hours in "My training" with the three-year due date
moved three years ahead. Data built here with factories and services (not the demo)."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments import banks
from assessments import services as quiz_services
from assessments.models import Question, QuestionBank
from courses import services as course_services
from courses.models import CourseType, Provider
from people.models import Role
from tests.browser.test_smoke import PASSWORD
from tests.factories import CivilServantFactory, UserFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

GIFT = """::Q1:: Astana is the capital of Kazakhstan. {TRUE}

::Q2:: The three-year rule asks for retraining only. {FALSE}
"""


@pytest.fixture
def loop(transactional_db, settings, live_server):
    settings.SITE_URL = live_server.url
    faculty = user_with_role(Role.FACULTY, username="loop-faculty")
    admin = user_with_role(Role.ADMIN, username="loop-admin")
    learner = UserFactory(username="loop-servant", preferred_language="en")
    CivilServantFactory(user=learner, first_name_en="Aigerim", last_name_en="Zhanibekova",
                        entered_service_on=date(2015, 1, 1), appointed_on=date(2015, 1, 1))
    provider = Provider.objects.create(code="APA", kind="apa", name_kk="МБА", name_ru="АГУ", name_en="APA")
    course = course_services.course_create(
        actor=faculty, code="LOOP-101", course_type=CourseType.objects.get(code="advanced_training"),
        provider=provider, hours=16, languages="kk ru en", delivery_format="online",
        title_kk="Цифрлық үкімет", title_ru="Цифровое правительство", title_en="Digital government online",
        summary_kk="Курс", summary_ru="Курс", summary_en="Course")
    version = course.versions.get()
    module = course_services.module_create(version=version, actor=faculty, title_kk="М1", title_ru="М1",
                                           title_en="M1")
    lesson = course_services.lesson_create(module=module, actor=faculty, kind="quiz", title_kk="Қорытынды тест",
                                           title_ru="Итоговый тест", title_en="Final test")
    report = banks.bank_import(bank_code="LOOP", content=GIFT.encode(), actor=faculty)
    assert report.ok, [str(e) for e in report.errors]
    quiz = quiz_services.quiz_create(lesson=lesson, actor=faculty, role="final", time_limit_minutes=10,
                                     pass_percent=60, shuffle_choices=False)
    quiz_services.quiz_set_slots(quiz=quiz, actor=faculty, slots=[
        {"question": q} for q in Question.objects.filter(bank=QuestionBank.objects.get(code="LOOP")).order_by("pk")])
    course_services.version_submit(version=version, actor=faculty)
    course_services.version_publish(version=version, actor=admin)
    course.refresh_from_db()
    course_services.course_start(user=learner, course=course)
    return {"quiz": quiz, "course": course}


def test_servant_passes_final_test_and_the_loop_closes(live_server, browser, page, screenshot, loop):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("loop-servant")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server.url}/training/mine/")
    old_due = page.get_by_test_id("three-year-due").locator("time").get_attribute("datetime")
    assert old_due < timezone.localdate().isoformat()  # overdue before

    page.goto(f"{live_server.url}/quizzes/{loop['quiz'].pk}/")
    expect(page.get_by_text("10 min")).to_be_visible()  # timed
    page.get_by_role("button", name="Start the quiz").click()
    page.locator("#q1").get_by_label("True").check()
    page.locator("#q2").get_by_label("False").check()
    screenshot("loop-quiz-taking")
    page.get_by_role("button", name="Submit the attempt").click()
    expect(page.locator("body")).to_contain_text("100")
    screenshot("loop-quiz-result")

    page.goto(f"{live_server.url}/certificates/")
    page.get_by_role("link", name="Digital government online").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("APA-")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    url = page.locator(".cert-qr a").get_attribute("href")
    anonymous = browser.new_context(locale="en-US").new_page()
    anonymous.goto(url)
    expect(anonymous.get_by_role("status")).to_have_text("This certificate is valid.")
    expect(anonymous.locator("dl")).to_contain_text("16")
    anonymous.context.close()

    page.goto(f"{live_server.url}/training/mine/")
    row = page.get_by_role("row", name="Digital government online")  # in the reader's language (issue 14)
    expect(row).to_contain_text("16")
    new_due = page.get_by_test_id("three-year-due").locator("time").get_attribute("datetime")
    assert new_due > old_due and new_due.startswith(str(timezone.localdate().year + 3))
    screenshot("loop-my-training")
