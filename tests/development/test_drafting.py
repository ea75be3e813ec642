from datetime import date

import pytest
from django.core.management import call_command

from development.drafting import plans_generate
from development.models import (
    DevelopmentPlan,
    ItemKind,
    ItemSource,
    PlanItem,
    ReserveMembership,
    TrainingNeed,
)
from development.proposals import CourseRanker
from development.selectors import proposals
from development.services import plan_create
from lms.errors import ApplicationError
from tests.development.conftest import YEAR
from tests.factories import CivilServantFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_draft_has_the_gap_at_the_needed_level_with_the_best_fitting_course(world):
    report = plans_generate(year=YEAR)
    assert report.created == 1 and not report.errors  # only the corps A servant must have a plan
    plan = DevelopmentPlan.objects.get(servant=world["servant"])
    assert (plan.period_start, plan.period_end, plan.status) == (
        date(YEAR, 1, 1),
        date(YEAR, 12, 31),
        "draft",
    )
    (item,) = plan.items.all()  # INTEG is assessed above its level: no gap
    assert (
        item.competency == world["comps"]["LEAD"] and item.target_level == 3 and item.source == ItemSource.GAP
    )
    assert item.course_id == world["courses"]["L3"].pk  # the closest level at or above 3; never LEAD-2
    assert plan.steps.get().action == "drafted"


def test_ranking_never_below_the_needed_level_and_closest_level_first(world):
    ranked = CourseRanker().rank(world["comps"]["LEAD"].pk, 3, "en")
    assert [p.code for p in ranked] == ["LEAD-3", "LEAD-4"]
    assert all(p.level >= 3 for p in ranked)
    # at the same level fewer hours and a run with free places rank first
    assert [p.code for p in CourseRanker().rank(world["comps"]["LEAD"].pk, 1, "en")] == [
        "LEAD-2",
        "LEAD-3",
        "LEAD-4",
    ]


def test_ranking_prefers_the_language_and_an_open_run(world):
    from tests.enrollment.test_offerings import make_offering

    lead = world["comps"]["LEAD"].pk
    make_offering(version=world["courses"]["L4"].published_version, start_in=20, capacity=5)
    ranked = CourseRanker().rank(lead, 4, "en")
    assert ranked[0].code == "LEAD-4" and ranked[0].free_places == 5 and ranked[0].next_start is not None


def test_generation_is_idempotent_and_dry_run_writes_nothing(world, capsys):
    call_command("generate_development_plans", "--period", str(YEAR), "--dry-run")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "created 1, unchanged 0, errors 0"
    assert not DevelopmentPlan.objects.exists()
    call_command("generate_development_plans", "--period", str(YEAR))
    assert capsys.readouterr().out.strip().splitlines()[-1] == "created 1, unchanged 0, errors 0"
    call_command("generate_development_plans", "--period", str(YEAR), "--body", "MIN")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "created 0, unchanged 1, errors 0"
    assert DevelopmentPlan.objects.count() == 1


def test_reserve_members_must_have_a_plan(world):
    member = world["stranger"]
    ReserveMembership.objects.create(servant=member, admitted_on=date(2026, 1, 10), certificate_number="R-1")
    report = plans_generate(year=YEAR)
    assert report.created == 2
    assert DevelopmentPlan.objects.get(servant=member).mandatory


def test_voluntary_plan_for_anyone_but_only_once(world):
    plan = plan_create(servant=world["stranger"], year=YEAR, actor=world["stranger_user"])
    assert plan.mandatory is False
    with pytest.raises(ApplicationError) as err:
        plan_create(servant=world["stranger"], year=YEAR, actor=world["stranger_user"])
    assert err.value.code == "plan_exists"
    with pytest.raises(ApplicationError):
        plan_create(servant=world["servant"], year=YEAR, actor=world["stranger_user"])


def test_open_training_needs_feed_the_draft_and_are_consumed(world):
    need = TrainingNeed.objects.create(
        servant=world["servant"], source=TrainingNeed.Source.EVALUATION, year=2026, reason="2026: 2.50 < 3"
    )
    plans_generate(year=YEAR)
    plan = DevelopmentPlan.objects.get(servant=world["servant"])
    assert plan.items.filter(source=ItemSource.NEED, title="2026: 2.50 < 3").exists()
    need.refresh_from_db()
    assert need.consumed_by == plan


def test_proposals_for_a_gap_item(world):
    plans_generate(year=YEAR)
    plan = DevelopmentPlan.objects.get(servant=world["servant"])
    ((item, found),) = proposals(plan, language="en")
    assert [p.code for p in found] == ["LEAD-3", "LEAD-4"]


def test_a_gap_without_a_course_becomes_self_study(world):
    from competency_framework.models import ProfileRequirement

    ProfileRequirement.objects.filter(competency=world["comps"]["INTEG"]).update(level=world["levels"][4])
    plans_generate(year=YEAR)
    item = PlanItem.objects.get(competency=world["comps"]["INTEG"])
    assert item.kind == ItemKind.SELF_STUDY and item.target_level == 4 and item.course_id is None


def test_corps_a_post_may_carry_a_category_code(world):
    post = PositionFactory(body=world["body"], corps="A", category_code="A-2")
    CivilServantFactory(position=post)
    assert plans_generate(year=YEAR).created == 2
