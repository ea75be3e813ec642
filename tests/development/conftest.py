"""A small world for development plans: a corps A servant in unit U1 whose profile needs LEAD 3 and INTEG 2
(assessed LEAD 1, INTEG 3: one gap), her line manager (U1), a manager of another unit (U2), HR of the body,
a stranger servant in U2, and three published courses that develop LEAD to levels 2, 3 and 4."""

import importlib
from datetime import date

import pytest

from competency_framework.models import (
    AssessmentSource,
    Competency,
    CompetencyAssessment,
    Framework,
    PositionProfile,
    ProfileRequirement,
    ScaleLevel,
)
from compliance.services import compliance_rules_ensure
from courses import services as course_services
from courses.models import CourseType, Provider
from people.models import Corps, Role
from tests.courses.conftest import make_course, publish
from tests.factories import (
    CivilServantFactory,
    PositionFactory,
    StateBodyFactory,
    StructuralUnitFactory,
    UserFactory,
    user_with_role,
)

YEAR = 2027


def _course(code, *, level, comp, levels, author, reviewer, provider, hours=24, languages="kk ru en"):
    course = make_course(
        author,
        code=code,
        course_type=CourseType.objects.get(code="advanced_training"),
        provider=provider,
        hours=hours,
        languages=languages,
    )
    version = course.versions.get()
    course_services.version_set_competencies(
        version=version, actor=author, items=[{"competency": comp, "level": levels[level]}]
    )
    publish(course, author, reviewer)
    return course


@pytest.fixture
def world(db):
    return build_world()


def build_world() -> dict:
    # a transactional test (the browser's) flushes the rows data migrations installed: put them back
    from django.apps import apps

    importlib.import_module("courses.migrations.0002_course_types").seed(apps, None)
    compliance_rules_ensure()
    fw = Framework.objects.create(idnumber="FW", name_en="Framework", name_ru="Модель", is_primary=True)
    levels = {v: ScaleLevel.objects.create(framework=fw, value=v, name_en=f"L{v}") for v in range(1, 5)}
    comps = {
        c: Competency.objects.create(framework=fw, idnumber=c, name_en=c, name_ru=c, sort_order=i)
        for i, c in enumerate(["LEAD", "INTEG", "STRESS"])
    }
    profile = PositionProfile.objects.create(framework=fw, corps=Corps.A, name_en="Corps A")
    ProfileRequirement.objects.create(profile=profile, competency=comps["LEAD"], level=levels[3])
    ProfileRequirement.objects.create(profile=profile, competency=comps["INTEG"], level=levels[2])

    body = StateBodyFactory(code="MIN")
    u1, u2 = StructuralUnitFactory(body=body, code="U1"), StructuralUnitFactory(body=body, code="U2")
    post_a = PositionFactory(
        body=body, unit=u1, corps=Corps.A, category_code="", title_en="Executive secretary"
    )
    servant_user = UserFactory(username="servant.a", preferred_language="en")
    servant = CivilServantFactory(
        user=servant_user,
        position=post_a,
        personnel_number="A-0001",
        first_time_entrant=True,
        appointed_on=date(2026, 9, 1),
        entered_service_on=date(2026, 9, 1),
    )
    for comp, value in (("LEAD", 1), ("INTEG", 3)):
        CompetencyAssessment.objects.create(
            servant=servant,
            competency=comps[comp],
            level=levels[value],
            source=AssessmentSource.MANAGER,
            assessed_on=date(2026, 10, 1),
        )
    manager = user_with_role(Role.LINE_MANAGER, unit=u1, username="manager.u1")
    other_manager = user_with_role(Role.LINE_MANAGER, unit=u2, username="manager.u2")
    hr = user_with_role(Role.HR_OFFICER, body=body, username="hr.min")
    other_hr = user_with_role(Role.HR_OFFICER, body=StateBodyFactory(code="OTHER"), username="hr.other")
    stranger_user = UserFactory(username="stranger")
    post_b = PositionFactory(body=body, unit=u2, title_en="Expert")
    stranger = CivilServantFactory(user=stranger_user, position=post_b, personnel_number="B-0001")
    mentor = CivilServantFactory(position=PositionFactory(body=body, unit=u1), personnel_number="M-0001")

    author = user_with_role(Role.FACULTY, username="faculty")
    reviewer = user_with_role(Role.ADMIN, username="reviewer")
    apa = Provider.objects.create(
        code="APA", kind=Provider.Kind.APA, name_kk="АГУ", name_ru="Академия", name_en="Academy"
    )
    courses = {
        "L2": _course(
            "LEAD-2",
            level=2,
            comp=comps["LEAD"],
            levels=levels,
            author=author,
            reviewer=reviewer,
            provider=apa,
        ),
        "L3": _course(
            "LEAD-3",
            level=3,
            comp=comps["LEAD"],
            levels=levels,
            author=author,
            reviewer=reviewer,
            provider=apa,
            hours=40,
        ),
        "L4": _course(
            "LEAD-4",
            level=4,
            comp=comps["LEAD"],
            levels=levels,
            author=author,
            reviewer=reviewer,
            provider=apa,
            hours=16,
        ),
    }
    return {
        "fw": fw,
        "levels": levels,
        "comps": comps,
        "body": body,
        "u1": u1,
        "u2": u2,
        "servant": servant,
        "servant_user": servant_user,
        "manager": manager,
        "other_manager": other_manager,
        "hr": hr,
        "other_hr": other_hr,
        "stranger": stranger,
        "stranger_user": stranger_user,
        "mentor": mentor,
        "courses": courses,
        "apa": apa,
        "reviewer": reviewer,
    }
