"""The approval chain (line manager -> HR -> provider) with its recorded steps, nomination, scopes, and the API
with its cross-access rules (what the caller may not see is a 404)."""

import pytest
from rest_framework.test import APIClient

from enrollment import applications
from enrollment.models import Application, ApplicationStatus, ApplicationStep
from enrollment.selectors_offerings import applications_visible_to, approval_queue
from lms.errors import ApplicationError, NotAllowed
from people.models import Role
from tests.enrollment.test_offerings import (  # noqa: F401
    applicant,
    body,
    faculty,
    hr,
    make_offering,
    make_version,
    servant_user,
)
from tests.factories import (
    CivilServantFactory,
    PositionFactory,
    StateBodyFactory,
    StructuralUnitFactory,
    user_with_role,
)

_ = (applicant, body, faculty, hr)


@pytest.fixture
def unit(body):
    return StructuralUnitFactory(body=body)


@pytest.fixture
def member(unit):
    """A servant of `unit`, and the unit's line manager."""
    from tests.factories import UserFactory

    user = UserFactory(username="member", preferred_language="ru")
    CivilServantFactory(user=user, position=PositionFactory(body=unit.body, unit=unit))
    return user


@pytest.fixture
def manager(unit):
    return user_with_role(Role.LINE_MANAGER, unit=unit, username="boss")


@pytest.mark.django_db
def test_full_chain_records_who_when_why(member, manager, hr, faculty):
    offering = make_offering(version=make_version(author=faculty))
    app = applications.application_create(offering=offering, servant=member.servant, actor=member,
                                          motivation="needed for my post")
    with pytest.raises(NotAllowed):  # HR step not yet; faculty cannot act for the manager
        applications.application_approve(application=app, actor=faculty)
    with pytest.raises(NotAllowed):  # nobody approves their own application
        applications.application_approve(application=app, actor=member)
    app = applications.application_approve(application=app, actor=manager, comment="ok from the unit")
    assert app.status == ApplicationStatus.PENDING_HR
    with pytest.raises(NotAllowed):
        applications.application_approve(application=app, actor=manager)
    app = applications.application_approve(application=app, actor=hr)
    assert app.status == ApplicationStatus.PENDING_PROVIDER
    app = applications.application_approve(application=app, actor=faculty)
    assert app.status == ApplicationStatus.APPROVED
    steps = list(ApplicationStep.objects.filter(application=app).values_list("stage", "decision", "actor__username",
                                                                              "comment"))
    assert steps == [("submitted", "submitted", "member", "needed for my post"),
                     ("manager", "approved", "boss", "ok from the unit"),
                     ("hr", "approved", "hr_officer", ""), ("provider", "approved", "prof", "")]
    assert all(s.at for s in ApplicationStep.objects.filter(application=app))
    with pytest.raises(ApplicationError) as exc:
        applications.application_approve(application=app, actor=faculty)
    assert exc.value.code == "not_pending"
    from notifications.models import Notification

    assert Notification.objects.filter(user=member, kind="enrollment.approved").exists()


@pytest.mark.django_db
def test_nomination_skips_to_provider_and_is_scoped(applicant, hr, faculty):
    offering = make_offering(version=make_version(author=faculty))
    app = applications.application_nominate(offering=offering, servant=applicant.servant, actor=hr)
    assert app.status == ApplicationStatus.PENDING_PROVIDER and app.nominated_by == hr
    assert list(app.steps.values_list("stage", "decision")) == [("nominated", "submitted"), ("manager", "skipped"),
                                                                ("hr", "approved")]
    outsider = servant_user(StateBodyFactory(), username="outsider")
    with pytest.raises(NotAllowed):
        applications.application_nominate(offering=offering, servant=outsider.servant, actor=hr)
    with pytest.raises(NotAllowed):  # a servant cannot nominate
        applications.application_nominate(offering=offering, servant=outsider.servant, actor=applicant)
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_queue_and_visibility_scopes(member, manager, hr, faculty, applicant):
    offering = make_offering(version=make_version(author=faculty))
    own = applications.application_create(offering=offering, servant=member.servant, actor=member)
    other_body_user = servant_user(StateBodyFactory(), username="far")
    far = applications.application_create(offering=offering, servant=other_body_user.servant, actor=other_body_user)
    assert list(approval_queue(manager)) == [own]
    assert list(approval_queue(hr)) == [own]  # HR may stand in for the manager; `far` is outside the subtree
    assert list(approval_queue(faculty)) == []  # nothing at the provider step yet
    assert set(applications_visible_to(hr)) == {own}
    assert set(applications_visible_to(faculty)) == {own, far}  # the provider sees its runs
    assert set(applications_visible_to(applicant)) == set()
    assert set(applications_visible_to(member)) == {own}


# --- API ------------------------------------------------------------------------------------------------------

def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_api_apply_list_withdraw(applicant):
    offering = make_offering(capacity=1)
    api = client_for(applicant)
    listing = api.get("/api/v1/offerings/", {"open": "1"})
    assert listing.status_code == 200 and [o["code"] for o in listing.json()["results"]] == [offering.code]
    created = api.post("/api/v1/applications/", {"offering": offering.pk, "motivation": "x"}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "pending_manager" and body["seat_number"] == 1 and body["steps"][0]["stage"] == "submitted"
    again = api.post("/api/v1/applications/", {"offering": offering.pk}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_applied"
    mine = api.get("/api/v1/applications/", {"mine": "1"}).json()["results"]
    assert [a["id"] for a in mine] == [body["id"]]
    withdrawn = api.post(f"/api/v1/applications/{body['id']}/withdraw/", {"comment": "sorry"}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"


@pytest.mark.django_db
def test_api_window_refusal_and_bad_input(applicant):
    api = client_for(applicant)
    late = make_offering(start_in=2)
    r = api.post("/api/v1/applications/", {"offering": late.pk}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "window_closed" and r.json()["detail"]
    for payload in ({}, {"offering": "abc"}, {"offering": -1}, {"offering": late.pk, "motivation": "x" * 3000}):
        assert api.post("/api/v1/applications/", payload, format="json").status_code == 400
    assert api.post("/api/v1/applications/", {"offering": 999999}, format="json").status_code == 404
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_api_cross_access_is_404(applicant, body, hr, faculty):
    offering = make_offering(version=make_version(author=faculty))
    app = applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    neighbour = servant_user(body, username="neighbour")
    far_hr = user_with_role(Role.HR_OFFICER, body=StateBodyFactory(), username="far_hr")
    for intruder in (neighbour, far_hr):
        api = client_for(intruder)
        assert api.get(f"/api/v1/applications/{app.pk}/").status_code == 404
        for action, payload in (("withdraw", {}), ("approve", {}), ("reject", {"reason": "no"}), ("complete", {})):
            r = api.post(f"/api/v1/applications/{app.pk}/{action}/", payload, format="json")
            assert r.status_code == 404, (intruder.username, action)
    # HR outside the subtree cannot nominate by personnel number either.
    r = client_for(far_hr).post("/api/v1/applications/", {"offering": offering.pk,
                                                          "personnel_number": applicant.servant.personnel_number},
                                format="json")
    assert r.status_code == 404
    app.refresh_from_db()
    assert app.status == "pending_manager"
    # In scope: HR approves, rejects need a reason.
    api = client_for(hr)
    assert api.post(f"/api/v1/applications/{app.pk}/reject/", {}, format="json").status_code == 400
    r = api.post(f"/api/v1/applications/{app.pk}/approve/", {"comment": "fine"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "pending_hr"
    # Visible but not the caller's step: 403.
    assert client_for(faculty).post(f"/api/v1/applications/{app.pk}/approve/", {}, format="json").status_code == 403


@pytest.mark.django_db
def test_api_hr_nominates_and_provider_completes(applicant, hr, faculty, monkeypatch):
    from datetime import timedelta

    offering = make_offering(version=make_version(author=faculty))
    r = client_for(hr).post("/api/v1/applications/", {"offering": offering.pk,
                                                      "personnel_number": applicant.servant.personnel_number},
                            format="json")
    assert r.status_code == 201 and r.json()["status"] == "pending_provider"
    pk = r.json()["id"]
    assert client_for(faculty).post(f"/api/v1/applications/{pk}/approve/", {}, format="json").json()[
        "status"] == "approved"
    monkeypatch.setattr("enrollment.offerings.today_almaty", lambda: offering.ends_on + timedelta(days=1))
    r = client_for(faculty).post(f"/api/v1/applications/{pk}/complete/", {}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "not_eligible"
    r = client_for(faculty).post(f"/api/v1/applications/{pk}/complete/", {"override": True}, format="json")
    assert r.status_code == 200 and r.json()["certificate_number"].startswith("APA-")
    mine = client_for(applicant).get("/api/v1/training/mine/").json()["results"]
    assert [(t["source"], t["hours"]) for t in mine] == [("internal", offering.version.hours)]


@pytest.mark.django_db
def test_list_endpoints_query_count_is_constant(applicant, hr, body):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts():
        from people.models import User

        api = client_for(User.objects.get(pk=hr.pk))  # a fresh user: roles load per request, as in production
        out = []
        for url in ("/api/v1/offerings/", "/api/v1/applications/", "/api/v1/training/records/"):
            with CaptureQueriesContext(connection) as ctx:
                assert api.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    def grow(n):
        for _i in range(n):
            user = servant_user(body)
            offering = make_offering()
            applications.application_create(offering=offering, servant=user.servant, actor=user)
            from compliance.services import training_record_create
            training_record_create(servant=user.servant, title="T", course_type="seminar", hours=8,
                                   completed_on=offering.starts_on.replace(year=2024), provider="", actor=None)

    grow(2)
    small = counts()
    grow(5)
    assert counts() == small
