import pytest

from competency_framework.demo import FRAMEWORK_IDNUMBER, seed_competency_demo
from competency_framework.models import (
    BehaviouralIndicator,
    CompetencyAssessment,
    Framework,
    PositionProfile,
    ProfileRequirement,
)
from competency_framework.selectors import profile_for_position, servant_gaps
from people.models import Corps
from tests.factories import CivilServantFactory, PositionFactory, StateBodyFactory

pytestmark = pytest.mark.django_db

CODES = ["STRESS", "INIT", "RESP", "CLIENT", "INTEG", "SELFDEV", "PROMPT", "COOP", "MANAGE", "DECIDE", "LEAD",
         "STRAT", "CHANGE"]


def _required(profile) -> dict[str, int]:
    return dict(ProfileRequirement.objects.filter(profile=profile).values_list("competency__idnumber", "level__value"))


def test_seed_builds_the_corps_b_framework_idempotently():
    ministry = StateBodyFactory(code="MF")
    committee = StateBodyFactory(parent=ministry)
    for code, managerial in [("C-O-2", True), ("C-O-4", False), ("E-3", False)]:
        CivilServantFactory.create_batch(3, position=PositionFactory(category_code=code, managerial=managerial))
    in_mf = CivilServantFactory(position=PositionFactory(body=committee, category_code="C-3", managerial=False))
    first = seed_competency_demo(assessments=8)
    fw = Framework.objects.get(idnumber=FRAMEWORK_IDNUMBER)
    assert fw.is_primary and fw.needs_review_kk
    assert list(fw.competencies.values_list("idnumber", flat=True)) == CODES
    stress = fw.competencies.get(idnumber="STRESS")
    assert (stress.name_kk, stress.name_ru, stress.name_en) == ("Стресске төзімділік", "Стрессоустойчивость",
                                                               "Stress resistance")
    assert not fw.competencies.filter(needs_review_kk=False).exists()
    assert [lv.name_en for lv in fw.levels.all()] == ["Basic", "Intermediate", "Advanced", "Expert"]
    indicators = BehaviouralIndicator.objects.filter(competency__framework=fw)
    assert indicators.count() == 13 * 4 and not indicators.filter(is_example=False).exists()
    assert first["assessments"] == CompetencyAssessment.objects.count() > 0
    assert CompetencyAssessment.objects.values("servant").distinct().count() == 8

    counts = (PositionProfile.objects.count(), ProfileRequirement.objects.count(),
              CompetencyAssessment.objects.count(), indicators.count())
    seed_competency_demo(assessments=8)
    assert counts == (PositionProfile.objects.count(), ProfileRequirement.objects.count(),
                      CompetencyAssessment.objects.count(), indicators.count())

    mgr = profile_for_position(PositionFactory(category_code="C-O-2", managerial=True))
    ex = profile_for_position(PositionFactory(category_code="C-O-5", managerial=False))
    assert (mgr.category_group, mgr.managerial, ex.managerial) == ("C-O", True, False)
    mgr_req, ex_req = _required(mgr), _required(ex)
    assert all(mgr_req[c] > ex_req[c] for c in ("MANAGE", "DECIDE", "LEAD", "STRAT", "CHANGE"))
    override = profile_for_position(in_mf.position)
    assert override.body == ministry and _required(override)["INTEG"] == 4
    assert len(servant_gaps(in_mf)) == 13


def test_seed_without_ministry_of_finance_or_servants():
    result = seed_competency_demo()
    assert result["assessments"] == 0
    assert not PositionProfile.objects.filter(body__isnull=False).exists()
    assert PositionProfile.objects.filter(corps=Corps.B, managerial=True).count() == 10
