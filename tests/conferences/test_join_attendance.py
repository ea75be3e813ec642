"""Join button rules, attendance minutes (merged intervals), credit of academic hours with certificates."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from compliance.models import TrainingRecord
from conferences import attendance, questions, services
from conferences.attendance import merged_minutes
from conferences.models import AttendanceCredit, AttendanceInterval, Session
from lms.errors import ApplicationError, NotAllowed
from tests.conferences.conftest import make_event, make_partner

T0 = datetime(2026, 5, 20, 10, 0, tzinfo=UTC)


def m(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_merged_minutes_unions_overlaps_and_clips():
    end = m(90)
    assert merged_minutes([], T0, end) == 0
    assert merged_minutes([(m(0), m(30)), (m(20), m(50))], T0, end) == 50  # overlap counted once
    assert merged_minutes([(m(-30), m(10)), (m(80), m(200))], T0, end) == 20  # clipped to the session
    assert merged_minutes([(m(60), None)], T0, end) == 30  # still in the room: until the end
    assert merged_minutes([(m(0), m(10)), (m(10), m(20)), (m(40), m(45))], T0, end) == 25


@pytest.mark.django_db
def test_join_refused_for_unregistered_and_outside_window(client, organiser, partner, settings):
    event = make_event(organiser, start_in=timedelta(minutes=30), provider=Session.Provider.EXTERNAL,
                       join_opens_minutes=15)
    session = event.sessions.get()
    client.force_login(partner)
    with pytest.raises(NotAllowed) as exc:
        attendance.session_join(session=session, user=partner)
    assert exc.value.code == "join_not_registered"
    assert client.post(f"/api/v1/event-sessions/{session.uid}/join/").status_code == 403
    services.registration_create(event=event, user=partner)
    with pytest.raises(NotAllowed) as exc:  # 30 minutes before: the room opens 15 minutes before
        attendance.session_join(session=session, user=partner)
    assert exc.value.code == "join_too_early"
    response = client.post(f"/events/sessions/{session.uid}/join/")
    assert response.status_code == 302 and response["Location"] == f"/events/{event.slug}/"
    assert 'data-testid="join"' not in client.get(f"/events/{event.slug}/").content.decode()
    # inside the window: the button is there and the click redirects to the room
    url = attendance.session_join(session=session, user=partner, now=session.starts_at - timedelta(minutes=10))
    assert url == "https://meet.jit.si/apa-demo"
    with pytest.raises(NotAllowed) as exc:
        attendance.session_join(session=session, user=partner, now=session.ends_at + timedelta(minutes=1))
    assert exc.value.code == "join_over"
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() + timedelta(minutes=5))
    assert 'data-testid="join"' in client.get(f"/events/{event.slug}/").content.decode()
    assert client.post(f"/events/sessions/{session.uid}/join/")["Location"] == "https://meet.jit.si/apa-demo"
    assert AttendanceInterval.objects.filter(user=partner, source="click").count() == 1  # open interval reused


@pytest.mark.django_db
def test_bbb_join_without_configuration_is_a_clear_error(organiser, partner, settings):
    settings.BBB_URL, settings.BBB_SECRET = "", ""
    event = make_event(organiser, start_in=timedelta(minutes=5))
    services.registration_create(event=event, user=partner)
    with pytest.raises(ApplicationError) as exc:
        attendance.session_join(session=event.sessions.get(), user=partner)
    assert exc.value.code == "provider_not_configured"


def _attend(session, user, start_min, end_min):
    AttendanceInterval.objects.create(session=session, user=user, joined_at=session.starts_at + timedelta(minutes=start_min),
                                      left_at=session.starts_at + timedelta(minutes=end_min))


@pytest.mark.django_db
def test_attendance_above_threshold_credits_hours_and_training_record(organiser, servant):
    event = make_event(organiser, accredited=True, academic_hours=4, attendance_threshold=75,
                       start_in=timedelta(days=-1), minutes=100)
    # a registration in the past: add it directly (registration closes when the event is over)
    partner_ok, partner_low = make_partner("ok"), make_partner("low")
    for user in (servant, partner_ok, partner_low):
        event.registrations.create(user=user, status="confirmed", country="KZ" if user == servant else "GE")
    session = event.sessions.get()
    _attend(session, servant, 0, 50)
    _attend(session, servant, 40, 80)  # overlap: 80 minutes in all = 80 %
    _attend(session, partner_ok, -10, 200)  # clipped to 100 %
    _attend(session, partner_low, 0, 74)  # 74 % < 75 %
    with pytest.raises(NotAllowed):
        attendance.event_credit_attendance(event=event, actor=partner_ok)
    credits = attendance.event_credit_attendance(event=event, actor=organiser)
    by_user = {c.registration.user.username: c for c in credits}
    assert set(by_user) == {"servant", "ok"}
    assert (by_user["servant"].minutes_attended, by_user["servant"].percent, by_user["servant"].hours) == (80, 80, 4)
    assert by_user["ok"].certificate_number.startswith("HUB-")
    record = TrainingRecord.objects.get(servant=servant.servant)
    assert (record.hours, record.course_type_id, record.source) == (4, "master_class", "internal")
    assert by_user["servant"].training_record_id == record.pk
    assert by_user["ok"].training_record_id is None  # partners have no training record
    assert attendance.event_credit_attendance(event=event, actor=organiser) == []  # idempotent
    assert AttendanceCredit.objects.count() == 2 and TrainingRecord.objects.count() == 1


@pytest.mark.django_db
def test_credit_refused_before_the_end_and_for_non_accredited(organiser):
    running = make_event(organiser, slug="running", accredited=True, academic_hours=2, start_in=timedelta(minutes=-10))
    with pytest.raises(ApplicationError) as exc:
        attendance.event_credit_attendance(event=running, actor=organiser)
    assert exc.value.code == "event_not_over"
    plain = make_event(organiser, slug="plain", start_in=timedelta(days=-1))
    with pytest.raises(ApplicationError) as exc:
        attendance.event_credit_attendance(event=plain, actor=organiser)
    assert exc.value.code == "not_accredited"


@pytest.mark.django_db
def test_questions_are_moderated_and_voted_once(client, organiser, partner):
    event = make_event(organiser, start_in=timedelta(hours=1))
    session = event.sessions.get()
    outsider = make_partner("outsider")
    with pytest.raises(NotAllowed):
        questions.question_ask(session=session, user=outsider, text="Why?")
    services.registration_create(event=event, user=partner)
    question = questions.question_ask(session=session, user=partner, text="How do you audit HR processes?")
    with pytest.raises(ApplicationError):
        questions.question_vote(question=question, user=partner)  # not published yet
    with pytest.raises(NotAllowed):
        questions.question_moderate(question=question, status="approved", actor=partner)
    questions.question_moderate(question=question, status="approved", actor=organiser)
    assert questions.question_vote(question=question, user=partner) is True
    assert questions.question_vote(question=question, user=partner) is False
    assert questions.question_vote(question=question, user=outsider) is True
    question.refresh_from_db()
    assert question.votes == 2
    with pytest.raises(ApplicationError):
        questions.question_ask(session=session, user=partner, text="x")
    client.force_login(partner)
    listed = client.get(f"/api/v1/event-sessions/{session.uid}/questions/").json()
    assert [(q["text"], q["votes"]) for q in listed] == [("How do you audit HR processes?", 2)]


@pytest.mark.django_db
def test_attendance_certificates_live_in_the_register_and_old_numbers_stay_valid(organiser, servant):
    from certificates.models import Certificate
    from conferences.legacy_certificates import backfill_event_certificates

    event = make_event(organiser, accredited=True, academic_hours=4, attendance_threshold=50,
                       start_in=timedelta(days=-1), minutes=100)
    event.registrations.create(user=servant, status="confirmed", country="KZ")
    _attend(event.sessions.get(), servant, 0, 100)
    credit = attendance.event_credit_attendance(event=event, actor=organiser)[0]
    certificate = Certificate.objects.get(source_key=f"event-registration:{credit.registration_id}")
    assert (certificate.number, certificate.kind, certificate.hours) == (credit.certificate_number, "event", 4)
    assert certificate.holder == servant

    # a credit numbered the old way (before the register) is moved with its number unchanged
    Certificate.objects.all().delete()
    old = f"HUB-2025-{event.pk:04d}-{credit.registration_id:06d}"
    AttendanceCredit.objects.filter(pk=credit.pk).update(certificate_number=old)
    assert backfill_event_certificates() == 1
    assert Certificate.objects.get(source_key=f"event-registration:{credit.registration_id}").number == old
    backfill_event_certificates()  # idempotent
    assert Certificate.objects.count() == 1


def test_join_link_opened_with_get_shows_a_page_and_joins_only_on_post(client, organiser, partner):
    """A join address in an e-mail or a calendar is opened with GET: a page with the button, no attendance."""
    event = make_event(organiser, start_in=timedelta(minutes=5), provider=Session.Provider.EXTERNAL)
    session = event.sessions.get()
    services.registration_create(event=event, user=partner)
    client.force_login(partner)
    page = client.get(f"/events/sessions/{session.uid}/join/")
    assert page.status_code == 200 and 'data-testid="join"' in page.content.decode()
    assert not AttendanceInterval.objects.filter(user=partner).exists()
    assert client.post(f"/events/sessions/{session.uid}/join/")["Location"] == "https://meet.jit.si/apa-demo"
    assert AttendanceInterval.objects.filter(user=partner).count() == 1
