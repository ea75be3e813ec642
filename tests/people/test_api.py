"""The people REST API: shapes, filters, preferences, audit, E-kyzmet upload, constant query counts."""

import sys
import types
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from lms.audit import audit_record
from people.models import Corps, Region, Role, StateBody
from tests.factories import (
    CivilServantFactory,
    PositionFactory,
    RegionFactory,
    StateBodyFactory,
    StructuralUnitFactory,
    UserFactory,
    user_with_role,
)
from tests.people.test_scopes import client_for, listed, make_tree, servant_in

pytestmark = pytest.mark.django_db

SERVANTS = "/api/v1/servants/"
BODIES = "/api/v1/bodies/"


@pytest.fixture
def tree():
    return make_tree()


# --- /me/

def test_me_shows_roles_with_scopes(tree):
    body = client_for(tree.hr).get("/api/v1/me/").json()
    assert body["username"] == tree.hr.username
    assert body["roles"] == ["hr_officer"]
    assert body["assignments"] == [{"role": "hr_officer", "body": {"code": "COM1", "name": tree.committee.name},
                                    "unit": None}]
    assert body["time_zone"] == "Asia/Almaty"
    assert body["personnel_number"] is None


def test_me_of_a_servant_names_their_record(tree):
    body = client_for(tree.servant_user).get("/api/v1/me/").json()
    assert body["roles"] == ["servant"]
    assert body["personnel_number"] == tree.own.personnel_number


def test_me_patch_changes_preferences(tree):
    client = client_for(tree.manager)
    response = client.patch("/api/v1/me/", {"preferred_language": "kk", "time_zone": "Asia/Bishkek"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["preferred_language"] == "kk"
    tree.manager.refresh_from_db()
    assert (tree.manager.preferred_language, tree.manager.time_zone) == ("kk", "Asia/Bishkek")


@pytest.mark.parametrize("payload, field_name", [
    ({"preferred_language": "de"}, "preferred_language"),
    ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ({"time_zone": "../../etc/passwd"}, "time_zone"),
])
def test_me_patch_rejects_bad_values(tree, payload, field_name):
    response = client_for(tree.manager).patch("/api/v1/me/", payload, format="json")
    assert response.status_code == 400
    assert field_name in response.json()
    tree.manager.refresh_from_db()
    assert tree.manager.preferred_language == "" and tree.manager.time_zone == "Asia/Almaty"


# --- regions and bodies

def test_regions_for_any_user():
    RegionFactory(code="AST", kind=Region.Kind.CITY, name_en="Astana")
    RegionFactory(code="KAR")
    body = client_for(UserFactory()).get("/api/v1/regions/").json()
    assert {r["code"] for r in body["results"]} == {"AST", "KAR"}
    assert client_for(UserFactory()).get("/api/v1/regions/", {"kind": "city"}).json()["count"] == 1


def test_body_filters(tree):
    region = RegionFactory(code="ABY")
    StateBody.objects.filter(code="TER1").update(region=region)
    client = client_for(tree.admin)
    assert listed(client, BODIES, parent="MIN1") == {"COM1"}
    assert listed(client, BODIES, kind="ministry") == {"MIN1", "MIN2"}
    assert listed(client, BODIES, region="ABY") == {"TER1"}
    assert listed(client, BODIES, subtree_of="COM1") == {"COM1", "TER1"}
    assert listed(client, BODIES, subtree_of="NOPE") == set()
    assert listed(client, BODIES, search="COM") == {"COM1"}
    assert client.get(BODIES, {"kind": "planet"}).status_code == 400


def test_body_detail_shape(tree):
    body = client_for(tree.admin).get(f"{BODIES}TER1/").json()
    assert body["code"] == "TER1"
    assert body["parent"] == "COM1"
    assert body["kind"] == "territorial"
    assert body["depth"] == 2


# --- servants

def test_servant_detail_shape_and_history(tree):
    mentor = tree.s_department
    servant = servant_in(tree.committee, tree.division, personnel_number="S-NEW", first_time_entrant=True,
                         probation_until=date(2026, 4, 1), mentor=mentor, last_name_en="Akhmetov",
                         first_name_en="Askhat")
    body = client_for(tree.hr).get(f"{SERVANTS}S-NEW/").json()
    assert body["iin"] == servant.iin
    assert body["body"] == {"code": "COM1", "name": tree.committee.name}
    assert body["unit"] == {"code": "DIV", "name": tree.division.name}
    assert body["position"] == {"title": servant.position.title, "corps": "B", "category_code": "C-4",
                                "managerial": False}
    assert body["mentor"] == mentor.personnel_number
    assert body["first_time_entrant"] is True
    assert body["probation_until"] == "2026-04-01"
    assert body["last_name_en"] == "Akhmetov"
    assert body["full_name"] == servant.full_name
    assert body["employment"] == [{"position": body["position"], "body": body["body"],
                                   "started_on": "2023-01-10", "ended_on": None}]


def test_servant_list_has_no_history_and_no_unit_is_null(tree):
    rows = client_for(tree.admin).get(SERVANTS, {"body": "MIN1", "page_size": 100}).json()["results"]
    own_row = next(r for r in rows if r["personnel_number"] == "S-MIN1")
    assert own_row["unit"] is None and own_row["mentor"] is None
    assert "employment" not in own_row


def test_servant_filters(tree):
    manager_post = PositionFactory(body=tree.territorial, corps=Corps.B, category_code="C-O-2", managerial=True)
    CivilServantFactory(position=manager_post, personnel_number="S-BOSS", first_time_entrant=True)
    political = PositionFactory(body=tree.ministry, corps=Corps.POLITICAL, category_code="")
    CivilServantFactory(position=political, personnel_number="S-VICE", is_active=False)
    client = client_for(tree.admin)
    assert listed(client, SERVANTS, body="COM1") == {"S-DEP", "S-DIV", "S-OTH", "S-TER1", "S-BOSS",
                                                     tree.own.personnel_number}
    assert listed(client, SERVANTS, body="TER1", managerial="true") == {"S-BOSS"}
    assert listed(client, SERVANTS, category_code="C-O-2") == {"S-BOSS"}
    assert listed(client, SERVANTS, corps="political") == {"S-VICE"}
    assert listed(client, SERVANTS, is_active="false") == {"S-VICE"}
    assert listed(client, SERVANTS, first_time_entrant="true") == {"S-BOSS"}
    assert listed(client, SERVANTS, body="UNKNOWN") == set()
    assert client.get(SERVANTS, {"corps": "Z"}).status_code == 400


def test_servant_body_filter_cannot_widen_scope(tree):
    assert listed(client_for(tree.hr), SERVANTS, body="MIN1") == {"S-DEP", "S-DIV", "S-OTH", "S-TER1",
                                                                 tree.own.personnel_number}
    assert listed(client_for(tree.hr), SERVANTS, body="MIN2") == set()


def test_servant_search_and_ordering(tree):
    CivilServantFactory(position=PositionFactory(body=tree.committee), personnel_number="S-ZZZ",
                        last_name_ru="Яковлев")
    client = client_for(tree.hr)
    assert listed(client, SERVANTS, search="Яковл") == {"S-ZZZ"}
    assert listed(client, SERVANTS, search="S-DI") == {"S-DIV"}
    numbers = [r["personnel_number"] for r in
               client.get(SERVANTS, {"ordering": "-personnel_number", "page_size": 3}).json()["results"]]
    assert numbers == ["S-ZZZ", "S-TER1", "S-OTH"]


@pytest.mark.parametrize("url", [SERVANTS, BODIES, "/api/v1/audit/", "/api/v1/regions/"])
def test_list_query_count_does_not_grow_with_page_size(url):
    committee = StateBodyFactory(code="COMX", region=RegionFactory(code="RX"))
    mentor = CivilServantFactory(position=PositionFactory(body=committee, unit=StructuralUnitFactory(body=committee)))
    for i in range(60):
        body = StateBodyFactory(parent=committee, region=committee.region)
        position = PositionFactory(body=body, unit=StructuralUnitFactory(body=body) if i % 2 else None)
        servant = CivilServantFactory(position=position, mentor=mentor)
        audit_record(actor=None, action="test.row", obj=servant, summary=str(i))
        RegionFactory(code=f"RR{i}")
    admin = user_with_role(Role.ADMIN)

    def count(page_size: int) -> int:
        client = client_for(admin)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"page_size": page_size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == page_size
        return len(ctx.captured_queries)

    small, large = count(5), count(50)
    assert small == large, f"{url}: {small} queries for 5 rows, {large} for 50"
    assert large <= 8


def test_servant_detail_query_count_is_constant(tree):
    for _ in range(5):
        PositionFactory(body=tree.committee)
    client = client_for(tree.admin)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"{SERVANTS}S-DEP/").status_code == 200
    assert len(ctx.captured_queries) <= 8


# --- audit

def test_audit_filters(tree):
    audit_record(actor=tree.hr, action="servant.transfer", object_type="people.civilservant", object_id="1")
    audit_record(actor=tree.admin, action="body.move", object_type="people.statebody", object_id="2")
    client = client_for(tree.admin)
    rows = client.get("/api/v1/audit/", {"action": "servant.transfer"}).json()["results"]
    assert [(r["action"], r["actor"]) for r in rows] == [("servant.transfer", tree.hr.username)]
    assert client.get("/api/v1/audit/", {"object_type": "people.statebody"}).json()["count"] == 1
    assert {r["action"] for r in client.get("/api/v1/audit/", {"actor": tree.admin.username}).json()["results"]} \
        == {"body.move"}


# --- E-kyzmet import upload

@dataclass
class _RowError:
    row: int
    column: str
    message: str


@dataclass
class _Report:
    layout: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self):
        return not self.errors

    def summary_line(self):
        return f"created {self.created}, errors {len(self.errors)}"


@pytest.fixture
def fake_importer(monkeypatch):
    """Stands in for people.ekyzmet so the view's contract is tested on its own."""
    calls = []
    module = types.ModuleType("people.ekyzmet")

    def ekyzmet_import(*, content, filename, actor, dry_run):
        calls.append({"content": content, "filename": filename, "actor": actor, "dry_run": dry_run})
        if b"bad" in content:
            return _Report(layout="servants", errors=[_RowError(3, "iin", "IIN check digit is wrong.")],
                           dry_run=dry_run)
        return _Report(layout="servants", created=2, updated=1, unchanged=4, dry_run=dry_run)

    module.ekyzmet_import = ekyzmet_import
    monkeypatch.setitem(sys.modules, "people.ekyzmet", module)
    return calls


IMPORTS = "/api/v1/ekyzmet/imports/"


def upload(name="staff.csv", content=b"iin;name\n"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_import_ok_returns_report(tree, fake_importer):
    response = client_for(tree.hr).post(IMPORTS, {"file": upload(), "dry_run": "true"}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json() == {"layout": "servants", "created": 2, "updated": 1, "unchanged": 4, "errors": [],
                               "dry_run": True, "summary": "created 2, errors 0"}
    (call,) = fake_importer
    assert call["content"] == b"iin;name\n" and call["filename"] == "staff.csv"
    assert call["actor"] == tree.hr and call["dry_run"] is True


def test_import_with_row_errors_is_400_with_the_report(tree, fake_importer):
    response = client_for(tree.admin).post(IMPORTS, {"file": upload(content=b"bad")}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == [{"sheet": "", "row": 3, "column": "iin", "message": "IIN check digit is wrong."}]
    assert body["dry_run"] is False
    assert fake_importer[0]["dry_run"] is False


@pytest.mark.parametrize("role", ["manager", "analyst", "servant_user", "partner"])
def test_import_forbidden_for_other_roles(tree, fake_importer, role):
    response = client_for(getattr(tree, role)).post(IMPORTS, {"file": upload()}, format="multipart")
    assert response.status_code == 403
    assert fake_importer == []


def test_import_validates_the_upload(tree, fake_importer):
    client = client_for(tree.hr)
    assert client.post(IMPORTS, {"dry_run": "true"}, format="multipart").json().keys() >= {"file"}
    response = client.post(IMPORTS, {"file": upload(name="staff.txt")}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()
    with override_settings(EKYZMET_UPLOAD_MAX_BYTES=10):
        response = client.post(IMPORTS, {"file": upload(content=b"x" * 11)}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()
    assert client.post(IMPORTS, {"file": upload(name="STAFF.XLSX")}, format="multipart").status_code == 200
    assert len(fake_importer) == 1


def test_import_rejects_json_body(tree, fake_importer):
    response = client_for(tree.hr).post(IMPORTS, {"file": "x"}, format="json")
    assert response.status_code == 415


def test_import_with_the_real_importer_reports_a_garbage_file():
    pytest.importorskip("people.ekyzmet")
    admin = user_with_role(Role.ADMIN)
    response = client_for(admin).post(IMPORTS, {"file": upload(content="что;это\n1;2\n".encode())},
                                      format="multipart")
    assert response.status_code == 400
    assert StateBody.objects.count() == 0


def test_import_with_the_real_importer_dry_run_then_write():
    pytest.importorskip("people.ekyzmet")
    client = client_for(user_with_role(Role.ADMIN))
    csv = "body_code,parent_code,name_kk,name_ru,name_en,region\nMINX,,Министрлік,Министерство,Ministry,\n"
    dry = client.post(IMPORTS, {"file": upload(content=csv.encode()), "dry_run": "true"}, format="multipart")
    assert dry.status_code == 200, dry.content
    assert (dry.json()["layout"], dry.json()["created"], dry.json()["dry_run"]) == ("bodies", 1, True)
    assert not StateBody.objects.filter(code="MINX").exists()
    real = client.post(IMPORTS, {"file": upload(content=csv.encode())}, format="multipart")
    assert real.status_code == 200, real.content
    assert real.json()["errors"] == [] and real.json()["summary"]
    assert StateBody.objects.filter(code="MINX").exists()
