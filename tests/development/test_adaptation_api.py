"""REST API of adaptation plans: the probationer, their mentor and HR of their body see the plan (nobody
else: not the line manager, not another servant, not a mentor of someone else, not HR of another body); the
actions of the adaptation page (tasks done, sign-off by both, probation extension with its once-only limit) go
through the services."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from development import services
from development.models import AdaptationPlan
from lms.models import AuditEntry
from tests.development.conftest import build_world
from tests.factories import CivilServantFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/development/adaptation-plans/"


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def w():
    world = build_world()
    world["mentor_user"] = UserFactory(username="mentor.m")
    world["mentor"].user = world["mentor_user"]
    world["mentor"].save()
    # another probationer (unit U2) and their mentor: a mentor of someone else
    newcomer = CivilServantFactory(
        position=PositionFactory(body=world["body"], unit=world["u2"]),
        personnel_number="N-0001",
        first_time_entrant=True,
        appointed_on=date(2026, 10, 1),
    )
    world["other_mentor_user"] = UserFactory(username="mentor.other")
    other_mentor = CivilServantFactory(
        user=world["other_mentor_user"],
        position=PositionFactory(body=world["body"], unit=world["u2"]),
        personnel_number="M-0002",
    )
    world["other_plan"] = services.adaptation_plan_create(
        servant=newcomer, mentor=other_mentor, actor=world["hr"]
    )
    return world


def _create(w):
    response = _api(w["hr"]).post(
        BASE, {"personnel_number": "A-0001", "mentor_personnel_number": "M-0001"}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_hr_assigns_a_mentor_in_scope_only(w):
    body = {"personnel_number": "A-0001", "mentor_personnel_number": "M-0001"}
    assert _api(w["manager"]).post(BASE, body, format="json").status_code == 403
    assert _api(w["servant_user"]).post(BASE, body, format="json").status_code == 403
    refused = _api(w["other_hr"]).post(BASE, body, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "personnel_number"
    bad_mentor = _api(w["hr"]).post(BASE, {**body, "mentor_personnel_number": "A-0001"}, format="json")
    assert bad_mentor.status_code == 400 and bad_mentor.json()["field"] == "mentor"
    assert _api(w["hr"]).post(BASE, {"personnel_number": "A-0001"}, format="json").status_code == 400
    plan = _create(w)
    assert (plan["starts_on"], plan["ends_on"], plan["extensions"]) == ("2026-09-01", "2026-12-01", 0)
    assert plan["mentor_personnel_number"] == "M-0001" and plan["tasks"] == []
    assert plan["actions"] == {
        "can_mark_done": True,
        "can_add_task": True,
        "can_sign": False,
        "can_extend": True,
        "can_change_mentor": True,
    }
    again = _api(w["hr"]).post(BASE, body, format="json")
    assert again.status_code == 400 and again.json()["code"] == "adaptation_exists"


def test_who_sees_an_adaptation_plan(w):
    plan = _create(w)
    url = f"{BASE}{plan['id']}/"
    for user in (w["servant_user"], w["mentor_user"], w["hr"]):
        client = _api(user)
        assert client.get(url).status_code == 200
        assert plan["id"] in [p["id"] for p in client.get(BASE).json()["results"]]
    hr_list = _api(w["hr"]).get(BASE).json()
    assert hr_list["count"] == 2  # both probationers of the body
    assert [p["id"] for p in _api(w["mentor_user"]).get(BASE, {"role": "mentor"}).json()["results"]] == [
        plan["id"]
    ]
    assert _api(w["servant_user"]).get(BASE, {"role": "mentor"}).json()["count"] == 0
    for user in (w["manager"], w["other_manager"], w["stranger_user"], w["other_mentor_user"], w["other_hr"]):
        client = _api(user)
        assert client.get(url).status_code == 404
        assert plan["id"] not in [p["id"] for p in client.get(BASE).json()["results"]]
    assert APIClient().get(url).status_code in (401, 403)


def test_actions_go_through_the_services(w):
    plan = _create(w)
    url = f"{BASE}{plan['id']}/"
    mentor, servant, hr = _api(w["mentor_user"]), _api(w["servant_user"]), _api(w["hr"])
    # tasks: the mentor (or HR) adds, the probationer may not
    task = mentor.post(
        url + "tasks/", {"kind": "retraining", "title": "Ethics retraining", "due_on": "2026-10-15"}
    )
    assert task.status_code == 201 and task.json()["kind"] == "retraining"
    assert servant.post(url + "tasks/", {"title": "x", "due_on": "2026-10-15"}).status_code == 403
    early = hr.post(url + "tasks/", {"title": "Too early", "due_on": "2026-08-01"})
    assert early.status_code == 400 and early.json()["field"] == "due_on"
    assert hr.post(url + "tasks/", {"title": "", "due_on": "2026-10-15"}).status_code == 400
    assert hr.post(url + "tasks/", {"kind": "party", "title": "x", "due_on": "2026-10-15"}).status_code == 400
    task_id = task.json()["id"]
    # cross access to the actions: 404 for whoever does not see the plan
    for user in (w["manager"], w["stranger_user"], w["other_mentor_user"], w["other_hr"]):
        client = _api(user)
        assert client.post(f"{url}tasks/{task_id}/done/").status_code == 404
        assert client.post(url + "sign/").status_code == 404
        assert client.post(url + "extend/").status_code == 404
        assert client.post(url + "tasks/", {"title": "x", "due_on": "2026-10-15"}).status_code == 404
    # a task of another plan through this plan's URL is not found
    other_task = services.adaptation_task_add(
        plan=w["other_plan"], actor=w["hr"], title="Other", due_on=date(2026, 11, 1)
    )
    assert hr.post(f"{url}tasks/{other_task.pk}/done/").status_code == 404
    done = servant.post(f"{url}tasks/{task_id}/done/")
    assert done.status_code == 200 and done.json()["done_on"] is not None
    # extension: HR only, once (the configured limit)
    assert mentor.post(url + "extend/").status_code == 403
    extended = hr.post(url + "extend/")
    assert extended.status_code == 200
    assert (extended.json()["ends_on"], extended.json()["extensions"]) == ("2027-03-01", 1)
    assert extended.json()["actions"]["can_extend"] is False
    limit = hr.post(url + "extend/")
    assert limit.status_code == 400 and limit.json()["code"] == "extension_limit"
    # sign-off: the mentor and the probationer, once each; HR may not
    assert hr.post(url + "sign/").status_code == 403
    signed = servant.post(url + "sign/")
    assert signed.status_code == 200 and signed.json()["servant_signed_at"]
    assert signed.json()["actions"]["can_sign"] is False
    twice = servant.post(url + "sign/")
    assert twice.status_code == 400 and twice.json()["code"] == "already_signed"
    assert mentor.get(url).json()["actions"]["can_sign"] is True
    final = mentor.post(url + "sign/").json()
    assert final["mentor_signed_at"] and final["servant_signed_at"]
    stored = AdaptationPlan.objects.get(pk=plan["id"])
    assert stored.extensions == 1 and stored.tasks.get().done_on is not None
    w["servant"].refresh_from_db()
    assert w["servant"].probation_until == date(2027, 3, 1)
    actions = set(
        AuditEntry.objects.filter(action__startswith="adaptation.").values_list("action", flat=True)
    )
    assert {
        "adaptation.create",
        "adaptation.task_add",
        "adaptation.task_done",
        "adaptation.extend",
    } <= actions
    assert "adaptation.sign" in actions


def test_extension_limit_is_configurable(w, settings):
    plan = _create(w)
    settings.DEVELOPMENT = {**settings.DEVELOPMENT, "PROBATION_MAX_EXTENSIONS": 2}
    hr = _api(w["hr"])
    assert hr.post(f"{BASE}{plan['id']}/extend/").status_code == 200
    second = hr.post(f"{BASE}{plan['id']}/extend/")
    assert second.status_code == 200 and second.json()["extensions"] == 2
    assert hr.post(f"{BASE}{plan['id']}/extend/").json()["code"] == "extension_limit"
