"""In a real browser: a faculty member opens their course's question bank, edits a question's English text in
the Trix editor (one word made bold with the toolbar) and saves; the bank's list shows the new text; a learner's
later attempt shows it, bold; a faculty member of another course is refused the editor."""

import re

import pytest
from playwright.sync_api import expect

from assessments import banks
from assessments import services as quiz_services
from assessments.models import Question, QuestionBank
from courses.models import CourseType
from people.models import Role
from tests.assessments.conftest import SAMPLE, enrol, make_quiz_course
from tests.browser.test_courses import new_page, sign_in
from tests.browser_fixtures import wait_until
from tests.factories import UserFactory, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NEW_TEXT = "What must a civil servant do with a gift above the allowed value?"


@pytest.fixture
def bank(transactional_db):
    # A transactional test flushes the tables, the migration's course types included: make sure ours exists.
    CourseType.objects.get_or_create(
        code="e_course",
        defaults={
            "name_kk": "Электрондық курс",
            "name_ru": "Электронный курс",
            "name_en": "E-course (self-paced)",
            "min_hours": 1,
            "max_hours": 80,
            "self_paced": True,
        },
    )
    faculty = user_with_role(Role.FACULTY, username="faculty.one")
    user_with_role(Role.FACULTY, username="faculty.other")
    admin = user_with_role(Role.ADMIN, username="apa.admin")
    learner = UserFactory(username="servant.one", preferred_language="en")
    quiz = make_quiz_course(faculty, admin, code="QZ-301", review_when="after_attempt")
    report = banks.bank_import(bank_code="QZ-301-BANK", content=SAMPLE.read_bytes(), actor=faculty)
    assert report.ok, [str(e) for e in report.errors]
    QuestionBank.objects.filter(code="QZ-301-BANK").update(course=quiz.course)
    question = Question.objects.get(bank__code="QZ-301-BANK", key="ethics-gift")  # Russian text only
    quiz_services.quiz_set_slots(quiz=quiz, actor=faculty, slots=[{"question": question}])
    enrol(learner, quiz)
    return {"quiz": quiz, "question": question}


def test_faculty_edits_question_text_with_trix_and_the_learner_sees_it(live_server, browser, page, bank):
    base = live_server.url
    question = bank["question"]
    sign_in(page, base, "faculty.one")
    page.goto(f"{base}/quizzes/banks/")
    page.get_by_role("link", name=re.compile("QZ-301-BANK")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions of QZ-301-BANK")
    page.get_by_role("link", name="Edit ethics-gift").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the question")

    editor = page.locator('trix-editor[input="id_text_en"]')
    expect(page.locator("#id_text_en")).to_be_hidden()
    # Typing before Trix has loaded its document would be replaced by it: wait for the editor object.
    wait_until(page, "document.querySelector('trix-editor[input=\"id_text_en\"]').editor !== undefined")
    editor.click()
    before, _, after = NEW_TEXT.partition("gift")
    page.keyboard.type(before)
    bold = page.locator("#id_text_en-toolbar").get_by_role("button", name="Bold")
    bold.click()
    page.keyboard.type("gift")
    bold.click()
    page.keyboard.type(after)
    # Trix copies its document into the hidden input on its own render tick: wait for it before saving.
    expect(page.locator("#id_text_en")).to_have_value(re.compile("allowed value"))
    page.get_by_role("button", name="Save the question").click()

    expect(page.get_by_role("status")).to_contain_text("The question was saved (version 2).")
    expect(page.locator(f"#question-{question.pk} .question-text")).to_have_text(NEW_TEXT)
    question.refresh_from_db()
    assert "<strong>gift</strong>" in question.text_en and question.text_format == "html"
    assert "Государственный служащий" in question.text_ru  # the Russian text untouched

    learner = new_page(browser)
    sign_in(learner, base, "servant.one")
    learner.goto(f"{base}/quizzes/{bank['quiz'].pk}/")
    learner.get_by_role("button", name="Start the quiz").click()
    expect(learner.locator("#q1 .prose")).to_have_text(NEW_TEXT)
    expect(learner.locator("#q1 .prose strong")).to_have_text("gift")
    learner.context.close()

    stranger = new_page(browser)
    sign_in(stranger, base, "faculty.other")
    response = stranger.goto(f"{base}/quizzes/banks/QZ-301-BANK/questions/{question.pk}/")
    assert response.status == 404
    expect(stranger.locator("trix-editor")).to_have_count(0)
    stranger.goto(f"{base}/quizzes/banks/")
    expect(stranger.get_by_role("link", name=re.compile("QZ-301-BANK"))).to_have_count(0)
    stranger.context.close()
