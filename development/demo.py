"""Demo rows of the development context (seed_demo step): a corps A plan template, the demo servant in the
corps A reserve, other reserve members, evaluation results (quarterly 2026, KPI-era 2022) with the training
needs they record, adaptation plans of the demo's probationers (from people's mentor and probation end), a
closed 2025 plan whose open item carries over, drafted 2026 plans for everyone who must have one, and plans
moved through every state. Deterministic (random.Random(2026)) and strictly idempotent: natural keys, and
plans move on only from their first state."""

import random
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Count

from development.drafting import Drafter, plans_generate, servant_row
from development.evaluations import needs_record
from development.models import (
    AdaptationPlan,
    AdaptationTask,
    DevelopmentPlan,
    EvaluationResult,
    ItemKind,
    ItemSource,
    PlanItem,
    PlanStatus,
    PlanStep,
    PlanTemplate,
    PlanTemplateItem,
    ReserveMembership,
)
from development.rules import period_of
from people.demo import DEMO_PREFIX, DEMO_TODAY
from people.models import CivilServant, User

SEED = 2026
YEAR = DEMO_TODAY.year
FLOW = [
    PlanStatus.SUBMITTED,
    PlanStatus.RETURNED,
    PlanStatus.APPROVED,
    PlanStatus.CONFIRMED,
    PlanStatus.CLOSED,
]


@transaction.atomic
def seed_development_demo() -> dict:
    rng = random.Random(SEED)
    _template()
    servants = list(
        CivilServant.objects.filter(personnel_number__startswith=DEMO_PREFIX, is_active=True)
        .order_by("personnel_number")
        .values_list("pk", flat=True)
    )
    _reserve(rng, servants)
    _evaluations(rng, servants)
    _adaptation()
    _closed_last_year()
    plans_generate(year=YEAR)
    _walk_states()
    return {
        "plans": DevelopmentPlan.objects.count(),
        "reserve members": ReserveMembership.objects.count(),
        "evaluation results": EvaluationResult.objects.count(),
        "adaptation plans": AdaptationPlan.objects.count(),
    }


def _template() -> None:
    template, created = PlanTemplate.objects.get_or_create(
        corps="A",
        category_group="",
        managerial=None,
        defaults={
            "title_ru": "Корпус «А»: базовый план",
            "title_kk": "«А» корпусы: негізгі жоспар",
            "title_en": "Corps A: base plan",
        },
    )
    if created:
        PlanTemplateItem.objects.create(
            template=template,
            kind=ItemKind.CONFERENCE,
            position=1,
            hours=8,
            title_ru="Мастер-класс по стратегическому лидерству",
            title_en="Master class in strategic leadership",
            institution="Astana Civil Service Hub",
        )


def _reserve(rng: random.Random, servants: list[int]) -> None:
    """The demo servant (signs in as `servant`) and 12 others drawn with the fixed seed."""
    chosen = rng.sample(servants, min(12, len(servants)))
    demo = User.objects.filter(username="servant").values_list("servant__pk", flat=True).first()
    if demo:
        chosen = [demo, *[s for s in chosen if s != demo]]
    for n, servant_id in enumerate(chosen, start=1):
        if not ReserveMembership.objects.filter(servant_id=servant_id).exists():
            ReserveMembership.objects.get_or_create(
                certificate_number=f"RES-A-2025-{n:04d}",
                defaults={
                    "servant_id": servant_id,
                    "admitted_on": date(2025, 3, 1) + _days(n),
                    "certificate_date": date(2025, 2, 20),
                    "valid_until": date(2028, 2, 28),
                },
            )


def _days(n: int):
    from datetime import timedelta

    return timedelta(days=7 * n)


def _evaluations(rng: random.Random, servants: list[int]) -> None:
    chosen = rng.sample(servants, min(60, len(servants)))
    rows = []
    for servant_id in chosen:
        for quarter in (1, 2, 3):
            rows.append(
                EvaluationResult(
                    servant_id=servant_id, year=YEAR, quarter=quarter, score=Decimal(rng.randint(20, 50)) / 10
                )
            )
        rows.append(
            EvaluationResult(
                servant_id=servant_id, year=2022, quarter=None, score=Decimal(rng.randint(25, 50)) / 10
            )
        )
    EvaluationResult.objects.bulk_create(rows, ignore_conflicts=True)
    needs_record(servant_years={(s, YEAR) for s in chosen})


def _adaptation() -> None:
    """The demo's probationers already have a mentor and a probation end in people: their adaptation plan."""
    first = list(
        CivilServant.objects.filter(
            first_time_entrant=True,
            mentor__isnull=False,
            probation_until__isnull=False,
            personnel_number__startswith=DEMO_PREFIX,
        ).order_by("personnel_number")[:20]
    )  # the same 20 on every run, whatever exists
    have = set(AdaptationPlan.objects.filter(servant__in=first).values_list("servant_id", flat=True))
    for servant in (s for s in first if s.pk not in have):
        plan = AdaptationPlan.objects.create(
            servant=servant,
            mentor_id=servant.mentor_id,
            starts_on=servant.appointed_on,
            ends_on=servant.probation_until,
        )
        AdaptationTask.objects.bulk_create(
            [
                AdaptationTask(
                    plan=plan,
                    kind=AdaptationTask.Kind.TASK,
                    title="Изучить положение о подразделении",
                    due_on=servant.appointed_on + _days(2),
                ),
                AdaptationTask(
                    plan=plan,
                    kind=AdaptationTask.Kind.TRAINING,
                    title="Этика государственной службы",
                    due_on=servant.appointed_on + _days(6),
                ),
            ]
        )


def _closed_last_year() -> None:
    """A closed 2025 plan of the demo servant with one open item: it carries over into her 2026 draft."""
    servant = CivilServant.objects.filter(user__username="servant").first()
    if (
        servant is None
        or DevelopmentPlan.objects.filter(servant=servant, period_start=period_of(YEAR - 1)[0]).exists()
    ):
        return
    (plan,) = Drafter(YEAR - 1).draft([servant_row(servant)])
    PlanItem.objects.bulk_create(
        [
            PlanItem(
                plan=plan,
                kind=ItemKind.SELF_STUDY,
                source=ItemSource.MANUAL,
                title="Английский язык B2",
                due_on=date(YEAR - 1, 12, 31),
                position=90,
            ),
            PlanItem(
                plan=plan,
                kind=ItemKind.MENTORING,
                source=ItemSource.MANUAL,
                title="Наставничество",
                status="done",
                done_on=date(YEAR - 1, 6, 30),
                due_on=date(YEAR - 1, 12, 31),
                position=91,
            ),
        ]
    )
    plan.status, plan.review = PlanStatus.CLOSED, "Английский язык — перенести на следующий год."
    plan.save(update_fields=["status", "review"])
    PlanStep.objects.create(plan=plan, action=PlanStep.Action.CLOSED, comment=plan.review)


def _walk_states() -> None:
    """Move the first drafted plans (by servant number) on to each later state; a plan that has left its
    first state is never touched again."""
    start, _end = period_of(YEAR)
    fresh = list(
        DevelopmentPlan.objects.filter(period_start=start, status=PlanStatus.DRAFT)
        .annotate(n=Count("steps"))
        .filter(n=1)
        .exclude(servant__user__username="servant")
        .order_by("servant__personnel_number")
        .values_list("pk", flat=True)[: len(FLOW) * 2]
    )
    if DevelopmentPlan.objects.filter(period_start=start).exclude(status=PlanStatus.DRAFT).exists():
        return
    actions = {
        PlanStatus.SUBMITTED: ["submitted"],
        PlanStatus.RETURNED: ["submitted", "returned"],
        PlanStatus.APPROVED: ["submitted", "approved"],
        PlanStatus.CONFIRMED: ["submitted", "approved", "confirmed"],
        PlanStatus.CLOSED: ["submitted", "approved", "confirmed", "closed"],
    }
    for n, pk in enumerate(fresh):
        status = FLOW[n % len(FLOW)]
        plan = DevelopmentPlan.objects.get(pk=pk)
        if not plan.items.exists():
            PlanItem.objects.create(
                plan=plan,
                kind=ItemKind.SELF_STUDY,
                source=ItemSource.MANUAL,
                title="Самостоятельное изучение: цифровое государство",
                due_on=plan.period_end,
            )
        for action in actions[status]:
            comment = "Добавьте стажировку" if action == "returned" else ""
            PlanStep.objects.create(plan=plan, action=action, comment=comment)
        plan.status = status
        if status == PlanStatus.CLOSED:
            plan.review = "Период завершён."
        plan.save(update_fields=["status", "review"])
