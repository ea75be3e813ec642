"""The compliance admin writes only through the audited services: an exemption or a rule version saved in the
Django admin leaves the service's audit row; saved rows are read-only there."""

from datetime import date

import pytest

from compliance.models import Exemption, RuleVersion, TrainingRecord
from courses.models import CourseType
from lms.models import AuditEntry
from people.models import Role
from tests.factories import CivilServantFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = user_with_role(Role.ADMIN, username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_exemption_added_in_the_admin_goes_through_the_audited_service(client, staff):
    servant = CivilServantFactory()
    response = client.post(
        "/admin/compliance/exemption/add/",
        {
            "servant": servant.pk,
            "reason": "parental_leave",
            "start_on": "2025-01-01",
            "end_on": "2025-06-30",
            "note": "order 7",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    exemption = Exemption.objects.get(servant=servant)
    assert exemption.approved_by == staff and exemption.approved_at is not None
    entry = AuditEntry.objects.get(action="exemption.create")
    assert entry.actor == staff and entry.object_id == str(exemption.pk)
    # read-only once saved; withdrawing it is audited too
    assert (
        client.post(
            f"/admin/compliance/exemption/{exemption.pk}/change/",
            {"servant": servant.pk, "reason": "illness", "start_on": "2025-01-01", "end_on": "2025-06-30"},
        ).status_code
        == 403
    )
    assert Exemption.objects.get(pk=exemption.pk).reason == "parental_leave"
    assert (
        client.post(f"/admin/compliance/exemption/{exemption.pk}/delete/", {"post": "yes"}).status_code == 302
    )
    assert not Exemption.objects.exists()
    assert AuditEntry.objects.filter(action="exemption.delete", object_id=str(exemption.pk)).count() == 1


def test_overlapping_exemption_is_refused_in_the_admin_form(client, staff):
    servant = CivilServantFactory()
    Exemption.objects.create(
        servant=servant, reason="illness", start_on=date(2025, 1, 1), end_on=date(2025, 3, 1)
    )
    response = client.post(
        "/admin/compliance/exemption/add/",
        {"servant": servant.pk, "reason": "other", "start_on": "2025-02-01", "end_on": "2025-02-10"},
    )
    assert response.status_code == 200 and "overlaps" in response.content.decode()
    assert (
        Exemption.objects.count() == 1 and not AuditEntry.objects.filter(action="exemption.create").exists()
    )


def test_rule_version_added_in_the_admin_closes_the_open_one_and_is_audited(client, staff):
    open_version = RuleVersion.objects.get(rule__code="three_year", valid_to__isnull=True)
    types = [CourseType.objects.get(code="advanced_training").pk, CourseType.objects.get(code="seminar").pk]
    response = client.post(
        "/admin/compliance/ruleversion/add/",
        {
            "rule": open_version.rule_id,
            "valid_from": "2027-01-01",
            "period_years": 2,
            "window_months": 6,
            "newly_appointed_months": 12,
            "months_before_appointment": 0,
            "qualifying_course_types": types,
            "thresholds": "[90, 30]",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    new = RuleVersion.objects.get(rule=open_version.rule, valid_from=date(2027, 1, 1))
    assert sorted(new.qualifying_course_types.values_list("code", flat=True)) == [
        "advanced_training",
        "seminar",
    ]
    assert (new.period_years, new.thresholds) == (2, [90, 30])
    open_version.refresh_from_db()
    assert open_version.valid_to == date(2026, 12, 31)
    entry = AuditEntry.objects.get(action="rule_version.create")
    assert entry.actor == staff and entry.after["qualifying_types"] == ["advanced_training", "seminar"]


def test_training_record_added_in_the_admin_is_audited_and_verification_too(client, staff):
    servant = CivilServantFactory()
    response = client.post(
        "/admin/compliance/trainingrecord/add/",
        {
            "servant": servant.pk,
            "title": "Семинар",
            "course_type": "seminar",
            "hours": 8,
            "completed_on": "2025-03-01",
            "provider": "АГУ",
            "source": "external_upload",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = TrainingRecord.objects.get(servant=servant)
    assert AuditEntry.objects.filter(action="training_record.create", object_id=str(record.pk)).count() == 1
    client.post(
        "/admin/compliance/trainingrecord/", {"action": "mark_verified", "_selected_action": [record.pk]}
    )
    record.refresh_from_db()
    assert record.verified_by == staff
    assert AuditEntry.objects.filter(action="training_record.verify", object_id=str(record.pk)).count() == 1
