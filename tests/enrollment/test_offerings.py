"""Offerings: the application window, open_offerings_for, completion with certificate numbers and the training
record. Helpers here are imported by the other enrollment test modules."""

from datetime import timedelta

import pytest

from certificates.models import Certificate
from compliance.models import RuleVersion, TrainingRecord
from courses.models import Course, CourseType, CourseVersion, Provider
from enrollment import applications, offerings
from enrollment.models import ApplicationStatus, AttendanceMark, DeliveryMode, Funding, Offering
from enrollment.scopes import today_almaty
from lms.errors import ApplicationError, NotAllowed
from people.models import Role
from tests.factories import (
    CivilServantFactory,
    PositionFactory,
    StateBodyFactory,
    UserFactory,
    user_with_role,
)

_n = iter(range(1, 10_000))


def _course_type(code: str) -> CourseType:
    """Seeded by a migration; transaction=True tests flush it, so recreate it then."""
    return CourseType.objects.get_or_create(code=code, defaults={"name_ru": code, "name_kk": code,
                                                                 "name_en": code})[0]


def make_version(*, type_code="advanced_training", hours=36, author=None) -> CourseVersion:
    n = next(_n)
    provider, _ = Provider.objects.get_or_create(code="APA", defaults={
        "kind": Provider.Kind.APA, "name_kk": "МБА", "name_ru": "Академия госуправления", "name_en": "APA"})
    course = Course.objects.create(code=f"T-{n:04d}")
    version = CourseVersion.objects.create(
        course=course, number=1, status="published", frozen=True, title_ru=f"Курс {n}", title_kk=f"Қурс {n}",
        title_en=f"Course {n}", course_type=_course_type(type_code), provider=provider, hours=hours,
        delivery_format="onsite")
    Course.objects.filter(pk=course.pk).update(published_version=version)
    if author is not None:
        course.authors.add(author)
    return version


def make_offering(*, start_in=10, days=3, capacity=10, funding=Funding.CONTRACT, version=None, **fields) -> Offering:
    start = today_almaty() + timedelta(days=start_in)
    version = version or make_version()
    return Offering.objects.create(code=f"RUN-{next(_n):05d}", version=version, starts_on=start,
                                   ends_on=start + timedelta(days=days - 1), capacity=capacity, funding=funding,
                                   **fields)


def servant_user(body=None, **kw):
    """A user with a servant profile (optionally in `body`); returns the user."""
    user = UserFactory(**kw)
    CivilServantFactory(user=user, **({"position": PositionFactory(body=body)} if body else {}))
    return user


@pytest.fixture
def body(db):
    return StateBodyFactory()


@pytest.fixture
def hr(body):
    return user_with_role(Role.HR_OFFICER, body=body, username="hr_officer")


@pytest.fixture
def faculty(db):
    return user_with_role(Role.FACULTY, username="prof")


@pytest.fixture
def applicant(body):
    return servant_user(body, username="applicant", preferred_language="kk")


# --- the window ---------------------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("start_in, code", [(31, "window_not_open"), (40, "window_not_open"), (4, "window_closed"),
                                            (0, "window_closed"), (-2, "window_closed")])
def test_applying_outside_the_window_is_refused(applicant, start_in, code):
    offering = make_offering(start_in=start_in)
    with pytest.raises(ApplicationError) as exc:
        applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    assert exc.value.code == code
    assert str(exc.value.message)  # a readable message
    assert not offering.applications.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("start_in", [30, 5, 17])
def test_window_edges_are_inclusive(applicant, start_in):
    offering = make_offering(start_in=start_in)
    app = applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    assert app.seat_number == 1 and app.status == ApplicationStatus.PENDING_MANAGER


@pytest.mark.django_db
def test_window_is_a_parameter_per_offering(applicant):
    offering = make_offering(start_in=50, opens_days_before=60, closes_days_before=1)
    assert applications.application_create(offering=offering, servant=applicant.servant, actor=applicant).pk
    late = make_offering(start_in=2, opens_days_before=60, closes_days_before=1)
    assert applications.application_create(offering=late, servant=applicant.servant, actor=applicant).pk


@pytest.mark.django_db
def test_cancelled_offering_refuses(applicant):
    offering = make_offering(is_cancelled=True)
    with pytest.raises(ApplicationError) as exc:
        applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    assert exc.value.code == "offering_cancelled"


@pytest.mark.django_db
def test_cannot_apply_for_someone_else_or_twice(applicant, body):
    other = servant_user(body)
    offering = make_offering()
    with pytest.raises(NotAllowed):
        applications.application_create(offering=offering, servant=other.servant, actor=applicant)
    applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    with pytest.raises(ApplicationError) as exc:
        applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    assert exc.value.code == "already_applied"
    assert offering.applications.count() == 1


# --- offering creation ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_offering_create_validates_and_checks_authorship(faculty):
    version = make_version(author=faculty)
    start = today_almaty() + timedelta(days=40)
    offering = offerings.offering_create(version=version, actor=faculty, code="RUN-OK", starts_on=start,
                                         ends_on=start + timedelta(days=4), capacity=25, place="Astana")
    assert offering.opens_days_before == 30 and offering.closes_days_before == 5
    with pytest.raises(ApplicationError):
        offerings.offering_create(version=version, actor=faculty, code="RUN-BAD", starts_on=start,
                                  ends_on=start - timedelta(days=1), capacity=25)
    with pytest.raises(ApplicationError):
        offerings.offering_create(version=version, actor=faculty, code="RUN-BAD2", starts_on=start, ends_on=start,
                                  capacity=0)
    stranger = user_with_role(Role.FACULTY, username="other_prof")
    with pytest.raises(NotAllowed):
        offerings.offering_create(version=version, actor=stranger, code="RUN-X", starts_on=start, ends_on=start,
                                  capacity=5)
    assert list(Offering.objects.values_list("code", flat=True)) == ["RUN-OK"]


# --- open_offerings_for -----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_open_offerings_for_lists_qualifying_runs_in_the_window(applicant):
    good = make_offering(start_in=10)
    make_offering(start_in=45)  # window not open yet
    make_offering(start_in=10, version=make_version(type_code="seminar", hours=8))  # not qualifying type
    make_offering(start_in=10, version=make_version(hours=120))  # over the 80-hour limit
    applied = make_offering(start_in=12)
    applications.application_create(offering=applied, servant=applicant.servant, actor=applicant)
    from enrollment.selectors_offerings import open_offerings_for

    assert list(open_offerings_for(servant=applicant.servant)) == [good]
    RuleVersion.objects.get(rule__code="three_year").qualifying_course_types.add(CourseType.objects.get(code="seminar"))
    assert len(open_offerings_for(servant=applicant.servant)) == 2
    retraining = make_offering(start_in=8, version=make_version(type_code="retraining", hours=120))
    assert retraining in open_offerings_for(servant=applicant.servant, rule="retraining")


# --- completion -------------------------------------------------------------------------------------------

def _approved(offering, user, faculty, hr):
    app = applications.application_nominate(offering=offering, servant=user.servant, actor=hr)
    return applications.application_approve(application=app, actor=faculty)


@pytest.mark.django_db
def test_completion_by_attendance_creates_record_and_certificate(applicant, faculty, hr, body, monkeypatch):
    version = make_version(author=faculty, hours=40)
    offering = make_offering(version=version, start_in=10, days=5)
    app = _approved(offering, applicant, faculty, hr)
    other = _approved(offering, servant_user(body), faculty, hr)
    # The run happens: jump ten days ahead.
    later = today_almaty() + timedelta(days=15)
    monkeypatch.setattr("enrollment.offerings.today_almaty", lambda: later)
    with pytest.raises(ApplicationError) as exc:
        offerings.completion_confirm(application=app, actor=faculty)
    assert exc.value.code == "not_eligible"
    for day in offering.session_days()[:4]:  # 4 of 5 days = 80%
        offerings.attendance_set(offering=offering, day=day, present_ids={app.pk}, actor=faculty)
    assert AttendanceMark.objects.filter(application=other, present=False).count() == 4
    done = offerings.completion_confirm(application=app, actor=faculty)
    assert done.status == ApplicationStatus.COMPLETED and done.hours_credited == 40
    # the number comes from the platform's certificate register (year of issue, the register's counter)
    certificate = Certificate.objects.get(source_key=f"run-application:{app.pk}")
    assert done.certificate_number == certificate.number == f"APA-{certificate.issued_on.year}-000001"
    assert (certificate.kind, certificate.hours, certificate.servant_id) == ("run", 40, applicant.servant.pk)
    record = TrainingRecord.objects.get(servant=applicant.servant)
    assert (record.source, record.hours, record.course_type_id, record.completed_on) == (
        "internal", 40, "advanced_training", offering.ends_on)
    assert done.training_record == record
    # Idempotent: the same number, no second record.
    again = offerings.completion_confirm(application=app, actor=faculty)
    assert again.certificate_number == done.certificate_number
    assert TrainingRecord.objects.filter(servant=applicant.servant).count() == 1
    # Not enough attendance for the other one; the provider may override, and numbers stay unique.
    with pytest.raises(ApplicationError):
        offerings.completion_confirm(application=other, actor=faculty)
    forced = offerings.completion_confirm(application=other, actor=faculty, override=True)
    assert forced.certificate_number == f"APA-{certificate.issued_on.year}-000002"


@pytest.mark.django_db
def test_completion_online_uses_course_progress(applicant, faculty, hr, monkeypatch):
    from django.utils import timezone

    from courses.models import CourseProgress

    offering = make_offering(version=make_version(author=faculty), delivery=DeliveryMode.ONLINE)
    app = _approved(offering, applicant, faculty, hr)
    monkeypatch.setattr("enrollment.offerings.today_almaty", lambda: offering.ends_on + timedelta(days=1))
    assert offerings.completion_state(app)["eligible"] is False
    CourseProgress.objects.create(learner=applicant, version=offering.version, completed_at=timezone.now())
    assert offerings.completion_confirm(application=app, actor=faculty).status == ApplicationStatus.COMPLETED


@pytest.mark.django_db
def test_only_the_provider_confirms_and_marks(applicant, faculty, hr, monkeypatch):
    offering = make_offering(version=make_version(author=faculty))
    app = _approved(offering, applicant, faculty, hr)
    monkeypatch.setattr("enrollment.offerings.today_almaty", lambda: offering.ends_on)
    for actor in (hr, applicant, user_with_role(Role.FACULTY, username="not_author")):
        with pytest.raises(NotAllowed):
            offerings.completion_confirm(application=app, actor=actor, override=True)
        with pytest.raises(NotAllowed):
            offerings.attendance_set(offering=offering, day=offering.starts_on, present_ids=set(), actor=actor)
    with pytest.raises(ApplicationError) as exc:
        offerings.attendance_set(offering=offering, day=offering.ends_on + timedelta(days=1), present_ids=set(),
                                 actor=faculty)
    assert exc.value.code == "invalid_day"
    with pytest.raises(ApplicationError):
        offerings.attendance_set(offering=offering, day=offering.starts_on, present_ids={999999}, actor=faculty)
    assert not AttendanceMark.objects.exists()
    app.refresh_from_db()
    assert app.status == ApplicationStatus.APPROVED and app.certificate_number is None


@pytest.mark.django_db
def test_pending_application_cannot_complete(applicant, faculty):
    offering = make_offering(version=make_version(author=faculty))
    app = applications.application_create(offering=offering, servant=applicant.servant, actor=applicant)
    with pytest.raises(ApplicationError) as exc:
        offerings.completion_confirm(application=app, actor=faculty, override=True)
    assert exc.value.code == "not_approved"


# Concurrent numbering is the register's: tests/certificates/test_issue.py::test_concurrent_issue_creates_one.


@pytest.mark.django_db
def test_legacy_run_numbers_join_the_register_unchanged(applicant, faculty, hr, body, monkeypatch):
    from certificates.models import CertificateCounter as RegisterCounter
    from enrollment.legacy_certificates import backfill_run_certificates
    from enrollment.models import Application, CertificateCounter

    offering = make_offering(version=make_version(author=faculty, hours=40), start_in=10, days=5)
    app = _approved(offering, applicant, faculty, hr)
    later = today_almaty() + timedelta(days=15)
    monkeypatch.setattr("enrollment.offerings.today_almaty", lambda: later)
    offerings.completion_confirm(application=app, actor=faculty, override=True)
    # as before the register: a number from the old counter, no certificate row
    Certificate.objects.all().delete()
    Application.objects.filter(pk=app.pk).update(certificate_number="APA-2025-000077")
    CertificateCounter.objects.create(year=2025, last=80)
    assert backfill_run_certificates() == 1
    moved = Certificate.objects.get(source_key=f"run-application:{app.pk}")
    assert (moved.number, moved.hours, moved.servant_id) == ("APA-2025-000077", 40, applicant.servant.pk)
    assert RegisterCounter.objects.get(series="APA", year=2025).last == 80  # fresh numbers never collide
    backfill_run_certificates()  # idempotent
    assert Certificate.objects.count() == 1
