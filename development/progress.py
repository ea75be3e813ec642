"""Progress that updates itself: planned items are ticked off from the evidence other apps hold, read in a few
set-based queries for any number of plans — course runs completed (enrollment), self-paced courses finished
(courses), the training ledger (compliance: a record whose title is the item's), attendance credits of events
(conferences) — and from test results (lms.test_results, published by assessments)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Sum

from compliance import selectors as compliance_selectors
from conferences import selectors as conference_selectors
from courses import selectors as course_selectors
from development.models import OPEN_STATUSES, DevelopmentPlan, ItemKind, ItemStatus, PlanItem, TrainingNeed
from enrollment import selectors_offerings
from lms.audit import audit_record
from lms.test_results import TestResult


@transaction.atomic
def plans_sync(*, plans) -> int:
    """Mark planned items done when the evidence shows them done within the plan's period. Returns how many."""
    plans = [p for p in plans if p is not None]
    if not plans:
        return 0
    items = list(
        PlanItem.objects.filter(plan__in=[p.pk for p in plans], status=ItemStatus.PLANNED).select_related(
            "plan__servant"
        )
    )
    if not items:
        return 0
    since, until = min(p.period_start for p in plans), max(p.period_end for p in plans)
    evidence = _Evidence(items, since, until)
    done = []
    for item in items:
        found = evidence.match(item)
        if found is not None:
            item.status, item.done_on, item.done_hours, item.evidence = (
                ItemStatus.DONE,
                found[0],
                found[1],
                found[2],
            )
            done.append(item)
    PlanItem.objects.bulk_update(done, ["status", "done_on", "done_hours", "evidence"])
    for item in done:
        audit_record(
            actor=None, action="plan.item_done", obj=item, summary=f"plan {item.plan_id}: {item.evidence}"
        )
    return len(done)


class _Evidence:
    def __init__(self, items: list[PlanItem], since, until):
        servants = {i.plan.servant_id for i in items}
        users = {i.plan.servant.user_id for i in items if i.plan.servant.user_id}
        self.runs = defaultdict(list)
        for sid, cid, day, hours in selectors_offerings.courses_completed_in_runs(
            servants, since=since, until=until
        ):
            self.runs[(sid, cid)].append((day, hours, "course run"))
        self.learned = defaultdict(list)
        for uid, cid, day in course_selectors.courses_completed_by(users, since=since, until=until):
            self.learned[(uid, cid)].append((day, None, "online course"))
        self.ledger = defaultdict(list)
        for sid, title, hours, day, _type in compliance_selectors.training_between(
            servants, since=since, until=until
        ):
            self.ledger[(sid, title.strip().lower())].append((day, hours, "training record"))
        self.attended = defaultdict(list)
        if any(i.kind == ItemKind.CONFERENCE for i in items):
            for uid, eid, hours, day in conference_selectors.attendance_between(
                users, since=since, until=until
            ):
                self.attended[(uid, eid)].append((day, hours, "event attendance"))

    def match(self, item: PlanItem):
        plan, servant = item.plan, item.plan.servant
        candidates = []
        if item.course_id:
            candidates += self.runs.get((servant.pk, item.course_id), [])
            candidates += self.learned.get((servant.user_id, item.course_id), [])
        if item.event_id:
            candidates += self.attended.get((servant.user_id, item.event_id), [])
        candidates += self.ledger.get((servant.pk, item.title.strip().lower()), [])
        inside = sorted(c for c in candidates if plan.period_start <= c[0] <= plan.period_end)
        if not inside:
            return None
        day, hours, what = inside[0]
        return day, hours if hours is not None else item.hours, what


@dataclass(frozen=True)
class Progress:
    planned: int
    done: int
    hours_planned: int
    hours_done: int
    three_year_status: str = ""
    three_year_due: object = None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.planned) if self.planned else 0


def plan_progress(plan: DevelopmentPlan, *, as_of=None) -> Progress:
    """Planned against done, hours, and the servant's three-year status (compliance)."""
    rows = {
        r["status"]: r
        for r in plan.items.exclude(status=ItemStatus.CANCELLED)
        .values("status")
        .annotate(hours=Sum("hours"), done_hours=Sum("done_hours"))
        .order_by()
    }
    counts = dict(
        plan.items.exclude(status=ItemStatus.CANCELLED)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    planned = sum(counts.values())
    done_row = rows.get(ItemStatus.DONE, {})
    status, due = "", None
    if as_of is not None:
        for row in compliance_selectors.servant_statuses(plan.servant, as_of=as_of):
            if row.rule == compliance_selectors.THREE_YEAR:
                status, due = row.status, row.due_date
    return Progress(
        planned=planned,
        done=counts.get(ItemStatus.DONE, 0),
        hours_planned=sum((r["hours"] or 0) for r in rows.values()),
        hours_done=done_row.get("done_hours") or 0,
        three_year_status=status,
        three_year_due=due,
    )


def on_test_result(result: TestResult) -> None:
    """A passed test of a competency (at the needed level, when it measures one) ticks off the open plans'
    items for that competency; a failed one records a training need for the next draft."""
    if result.competency_id is None:
        return
    if not result.passed:
        TrainingNeed.objects.get_or_create(
            servant_id=result.servant_id,
            source=TrainingNeed.Source.TEST,
            year=result.taken_on.year,
            competency_id=result.competency_id,
            defaults={"reason": result.title[:300], "target_level": result.level},
        )
        return
    items = PlanItem.objects.filter(
        plan__servant_id=result.servant_id,
        plan__status__in=OPEN_STATUSES,
        competency_id=result.competency_id,
        status=ItemStatus.PLANNED,
        plan__period_start__lte=result.taken_on,
        plan__period_end__gte=result.taken_on,
    )
    if result.level is not None:
        items = items.filter(target_level__lte=result.level)
    for item in items:
        item.status, item.done_on, item.done_hours = (
            ItemStatus.DONE,
            result.taken_on,
            result.hours or item.hours,
        )
        item.evidence = f"test: {result.title}"[:300]
        item.save(update_fields=["status", "done_on", "done_hours", "evidence"])
        audit_record(actor=None, action="plan.item_done", obj=item, summary=item.evidence)
