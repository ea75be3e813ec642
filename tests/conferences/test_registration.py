"""Registration, waitlist with promotion (exact under concurrency), approval, cancellation, audience rules,
export by country."""

import csv
import io
import threading

import pytest
from django.db import connection

from conferences import selectors, services
from conferences.models import Event, Registration
from lms.errors import ApplicationError, NotAllowed
from tests.conferences.conftest import make_event, make_partner

pytestmark = pytest.mark.django_db


def test_open_event_confirms_then_waitlists_and_promotes_in_order(organiser):
    event = make_event(organiser, capacity=2)
    users = [make_partner(f"p{i}") for i in range(4)]
    regs = [services.registration_create(event=event, user=u) for u in users]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    with pytest.raises(ApplicationError) as exc:
        services.registration_create(event=event, user=users[0])
    assert exc.value.code == "already_registered"
    services.registration_cancel(registration=regs[0], actor=users[0])
    statuses = dict(Registration.objects.values_list("user__username", "status"))
    assert statuses == {"p0": "cancelled", "p1": "confirmed", "p2": "confirmed", "p3": "waitlisted"}
    services.event_update(event=event, actor=organiser, capacity=3)  # more places: the queue moves
    assert Registration.objects.get(user=users[3]).status == "confirmed"


def test_cancelling_a_waitlisted_registration_promotes_nobody(organiser):
    event = make_event(organiser, capacity=1)
    a, b = make_partner("a"), make_partner("b")
    services.registration_create(event=event, user=a)
    waiting = services.registration_create(event=event, user=b)
    services.registration_cancel(registration=waiting, actor=b)
    assert selectors.seats_taken(event) == 1
    with pytest.raises(NotAllowed):
        services.registration_cancel(registration=Registration.objects.get(user=a), actor=b)


def test_approval_flow(organiser, partner):
    event = make_event(organiser, registration_mode="approval", capacity=1)
    reg = services.registration_create(event=event, user=partner)
    assert reg.status == "pending"
    with pytest.raises(NotAllowed):
        services.registration_decide(registration=reg, approve=True, actor=partner)
    assert services.registration_decide(registration=reg, approve=True, actor=organiser).status == "confirmed"
    other = make_partner("other")
    reg2 = services.registration_create(event=event, user=other)
    assert services.registration_decide(registration=reg2, approve=True, actor=organiser).status == "waitlisted"
    third = make_partner("third")
    reg3 = services.registration_create(event=event, user=third)
    assert services.registration_decide(registration=reg3, approve=False, actor=organiser).status == "rejected"
    with pytest.raises(ApplicationError) as exc:
        services.registration_create(event=event, user=third)
    assert exc.value.code == "registration_declined"


def test_external_participant_cannot_see_civil_servant_events(client, organiser, partner, servant):
    hidden = make_event(organiser, slug="servants-only", audience="civil_servants")
    invited = make_event(organiser, slug="invited", audience="invited", invited_countries=["GE"])
    not_invited = make_event(organiser, slug="not-invited", audience="invited", invited_countries=["KG"])
    assert set(selectors.events_visible_to(partner).values_list("slug", flat=True)) == {"invited"}
    assert set(selectors.events_visible_to(servant).values_list("slug", flat=True)) == {
        "servants-only", "invited", "not-invited"}
    with pytest.raises(NotAllowed):
        services.registration_create(event=hidden, user=partner)
    services.registration_create(event=invited, user=partner)
    client.force_login(partner)
    assert client.get(f"/events/{hidden.slug}/").status_code == 404
    assert client.get(f"/api/v1/events/{hidden.slug}/").status_code == 404
    assert client.get(f"/events/{not_invited.slug}/").status_code == 404
    listed = [e["slug"] for e in client.get("/api/v1/events/").json()["results"]]
    assert listed == ["invited"]
    page = client.get("/events/").content.decode()
    assert "servants-only" not in page and "/events/invited/" in page
    client.logout()
    assert client.get("/api/v1/events/").json()["results"] == []  # anonymous: public only (none here)


def test_export_by_country(client, organiser, servant):
    event = make_event(organiser)
    for name, country in (("zed", "KG"), ("amy", "GE"), ("bob", "GE")):
        services.registration_create(event=event, user=make_partner(name, country=country))
    services.registration_create(event=event, user=servant)
    client.force_login(organiser)
    response = client.get(f"/events/{event.slug}/manage/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["country", "last_name", "first_name"]
    assert [r[0] for r in rows[1:]] == ["GE", "GE", "KG", "KZ"]
    assert [r[1] for r in rows[1:3]] == ["Amy", "Bob"]
    client.force_login(servant)
    assert client.get(f"/events/{event.slug}/manage/export.csv").status_code == 403
    assert client.get(f"/api/v1/events/{event.slug}/participants.csv").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_capacity(organiser):
    event = make_event(organiser, capacity=5)
    users = [make_partner(f"c{i}") for i in range(16)]
    barrier, errors = threading.Barrier(len(users)), []

    def register(user):
        try:
            barrier.wait()
            services.registration_create(event=Event.objects.get(pk=event.pk), user=user)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Registration.objects.filter(event=event, status="confirmed").count() == 5
    assert Registration.objects.filter(event=event, status="waitlisted").count() == 11
    # concurrent cancellations promote exactly as many as leave
    confirmed = list(Registration.objects.filter(event=event, status="confirmed").select_related("user")[:3])

    def cancel(reg):
        try:
            services.registration_cancel(registration=reg, actor=reg.user)
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel, args=(r,)) for r in confirmed]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Registration.objects.filter(event=event, status="confirmed").count() == 5
    assert Registration.objects.filter(event=event, status="waitlisted").count() == 8
