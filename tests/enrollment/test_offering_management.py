"""Managing course runs: offering_create / offering_update / offering_cancel (validation with field errors and
nothing written on refusal, permissions, places and notices on cancellation), the API and the "Manage runs"
pages."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from enrollment import applications, offerings
from enrollment.models import ApplicationStatus, Funding, Offering, Voucher
from enrollment.scopes import today_almaty
from lms.errors import ApplicationError, NotAllowed
from lms.models import AuditEntry
from notifications.models import Notification
from people.models import Role
from tests.enrollment.test_applications import client_for
from tests.enrollment.test_offerings import (  # noqa: F401
    applicant,
    body,
    faculty,
    make_offering,
    make_version,
    servant_user,
)
from tests.factories import user_with_role

_ = (applicant, body, faculty)


@pytest.fixture
def admin(db):
    return user_with_role(Role.ADMIN, username="apa_admin")


@pytest.fixture
def other_faculty(db):
    return user_with_role(Role.FACULTY, username="prof_b")


def _fields(**over) -> dict:
    start = today_almaty() + timedelta(days=40)
    data = {"starts_on": start, "ends_on": start + timedelta(days=4), "capacity": 20, "delivery": "onsite",
            "place": "Astana, Abay Ave 33a", "language": "ru", "funding": Funding.CONTRACT,
            "price": Decimal("85000")}
    data.update(over)
    return data


def _audits(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


# --- create -----------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_author_schedules_a_run_with_a_generated_code(faculty):
    version = make_version(author=faculty)
    offering = offerings.offering_create(version=version, actor=faculty, **_fields(opens_days_before=45,
                                                                                    closes_days_before=2))
    offering.refresh_from_db()
    assert offering.code == f"{version.course.code}-{offering.starts_on:%y%m%d}"
    assert (offering.capacity, offering.opens_days_before, offering.closes_days_before) == (20, 45, 2)
    assert offering.window_opens_on == offering.starts_on - timedelta(days=45)
    second = offerings.offering_create(version=version, actor=faculty, **_fields())
    assert second.code == offering.code + "-2"
    entry = AuditEntry.objects.get(action="enrollment.offering.create", object_id=str(offering.pk))
    assert entry.actor == faculty and entry.after["capacity"] == "20"


@pytest.mark.django_db
@pytest.mark.parametrize("over, field", [
    ({"ends_on": today_almaty() + timedelta(days=39)}, "ends_on"),
    ({"starts_on": today_almaty() - timedelta(days=1), "ends_on": today_almaty() + timedelta(days=3)}, "starts_on"),
    ({"capacity": 0}, "capacity"),
    ({"place": "  "}, "place"),
    ({"delivery": "blended", "place": ""}, "place"),
    ({"language": "kk"}, "language"),
    ({"price": None}, "price"),
    ({"funding": Funding.VOUCHER}, "price"),
    ({"opens_days_before": 3, "closes_days_before": 10}, "closes_days_before"),
    ({"opens_days_before": 400}, "opens_days_before"),
    ({"min_attendance_percent": 150}, "min_attendance_percent"),
    ({"delivery": "by pigeon"}, "delivery"),
    ({"funding": "gift"}, "funding"),
])
def test_each_invalid_field_is_refused_with_a_translated_field_error(faculty, over, field):
    version = make_version(author=faculty)
    with translation.override("ru"), pytest.raises(ApplicationError) as exc:
        offerings.offering_create(version=version, actor=faculty, **_fields(**over))
    assert exc.value.code == "invalid"
    assert field in exc.value.extra["fields"], exc.value.extra
    assert all(m.strip() for m in exc.value.extra["fields"][field])
    assert not Offering.objects.exists() and _audits("enrollment.offering.create") == 0


@pytest.mark.django_db
def test_field_errors_are_translated(faculty):
    version = make_version(author=faculty)
    with translation.override("en"), pytest.raises(ApplicationError) as en:
        offerings.offering_create(version=version, actor=faculty, **_fields(capacity=0))
    with translation.override("ru"), pytest.raises(ApplicationError) as ru:
        offerings.offering_create(version=version, actor=faculty, **_fields(capacity=0))
    assert en.value.extra["fields"]["capacity"] == ["A run needs at least one place."]
    assert ru.value.extra["fields"]["capacity"][0]  # translated when the .po has it; never empty


@pytest.mark.django_db
def test_duplicate_code_and_unpublished_version_are_refused(faculty):
    version = make_version(author=faculty)
    offerings.offering_create(version=version, actor=faculty, code="RUN-DUP", **_fields())
    with pytest.raises(ApplicationError) as exc:
        offerings.offering_create(version=version, actor=faculty, code="RUN-DUP", **_fields())
    assert "code" in exc.value.extra["fields"]
    draft = make_version(author=faculty)
    type(draft).objects.filter(pk=draft.pk).update(status="archived")  # not published any more
    draft.refresh_from_db()
    with pytest.raises(ApplicationError) as exc:
        offerings.offering_create(version=draft, actor=faculty, **_fields())
    assert exc.value.code == "version_not_published"
    assert Offering.objects.count() == 1


@pytest.mark.django_db
def test_only_admins_and_authoring_faculty_schedule(faculty, other_faculty, admin, applicant):
    version = make_version(author=faculty)
    for stranger in (other_faculty, applicant):
        with pytest.raises(NotAllowed):
            offerings.offering_create(version=version, actor=stranger, **_fields())
    # an author without the faculty role is not enough either
    plain_author = servant_user(username="plain_author")
    version.course.authors.add(plain_author)
    with pytest.raises(NotAllowed):
        offerings.offering_create(version=version, actor=plain_author, **_fields())
    assert not Offering.objects.exists()
    assert offerings.offering_create(version=version, actor=admin, **_fields()).pk


# --- update -----------------------------------------------------------------------------------------------

def _fill(offering, n, body):
    """n applicants of `body`, each applying; returns their applications in order."""
    return [applications.application_create(offering=offering, servant=u.servant, actor=u)
            for u in (servant_user(body) for _ in range(n))]


@pytest.mark.django_db
def test_update_changes_fields_audits_and_more_places_promote_the_waiting_list(faculty, body):
    offering = make_offering(start_in=10, capacity=2, version=make_version(author=faculty), place="Room 1")
    apps = _fill(offering, 3, body)
    assert apps[2].waitlist_position == 1
    offerings.offering_update(offering=offering, actor=faculty, capacity=3, place="Room 2",
                              opens_days_before=20)
    offering.refresh_from_db()
    assert (offering.capacity, offering.place, offering.opens_days_before) == (3, "Room 2", 20)
    apps[2].refresh_from_db()
    assert apps[2].seat_number == 3 and apps[2].waitlist_position is None
    entry = AuditEntry.objects.get(action="enrollment.offering.update")
    assert entry.before == {"capacity": "2", "place": "Room 1", "opens_days_before": "30"}
    assert entry.after["capacity"] == "3"


@pytest.mark.django_db
def test_capacity_cannot_drop_below_places_held(faculty, body):
    offering = make_offering(start_in=10, capacity=5, version=make_version(author=faculty), place="Room 1")
    _fill(offering, 3, body)
    with pytest.raises(ApplicationError) as exc:
        offerings.offering_update(offering=offering, actor=faculty, capacity=2, place="elsewhere")
    assert "capacity" in exc.value.extra["fields"]
    offering.refresh_from_db()
    assert (offering.capacity, offering.place) == (5, "Room 1")
    assert _audits("enrollment.offering.update") == 0


@pytest.mark.django_db
def test_lowering_capacity_keeps_seat_numbers_within_it(faculty, body):
    offering = make_offering(start_in=10, capacity=5, version=make_version(author=faculty), place="Room 1")
    apps = _fill(offering, 5, body)
    for app in apps[:3]:
        applications.application_withdraw(application=app, actor=app.servant.user)
    offerings.offering_update(offering=offering, actor=faculty, capacity=2)
    seats = sorted(offering.applications.filter(seat_number__isnull=False).values_list("seat_number", flat=True))
    assert seats == [1, 2]


@pytest.mark.django_db
def test_dates_cannot_move_once_started_but_capacity_can(faculty):
    offering = make_offering(start_in=0, days=5, version=make_version(author=faculty), place="Room 1")
    start = offering.starts_on
    for change in ({"starts_on": start + timedelta(days=1)}, {"ends_on": offering.ends_on + timedelta(days=2)}):
        with pytest.raises(ApplicationError) as exc:
            offerings.offering_update(offering=offering, actor=faculty, **change)
        assert set(change) <= set(exc.value.extra["fields"])
    offering.refresh_from_db()
    assert offering.starts_on == start
    offerings.offering_update(offering=offering, actor=faculty, capacity=30, starts_on=start)  # same date: fine
    offering.refresh_from_db()
    assert offering.capacity == 30


@pytest.mark.django_db
def test_moving_a_future_run_into_the_past_is_refused(faculty):
    offering = make_offering(start_in=10, version=make_version(author=faculty), place="Room 1")
    with pytest.raises(ApplicationError) as exc:
        offerings.offering_update(offering=offering, actor=faculty, starts_on=today_almaty() - timedelta(days=1))
    assert "starts_on" in exc.value.extra["fields"]


@pytest.mark.django_db
def test_update_permissions_and_cancelled_runs(faculty, other_faculty, admin, applicant):
    offering = make_offering(start_in=10, version=make_version(author=faculty), place="Room 1")
    for stranger in (other_faculty, applicant):
        with pytest.raises(NotAllowed):
            offerings.offering_update(offering=offering, actor=stranger, capacity=99)
    offerings.offering_update(offering=offering, actor=admin, capacity=12)
    offerings.offering_cancel(offering=offering, actor=admin, reason="No trainer")
    with pytest.raises(ApplicationError) as exc:
        offerings.offering_update(offering=offering, actor=faculty, capacity=50)
    assert exc.value.code == "offering_cancelled"
    offering.refresh_from_db()
    assert offering.capacity == 12
    with pytest.raises(ApplicationError):
        offerings.offering_update(offering=offering, actor=admin, code="NEW-CODE")


# --- cancel -----------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_cancel_closes_applications_releases_places_and_vouchers_and_notifies_once(faculty, body):
    offering = make_offering(start_in=10, capacity=2, funding=Funding.VOUCHER, version=make_version(author=faculty),
                             place="Room 1")
    start = offering.starts_on
    for i in range(3):
        Voucher.objects.create(code=f"V-{i}", body=body, valid_from=start - timedelta(days=60),
                               valid_to=start + timedelta(days=60))
    apps = _fill(offering, 3, body)
    assert Voucher.objects.filter(application__isnull=False).count() == 3
    offerings.offering_cancel(offering=offering, actor=faculty, reason="The trainer is ill")
    offering.refresh_from_db()
    assert offering.is_cancelled
    assert not offering.applications.filter(seat_number__isnull=False).exists()
    assert not offering.applications.filter(waitlist_position__isnull=False).exists()
    assert set(offering.applications.values_list("status", flat=True)) == {ApplicationStatus.REJECTED}
    assert Voucher.objects.filter(application__isnull=True).count() == 3
    notes = Notification.objects.filter(kind="enrollment.cancelled")
    assert sorted(notes.values_list("user_id", flat=True)) == sorted(a.servant.user_id for a in apps)
    assert all("The trainer is ill" in n.body for n in notes)
    assert apps[0].steps.filter(stage="provider", decision="rejected").count() == 1
    offerings.offering_cancel(offering=offering, actor=faculty, reason="again")
    assert Notification.objects.filter(kind="enrollment.cancelled").count() == 3
    assert _audits("enrollment.offering.cancel") == 1
    with pytest.raises(ApplicationError) as exc:
        applications.application_create(offering=offering, servant=apps[0].servant, actor=apps[0].servant.user)
    assert exc.value.code == "offering_cancelled"


@pytest.mark.django_db
def test_cancel_notice_is_in_the_applicants_language(faculty, applicant):
    offering = make_offering(start_in=10, version=make_version(author=faculty), place="Room 1")
    applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    with translation.override("en"):
        offerings.offering_cancel(offering=offering, actor=faculty, reason="X")
    note = Notification.objects.get(user=applicant, kind="enrollment.cancelled")
    assert "Қурс" in note.title  # the Kazakh course title: rendered under the applicant's language (kk)


@pytest.mark.django_db
def test_cancel_needs_a_reason_and_permission(faculty, other_faculty, applicant):
    offering = make_offering(start_in=10, version=make_version(author=faculty), place="Room 1")
    app = applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    with pytest.raises(ApplicationError) as exc:
        offerings.offering_cancel(offering=offering, actor=faculty, reason="  ")
    assert "reason" in exc.value.extra["fields"]
    with pytest.raises(NotAllowed):
        offerings.offering_cancel(offering=offering, actor=other_faculty, reason="mine now")
    offering.refresh_from_db()
    app.refresh_from_db()
    assert not offering.is_cancelled and app.seat_number == 1
    assert not Notification.objects.filter(kind="enrollment.cancelled").exists()


# --- API --------------------------------------------------------------------------------------------------

def _api_fields(version, **over) -> dict:
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else str(v) if v is not None else None)
            for k, v in _fields().items()}
    return {"version": version.pk, **data, **over}


@pytest.mark.django_db
def test_api_create_edit_cancel(faculty, applicant):
    version = make_version(author=faculty)
    api = client_for(faculty)
    resp = api.post("/api/v1/offerings/", _api_fields(version), format="json")
    assert resp.status_code == 201, resp.content
    pk = resp.json()["id"]
    assert resp.json()["capacity"] == 20 and resp.json()["places_taken"] == 0
    resp = api.patch(f"/api/v1/offerings/{pk}/", {"capacity": 25}, format="json")
    assert resp.status_code == 200 and resp.json()["capacity"] == 25
    resp = api.patch(f"/api/v1/offerings/{pk}/", {"capacity": 0, "language": "kk"}, format="json")
    assert resp.status_code == 400
    assert resp.json()["code"] == "invalid" and {"capacity", "language"} <= set(resp.json()["fields"])
    resp = api.post(f"/api/v1/offerings/{pk}/cancel/", {}, format="json")
    assert resp.status_code == 400
    resp = api.post(f"/api/v1/offerings/{pk}/cancel/", {"reason": "low demand"}, format="json")
    assert resp.status_code == 200 and resp.json()["is_cancelled"] is True
    assert [o["id"] for o in api.get("/api/v1/offerings/managed/").json()["results"]] == [pk]


@pytest.mark.django_db
def test_api_refuses_others(faculty, other_faculty, applicant, admin):
    version = make_version(author=faculty)
    offering = make_offering(start_in=10, version=version, place="Room 1")
    b_run = make_offering(start_in=10, version=make_version(author=other_faculty), place="Room 9")
    api_a = client_for(faculty)
    assert api_a.patch(f"/api/v1/offerings/{b_run.pk}/", {"capacity": 1}, format="json").status_code in (403, 404)
    assert api_a.post(f"/api/v1/offerings/{b_run.pk}/cancel/", {"reason": "x"}, format="json").status_code in (
        403, 404)
    b_run.refresh_from_db()
    assert b_run.capacity == 10 and not b_run.is_cancelled
    assert [o["id"] for o in api_a.get("/api/v1/offerings/managed/").json()["results"]] == [offering.pk]
    servant_api = client_for(applicant)
    assert servant_api.post("/api/v1/offerings/", _api_fields(version), format="json").status_code == 403
    assert servant_api.patch(f"/api/v1/offerings/{offering.pk}/", {"capacity": 1},
                             format="json").status_code == 403
    assert servant_api.get("/api/v1/offerings/managed/").status_code == 403
    assert client_for(other_faculty).post("/api/v1/offerings/", _api_fields(version),
                                          format="json").status_code == 403
    assert api_a.patch("/api/v1/offerings/999999/", {"capacity": 1}, format="json").status_code == 404
    assert Offering.objects.count() == 2
    admin_api = client_for(admin)
    assert admin_api.patch(f"/api/v1/offerings/{b_run.pk}/", {"capacity": 11}, format="json").status_code == 200
    assert len(admin_api.get("/api/v1/offerings/managed/").json()["results"]) == 2


@pytest.mark.django_db
def test_api_create_unknown_version_is_a_field_error(faculty):
    data = {**_api_fields(make_version(author=faculty)), "version": 999999}
    resp = client_for(faculty).post("/api/v1/offerings/", data, format="json")
    assert resp.status_code == 400 and "version" in resp.json()["fields"]


# --- pages ------------------------------------------------------------------------------------------------

def _form_data(version=None, **over) -> dict:
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else "" if v is None else str(v))
            for k, v in _fields(opens_days_before=30, closes_days_before=5, min_attendance_percent=80).items()}
    if version is not None:
        data["version"] = str(version.pk)
    data.update(over)
    return data


@pytest.mark.django_db
def test_manage_runs_page_lists_only_own_runs(client, faculty, other_faculty, applicant):
    mine = make_offering(start_in=10, version=make_version(author=faculty), place="Room 1")
    theirs = make_offering(start_in=10, version=make_version(author=other_faculty), place="Room 9")
    client.force_login(faculty)
    resp = client.get(reverse("enrollment:runs"))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert mine.code in html and theirs.code not in html
    assert client.get(reverse("enrollment:runs") + "?when=cancelled").content.decode().count(mine.code) == 0
    client.force_login(applicant)
    assert client.get(reverse("enrollment:runs")).status_code == 403
    assert client.get(reverse("enrollment:run-create")).status_code == 403


@pytest.mark.django_db
def test_create_page_schedules_and_shows_field_errors(client, faculty, other_faculty):
    version = make_version(author=faculty)
    foreign = make_version(author=other_faculty)
    client.force_login(faculty)
    page = client.get(reverse("enrollment:run-create")).content.decode()
    assert f'value="{version.pk}"' in page and f'value="{foreign.pk}"' not in page
    resp = client.post(reverse("enrollment:run-create"), _form_data(version, place="", language="en"))
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "Give the place of an on-site or blended run." in html
    assert "The course version is delivered in: ru." in html
    assert not Offering.objects.exists()
    resp = client.post(reverse("enrollment:run-create"), _form_data(foreign))
    assert resp.status_code == 400 and not Offering.objects.exists()
    resp = client.post(reverse("enrollment:run-create"), _form_data(version, code="RUN-WEB"))
    assert resp.status_code == 302
    assert Offering.objects.get().code == "RUN-WEB"


@pytest.mark.django_db
def test_edit_and_cancel_pages(client, faculty, other_faculty, applicant):
    offering = make_offering(start_in=10, version=make_version(author=faculty), place="Room 1")
    applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    client.force_login(faculty)
    assert client.get(reverse("enrollment:run-edit", args=[offering.pk])).status_code == 200
    resp = client.post(reverse("enrollment:run-edit", args=[offering.pk]), _form_data(
        starts_on=offering.starts_on.isoformat(), ends_on=offering.ends_on.isoformat(), capacity="0"))
    assert resp.status_code == 400
    resp = client.post(reverse("enrollment:run-edit", args=[offering.pk]), _form_data(
        starts_on=offering.starts_on.isoformat(), ends_on=offering.ends_on.isoformat(), capacity="15"))
    assert resp.status_code == 302
    offering.refresh_from_db()
    assert offering.capacity == 15 and offering.place == "Astana, Abay Ave 33a"
    page = client.get(reverse("enrollment:run-cancel", args=[offering.pk])).content.decode()
    assert "1 open application will be closed" in page
    assert client.post(reverse("enrollment:run-cancel", args=[offering.pk]), {"reason": ""}).status_code == 400
    resp = client.post(reverse("enrollment:run-cancel", args=[offering.pk]), {"reason": "Room flooded"})
    assert resp.status_code == 302
    offering.refresh_from_db()
    assert offering.is_cancelled
    assert Notification.objects.filter(user=applicant, kind="enrollment.cancelled").count() == 1
    client.force_login(other_faculty)  # cross-access: B cannot open A's run
    assert client.get(reverse("enrollment:run-edit", args=[offering.pk])).status_code == 404
    assert client.post(reverse("enrollment:run-cancel", args=[offering.pk]), {"reason": "x"}).status_code == 404
