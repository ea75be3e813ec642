"""The waiting list: exact under concurrency (real PostgreSQL, parallel connections), promotion in order with a
notice in the servant's language, never after the run has started."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection

from enrollment import applications
from enrollment.models import Application, ApplicationStep
from enrollment.scopes import today_almaty
from lms.errors import ApplicationError
from notifications.models import Notification
from people.models import CivilServant, EmploymentRecord, Position, StateBody, User
from tests.enrollment.test_offerings import (  # noqa: F401
    applicant,
    body,
    faculty,
    hr,
    make_offering,
    make_version,
    servant_user,
)
from tests.factories import make_iin

_ = (applicant, body, faculty, hr)  # fixtures


def _bulk_servants(n: int) -> list[CivilServant]:
    """n servants with users in one body, created set-based (the test is about the applications)."""
    parent = StateBody.objects.create(code="CONC", name_ru="Тест", name_kk="Тест", name_en="Test")
    from people import services

    services.body_fix_path(parent)
    position = Position.objects.create(body=parent, title_ru="Эксперт", corps="B", category_code="C-4")
    users = User.objects.bulk_create([User(username=f"conc{i:03d}") for i in range(n)])
    servants = CivilServant.objects.bulk_create([
        CivilServant(personnel_number=f"C{i:05d}", iin=make_iin(), user=u, last_name_ru=f"Тестов{i}",
                     first_name_ru="Тест", position=position, body=parent, appointed_on=today_almaty(),
                     entered_service_on=today_almaty()) for i, u in enumerate(users)])
    EmploymentRecord.objects.bulk_create([EmploymentRecord(servant=s, position=position, body=parent,
                                                           started_on=today_almaty()) for s in servants])
    return list(CivilServant.objects.filter(body=parent).select_related("user", "body").order_by("pk"))


@pytest.mark.django_db(transaction=True)
def test_200_parallel_applications_for_10_places():
    offering = make_offering(capacity=10, start_in=10)
    servants = _bulk_servants(200)

    def apply(servant):
        try:
            app = applications.application_create(offering=offering, servant=servant, actor=servant.user)
            return app.pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        ids = list(pool.map(apply, servants))
    assert len(set(ids)) == 200
    rows = list(Application.objects.filter(offering=offering).order_by("pk")
                .values_list("seat_number", "waitlist_position"))
    seats = [s for s, w in rows if s is not None]
    waiting = [w for s, w in rows if w is not None]
    assert sorted(seats) == list(range(1, 11))  # exactly 10 admitted, each place once
    assert waiting == list(range(1, 191))  # the rest in arrival order (ids are given inside the lock)
    assert all((s is None) != (w is None) for s, w in rows)
    # The first ten to get the lock hold the places.
    assert [s for s, w in rows[:10]] == list(range(1, 11))


@pytest.mark.django_db
def test_withdrawal_promotes_the_next_and_tells_them_in_their_language(applicant, body):
    offering = make_offering(capacity=1)
    first = applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    second_user = servant_user(body, username="second", preferred_language="ru")
    third_user = servant_user(body, username="third", preferred_language="en")
    second = applications.application_create(offering=offering, servant=second_user.servant, actor=second_user)
    third = applications.application_create(offering=offering, servant=third_user.servant, actor=third_user)
    assert (second.waitlist_position, third.waitlist_position) == (1, 2)

    applications.application_withdraw(application=first, actor=applicant, reason="ill")
    second.refresh_from_db(), third.refresh_from_db(), first.refresh_from_db()
    assert first.seat_number is None and first.status == "withdrawn"
    assert second.seat_number == 1 and second.waitlist_position is None
    assert third.waitlist_position == 2 and third.seat_number is None
    notice = Notification.objects.get(user=second_user, kind="enrollment.promoted")
    assert notice.dedup_key == f"enrollment:promoted:{second.pk}"
    # Rendered with Russian active (the servant's language): the course title is the Russian one.
    assert offering.version.title_ru in notice.title and offering.version.title_ru in notice.body
    assert not Notification.objects.filter(user=third_user).exists()
    assert ApplicationStep.objects.filter(application=second, decision="promoted").exists()


@pytest.mark.django_db
def test_rejection_promotes_too(applicant, body, hr):
    offering = make_offering(capacity=1)
    first = applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    waiting_user = servant_user(body, username="waiting", preferred_language="kk")
    waiting = applications.application_create(offering=offering, servant=waiting_user.servant, actor=waiting_user)
    with pytest.raises(ApplicationError) as exc:
        applications.application_reject(application=first, actor=hr, reason="  ")
    assert exc.value.code == "reason_required"
    applications.application_reject(application=first, actor=hr, reason="Не та категория")
    first.refresh_from_db(), waiting.refresh_from_db()
    assert first.status == "rejected" and first.rejection_reason == "Не та категория"
    assert waiting.seat_number == 1
    kk = Notification.objects.get(user=waiting_user, kind="enrollment.promoted")
    assert offering.version.title_kk in kk.body
    assert Notification.objects.filter(user=applicant, kind="enrollment.rejected").exists()


@pytest.mark.django_db
def test_never_promote_after_the_run_started(applicant, body, monkeypatch):
    offering = make_offering(capacity=1, start_in=6)
    first = applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    other = servant_user(body, username="late")
    waiting = applications.application_create(offering=offering, servant=other.servant, actor=other)
    started = offering.starts_on + timedelta(days=1)
    monkeypatch.setattr("enrollment.applications.today_almaty", lambda: started)
    applications.application_withdraw(application=first, actor=applicant)
    waiting.refresh_from_db()
    assert waiting.seat_number is None and waiting.waitlist_position == 1
    assert not Notification.objects.filter(kind="enrollment.promoted").exists()


@pytest.mark.django_db
def test_withdrawing_from_the_waitlist_frees_no_place(applicant, body):
    offering = make_offering(capacity=1)
    applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    users = [servant_user(body, username=f"w{i}") for i in range(3)]
    waiting = [applications.application_create(offering=offering, servant=u.servant, actor=u) for u in users]
    applications.application_withdraw(application=waiting[0], actor=users[0])
    rows = dict(Application.objects.filter(offering=offering).values_list("pk", "waitlist_position"))
    assert rows[waiting[1].pk] == 2 and rows[waiting[2].pk] == 3
    # Positions keep their order; a new applicant goes to the end.
    late = servant_user(body, username="w9")
    assert applications.application_create(offering=offering, servant=late.servant,
                                           actor=late).waitlist_position == 4


@pytest.mark.django_db
def test_withdraw_rules(applicant, body, hr):
    offering = make_offering()
    app = applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    stranger = servant_user(body, username="stranger")
    from lms.errors import NotAllowed

    with pytest.raises(NotAllowed):
        applications.application_withdraw(application=app, actor=stranger)
    applications.application_withdraw(application=app, actor=hr)  # HR of the body may
    with pytest.raises(ApplicationError) as exc:
        applications.application_withdraw(application=app, actor=applicant)
    assert exc.value.code == "not_withdrawable"
    # After withdrawal the servant may apply again.
    again = applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    assert again.seat_number == 1
