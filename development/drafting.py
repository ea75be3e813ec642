"""Drafting plans from evidence, set-based: for a batch of servants the position profiles' required levels,
the latest assessments, open training needs, templates, open items of closed earlier plans and the ranked
course catalog are each read once, then plans, items, workflow steps and audit rows are bulk-inserted.

A gap is a required competency whose latest assessed level is below the profile's level (an unassessed
competency is not a gap: nothing says the servant lacks it). Each gap becomes one item: the best-fitting course
that develops it to at least the needed level, or self-study when no course does."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import translation

from competency_framework import selectors as cf
from development.models import (
    DevelopmentPlan,
    ItemKind,
    ItemSource,
    ItemStatus,
    PlanItem,
    PlanStatus,
    PlanStep,
    PlanTemplate,
    TrainingNeed,
)
from development.proposals import CourseRanker
from development.rules import period_of, servants_who_must_have_plans
from lms.audit import audit_bulk
from lms.models import AuditEntry
from people.models import CivilServant, localized
from people.validators import category_group

BATCH = 2000
_ROW = (
    "pk",
    "user_id",
    "user__preferred_language",
    "position__corps",
    "position__category_code",
    "position__managerial",
    "body__path",
)


@dataclass
class GenerateReport:
    created: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary_line(self) -> str:
        return f"created {self.created}, unchanged {self.unchanged}, errors {len(self.errors)}"


class Drafter:
    """Everything drafting needs that does not depend on the servant, read once for many batches."""

    def __init__(self, year: int, *, actor=None, today: date | None = None):
        self.year, self.actor = year, actor
        self.start, self.end = period_of(year)
        self.framework = cf.primary_framework()
        self.required = cf.RequiredLevels(self.framework)
        self.ranker = CourseRanker(today=today)
        self.templates = list(PlanTemplate.objects.filter(is_active=True).prefetch_related("items"))
        self._names: dict[int, object] = {}

    # -- per batch ------------------------------------------------------------------------------------
    def draft(self, rows: list[dict], *, mandatory: dict[int, bool] | None = None) -> list[DevelopmentPlan]:
        ids = [r["pk"] for r in rows]
        self.required.load({_kind(r) for r in rows})
        assessed = cf.latest_levels_for(ids, self.framework)
        needs = _open_needs(ids, self.year)
        carried = _open_items_of_closed_plans(ids, self.start)
        plans, items_of = [], {}
        for row in rows:
            template = self._template_for(row)
            plan = DevelopmentPlan(
                servant_id=row["pk"],
                period_start=self.start,
                period_end=self.end,
                status=PlanStatus.DRAFT,
                template=template,
                mandatory=(mandatory or {}).get(row["pk"], True),
                previous_id=carried[row["pk"]][0].plan_id if carried.get(row["pk"]) else None,
            )
            plans.append(plan)
            items_of[row["pk"]] = self._items(
                row, assessed, needs.get(row["pk"], []), carried.get(row["pk"], []), template
            )
        DevelopmentPlan.objects.bulk_create(plans, batch_size=BATCH)
        items = []
        for plan in plans:
            for position, item in enumerate(items_of[plan.servant_id], start=1):
                item.plan, item.position = plan, position
                items.append(item)
        _insert_items(items)
        PlanStep.objects.bulk_create(
            [PlanStep(plan=p, action=PlanStep.Action.DRAFTED, actor=_user(self.actor)) for p in plans],
            batch_size=BATCH,
        )
        _consume_needs(needs, {p.servant_id: p.pk for p in plans})
        audit_bulk(
            AuditEntry(
                actor=_user(self.actor),
                action="plan.draft",
                object_type="development.developmentplan",
                object_id=str(p.pk),
                summary=f"servant {p.servant_id} {self.year}",
                after={"items": len(items_of[p.servant_id])},
            )
            for p in plans
        )
        return plans

    def _items(self, row, assessed, needs, carried, template) -> list[PlanItem]:
        wanted: dict[int, int] = {}
        for cid, level in self.required.of(_kind(row)).items():
            got = assessed.get((row["pk"], cid))
            if got is not None and got < level:
                wanted[cid] = level
        need_levels = {n.competency_id: n.target_level or 1 for n in needs if n.competency_id}
        items = [self._gap_item(cid, level, row, ItemSource.GAP) for cid, level in wanted.items()]
        items += [
            self._gap_item(cid, level, row, ItemSource.NEED)
            for cid, level in need_levels.items()
            if cid not in wanted
        ]
        items += [
            PlanItem(
                kind=ItemKind.COURSE,
                source=ItemSource.NEED,
                title=n.reason or str(n.get_source_display()),
                due_on=self.end,
            )
            for n in needs
            if not n.competency_id
        ]
        items += [
            _copy(old, self.end) for old in carried if not (old.competency_id and old.competency_id in wanted)
        ]
        if template is not None:
            items += [
                PlanItem(
                    kind=t.kind,
                    source=ItemSource.TEMPLATE,
                    title=t.title_ru,
                    institution=t.institution,
                    hours=t.hours,
                    due_on=self.end,
                )
                for t in template.items.all()
            ]
        return items

    def _gap_item(self, competency_id: int, level: int, row, source) -> PlanItem:
        language = row.get("user__preferred_language") or "ru"
        best = self.ranker.rank(competency_id, level, language, limit=1)
        if best:
            p = best[0]
            return PlanItem(
                kind=ItemKind.COURSE,
                source=source,
                title=p.title[:300],
                institution=p.provider[:300],
                competency_id=competency_id,
                target_level=level,
                course_id=p.course_id,
                hours=p.hours,
                due_on=self.end,
            )
        name = self._competency_name(competency_id, language)
        return PlanItem(
            kind=ItemKind.SELF_STUDY,
            source=source,
            title=f"{name} → {level}"[:300],
            competency_id=competency_id,
            target_level=level,
            due_on=self.end,
        )

    def _competency_name(self, competency_id: int, language: str) -> str:
        if competency_id not in self._names:
            self._names.update(cf.competencies_by_ids([competency_id]))
        comp = self._names.get(competency_id)
        with translation.override(language):
            return localized(comp, "name") if comp else str(competency_id)

    def _template_for(self, row) -> PlanTemplate | None:
        group = category_group(row["position__category_code"]) if row["position__category_code"] else ""
        fits = [
            t
            for t in self.templates
            if t.corps == row["position__corps"]
            and t.category_group in ("", group)
            and t.managerial in (None, row["position__managerial"])
        ]
        return max(fits, key=lambda t: (bool(t.category_group), t.managerial is not None), default=None)


def _insert_items(items: list[PlanItem]) -> None:
    """Items need no ids back: on PostgreSQL one COPY (Django's bulk_create spends most of a draft building
    the INSERT's parameters), elsewhere bulk_create."""
    if connection.vendor != "postgresql":
        PlanItem.objects.bulk_create(items, batch_size=BATCH)
        return
    columns = [f.attname for f in PlanItem._meta.concrete_fields if not f.primary_key]
    sql = f"COPY {PlanItem._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for item in items:
            copy.write_row([getattr(item, c) for c in columns])


def _kind(row) -> tuple:
    return (
        row["position__corps"],
        row["position__category_code"],
        row["position__managerial"],
        row["body__path"],
    )


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _open_needs(ids, year: int) -> dict[int, list[TrainingNeed]]:
    found = defaultdict(list)
    for need in TrainingNeed.objects.filter(servant_id__in=ids, consumed_by__isnull=True, year__lte=year):
        found[need.servant_id].append(need)
    return found


def _consume_needs(needs: dict[int, list[TrainingNeed]], plan_of: dict[int, int]) -> None:
    by_plan = defaultdict(list)
    for servant_id, rows in needs.items():
        by_plan[plan_of[servant_id]].extend(n.pk for n in rows)
    for plan_id, need_ids in by_plan.items():
        TrainingNeed.objects.filter(pk__in=need_ids).update(consumed_by_id=plan_id)


def _open_items_of_closed_plans(ids, start: date) -> dict[int, list[PlanItem]]:
    """Planned items of each servant's latest closed plan before `start`: they carry over."""
    latest = {}
    for pk, servant_id in (
        DevelopmentPlan.objects.filter(servant_id__in=ids, status=PlanStatus.CLOSED, period_start__lt=start)
        .order_by("servant_id", "period_start")
        .values_list("pk", "servant_id")
    ):
        latest[servant_id] = pk
    found = defaultdict(list)
    for item in PlanItem.objects.filter(
        plan_id__in=latest.values(), status=ItemStatus.PLANNED
    ).select_related("plan"):
        found[item.plan.servant_id].append(item)
    return found


def _copy(old: PlanItem, due_on: date) -> PlanItem:
    return PlanItem(
        kind=old.kind,
        source=ItemSource.CARRIED,
        title=old.title,
        institution=old.institution,
        competency_id=old.competency_id,
        target_level=old.target_level,
        course_id=old.course_id,
        event_id=old.event_id,
        hours=old.hours,
        due_on=due_on,
        carried_from=old,
    )


def servant_row(servant: CivilServant) -> dict:
    return CivilServant.objects.filter(pk=servant.pk).values(*_ROW).get()


def plans_generate(
    *,
    year: int,
    body=None,
    dry_run: bool = False,
    actor=None,
    progress: Callable[[int, int], None] | None = None,
) -> GenerateReport:
    """Draft a plan for every servant who must have one for `year` and has none (in `body`'s subtree)."""
    report = GenerateReport(dry_run=dry_run)
    start, _end = period_of(year)
    servants = servants_who_must_have_plans(year)
    if body is not None:
        servants = servants.filter(body__path__startswith=body.path)
    servants = servants.annotate(
        has_plan=Exists(DevelopmentPlan.objects.filter(servant_id=OuterRef("pk"), period_start=start))
    )
    report.unchanged = servants.filter(has_plan=True).count()
    rows = list(servants.filter(has_plan=False).order_by("pk").values(*_ROW))
    if dry_run:
        report.created = len(rows)
        return report
    drafter = Drafter(year, actor=actor)
    for offset in range(0, len(rows), BATCH):
        batch = rows[offset : offset + BATCH]
        try:
            with transaction.atomic():
                report.created += len(drafter.draft(batch))
        except Exception as exc:  # noqa: BLE001 -- one bad batch is reported, the others still go in
            report.errors.append(f"servants {batch[0]['pk']}..{batch[-1]['pk']}: {exc}")
        if progress is not None:
            progress(min(offset + BATCH, len(rows)), len(rows))
    return report
