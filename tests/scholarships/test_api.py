import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from scholarships import reviews
from scholarships.models import Review
from tests.scholarships.world import (
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
API = "/api/v1/scholarships"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call = make_call()
    reviewers = [reviewer(f"rev{i}", c, f"Org {i}") for i, c in enumerate(["AM", "GE", "UZ"])]
    alice = complete_application(call, partner("alice", "KG", "Body A"))
    bob = complete_application(call, partner("bob", "TJ", "Body B"))
    return {"call": call, "alice": alice, "bob": bob, "reviewers": reviewers, "committee": committee()}


def test_applicant_flow_through_the_api(world):
    user = partner("carla", "KG", "Body C")
    api = client_for(user)
    response = api.post(f"{API}/applications/", {"call": world["call"].code}, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = api.patch(
        f"{API}/applications/{pk}/",
        {
            "preferences": ["MPM-1", "MDPA-1"],
            "service_years": 3,
            "date_of_birth": "1990-01-01",
            "position_title": "Expert",
            "english_score": "6.5",
            "essay": "word " * 120,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["preferences"] == ["MPM-1", "MDPA-1"]
    renamed = SimpleUploadedFile("letter.pdf", b"\x89PNG\r\n\x1a\n....", content_type="application/pdf")
    response = api.post(f"{API}/applications/{pk}/documents/", {"kind": "reference", "file": renamed})
    assert response.status_code == 400 and response.json()["code"] == "document_not_pdf"
    for kind in ("reference", "english"):
        upload = SimpleUploadedFile(f"{kind}.pdf", pdf_bytes(), content_type="application/pdf")
        assert (
            api.post(f"{API}/applications/{pk}/documents/", {"kind": kind, "file": upload}).status_code == 201
        )
    response = api.post(f"{API}/applications/{pk}/submit/")
    assert response.json()["status"] == "submitted", response.json()["eligibility"]


def test_ineligible_submission_lists_translated_reasons(world):
    user = partner("dan", "KG", "Body D")
    api = client_for(user)
    pk = api.post(f"{API}/applications/", {"call": world["call"].code}, format="json").json()["id"]
    body = api.post(f"{API}/applications/{pk}/submit/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert body["status"] == "ineligible"
    assert all(item["message"] for item in body["eligibility"])


def test_an_applicant_cannot_see_or_change_another_application(world):
    api = client_for(world["alice"].applicant)
    bob = world["bob"].pk
    assert api.get(f"{API}/applications/{bob}/").status_code == 404
    assert api.patch(f"{API}/applications/{bob}/", {"phone": "1"}, format="json").status_code == 404
    assert api.post(f"{API}/applications/{bob}/submit/").status_code == 404
    assert (
        api.post(f"{API}/applications/{bob}/respond/", {"decision": "decline"}, format="json").status_code
        == 404
    )
    assert api.get(f"{API}/applications/{bob}/explanation/").status_code == 404
    assert [a["id"] for a in api.get(f"{API}/applications/").json()["results"]] == [world["alice"].pk]
    assert api.get(f"{API}/calls/{world['call'].code}/runs/").status_code == 403
    assert api.post(f"{API}/calls/{world['call'].code}/assign-reviewers/").status_code == 403


def test_a_reviewer_sees_only_assigned_applications(world):
    api = client_for(world["committee"])
    assert api.post(f"{API}/calls/{world['call'].code}/assign-reviewers/").json() == {
        "created": 4,
        "missing": 0,
    }
    for rev in world["reviewers"]:
        mine = set(Review.objects.filter(reviewer=rev).values_list("application_id", flat=True))
        seen = {a["id"] for a in client_for(rev).get(f"{API}/applications/").json()["results"]}
        assert seen == mine
        for application in (world["alice"], world["bob"]):
            code = client_for(rev).get(f"{API}/applications/{application.pk}/").status_code
            assert code == (200 if application.pk in mine else 404)
        other = Review.objects.exclude(reviewer=rev).first()
        response = client_for(rev).post(
            f"{API}/reviews/{other.pk}/", {"scores": {"ACAD": 5, "MOTIV": 5}}, format="json"
        )
        assert response.status_code == 404
        assert (
            client_for(rev)
            .post(f"{API}/reviews/{other.pk}/conflict/", {"reason": "x"}, format="json")
            .status_code
            == 404
        )


def test_committee_runs_publishes_and_exports(world):
    boss = world["committee"]
    score_all(world["call"], boss, {"alice": 8, "bob": 7})
    api = client_for(boss)
    run = api.post(f"{API}/calls/{world['call'].code}/runs/").json()
    assert len(run["input_hash"]) == 64
    results_day(world["call"])
    assert api.post(f"{API}/runs/{run['id']}/publish/").json()["published_at"]
    assert api.get(f"{API}/runs/{run['id']}/instance.json").json()["applicants"][0]["id"].startswith("A-")
    assert api.get(f"{API}/runs/{run['id']}/results.csv").content.startswith(b"applicant_id,")
    assert api.get(f"{API}/runs/{run['id']}/results.xlsx").content[:2] == b"PK"
    assert api.get(f"{API}/runs/{run['id']}/nope").status_code == 404
    assert api.get(f"{API}/calls/{world['call'].code}/spend/").json()["pending"] == "10000000.00"
    alice = client_for(world["alice"].applicant)
    explanation = alice.get(f"{API}/applications/{world['alice'].pk}/explanation/").json()
    assert explanation["programme"] == "MPM-1"
    assert (
        alice.post(
            f"{API}/applications/{world['alice'].pk}/respond/", {"decision": "accept"}, format="json"
        ).json()["status"]
        == "accepted"
    )
    assert client_for(world["reviewers"][0]).get(f"{API}/runs/{run['id']}/").status_code == 404


def _many(call, n):
    for i in range(n):
        complete_application(call, partner(f"extra{i}", "UZ", f"Body {i}"))


@pytest.mark.parametrize("n", [1, 4])
def test_list_query_counts_are_pinned(world, django_assert_num_queries, n):
    _many(world["call"], n)
    reviews.reviewers_assign(call=world["call"], actor=world["committee"])
    boss = client_for(world["committee"])
    boss.get(f"{API}/applications/")  # warm the content-type and role caches
    with django_assert_num_queries(2):  # count, page (roles cached on the user)
        assert boss.get(f"{API}/applications/").status_code == 200
    with django_assert_num_queries(3):  # count, calls, programmes
        assert boss.get(f"{API}/calls/").status_code == 200
    with django_assert_num_queries(2):  # count, page
        client_for(world["reviewers"][0]).get(f"{API}/reviews/")
    with django_assert_num_queries(3):  # call, count, page (runs with their users)
        boss.get(f"{API}/calls/{world['call'].code}/runs/")
