"""HR's page of one probationer (/development/probation/<id>/): the same actions the API gives HR (add a task
with its kind and due date, mark it done, replace the mentor, extend the probation within the limit), through
the services. HR of another body does not find the plan (404); a servant, the mentor or a line manager may not
act for HR (403); bad input shows a form error in the user's language and writes nothing."""

from datetime import date

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from development import services
from development.models import AdaptationPlan
from lms.models import AuditEntry
from tests.factories import CivilServantFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    world["mentor_user"] = UserFactory(username="mentor.m")
    world["mentor"].user = world["mentor_user"]
    world["mentor"].save()
    world["mentor2"] = CivilServantFactory(
        position=PositionFactory(body=world["body"], unit=world["u1"]), personnel_number="M-0002"
    )
    return services.adaptation_plan_create(
        servant=world["servant"], mentor=world["mentor"], actor=world["hr"]
    )


def _url(plan, action=""):
    return f"/development/probation/{plan.pk}/" + (f"{action}/" if action else "")


def _audits(action):
    return AuditEntry.objects.filter(action=action).count()


TASK = {"kind": "retraining", "title": "Ethics retraining", "due_on": "2026-10-15"}


def test_hr_in_scope_adds_tasks_replaces_the_mentor_and_extends(world, plan, client):
    client.force_login(world["hr"])
    page = client.get(_url(plan))
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "probation-task-form" in html and "probation-mentor-form" in html and "probation-extend-form" in html
    )
    assert f'href="{_url(plan)}"' in client.get("/development/probation/").content.decode()

    response = client.post(_url(plan, "tasks"), TASK)
    assert response.status_code == 302 and response["Location"] == _url(plan)
    task = plan.tasks.get()
    assert (task.kind, task.title, task.due_on) == ("retraining", "Ethics retraining", date(2026, 10, 15))
    assert AuditEntry.objects.filter(action="adaptation.task_add", actor=world["hr"]).count() == 1
    assert "Ethics retraining" in client.get(_url(plan)).content.decode()

    assert client.post(f"{_url(plan)}tasks/{task.pk}/done/").status_code == 302
    task.refresh_from_db()
    assert task.done_on is not None and _audits("adaptation.task_done") == 1

    response = client.post(_url(plan, "mentor"), {"mentor": "M-0002"})
    assert response.status_code == 302
    plan.refresh_from_db()
    world["servant"].refresh_from_db()
    assert plan.mentor == world["mentor2"] and world["servant"].mentor == world["mentor2"]
    entry = AuditEntry.objects.get(action="adaptation.mentor_change")
    assert entry.actor == world["hr"] and entry.before["mentor"] == world["mentor"].pk

    response = client.post(_url(plan, "extend"))
    assert response.status_code == 302
    plan.refresh_from_db()
    world["servant"].refresh_from_db()
    assert (plan.ends_on, plan.extensions) == (date(2027, 3, 1), 1)
    assert world["servant"].probation_until == date(2027, 3, 1)
    assert AuditEntry.objects.filter(action="adaptation.extend", actor=world["hr"]).count() == 1
    assert "probation-extend-form" not in client.get(_url(plan)).content.decode()


def test_bad_input_shows_a_form_error_and_writes_nothing(world, plan, client):
    client.force_login(world["hr"])
    before = AuditEntry.objects.count()
    early = client.post(_url(plan, "tasks"), {**TASK, "due_on": "2026-08-31"})
    assert early.status_code == 200
    assert "The due date is before the probation starts." in early.content.decode()
    assert early.context["task_form"].errors["due_on"]
    for bad in ({**TASK, "kind": "party"}, {**TASK, "title": ""}, {**TASK, "due_on": "31.31.2026"}, {}):
        response = client.post(_url(plan, "tasks"), bad)
        assert response.status_code == 200 and response.context["task_form"].errors
    for number, message in (
        ("NOPE", "No civil servant of your bodies has this personnel number."),
        ("A-0001", "Choose another serving civil servant as the mentor."),  # the probationer
        ("M-0001", "This civil servant is already the mentor."),
        ("", "This field is required."),
    ):
        response = client.post(_url(plan, "mentor"), {"mentor": number})
        assert response.status_code == 200 and message in response.content.decode(), number
    assert not plan.tasks.exists() and AuditEntry.objects.count() == before

    assert client.post(_url(plan, "extend")).status_code == 302
    written = AuditEntry.objects.count()
    second = client.post(_url(plan, "extend"))
    assert second.status_code == 200
    assert second.context["extend_form"].non_field_errors() == [
        "The probation has already been extended as far as allowed."
    ]
    assert "already been extended as far as allowed" in second.content.decode()
    plan.refresh_from_db()
    assert (plan.ends_on, plan.extensions) == (date(2027, 3, 1), 1)
    assert AuditEntry.objects.count() == written


def test_form_errors_in_the_users_language(world, plan, client):
    client.force_login(world["hr"])
    for lang in ("kk", "ru"):
        world["hr"].preferred_language = lang
        world["hr"].save()
        with translation.override(lang):
            expected = [
                translation.gettext("The due date is before the probation starts."),
                translation.gettext("This civil servant is already the mentor."),
                translation.gettext("Replace the mentor"),
            ]
        assert not any(e.isascii() for e in expected), expected  # translated, not the English source
        early = client.post(_url(plan, "tasks"), {**TASK, "due_on": "2026-08-01"})
        same = client.post(_url(plan, "mentor"), {"mentor": "M-0001"})
        assert expected[0] in early.content.decode() and expected[1] in same.content.decode(), lang
        assert expected[2] in same.content.decode()
    assert not plan.tasks.exists()


def test_out_of_scope_hr_and_others_are_refused(world, plan, client):
    task = services.adaptation_task_add(plan=plan, actor=world["hr"], title="Read", due_on=date(2026, 9, 15))
    before = AuditEntry.objects.count()
    posts = [
        (_url(plan, "tasks"), TASK),
        (_url(plan, "mentor"), {"mentor": "M-0002"}),
        (_url(plan, "extend"), {}),
        (f"{_url(plan)}tasks/{task.pk}/done/", {}),
    ]
    client.force_login(world["other_hr"])
    assert client.get(_url(plan)).status_code == 404
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    for user in (world["servant_user"], world["mentor_user"], world["manager"], world["stranger_user"]):
        client.force_login(user)
        assert client.get(_url(plan)).status_code == 403
        for url, data in posts:
            assert client.post(url, data).status_code == 403, url
    client.force_login(world["hr"])
    assert client.post(_url(plan, "nonsense")).status_code == 404
    assert client.post(f"{_url(plan)}tasks/999999/done/").status_code == 404
    plan.refresh_from_db()
    task.refresh_from_db()
    assert plan.tasks.count() == 1 and task.done_on is None
    assert (plan.mentor, plan.extensions) == (world["mentor"], 0)
    assert AuditEntry.objects.count() == before


def test_mentor_replacement_clears_the_old_sign_off_and_stops_once_signed(world, plan, client):
    services.adaptation_sign(plan=plan, actor=world["mentor_user"])
    client.force_login(world["hr"])
    assert client.post(_url(plan, "mentor"), {"mentor": "M-0002"}).status_code == 302
    plan.refresh_from_db()
    assert plan.mentor == world["mentor2"] and plan.mentor_signed_at is None
    world["mentor2"].user = UserFactory(username="mentor.two")
    world["mentor2"].save()
    services.adaptation_sign(plan=plan, actor=world["mentor2"].user)
    services.adaptation_sign(plan=plan, actor=world["servant_user"])
    refused = client.post(_url(plan, "mentor"), {"mentor": "M-0001"})
    assert refused.status_code == 200
    assert "The adaptation plan is already signed off." in refused.content.decode()
    assert AdaptationPlan.objects.get(pk=plan.pk).mentor == world["mentor2"]


def test_api_replaces_the_mentor_too(world, plan):
    url = f"/api/v1/development/adaptation-plans/{plan.pk}/mentor/"
    hr, mentor, other_hr = APIClient(), APIClient(), APIClient()
    hr.force_authenticate(world["hr"])
    mentor.force_authenticate(world["mentor_user"])
    other_hr.force_authenticate(world["other_hr"])
    assert other_hr.post(url, {"mentor_personnel_number": "M-0002"}).status_code == 404
    assert mentor.post(url, {"mentor_personnel_number": "M-0002"}).status_code == 403
    unknown = hr.post(url, {"mentor_personnel_number": "NOPE"})
    assert unknown.status_code == 400 and unknown.json()["field"] == "mentor_personnel_number"
    done = hr.post(url, {"mentor_personnel_number": "M-0002"})
    assert done.status_code == 200 and done.json()["mentor_personnel_number"] == "M-0002"
    assert done.json()["actions"]["can_change_mentor"] is True
