import pytest

from development import services
from development.drafting import plans_generate
from development.models import DevelopmentPlan, ItemKind, PlanStatus
from lms.errors import ApplicationError, NotAllowed
from lms.models import AuditEntry
from tests.development.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world):
    plans_generate(year=YEAR)
    return DevelopmentPlan.objects.get(servant=world["servant"])


def test_submit_approve_confirm_each_step_recorded_and_audited(world, plan):
    services.plan_item_add(plan=plan, actor=world["servant_user"], kind=ItemKind.MENTORING, title="Mentoring")
    services.plan_submit(plan=plan, actor=world["servant_user"])
    services.plan_approve(plan=plan, actor=world["manager"], comment="fine")
    services.plan_confirm(plan=plan, actor=world["hr"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONFIRMED
    assert list(plan.steps.values_list("action", "actor__username")) == [
        ("drafted", None),
        ("submitted", "servant.a"),
        ("approved", "manager.u1"),
        ("confirmed", "hr.min"),
    ]
    assert set(
        AuditEntry.objects.filter(
            object_id=str(plan.pk), object_type="development.developmentplan"
        ).values_list("action", flat=True)
    ) >= {"plan.draft", "plan.submitted", "plan.approved", "plan.confirmed"}


def test_return_needs_a_comment_and_allows_editing_again(world, plan):
    services.plan_submit(plan=plan, actor=world["servant_user"])
    with pytest.raises(ApplicationError) as err:
        services.plan_return(plan=plan, actor=world["manager"], comment=" ")
    assert err.value.code == "comment_required"
    services.plan_return(plan=plan, actor=world["manager"], comment="Add an internship")
    services.plan_item_add(
        plan=plan,
        actor=world["servant_user"],
        kind=ItemKind.INTERNSHIP,
        title="Internship",
        institution="Ministry of Finance",
    )
    services.plan_submit(plan=plan, actor=world["servant_user"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.steps.filter(action="returned").get().comment == "Add an internship"


def test_refusals(world, plan):
    with pytest.raises(NotAllowed):  # only the servant submits
        services.plan_submit(plan=plan, actor=world["manager"])
    with pytest.raises(ApplicationError) as err:  # not submitted yet
        services.plan_approve(plan=plan, actor=world["manager"])
    assert err.value.code == "plan_wrong_status"
    services.plan_submit(plan=plan, actor=world["servant_user"])
    for actor in (world["other_manager"], world["hr"], world["stranger_user"], world["servant_user"]):
        with pytest.raises(NotAllowed):  # a manager of another unit (or anyone else) cannot approve
            services.plan_approve(plan=plan, actor=actor)
    with pytest.raises(ApplicationError):  # items are frozen once submitted
        services.plan_item_add(plan=plan, actor=world["servant_user"], kind=ItemKind.MENTORING, title="x")
    with pytest.raises(ApplicationError) as err:  # HR confirms only approved plans
        services.plan_confirm(plan=plan, actor=world["hr"])
    assert err.value.code == "plan_wrong_status"
    services.plan_approve(plan=plan, actor=world["manager"])
    with pytest.raises(NotAllowed):  # HR of another body
        services.plan_confirm(plan=plan, actor=world["other_hr"])
    with pytest.raises(NotAllowed):
        services.plan_confirm(plan=plan, actor=world["manager"])


def test_item_rules(world, plan):
    with pytest.raises(ApplicationError) as err:
        services.plan_item_add(
            plan=plan, actor=world["servant_user"], kind=ItemKind.BOLASHAK, title="Master's"
        )
    assert err.value.extra["field"] == "institution"
    with pytest.raises(ApplicationError) as err:
        services.plan_item_add(plan=plan, actor=world["servant_user"], kind=ItemKind.COURSE, title="x")
    assert err.value.code == "course_required"
    with pytest.raises(ApplicationError) as err:  # LEAD-2 develops LEAD below the needed 3
        services.plan_item_add_course(
            plan=plan,
            actor=world["servant_user"],
            course_id=world["courses"]["L2"].pk,
            competency_id=world["comps"]["LEAD"].pk,
            target_level=3,
        )
    assert err.value.code == "not_proposed"
    item = services.plan_item_add_course(
        plan=plan,
        actor=world["servant_user"],
        course_id=world["courses"]["L4"].pk,
        competency_id=world["comps"]["LEAD"].pk,
        target_level=3,
    )
    assert item.hours == 16 and item.institution == "Academy"
    services.plan_item_update(item=item, actor=world["servant_user"], cancelled=True)
    services.plan_item_delete(item=item, actor=world["servant_user"])
    assert not plan.items.filter(pk=item.pk).exists()
    with pytest.raises(NotAllowed):
        services.plan_item_add(plan=plan, actor=world["manager"], kind=ItemKind.MENTORING, title="x")
