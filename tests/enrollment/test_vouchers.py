"""Vouchers (never used twice, also under concurrency) and quotas (refuse or waitlist by policy)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection

from enrollment import applications
from enrollment.models import Application, Funding, Quota, QuotaPolicy, Voucher
from enrollment.scopes import today_almaty
from lms.errors import ApplicationError
from people import services as people_services
from tests.enrollment.test_offerings import applicant, body, hr, make_offering, servant_user  # noqa: F401
from tests.factories import RegionFactory, StateBodyFactory

_ = (applicant, body, hr)


def voucher(body, code="V-1", **kw):
    today = today_almaty()
    return Voucher.objects.create(code=code, body=body, valid_from=kw.get("valid_from", today - timedelta(days=30)),
                                  valid_to=kw.get("valid_to", today + timedelta(days=300)))


@pytest.mark.django_db
def test_voucher_is_taken_once_and_returned_on_withdrawal(applicant, body):
    offering = make_offering(funding=Funding.VOUCHER)
    v = voucher(body)
    app = applications.application_create(offering=offering, servant=applicant.servant, actor=applicant,
                                          voucher_code="V-1")
    v.refresh_from_db()
    assert v.application_id == app.pk and v.used_at is not None
    other = servant_user(body, username="other")
    other_run = make_offering(funding=Funding.VOUCHER)
    with pytest.raises(ApplicationError) as exc:
        applications.application_create(offering=other_run, servant=other.servant, actor=other, voucher_code="V-1")
    assert exc.value.code == "voucher_used"
    with pytest.raises(ApplicationError) as exc:  # no free voucher left in the pool either
        applications.application_create(offering=other_run, servant=other.servant, actor=other)
    assert exc.value.code == "no_voucher"
    assert not other_run.applications.exists()  # nothing half-written
    applications.application_withdraw(application=app, actor=applicant)
    v.refresh_from_db()
    assert v.application_id is None
    assert applications.application_create(offering=other_run, servant=other.servant, actor=other).voucher == v


@pytest.mark.django_db
def test_voucher_checks(applicant, body):
    offering = make_offering(funding=Funding.VOUCHER)
    voucher(StateBodyFactory(), code="FOREIGN")
    voucher(body, code="OLD", valid_to=today_almaty())
    for code, expected in (("NOPE", "voucher_not_found"), ("FOREIGN", "voucher_wrong_body"),
                           ("OLD", "voucher_expired")):
        with pytest.raises(ApplicationError) as exc:
            applications.application_create(offering=offering, servant=applicant.servant, actor=applicant,
                                            voucher_code=code)
        assert exc.value.code == expected
    assert not Application.objects.exists()
    # A voucher of a parent body covers its subtree.
    child = StateBodyFactory(parent=body)
    people_services.body_fix_path(child)
    child_user = servant_user(child, username="child")
    voucher(body, code="PARENT")
    assert applications.application_create(offering=offering, servant=child_user.servant, actor=child_user,
                                           voucher_code="PARENT").voucher.code == "PARENT"


@pytest.mark.django_db
def test_voucher_unique_in_the_database(applicant, body):
    from django.db import IntegrityError

    offering = make_offering(funding=Funding.VOUCHER)
    voucher(body, code="A")
    voucher(body, code="B")
    app = applications.application_create(offering=offering, servant=applicant.servant, actor=applicant,
                                          voucher_code="A")
    with pytest.raises(IntegrityError):
        Voucher.objects.filter(code="B").update(application=app, used_at=app.created_at)


@pytest.mark.django_db(transaction=True)
def test_same_voucher_concurrently_only_once():
    root = StateBodyFactory()
    offerings = [make_offering(funding=Funding.VOUCHER, capacity=50) for _ in range(4)]
    users = [servant_user(root, username=f"vc{i}") for i in range(12)]
    voucher(root, code="SHARED")

    def attempt(i):
        user = users[i]
        try:
            applications.application_create(offering=offerings[i % 4], servant=user.servant, actor=user,
                                            voucher_code="SHARED")
            return "ok"
        except ApplicationError as exc:
            return exc.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(attempt, range(12)))
    assert results.count("ok") == 1 and results.count("voucher_used") == 11
    assert Application.objects.count() == 1
    assert Voucher.objects.get(code="SHARED").application_id == Application.objects.get().pk


# --- quotas -----------------------------------------------------------------------------------------------

@pytest.fixture
def akimat(db):
    region = RegionFactory()
    return StateBodyFactory(region=region, kind="akimat")


@pytest.mark.django_db
@pytest.mark.parametrize("policy", [QuotaPolicy.REFUSE, QuotaPolicy.WAITLIST])
def test_quota_exhaustion(akimat, policy):
    start_year = (today_almaty() + timedelta(days=10)).year
    Quota.objects.create(year=start_year, body=akimat, places=2, policy=policy)
    offering = make_offering(funding=Funding.QUOTA, capacity=30)
    users = [servant_user(akimat, username=f"q{i}") for i in range(3)]
    first, second = (applications.application_create(offering=offering, servant=u.servant, actor=u)
                     for u in users[:2])
    assert first.seat_number and second.seat_number
    if policy == QuotaPolicy.REFUSE:
        with pytest.raises(ApplicationError) as exc:
            applications.application_create(offering=offering, servant=users[2].servant, actor=users[2])
        assert exc.value.code == "quota_exhausted"
        assert offering.applications.count() == 2
    else:
        third = applications.application_create(offering=offering, servant=users[2].servant, actor=users[2])
        assert third.seat_number is None and third.waitlist_position == 1
        # A place frees inside the quota: the waiting one moves up.
        applications.application_withdraw(application=first, actor=users[0])
        third.refresh_from_db()
        assert third.seat_number is not None


@pytest.mark.django_db
def test_quota_counts_across_runs_and_falls_back_to_region(akimat):
    year = (today_almaty() + timedelta(days=10)).year
    Quota.objects.create(year=year, region=akimat.region, places=1, policy=QuotaPolicy.REFUSE)
    runs = [make_offering(funding=Funding.QUOTA) for _ in range(2)]
    a, b = servant_user(akimat, username="qa"), servant_user(akimat, username="qb")
    assert applications.application_create(offering=runs[0], servant=a.servant, actor=a).quota.region == akimat.region
    with pytest.raises(ApplicationError) as exc:
        applications.application_create(offering=runs[1], servant=b.servant, actor=b)
    assert exc.value.code == "quota_exhausted"
    stranger = servant_user(StateBodyFactory(), username="noquota")
    with pytest.raises(ApplicationError) as exc:
        applications.application_create(offering=runs[1], servant=stranger.servant, actor=stranger)
    assert exc.value.code == "no_quota"
