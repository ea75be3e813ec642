"""Who sees which state bodies and civil servants through the API (scopes of roles)."""

from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from people.masking import mask_iin
from people.models import Role, StateBody
from tests.factories import (
    CivilServantFactory,
    PositionFactory,
    StateBodyFactory,
    StructuralUnitFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def servant_in(body, unit=None, **kw):
    return CivilServantFactory(position=PositionFactory(body=body, unit=unit), **kw)


def make_tree():
    """ministry -> committee -> territorial department, plus an unrelated second ministry.
    The committee has a department (line manager's unit) with a division inside it."""
    t = SimpleNamespace()
    t.ministry = StateBodyFactory(code="MIN1", kind=StateBody.Kind.MINISTRY)
    t.committee = StateBodyFactory(code="COM1", parent=t.ministry, kind=StateBody.Kind.COMMITTEE)
    t.territorial = StateBodyFactory(code="TER1", parent=t.committee, kind=StateBody.Kind.TERRITORIAL)
    t.other_ministry = StateBodyFactory(code="MIN2", kind=StateBody.Kind.MINISTRY)
    t.department = StructuralUnitFactory(body=t.committee, code="DEP")
    t.division = StructuralUnitFactory(body=t.committee, code="DIV", parent=t.department)
    t.other_unit = StructuralUnitFactory(body=t.committee, code="OTH")

    t.s_ministry = servant_in(t.ministry, personnel_number="S-MIN1")
    t.s_department = servant_in(t.committee, t.department, personnel_number="S-DEP")
    t.s_division = servant_in(t.committee, t.division, personnel_number="S-DIV")
    t.s_other_unit = servant_in(t.committee, t.other_unit, personnel_number="S-OTH")
    t.s_territorial = servant_in(t.territorial, personnel_number="S-TER1")
    t.s_other_ministry = servant_in(t.other_ministry, personnel_number="S-MIN2")

    t.hr = user_with_role(Role.HR_OFFICER, body=t.committee)
    t.manager = user_with_role(Role.LINE_MANAGER, unit=t.department)
    t.analyst = user_with_role(Role.ANALYST)
    t.partner = user_with_role(Role.PARTNER)
    t.admin = user_with_role(Role.ADMIN)
    t.servant_user = user_with_role(Role.SERVANT, body=t.territorial)
    t.own = t.servant_user.servant
    return t


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def listed(client, url: str, **params) -> set[str]:
    response = client.get(url, {"page_size": 500, **params})
    assert response.status_code == 200, response.content
    key = "personnel_number" if "servants" in url else "code"
    return {row[key] for row in response.json()["results"]}


@pytest.fixture
def tree():
    return make_tree()


SERVANTS = "/api/v1/servants/"
BODIES = "/api/v1/bodies/"


def test_hr_officer_sees_committee_subtree_only(tree):
    client = client_for(tree.hr)
    assert listed(client, SERVANTS) == {"S-DEP", "S-DIV", "S-OTH", "S-TER1", tree.own.personnel_number}
    assert listed(client, BODIES) == {"COM1", "TER1"}


@pytest.mark.parametrize("number", ["S-MIN1", "S-MIN2"])
def test_hr_officer_gets_404_outside_scope(tree, number):
    client = client_for(tree.hr)
    assert client.get(f"{SERVANTS}{number}/").status_code == 404
    assert client.get(f"{SERVANTS}S-TER1/").status_code == 200


def test_hr_officer_body_outside_scope_is_404(tree):
    client = client_for(tree.hr)
    assert client.get(f"{BODIES}MIN1/").status_code == 404
    assert client.get(f"{BODIES}MIN2/headcount/").status_code == 404
    assert client.get(f"{BODIES}TER1/").status_code == 200


def test_line_manager_sees_unit_and_sub_units(tree):
    client = client_for(tree.manager)
    assert listed(client, SERVANTS) == {"S-DEP", "S-DIV"}
    assert client.get(f"{SERVANTS}S-OTH/").status_code == 404
    assert client.get(f"{SERVANTS}S-DIV/").status_code == 200


def test_line_manager_sees_iin_masked(tree):
    rows = client_for(tree.manager).get(SERVANTS).json()["results"]
    by_number = {r["personnel_number"]: r["iin"] for r in rows}
    assert by_number["S-DEP"] == mask_iin(tree.s_department.iin)
    assert tree.s_department.iin not in str(rows)
    detail = client_for(tree.manager).get(f"{SERVANTS}S-DIV/").json()
    assert detail["iin"] == mask_iin(tree.s_division.iin)


def test_hr_officer_sees_full_iin(tree):
    detail = client_for(tree.hr).get(f"{SERVANTS}S-TER1/").json()
    assert detail["iin"] == tree.s_territorial.iin


def test_servant_sees_only_themself_with_own_iin(tree):
    client = client_for(tree.servant_user)
    body = client.get(SERVANTS).json()
    assert body["count"] == 1
    assert body["results"][0]["personnel_number"] == tree.own.personnel_number
    assert body["results"][0]["iin"] == tree.own.iin
    assert client.get(f"{SERVANTS}S-TER1/").status_code == 404  # a colleague in the same body
    assert listed(client, BODIES) == {"TER1"}


@pytest.mark.parametrize("role", ["analyst", "partner"])
def test_roles_without_personal_records_get_403(tree, role):
    client = client_for(getattr(tree, role))
    for url in (SERVANTS, f"{SERVANTS}S-DEP/"):
        response = client.get(url)
        assert response.status_code == 403
        assert "aggregate" in response.json()["detail"]


def test_analyst_sees_all_bodies(tree):
    assert listed(client_for(tree.analyst), BODIES) == {"MIN1", "COM1", "TER1", "MIN2"}


def test_partner_sees_no_bodies(tree):
    client = client_for(tree.partner)
    assert listed(client, BODIES) == set()
    assert client.get(f"{BODIES}MIN1/").status_code == 404


def test_admin_sees_everything(tree):
    client = client_for(tree.admin)
    assert listed(client, SERVANTS) == {"S-MIN1", "S-DEP", "S-DIV", "S-OTH", "S-TER1", "S-MIN2",
                                        tree.own.personnel_number}
    assert client.get(f"{SERVANTS}S-MIN2/").json()["iin"] == tree.s_other_ministry.iin


def test_audit_is_for_administrators_only(tree):
    assert client_for(tree.hr).get("/api/v1/audit/").status_code == 403
    assert client_for(tree.manager).get("/api/v1/audit/").status_code == 403
    assert client_for(tree.admin).get("/api/v1/audit/").status_code == 200


def test_headcount_is_scoped_and_drills_down(tree):
    hr = client_for(tree.hr).get(f"{BODIES}COM1/headcount/").json()
    assert hr["body"]["code"] == "COM1"
    assert hr["total"] == 5  # 3 in committee units, 1 territorial, the servant user in the territorial dept
    assert hr["by_child_body"] == [{"body": {"code": "TER1", "name": tree.territorial.name}, "headcount": 2}]
    admin = client_for(tree.admin).get(f"{BODIES}MIN1/headcount/").json()
    assert admin["total"] == 6  # the ministry's own servant as well
    assert admin["by_child_body"][0]["body"]["code"] == "COM1"
    assert admin["by_child_body"][0]["headcount"] == 5
    assert admin["by_corps_category"] == [{"corps": "B", "category_code": "C-4", "headcount": 6}]


# --- staff admin keeps body paths (and so every scope) right

def staff_client():
    return client_for(UserFactory(is_staff=True, is_superuser=True))


def _admin_post_body(client, body: StateBody, *, parent, url=None):
    data = {"code": body.code, "parent": parent.pk if parent else "", "kind": body.kind, "region": "",
            "name_kk": body.name_kk, "name_ru": body.name_ru + " (изм.)", "name_en": body.name_en}
    return client.post(url or f"/admin/people/statebody/{body.pk}/change/", data)


def test_admin_moving_a_body_moves_its_subtree_and_the_scopes(tree):
    response = _admin_post_body(staff_client(), tree.committee, parent=tree.other_ministry)
    assert response.status_code == 302, response.content.decode()[:2000]
    committee, territorial = StateBody.objects.get(code="COM1"), StateBody.objects.get(code="TER1")
    assert committee.name_ru.endswith("(изм.)")  # the other fields were saved too
    assert committee.path == tree.other_ministry.path + StateBody.path_segment(committee.pk)
    assert territorial.path.startswith(committee.path) and territorial.depth == 2
    hr_of_new_parent = user_with_role(Role.HR_OFFICER, body=tree.other_ministry)
    assert listed(client_for(hr_of_new_parent), SERVANTS) == {"S-MIN2", "S-DEP", "S-DIV", "S-OTH", "S-TER1",
                                                              tree.own.personnel_number}
    hr_of_old_parent = user_with_role(Role.HR_OFFICER, body=tree.ministry)
    assert listed(client_for(hr_of_old_parent), SERVANTS) == {"S-MIN1"}


def test_admin_refuses_to_move_a_body_under_its_descendant(tree):
    response = _admin_post_body(staff_client(), tree.committee, parent=tree.territorial)
    assert response.status_code == 200  # the form again, with the error
    assert "cannot be moved under itself" in response.content.decode()
    assert StateBody.objects.get(code="COM1").path == tree.committee.path


def test_admin_new_body_gets_its_path(tree):
    template = StateBody(code="NEW1", kind=StateBody.Kind.COMMITTEE, name_kk="Жаңа", name_ru="Новый", name_en="New")
    response = _admin_post_body(staff_client(), template, parent=tree.ministry,
                                url="/admin/people/statebody/add/")
    assert response.status_code == 302, response.content.decode()[:2000]
    new = StateBody.objects.get(code="NEW1")
    assert new.path == tree.ministry.path + StateBody.path_segment(new.pk) and new.depth == 1
    assert "NEW1" in listed(client_for(user_with_role(Role.HR_OFFICER, body=tree.ministry)), BODIES)
