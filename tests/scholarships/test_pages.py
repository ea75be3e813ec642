import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from scholarships import reviews
from scholarships.models import Application, Review, Status
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

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call = make_call()
    revs = [reviewer(f"rev{i}", c, f"Org {i}") for i, c in enumerate(["AM", "GE", "UZ"])]
    alice = complete_application(call, partner("alice", "KG", "Body A"))
    bob = complete_application(call, partner("bob", "TJ", "Body B"))
    return {"call": call, "alice": alice, "bob": bob, "reviewers": revs, "committee": committee()}


def test_applicant_applies_through_the_pages(world):
    user = partner("carla", "KG", "Body C")
    web = client_for(user)
    page = web.get("/scholarships/")
    assert page.status_code == 200 and b"Scholarships 2027" in page.content
    response = web.post(f"/scholarships/calls/{world['call'].code}/apply/")
    application = Application.objects.get(applicant=user)
    assert response.url == f"/scholarships/applications/{application.pk}/"
    form = {
        "full_name": "Carla Test",
        "date_of_birth": "1990-02-03",
        "email": "c@example.org",
        "phone": "",
        "organisation": "Body C",
        "position_title": "Expert",
        "service_years": "4",
        "english_test": "IELTS",
        "english_score": "6.0",
        "essay": ESSAY,
        "preference_1": "MDPA-1",
        "preference_2": "MPM-1",
        "preference_3": "",
    }
    assert web.post(f"/scholarships/applications/{application.pk}/", form).status_code == 302
    renamed = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    web.post(f"/scholarships/applications/{application.pk}/upload/", {"kind": "reference", "file": renamed})
    assert not application.documents.exists()
    for kind in ("reference", "english"):
        web.post(
            f"/scholarships/applications/{application.pk}/upload/",
            {"kind": kind, "file": SimpleUploadedFile("x.pdf", pdf_bytes(), content_type="application/pdf")},
        )
    assert application.documents.count() == 2
    web.post(f"/scholarships/applications/{application.pk}/submit/")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert [p.programme.code for p in application.preferences.order_by("rank")] == ["MDPA-1", "MPM-1"]
    page = web.get(f"/scholarships/applications/{application.pk}/")
    assert b"submitted" in page.content


def test_ineligible_application_shows_each_reason(world):
    user = partner("dora", "KG", "Body D")
    web = client_for(user)
    web.post(f"/scholarships/calls/{world['call'].code}/apply/")
    application = Application.objects.get(applicant=user)
    web.post(f"/scholarships/applications/{application.pk}/submit/")
    page = web.get(f"/scholarships/applications/{application.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert b"Upload the reference letter from your state body." in page.content
    assert b"Rank at least one programme." in page.content


def test_an_applicant_cannot_open_another_application_or_its_documents(world):
    web = client_for(world["alice"].applicant)
    bob = world["bob"].pk
    assert web.get(f"/scholarships/applications/{bob}/").status_code == 404
    assert web.get(f"/scholarships/applications/{bob}/documents/reference.pdf").status_code == 404
    assert web.post(f"/scholarships/applications/{bob}/submit/").status_code == 404
    assert web.post(f"/scholarships/applications/{bob}/respond/", {"decision": "decline"}).status_code == 404
    assert web.get(f"/scholarships/committee/{world['call'].code}/").status_code == 403
    assert (
        web.get(f"/scholarships/applications/{world['alice'].pk}/documents/reference.pdf").status_code == 200
    )


def test_a_reviewer_opens_only_assigned_applications(world):
    reviews.reviewers_assign(call=world["call"], actor=world["committee"])
    for rev in world["reviewers"]:
        web = client_for(rev)
        mine = {r.application_id: r for r in Review.objects.filter(reviewer=rev)}
        listed = web.get("/scholarships/reviews/")
        for application in (world["alice"], world["bob"]):
            response = web.get(f"/scholarships/applications/{application.pk}/")
            if application.pk in mine:
                assert response.status_code == 302 and f"/reviews/{mine[application.pk].pk}/" in response.url
                assert f"#{application.pk}".encode() in listed.content
            else:
                assert response.status_code == 404
                assert (
                    web.get(
                        f"/scholarships/applications/{application.pk}/documents/reference.pdf"
                    ).status_code
                    == 404
                )
        other = Review.objects.exclude(reviewer=rev).first()
        assert web.get(f"/scholarships/reviews/{other.pk}/").status_code == 404
        assert web.post(f"/scholarships/reviews/{other.pk}/", {"ACAD": "5", "MOTIV": "5"}).status_code == 404
        assert web.post(f"/scholarships/reviews/{other.pk}/conflict/", {"reason": "x"}).status_code == 404


def test_reviewer_scores_through_the_page(world):
    reviews.reviewers_assign(call=world["call"], actor=world["committee"])
    review = Review.objects.first()
    web = client_for(review.reviewer)
    assert b"Academic" in web.get(f"/scholarships/reviews/{review.pk}/").content
    assert web.post(f"/scholarships/reviews/{review.pk}/", {"ACAD": "11", "MOTIV": "5"}).status_code == 200
    assert web.post(f"/scholarships/reviews/{review.pk}/", {"ACAD": "8", "MOTIV": "6"}).status_code == 302
    review.refresh_from_db()
    assert review.state == Review.State.DONE and str(review.total) == "73.33"


def test_committee_pages(world):
    boss = world["committee"]
    score_all(world["call"], boss, {"alice": 8, "bob": 7})
    web = client_for(boss)
    code = world["call"].code
    assert b"alice" in web.get(f"/scholarships/committee/{code}/").content.lower()
    response = web.post(f"/scholarships/committee/{code}/run/")
    run = world["call"].runs.get()
    assert response.url == f"/scholarships/runs/{run.pk}/"
    page = web.get(f"/scholarships/runs/{run.pk}/")
    assert run.input_hash.encode() in page.content and b"<svg" in page.content
    results_day(world["call"])
    web.post(f"/scholarships/runs/{run.pk}/publish/")
    run.refresh_from_db()
    assert run.published_at
    spend = web.get(f"/scholarships/committee/{code}/spend/").content.decode()
    assert "10000000" in spend.replace(",", "").replace("\xa0", "")  # grouped in the reader's convention
    assert web.get(f"/scholarships/applications/{world['bob'].pk}/").status_code == 200
    alice = client_for(world["alice"].applicant)
    page = alice.get(f"/scholarships/applications/{world['alice'].pk}/")
    assert b"offered a place" in page.content.lower() or b"You are offered a place" in page.content
    alice.post(f"/scholarships/applications/{world['alice'].pk}/respond/", {"decision": "accept"})
    assert Application.objects.get(pk=world["alice"].pk).status == Status.ACCEPTED
    for rev in world["reviewers"]:
        assert client_for(rev).get(f"/scholarships/runs/{run.pk}/").status_code == 403


def test_admin_pages_render(world, admin_client):
    for model in ("call", "englishequivalence", "application", "allocationrun"):
        assert admin_client.get(f"/admin/scholarships/{model}/").status_code == 200, model
    assert admin_client.get(f"/admin/scholarships/call/{world['call'].pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/scholarships/application/{world['alice'].pk}/change/").status_code == 200
