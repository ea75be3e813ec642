"""Staff writes in the conferences admin go through the audited services (or are read-only)."""

import pytest

from conferences import questions, services
from conferences.models import AttendanceInterval, Event, Question, Registration
from lms.models import AuditEntry
from tests.conferences.conftest import make_event, make_partner
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.admin_user = UserFactory(username="events_admin", is_staff=True, is_superuser=True)
    client.force_login(client.admin_user)
    return client


def _form_data(response, **changes) -> dict:
    """The admin form as a browser posts it (inline formsets empty or unchanged)."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
            continue
        data[name] = "" if value is None else getattr(value, "pk", value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(
            {
                f"{formset.prefix}-TOTAL_FORMS": len(formset.forms),
                f"{formset.prefix}-INITIAL_FORMS": formset.initial_form_count(),
            }
        )
        for index, row in enumerate(formset.forms):
            data[f"{formset.prefix}-{index}-id"] = row.instance.pk
            data[f"{formset.prefix}-{index}-{formset.fk.name}"] = row.instance.event_id
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_event_edited_in_the_admin_goes_through_event_update(staff_client, organiser):
    event = make_event(organiser, capacity=1)
    url = f"/admin/conferences/event/{event.pk}/change/"
    page = staff_client.get(url)
    response = staff_client.post(url, _form_data(page, title_en="HR audit, revised", capacity="30"))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    event.refresh_from_db()
    assert (event.title_en, event.capacity) == ("HR audit, revised", 30)
    entry = AuditEntry.objects.get(action="event.update", object_id=str(event.pk))
    assert entry.actor == staff_client.admin_user and entry.after["capacity"] == "30"


def test_an_event_added_in_the_admin_goes_through_event_create(staff_client, organiser):
    page = staff_client.get("/admin/conferences/event/add/")
    response = staff_client.post(
        "/admin/conferences/event/add/",
        _form_data(
            page,
            slug="new-forum",
            event_type="webinar",
            title_en="Forum",
            timezone="Asia/Almaty",
            audience="public",
            registration_mode="open",
            status="draft",
            organisers=[organiser.pk],
        ),
    )
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    event = Event.objects.get(slug="new-forum")
    assert set(event.organisers.all()) == {organiser, staff_client.admin_user}
    assert AuditEntry.objects.filter(action="event.create", object_id=str(event.pk)).exists()
    assert (
        staff_client.post(f"/admin/conferences/event/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    )


def test_registrations_are_decided_by_admin_actions_through_the_services(staff_client, organiser):
    event = make_event(organiser, registration_mode="approval")
    partner = make_partner("nino")
    registration = services.registration_create(event=event, user=partner)
    assert registration.status == Registration.Status.PENDING
    url = "/admin/conferences/registration/"
    assert staff_client.post(f"{url}{registration.pk}/change/", {"status": "confirmed"}).status_code == 403
    staff_client.post(url, {"action": "approve", "_selected_action": [registration.pk]})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert AuditEntry.objects.filter(action="registration.approve", actor=staff_client.admin_user).exists()
    response = staff_client.post(
        url, {"action": "approve", "_selected_action": [registration.pk]}, follow=True
    )
    assert "This registration is not awaiting a decision." in response.content.decode()


def test_questions_are_moderated_by_admin_actions_and_attendance_is_read_only(staff_client, organiser):
    from datetime import timedelta

    event = make_event(organiser, start_in=timedelta(minutes=5))
    session = event.sessions.get()
    partner = make_partner("nino")
    services.registration_create(event=event, user=partner)
    question = questions.question_ask(session=session, user=partner, text="How is attendance counted?")
    staff_client.post(
        "/admin/conferences/question/", {"action": "publish", "_selected_action": [question.pk]}
    )
    question.refresh_from_db()
    assert question.status == Question.Status.APPROVED
    assert AuditEntry.objects.filter(action="question.approved", object_id=str(question.pk)).exists()
    interval = AttendanceInterval.objects.create(session=session, user=partner, joined_at=session.starts_at)
    change = f"/admin/conferences/attendanceinterval/{interval.pk}/change/"
    assert staff_client.get(change).status_code == 200
    assert staff_client.post(change, {}).status_code == 403
