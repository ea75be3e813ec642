"""Issuing: idempotent by source key (also under concurrency), numbered per series and year, audited; legacy
numbers kept and the counter moved past them; revocation needs a reason and a permitted actor."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.db import connection

from certificates import services
from certificates.models import Certificate, CertificateKind
from lms.errors import ApplicationError
from lms.models import AuditEntry
from tests.certificates.conftest import issue


@pytest.mark.django_db
def test_issue_fills_the_certificate(learner):
    c = issue(learner)
    assert c.number == f"APA-{c.issued_on.year}-000001"
    assert c.holder_name == "Жанибекова Айгерим Маратовна" and c.holder_name_en == "Aigerim Zhanibekova"
    assert c.servant == learner.servant
    assert (c.course_type_kk, c.course_type_ru, c.course_type_en) == (
        "Біліктілікті арттыру",
        "Повышение квалификации",
        "Advanced training",
    )
    assert len(c.verification_code) >= 22  # token_urlsafe(24): 192 bits
    assert c.credential_jwt.count(".") == 2
    assert AuditEntry.objects.filter(action="certificate.issue", object_id=str(c.pk)).count() == 1


@pytest.mark.django_db
def test_issue_twice_returns_the_same(learner):
    first = issue(learner)
    second = issue(learner, hours=99)
    assert second.pk == first.pk and second.hours == 36
    assert Certificate.objects.count() == 1
    assert AuditEntry.objects.filter(action="certificate.issue").count() == 1


@pytest.mark.django_db
def test_numbers_follow_per_series(learner):
    a = issue(learner, "course:1")
    b = issue(learner, "course:2")
    e = issue(learner, "event:9", kind=CertificateKind.EVENT, course_type="seminar")
    year = a.issued_on.year
    assert (a.number, b.number, e.number) == (
        f"APA-{year}-000001",
        f"APA-{year}-000002",
        f"HUB-{year}-000001",
    )


@pytest.mark.django_db
def test_legacy_number_is_kept_and_the_counter_moves_past_it(learner):
    legacy = issue(
        learner,
        "run-application:7",
        kind=CertificateKind.RUN,
        number="APA-2026-000041",
        issued_on=date(2026, 5, 4),
    )
    assert legacy.number == "APA-2026-000041"
    fresh = issue(learner, "course:2", issued_on=date(2026, 6, 1))
    assert fresh.number == "APA-2026-000042"
    hub = issue(learner, "event-registration:3", kind=CertificateKind.EVENT, number="HUB-2026-0007-000123")
    assert hub.number == "HUB-2026-0007-000123"


@pytest.mark.django_db
def test_taken_number_is_refused(learner):
    issue(learner, "a", number="APA-2026-000005")
    with pytest.raises(ApplicationError) as exc:
        issue(learner, "b", number="APA-2026-000005")
    assert exc.value.code == "duplicate_number" and exc.value.extra["field"] == "number"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "over, field",
    [
        ({"hours": 0}, "hours"),
        ({"title_kk": "", "title_ru": " ", "title_en": ""}, "title_ru"),
        ({"provider": ""}, "provider"),
        ({"started_on": date(2026, 12, 1)}, "started_on"),
        ({"kind": "x"}, "kind"),
    ],
)
def test_bad_input_names_the_field(learner, over, field):
    with pytest.raises(ApplicationError) as exc:
        issue(learner, **over)
    assert exc.value.extra["field"] == field
    assert not Certificate.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_issue_creates_one(ministry):
    from tests.factories import CivilServantFactory, PositionFactory, UserFactory

    holder = UserFactory(username="racer")
    CivilServantFactory(user=holder, position=PositionFactory(body=ministry))

    def attempt(_):
        try:
            return issue(holder, "course:race").pk
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(attempt, range(16)))
    assert len(set(ids)) == 1
    assert Certificate.objects.count() == 1
    assert Certificate.objects.get().number.endswith("-000001")  # the losers' counter bumps rolled back
    assert AuditEntry.objects.filter(action="certificate.issue").count() == 1


@pytest.mark.django_db
def test_revoke_needs_reason_and_is_audited(certificate, hr):
    with pytest.raises(ApplicationError) as exc:
        services.certificate_revoke(certificate=certificate, reason="  ", actor=hr)
    assert exc.value.extra["field"] == "reason"
    revoked = services.certificate_revoke(
        certificate=certificate, reason="Completion entered in error", actor=hr
    )
    assert revoked.is_revoked and revoked.revoked_by == hr
    assert AuditEntry.objects.filter(action="certificate.revoke", object_id=str(certificate.pk)).exists()
    with pytest.raises(ApplicationError) as exc:
        services.certificate_revoke(certificate=certificate, reason="again", actor=hr)
    assert exc.value.code == "already_revoked"


@pytest.mark.django_db
def test_revoke_refused_outside_scope_and_for_holder(certificate, hr_elsewhere, learner, admin_user):
    for actor in (hr_elsewhere, learner):
        with pytest.raises(ApplicationError) as exc:
            services.certificate_revoke(certificate=certificate, reason="no", actor=actor)
        assert exc.value.code == "forbidden"
    assert services.certificate_revoke(certificate=certificate, reason="fraud", actor=admin_user).is_revoked


@pytest.mark.django_db
def test_servant_without_account_gets_it_and_sees_it_once_linked(client, ministry):
    from tests.factories import CivilServantFactory, PositionFactory, UserFactory

    servant = CivilServantFactory(
        position=PositionFactory(body=ministry),
        last_name_ru="Оспанов",
        first_name_ru="Ерлан",
        middle_name_ru="",
    )
    c = issue(None, "run-application:5", servant=servant, kind=CertificateKind.RUN)
    assert c.holder is None and c.holder_name == "Оспанов Ерлан"
    user = UserFactory(username="late")
    servant.user = user
    servant.save(update_fields=["user"])
    client.force_login(user)
    assert client.get(f"/api/v1/certificates/{c.pk}/").status_code == 200
    assert [x["number"] for x in client.get("/api/v1/certificates/").json()["results"]] == [c.number]


@pytest.mark.django_db
def test_holder_or_servant_required():
    with pytest.raises(ApplicationError) as exc:
        issue(None)
    assert exc.value.extra["field"] == "holder"
