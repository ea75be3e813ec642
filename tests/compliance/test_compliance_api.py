"""/api/v1/compliance/...: same scopes as the pages (HR subtree, 404 outside it), analysts national figures
without personal data, a servant only their own status, constant query counts, bad input refused."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from people.models import Role
from tests.compliance.compliance_fixtures import AS_OF, build_world
from tests.factories import CivilServantFactory, PositionFactory, user_with_role

pytestmark = pytest.mark.django_db
API = "/api/v1/compliance"


@pytest.fixture(autouse=True)
def private_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def w():
    return build_world()


def client_for(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_summary_counts_rates_and_groups(w):
    r = client_for(w["hr"]).get(f"{API}/summary/", {"as_of": AS_OF})
    assert r.status_code == 200
    data = r.json()
    assert data["total"] == 5 and data["counts"] == {"compliant": 1, "due_soon": 1, "overdue": 2, "exempt": 1}
    assert data["rates"]["overdue"] == 40.0
    assert {g["unit"]["code"] for g in data["by_unit"]} == {"UM", "UC"}
    assert {(g["corps"], g["category"]) for g in data["by_corps_category"]} == {("B", "C-3"), ("B", "C-4"),
                                                                                ("B", "C-O-3")}


def test_servant_list_filters_pages_and_scope(w):
    c = client_for(w["hr"])
    r = c.get(f"{API}/servants/", {"as_of": AS_OF, "status": "overdue", "sort": "name"})
    data = r.json()
    assert r.status_code == 200 and data["count"] == 2
    assert [row["personnel_number"] for row in data["results"]] == ["C-LATE", "M-LATE"]  # Galiyev, Valiyev
    # title_language: empty when the title is in the request's language or its language is unknown (issue 14)
    assert data["results"][0]["last_training"] == {"title": "Курс C-LATE", "title_language": "",
                                                   "completed_on": "2021-01-10"}
    assert data["results"][1]["last_training"] is None and "iin" not in data["results"][0]
    page2 = c.get(f"{API}/servants/", {"as_of": AS_OF, "page_size": 2, "page": 2, "sort": "name"}).json()
    assert page2["count"] == 5 and len(page2["results"]) == 2
    everyone = c.get(f"{API}/servants/", {"as_of": AS_OF, "page_size": 500}).json()
    assert "X-LATE" not in [row["personnel_number"] for row in everyone["results"]]
    assert c.get(f"{API}/servants/", {"body": "X"}).status_code == 404  # outside the subtree
    assert c.get(f"{API}/summary/", {"body": "X"}).status_code == 404
    assert c.get(f"{API}/export.csv", {"body": "X"}).status_code == 404
    assert c.get(f"{API}/servants/", {"page": 9}).status_code == 404
    for bad in ({"status": "late"}, {"as_of": "2025-02-30"}, {"sort": "iin"}, {"page_size": 0}, {"unit": "x"},
                {"corps": "Z"}):
        assert c.get(f"{API}/servants/", bad).status_code == 400, bad


def test_list_query_count_is_constant(w):
    position = PositionFactory(body=w["M"], category_code="C-4")
    for _ in range(20):
        CivilServantFactory(position=position, entered_service_on=date(2015, 1, 1), appointed_on=date(2015, 1, 1))
    c = client_for(w["hr"])
    c.get(f"{API}/servants/", {"page_size": 1})  # the actor's roles are loaded once per user object
    counts = []
    for size in (2, 20):
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(f"{API}/servants/", {"as_of": AS_OF, "status": "overdue", "page_size": size})
        assert len(r.json()["results"]) == size
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_exports_and_trend(w):
    c = client_for(w["hr"])
    r = c.get(f"{API}/export.csv", {"as_of": AS_OF, "status": "overdue"})
    rows = list(csv.reader(io.StringIO(b"".join(r.streaming_content).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["M-LATE", "C-LATE"] or [row[0] for row in rows[1:]] == ["C-LATE", "M-LATE"]
    x = c.get(f"{API}/export.xlsx", {"as_of": AS_OF})
    assert x.status_code == 200 and x["Content-Type"].startswith("application/vnd.openxmlformats")
    trend = c.get(f"{API}/trend/", {"as_of": AS_OF}).json()
    assert len(trend["points"]) == 12 and trend["points"][-1]["day"] == AS_OF.isoformat()


def test_roles(w):
    analyst, servant = user_with_role(Role.ANALYST), w["M-LATE"].user
    for user in (analyst, servant):
        for path in ("summary/", "servants/", "trend/", "export.csv"):
            assert client_for(user).get(f"{API}/{path}").status_code == 403
    assert client_for(w["hr"]).get(f"{API}/national/").status_code == 403
    assert APIClient().get(f"{API}/summary/").status_code in (401, 403)


def test_national_overview_without_personal_data(w):
    r = client_for(user_with_role(Role.ANALYST)).get(f"{API}/national/", {"as_of": AS_OF})
    assert r.status_code == 200
    data = r.json()
    assert data["total"] == 6 and {b["body"]["code"] for b in data["by_body"]} == {"M", "X"}
    text = r.content.decode()
    for key in ("M-OK", "M-SOON", "M-LATE", "C-LATE", "C-EX", "X-LATE"):
        s = w[key]
        for personal in (s.personnel_number, s.iin, s.last_name_ru, s.last_name_en, s.first_name_ru):
            assert personal not in text
    drill = client_for(user_with_role(Role.ADMIN)).get(f"{API}/national/", {"as_of": AS_OF, "body": "M"}).json()
    assert {b["body"]["code"]: b["total"] for b in drill["by_body"]} == {"M": 3, "C": 2}


def test_servant_sees_only_own_status(w):
    r = client_for(w["M-LATE"].user).get(f"{API}/me/")
    assert r.status_code == 200
    data = r.json()
    assert [row["rule"] for row in data] == ["three_year"] and data[0]["status"] == "overdue"
    assert data[0]["due_date"] == "2018-01-01" and data[0]["days_left"] < 0
    assert client_for(w["hr"]).get(f"{API}/me/").status_code == 404  # not a servant
