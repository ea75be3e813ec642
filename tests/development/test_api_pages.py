from datetime import date

import pytest
from rest_framework.test import APIClient

from development import services
from development.drafting import plans_generate
from development.models import DevelopmentPlan, ReserveMembership
from tests.development.conftest import YEAR
from tests.factories import CivilServantFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    plans_generate(year=YEAR)
    return DevelopmentPlan.objects.get(servant=world["servant"])


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_workflow_end_to_end(world, plan):
    base = f"/api/v1/development/plans/{plan.pk}/"
    servant = _api(world["servant_user"])
    detail = servant.get(base).json()
    assert detail["status"] == "draft" and detail["items"][0]["competency"] == "LEAD"
    proposals = servant.get(base + "proposals/").json()
    assert [p["code"] for p in proposals[0]["proposals"]] == ["LEAD-3", "LEAD-4"]
    added = servant.post(
        base + "items/",
        {
            "kind": "course",
            "course_id": world["courses"]["L4"].pk,
            "competency_id": world["comps"]["LEAD"].pk,
            "target_level": 3,
        },
    )
    assert added.status_code == 201
    bad = servant.post(base + "items/", {"kind": "bolashak", "title": "Master's"})
    assert bad.status_code == 400 and bad.json()["field"] == "institution"
    assert servant.post(base + "submit/").json()["status"] == "submitted"
    assert _api(world["other_manager"]).post(base + "approve/").status_code == 404  # not even visible
    assert _api(world["manager"]).get("/api/v1/development/approvals/").json()["count"] == 1
    assert _api(world["manager"]).post(base + "approve/", {"comment": "ok"}).json()["status"] == "approved"
    assert _api(world["hr"]).post(base + "confirm/").json()["status"] == "confirmed"


def test_api_cross_access(world, plan):
    base = f"/api/v1/development/plans/{plan.pk}/"
    for user in (world["stranger_user"], world["other_manager"], world["other_hr"]):
        client = _api(user)
        assert client.get(base).status_code == 404
        assert client.get(base + "proposals/").status_code == 404
        assert client.post(base + "items/", {"kind": "mentoring", "title": "x"}).status_code == 404
        assert plan.pk not in [p["id"] for p in client.get("/api/v1/development/plans/").json()["results"]]
    for user in (world["servant_user"], world["manager"], world["hr"]):
        assert _api(user).get(base).status_code == 200
    assert (
        _api(world["manager"]).post(base + "items/", {"kind": "mentoring", "title": "x"}).status_code == 403
    )


def test_api_voluntary_plan(world):
    response = _api(world["stranger_user"]).post("/api/v1/development/plans/", {"year": YEAR})
    assert response.status_code == 201 and response.json()["mandatory"] is False
    assert _api(world["stranger_user"]).post("/api/v1/development/plans/", {"year": YEAR}).status_code == 400


def test_pages_cross_access(world, plan, client):
    url = f"/development/plans/{plan.pk}/"
    for user in (world["stranger_user"], world["other_manager"], world["other_hr"]):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url + "submit/").status_code == 404
    client.force_login(world["stranger_user"])
    assert client.get("/development/hr/").status_code == 403
    assert client.get("/development/approvals/").status_code == 403
    for user in (world["servant_user"], world["manager"], world["hr"]):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_servant_page_flow(world, plan, client):
    client.force_login(world["servant_user"])
    assert client.get(f"/development/?year={YEAR}").url == f"/development/plans/{plan.pk}/"
    page = client.get(f"/development/plans/{plan.pk}/").content.decode()
    assert "LEAD-3" in page and "Add to plan" in page
    client.post(
        f"/development/plans/{plan.pk}/add-course/",
        {
            "course_id": world["courses"]["L4"].pk,
            "competency_id": world["comps"]["LEAD"].pk,
            "target_level": 3,
        },
    )
    response = client.post(
        f"/development/plans/{plan.pk}/add-item/", {"kind": "foreign", "title": "Programme"}
    )
    assert "Name the chosen educational institution." in response.content.decode()
    client.post(f"/development/plans/{plan.pk}/submit/")
    plan.refresh_from_db()
    assert plan.items.count() == 2 and plan.status == "submitted"
    client.force_login(world["manager"])
    response = client.post(f"/development/plans/{plan.pk}/return/", {"comment": ""})
    assert "Say what to change." in response.content.decode()


def test_hr_list_constant_query_count(world, plan, client, django_assert_num_queries):
    client.force_login(world["hr"])
    client.get("/development/hr/")  # warm caches (content types, sessions)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/development/hr/?year={YEAR}").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(5):
        post = PositionFactory(body=world["body"], unit=world["u1"], corps="A", category_code="")
        CivilServantFactory(position=post, personnel_number=f"A-1{n:03d}")
    plans_generate(year=YEAR)
    assert count() == before
    page = client.get(f"/development/hr/?year={YEAR}").content.decode()
    assert 'data-personnel-number="A-0001"' in page and "LEAD" in page
    with django_assert_num_queries(before):
        client.get(f"/development/hr/?year={YEAR}")


def test_hr_exports_and_reserve_and_evaluations_pages(world, plan, client):
    client.force_login(world["hr"])
    csv_text = b"".join(client.get(f"/development/hr/export.csv?year={YEAR}").streaming_content).decode(
        "utf-8-sig"
    )
    assert "A-0001" in csv_text
    demand = b"".join(client.get(f"/development/hr/export.csv?what=demand&year={YEAR}").streaming_content)
    assert b"LEAD" in demand
    assert client.get(f"/development/hr/export.xlsx?year={YEAR}").status_code == 200
    response = client.post(
        "/development/reserve/",
        {"personnel_number": "B-0001", "admitted_on": "2026-02-01", "certificate_number": "CR-77"},
    )
    assert (
        response.status_code == 302 and ReserveMembership.objects.filter(servant=world["stranger"]).exists()
    )
    assert "CR-77" in client.get(f"/servants/{world['stranger'].pk}/").content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("e.csv", b"personnel_number,period,score\nA-0001,2026-Q1,2\n")
    page = client.post("/development/evaluations/import/", {"file": upload}).content.decode()
    assert "created 1, updated 0, unchanged 0, errors 0" in page
    services.adaptation_plan_create(
        servant=world["servant"], mentor=world["mentor"], actor=world["hr"], starts_on=date(2026, 9, 1)
    )
    assert "A-0001" in client.get("/development/probation/").content.decode()
