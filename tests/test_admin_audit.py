"""Every staff write through the Django admin (people, competency framework, courses, notifications) leaves an
audit row; models whose writes carry rules go through their services or are read-only there."""

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from competency_framework.models import (
    AssessmentSource,
    Competency,
    CompetencyAssessment,
    Framework,
    ScaleLevel,
)
from courses import services as course_services
from courses.models import CourseType, Provider
from lms.models import AuditEntry
from notifications.models import Notification
from people.models import Region, Role
from tests.factories import CivilServantFactory, RegionFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def _actions(**filters) -> list[str]:
    return list(AuditEntry.objects.filter(**filters).order_by("pk").values_list("action", flat=True))


REGION = {
    "code": "R-NEW",
    "kind": Region.Kind.OBLYS,
    "name_kk": "Жаңа облыс",
    "name_ru": "Новая область",
    "name_en": "New region",
}


def test_admin_add_change_and_delete_each_write_an_audit_row(client, staff):
    assert client.post("/admin/people/region/add/", REGION).status_code == 302
    region = Region.objects.get(code="R-NEW")
    entry = AuditEntry.objects.get(action="admin.people.region.create")
    assert (entry.actor, entry.object_id) == (staff, str(region.pk))

    response = client.post(
        f"/admin/people/region/{region.pk}/change/", {**REGION, "name_en": "Renamed region"}
    )
    assert response.status_code == 302
    change = AuditEntry.objects.get(action="admin.people.region.change")
    assert change.after["fields"] == {"name_en": "Renamed region"}

    assert client.post(f"/admin/people/region/{region.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Region.objects.filter(pk=region.pk).exists()
    assert _actions(object_id=str(region.pk), object_type="people.region") == [
        "admin.people.region.create",
        "admin.people.region.change",
        "admin.people.region.delete",
    ]


def test_the_bulk_delete_action_audits_every_row(client, staff):
    regions = [RegionFactory(), RegionFactory()]
    response = client.post(
        "/admin/people/region/",
        {"action": "delete_selected", "post": "yes", ACTION_CHECKBOX_NAME: [r.pk for r in regions]},
    )
    assert response.status_code == 302
    assert sorted(
        AuditEntry.objects.filter(action="admin.people.region.delete").values_list("object_id", flat=True)
    ) == sorted(str(r.pk) for r in regions)


def test_a_password_change_in_the_admin_is_audited(client, staff):
    user = UserFactory(username="clerk")
    response = client.post(
        f"/admin/people/user/{user.pk}/password/",
        {"password1": "Another-pass-2026!", "password2": "Another-pass-2026!", "usable_password": "true"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.people.user.change", object_id=str(user.pk))
    assert entry.actor == staff and "Another-pass" not in str(entry.after)


def test_course_types_edited_in_the_list_are_audited(client, staff):
    course_type = CourseType.objects.order_by("sort_order", "code").first()
    types = list(CourseType.objects.order_by("sort_order", "code"))
    data = {"form-TOTAL_FORMS": len(types), "form-INITIAL_FORMS": len(types), "_save": "Save"}
    for i, t in enumerate(types):
        data.update(
            {
                f"form-{i}-id": t.pk,
                f"form-{i}-min_hours": t.min_hours or "",
                f"form-{i}-max_hours": t.max_hours or "",
                f"form-{i}-sort_order": t.sort_order,
            }
        )
        if t.self_paced:
            data[f"form-{i}-self_paced"] = "on"
    data["form-0-sort_order"] = course_type.sort_order + 100
    assert client.post("/admin/courses/coursetype/", data).status_code == 302
    entry = AuditEntry.objects.get(action="admin.courses.coursetype.change")
    assert entry.object_id == str(course_type.pk)


def test_course_authors_change_through_the_service_and_courses_are_not_added_here(client, staff):
    faculty = user_with_role(Role.FACULTY, username="faculty")
    other = user_with_role(Role.FACULTY, username="other_faculty")
    apa = Provider.objects.create(code="APA", kind=Provider.Kind.APA, name_kk="А", name_ru="А", name_en="APA")
    course_type = CourseType.objects.filter(min_hours__lte=16).order_by("sort_order").first()
    course = course_services.course_create(
        actor=faculty,
        code="ADM-1",
        course_type=course_type,
        provider=apa,
        hours=max(16, course_type.min_hours or 0),
        title_ru="Курс",
    )
    assert client.get("/admin/courses/course/add/").status_code == 403
    version = course.versions.get()
    inline = {
        "versions-TOTAL_FORMS": 1,
        "versions-INITIAL_FORMS": 1,
        "versions-0-id": version.pk,
        "versions-0-course": course.pk,
    }
    response = client.post(
        f"/admin/courses/course/{course.pk}/change/", {**inline, "authors": [faculty.pk, other.pk]}
    )
    assert response.status_code == 302
    assert set(course.authors.all()) == {faculty, other}
    entry = AuditEntry.objects.get(action="courses.course.authors")
    assert entry.actor == staff and entry.after == {"authors": ["faculty", "other_faculty"]}
    # a course needs an author: a form error, not a failed save
    response = client.post(f"/admin/courses/course/{course.pk}/change/", {**inline, "authors": []})
    assert response.status_code == 200 and set(course.authors.all()) == {faculty, other}


def test_assessments_are_added_through_the_service_and_never_edited(client, staff):
    framework = Framework.objects.create(idnumber="FW", name_en="Framework")
    level = ScaleLevel.objects.create(framework=framework, value=1, name_en="L1")
    competency = Competency.objects.create(framework=framework, idnumber="LEAD", name_en="Leadership")
    other_level = ScaleLevel.objects.create(
        framework=Framework.objects.create(idnumber="X", name_en="X"), value=1, name_en="X1"
    )
    servant = CivilServantFactory()
    form = {
        "servant": servant.pk,
        "competency": competency.pk,
        "level": level.pk,
        "source": AssessmentSource.MANAGER,
        "assessed_on": "2026-05-04",
        "note": "admin",
    }

    assert (
        client.post(
            "/admin/competency_framework/competencyassessment/add/", {**form, "level": other_level.pk}
        ).status_code
        == 200
    )  # form error
    assert not CompetencyAssessment.objects.exists()
    response = client.post("/admin/competency_framework/competencyassessment/add/", form)
    assert response.status_code == 302
    assessment = CompetencyAssessment.objects.get()
    assert (assessment.assessor, assessment.assessed_on) == (staff, date(2026, 5, 4))
    assert _actions(object_type="competency_framework.competencyassessment") == ["competency.assess"]
    change = client.post(
        f"/admin/competency_framework/competencyassessment/{assessment.pk}/change/",
        {**form, "note": "edited"},
    )
    assert change.status_code == 403
    assessment.refresh_from_db()
    assert assessment.note == "admin"


def test_notifications_are_read_only_in_the_admin(client, staff):
    notice = Notification.objects.create(user=staff, kind="test", dedup_key="k", title="Hello")
    assert client.get("/admin/notifications/notification/").status_code == 200
    assert client.get("/admin/notifications/notification/add/").status_code == 403
    assert (
        client.post(
            f"/admin/notifications/notification/{notice.pk}/change/", {"title": "Changed"}
        ).status_code
        == 403
    )
    assert (
        client.post(f"/admin/notifications/notification/{notice.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    notice.refresh_from_db()
    assert notice.title == "Hello"


def test_scholarship_and_question_admin_writes_are_audited_or_refused(client, staff):
    """Banks and grant equivalences are edited in the admin with an audit row; questions (regraded on
    correction by re-import), quizzes, applications and allocation runs cannot be changed there."""
    from assessments.models import QuestionBank
    from scholarships.models import EnglishEquivalence

    response = client.post(
        "/admin/assessments/questionbank/add/",
        {"code": "ADM-BANK", "title_en": "Admin bank", "title_ru": "Банк", "title_kk": "Банк", "course": ""},
    )
    assert response.status_code == 302, response.content[:2000]
    bank = QuestionBank.objects.get(code="ADM-BANK")
    assert AuditEntry.objects.filter(
        action="admin.assessments.questionbank.create", object_id=str(bank.pk)
    ).exists()

    equivalence = EnglishEquivalence.objects.first()
    if equivalence is not None:
        client.post(f"/admin/scholarships/englishequivalence/{equivalence.pk}/delete/", {"post": "yes"})
        assert _actions(action="admin.scholarships.englishequivalence.delete")

    for model in (
        "assessments/question",
        "assessments/quiz",
        "assessments/attempt",
        "scholarships/application",
        "scholarships/allocationrun",
    ):
        assert client.get(f"/admin/{model}/add/").status_code == 403, model
