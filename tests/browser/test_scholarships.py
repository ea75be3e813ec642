"""In a real browser: an applicant from Kyrgyzstan applies to a scholarship call with two preferences (PDF
uploads included); two reviewers score the application; the committee runs the allocation and publishes it;
the applicant sees the offer with its explanation (the first choice's cut-off against their score) and accepts.
Screenshots of the applicant's result in en, ru and kk and of the committee's run go to var/screenshots/."""

import pytest
from playwright.sync_api import expect

from scholarships.models import Application, Status
from tests.browser.test_compliance import sign_in
from tests.browser.test_smoke import switch_language
from tests.scholarships.world import (
    ESSAY,
    committee,
    complete_application,
    make_call,
    partner,
    pdf_bytes,
    results_day,
    reviewer,
    score_all,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call = make_call()
    reviewer("rev_am", "AM", "Academy of Armenia")
    reviewer("rev_ge", "GE", "Civil Service Bureau of Georgia")
    boss = committee("chair")
    # A stronger applicant from Tajikistan takes the single doctoral seat.
    complete_application(
        call, partner("tj_top", "TJ", "Ministry of Finance of Tajikistan"), preferences=("PHD-PA",)
    )
    score_all(call, boss, {"tj_top": 9.5})
    partner("aibek", "KG", "Civil Service Agency of the Kyrgyz Republic", preferred_language="en")
    return {"call": call}


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def upload(page, kind_label: str, name: str):
    page.get_by_label("Document").select_option(label=kind_label)
    page.get_by_label("PDF file").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": pdf_bytes(name)}
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Document uploaded.")).to_be_visible()


def screenshot_of(page, name: str):
    from tests.browser_fixtures import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def score(page, base: str, username: str):
    sign_in(page, base, username)
    page.goto(f"{base}/scholarships/reviews/")
    application = Application.objects.get(applicant__username="aibek")
    page.get_by_role("link", name=f"#{application.pk}").click()
    if username == "rev_am":
        screenshot_of(page, "scholarships-review-en")
    page.get_by_label("Academic").fill("8")
    page.get_by_label("Motivation").fill("8")
    page.get_by_role("button", name="Save the score").click()
    expect(page.get_by_text("Score saved.")).to_be_visible()
    sign_out(page)


def test_kyrgyz_applicant_is_offered_a_place_with_an_explanation(live_server, page, screenshot, world):
    base, call = live_server.url, world["call"]
    sign_in(page, base, "aibek")
    page.goto(f"{base}/scholarships/")
    screenshot("scholarships-calls-en")
    page.get_by_test_id(f"call-{call.code}").get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My scholarship application")
    page.get_by_label("Date of birth").fill("1990-04-12")
    page.get_by_label("Position").fill("Chief specialist")
    page.get_by_label("Years in public service").fill("6")
    page.get_by_label("English score").fill("6.5")
    page.get_by_label("Motivation essay").fill(ESSAY)
    page.get_by_label("First choice").select_option("PHD-PA")
    page.get_by_label("Second choice").select_option("MPM-1")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    upload(page, "reference letter from the state body", "reference.pdf")
    upload(page, "English certificate", "ielts.pdf")
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_test_id("status")).to_have_text("submitted")
    sign_out(page)

    sign_in(page, base, "chair")
    page.goto(f"{base}/scholarships/committee/{call.code}/")
    page.get_by_role("button", name="Assign reviewers").click()
    expect(page.get_by_text("2 reviews assigned")).to_be_visible()
    screenshot("scholarships-committee-en")
    sign_out(page)

    score(page, base, "rev_am")
    score(page, base, "rev_ge")
    application = Application.objects.get(applicant__username="aibek")
    assert (application.status, str(application.final_score)) == (Status.REVIEWED, "80.00")

    results_day(call)  # the results date has come
    sign_in(page, base, "chair")
    page.goto(f"{base}/scholarships/committee/{call.code}/")
    page.get_by_role("button", name="Run the allocation").click()
    expect(page.get_by_test_id("input-hash")).to_have_text(call.runs.get().input_hash)
    page.get_by_role("button", name="Publish the results").click()
    expect(page.get_by_test_id("published")).to_be_visible()
    screenshot("scholarships-run-en")
    sign_out(page)

    sign_in(page, base, "aibek")
    page.goto(f"{base}/scholarships/applications/{application.pk}/")
    expect(page.get_by_test_id("headline")).to_contain_text("You are offered a place at MPM-1 (MPM-1)")
    reason = page.get_by_test_id("reason")
    expect(reason).to_have_count(1)
    expect(reason).to_contain_text("PHD-PA")
    expect(reason).to_contain_text("cut-off score for your class (open competition) was 95; your score is 80")
    screenshot("scholarships-offer-en")
    switch_language(page, "Русский", "ru")
    screenshot("scholarships-offer-ru")
    switch_language(page, "Қазақша", "kk")
    screenshot("scholarships-offer-kk")
    switch_language(page, "English", "en")
    page.get_by_role("button", name="Accept the offer").click()
    expect(page.get_by_text("You accepted the offer.")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("accepted")
    application.refresh_from_db()
    assert (application.status, application.offer.code) == (Status.ACCEPTED, "MPM-1")
