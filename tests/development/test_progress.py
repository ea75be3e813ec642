from datetime import date

import pytest

from compliance.services import training_record_create
from development import services
from development.drafting import plans_generate
from development.models import DevelopmentPlan, ItemSource, ItemStatus, PlanStatus, TrainingNeed
from development.progress import plan_progress, plans_sync
from lms.test_results import TestResult, publish
from tests.development.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    plans_generate(year=YEAR)
    return DevelopmentPlan.objects.get(servant=world["servant"])


def test_progress_from_a_completion_in_the_ledger(world, plan):
    item = plan.items.get()
    training_record_create(
        servant=world["servant"],
        title=item.title,
        course_type="advanced_training",
        hours=40,
        completed_on=date(YEAR, 3, 1),
        provider="Academy",
        actor=None,
    )
    assert plan_progress(plan).done == 0
    assert plans_sync(plans=[plan]) == 1
    item.refresh_from_db()
    assert (item.status, item.done_on, item.done_hours) == (ItemStatus.DONE, date(YEAR, 3, 1), 40)
    progress = plan_progress(plan, as_of=date(YEAR, 3, 2))
    assert (progress.planned, progress.done, progress.hours_planned, progress.hours_done) == (1, 1, 40, 40)
    assert progress.percent == 100 and progress.three_year_status


def test_a_completion_outside_the_period_does_not_count(world, plan):
    item = plan.items.get()
    training_record_create(
        servant=world["servant"],
        title=item.title,
        course_type="advanced_training",
        hours=40,
        completed_on=date(YEAR - 1, 3, 1),
        provider="Academy",
        actor=None,
    )
    assert plans_sync(plans=[plan]) == 0


def test_test_results_through_the_registry(world, plan):
    lead = world["comps"]["LEAD"].pk
    publish(
        TestResult(
            servant_id=world["servant"].pk,
            taken_on=date(YEAR, 5, 1),
            passed=False,
            title="LEAD test",
            competency_id=lead,
            level=2,
        )
    )
    assert TrainingNeed.objects.filter(servant=world["servant"], source="test", competency_id=lead).exists()
    publish(
        TestResult(
            servant_id=world["servant"].pk,
            taken_on=date(YEAR, 6, 1),
            passed=True,
            title="LEAD test",
            competency_id=lead,
            level=3,
        )
    )
    assert plan.items.get().status == ItemStatus.DONE


def test_close_with_review_and_open_items_carry_over(world, plan):
    services.plan_item_add(plan=plan, actor=world["servant_user"], kind="mentoring", title="Mentoring")
    services.plan_submit(plan=plan, actor=world["servant_user"])
    services.plan_approve(plan=plan, actor=world["manager"])
    services.plan_confirm(plan=plan, actor=world["hr"])
    with pytest.raises(Exception):  # noqa: B017 -- a review is required
        services.plan_close(plan=plan, actor=world["hr"], review="")
    services.plan_close(plan=plan, actor=world["hr"], review="Leadership still to do")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED and plan.review == "Leadership still to do"
    plans_generate(year=YEAR + 1)
    following = DevelopmentPlan.objects.get(servant=world["servant"], period_start=date(YEAR + 1, 1, 1))
    assert following.previous == plan
    carried = following.items.filter(source=ItemSource.CARRIED)
    assert set(carried.values_list("title", flat=True)) == {"Mentoring"}  # the LEAD gap is drafted anew
    assert following.items.filter(source=ItemSource.GAP).count() == 1
    assert all(i.due_on == date(YEAR + 1, 12, 31) for i in carried)
