from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competency_framework.models import (
    AssessmentSource,
    CompetencyAssessment,
    PositionProfile,
    ProfileRequirement,
)
from competency_framework.selectors import GapRow, body_gap_matrix, latest_assessments, servant_gaps
from competency_framework.services import assessment_record
from lms.errors import ApplicationError
from people.models import Corps, Role
from tests.factories import (
    CivilServantFactory,
    PositionFactory,
    StateBodyFactory,
    StructuralUnitFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db
S = AssessmentSource


def _require(framework, levels, comps, *, managerial=None, body=None, **req):
    profile = PositionProfile.objects.create(framework=framework, corps=Corps.B, managerial=managerial, body=body,
                                             name_en="p")
    ProfileRequirement.objects.bulk_create(
        [ProfileRequirement(profile=profile, competency=comps[c], level=levels[v]) for c, v in req.items()])
    return profile


def _assess(servant, comp, level, source, on):
    return CompetencyAssessment.objects.create(servant=servant, competency=comp, level=level, source=source,
                                               assessed_on=on)


def test_servant_gaps_use_latest_assessment_by_date_then_source(framework, levels, comps):
    _require(framework, levels, comps, A=3, B=2, C=2)
    servant = CivilServantFactory()
    day = date(2025, 3, 1)
    _assess(servant, comps["A"], levels[4], S.SELF, day)
    _assess(servant, comps["A"], levels[2], S.TEST, day)  # same day: test beats self
    _assess(servant, comps["A"], levels[4], S.MANAGER, day)
    _assess(servant, comps["B"], levels[1], S.TEST, date(2024, 1, 1))
    _assess(servant, comps["B"], levels[3], S.SELF, date(2025, 6, 1))  # later date wins over source
    _assess(servant, comps["D"], levels[2], S.EVALUATION, day)  # assessed, not required
    rows = servant_gaps(servant)
    assert rows == [
        GapRow(comps["A"], 3, 2, 1),
        GapRow(comps["B"], 2, 3, -1),
        GapRow(comps["C"], 2, None, None),
        GapRow(comps["D"], None, 2, None),
    ]


def test_latest_assessments_keeps_one_per_servant_and_competency(framework, levels, comps):
    servant = CivilServantFactory()
    for source in (S.SELF, S.MANAGER, S.EVALUATION):
        _assess(servant, comps["A"], levels[1], source, date(2025, 1, 1))
    winner = _assess(servant, comps["A"], levels[2], S.EVALUATION, date(2025, 1, 1))  # tie: later record
    assert list(latest_assessments().filter(servant=servant)) == [winner]


def test_servant_without_profile_or_framework_has_only_assessed_rows(framework, levels, comps):
    servant = CivilServantFactory()
    assert servant_gaps(servant) == []
    _assess(servant, comps["B"], levels[2], S.TEST, date(2025, 1, 1))
    assert servant_gaps(servant) == [GapRow(comps["B"], None, 2, None)]


def _org():
    root = StateBodyFactory()
    child = StateBodyFactory(parent=root)
    u1 = StructuralUnitFactory(body=root, code="U1")
    u2 = StructuralUnitFactory(body=child, code="U2")
    exec_u1 = PositionFactory(body=root, unit=u1, managerial=False)
    mgr_u2 = PositionFactory(body=child, unit=u2, managerial=True)
    return root, child, u1, u2, exec_u1, mgr_u2


def _servant(position):
    return CivilServantFactory(position=position)


def test_body_matrix_aggregates_by_unit_and_competency(framework, levels, comps):
    root, child, u1, u2, exec_u1, mgr_u2 = _org()
    _require(framework, levels, comps, managerial=False, A=2, B=2)
    _require(framework, levels, comps, managerial=True, A=3, C=3)
    s1, s2, s3 = _servant(exec_u1), _servant(exec_u1), _servant(exec_u1)
    m1 = _servant(mgr_u2)
    outsider = _servant(PositionFactory(managerial=False))  # another tree
    day = date(2025, 2, 1)
    _assess(s1, comps["A"], levels[1], S.TEST, day)  # gap 1
    _assess(s2, comps["A"], levels[4], S.TEST, day)  # gap -2
    _assess(s2, comps["A"], levels[1], S.SELF, date(2024, 1, 1))  # superseded
    _assess(s3, comps["B"], levels[1], S.MANAGER, day)  # gap 1
    _assess(m1, comps["C"], levels[1], S.EVALUATION, day)  # gap 2
    _assess(m1, comps["D"], levels[1], S.EVALUATION, day)  # not required: ignored
    _assess(outsider, comps["A"], levels[1], S.TEST, day)
    admin = user_with_role(Role.ADMIN)
    admin.is_superuser = True
    admin.save()
    matrix = body_gap_matrix(user=admin, body=root)
    assert [c.idnumber for c in matrix.competencies] == ["A", "B", "C"]
    assert matrix.units == [u1, u2]
    a1 = matrix.cell(u1, comps["A"])
    assert (a1.headcount, a1.assessed, a1.below, a1.avg_gap) == (3, 2, 1, -0.5)
    b1 = matrix.cell(u1, comps["B"])
    assert (b1.headcount, b1.assessed, b1.below, b1.avg_gap) == (3, 1, 1, 1.0)
    c2 = matrix.cell(u2, comps["C"])
    assert (c2.headcount, c2.assessed, c2.below, c2.avg_gap) == (1, 1, 1, 2.0)
    a2 = matrix.cell(u2, comps["A"])
    assert (a2.headcount, a2.assessed, a2.avg_gap) == (1, 0, None)
    assert matrix.cell(u1, comps["C"]).headcount == 0  # executives need no C
    sub = body_gap_matrix(user=admin, body=child)
    assert sub.units == [u2]


def test_body_matrix_is_scoped_to_what_the_user_sees(framework, levels, comps):
    root, child, u1, u2, exec_u1, mgr_u2 = _org()
    _require(framework, levels, comps, A=2)
    _servant(exec_u1), _servant(mgr_u2)
    hr_child = user_with_role(Role.HR_OFFICER, body=child)
    assert body_gap_matrix(user=hr_child, body=root).units == [u2]
    analyst = user_with_role(Role.ANALYST)
    assert body_gap_matrix(user=analyst, body=root).cells == {}


def test_body_matrix_query_count_does_not_grow_with_headcount(framework, levels, comps):
    root, child, u1, u2, exec_u1, mgr_u2 = _org()
    _require(framework, levels, comps, managerial=False, A=2, B=2)
    _require(framework, levels, comps, managerial=True, A=3, C=3)
    _require(framework, levels, comps, body=child, managerial=True, D=4)
    hr = user_with_role(Role.HR_OFFICER, body=root)

    def add(n):
        for i in range(n):
            s = _servant(exec_u1 if i % 2 else mgr_u2)
            _assess(s, comps["A"], levels[1 + i % 4], S.TEST, date(2025, 1, 1 + i % 28))

    add(4)
    with CaptureQueriesContext(connection) as small:
        body_gap_matrix(user=hr, body=root)
    add(40)
    hr = type(hr).objects.get(pk=hr.pk)  # fresh actor cache
    with CaptureQueriesContext(connection) as big:
        matrix = body_gap_matrix(user=hr, body=root)
    # framework, actor roles, own servant, headcounts, profiles, requirements, assessments, competencies, units
    assert len(big) == len(small) == 9
    assert matrix.cell(u2, comps["D"]).headcount == 22  # sectoral override applied to managers in child
    assert matrix.cell(u1, comps["A"]).headcount == 22


def test_assessment_record_checks_scale_and_audits(framework, levels, comps):
    from competency_framework.models import Framework, ScaleLevel
    from lms.models import AuditEntry

    servant = CivilServantFactory()
    other = Framework.objects.create(idnumber="X", name_en="X")
    foreign = ScaleLevel.objects.create(framework=other, value=1, name_en="x")
    with pytest.raises(ApplicationError) as err:
        assessment_record(servant=servant, competency=comps["A"], level=foreign, source=S.TEST,
                          assessed_on=date(2025, 1, 1), actor=None)
    assert err.value.code == "level_not_in_scale"
    with pytest.raises(ApplicationError):
        assessment_record(servant=servant, competency=comps["A"], level=levels[2], source="rumour",
                          assessed_on=date(2025, 1, 1), actor=None)
    a = assessment_record(servant=servant, competency=comps["A"], level=levels[2], source=S.TEST,
                          assessed_on=date(2025, 1, 1), actor=None)
    assert AuditEntry.objects.filter(action="competency.assess", object_id=str(a.pk)).exists()
