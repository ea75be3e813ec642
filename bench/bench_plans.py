"""Drafting development plans at scale: the demo plus 100,000 benchmark servants (`seed_demo --scale`) in a fresh
PostgreSQL database (lms_bench_plans); every 10th benchmark servant joins the corps A personnel reserve and is
assessed at the lowest level on the primary framework's competencies, so every reserve member has gaps to
draft. Measured: `plans_generate` for every corps A servant and reserve member (set-based batches), against the
issue's bound of 60 s; then a second run, which must create nothing.

`python -m bench plans [--servants N] [--reserve-every K] [--keep-db]`"""

import argparse
import os
import time
from datetime import date

from bench import drop_database, report, use_fresh_database

DB_NAME = "lms_bench_plans"
BOUND_S = 60.0
YEAR = 2027


def _seed(servants: int, every: int) -> None:
    from competency_framework.demo import seed_competency_demo
    from courses.demo import seed_courses_demo
    from enrollment.demo_offerings import seed_offerings_demo
    from people.demo import seed_demo, seed_scale

    for what, fn in (
        ("seed_demo", seed_demo),
        ("seed_demo --scale", lambda: seed_scale(servants)),
        ("competencies", seed_competency_demo),
        ("courses", seed_courses_demo),
        ("course runs", seed_offerings_demo),
        ("reserve and assessments", lambda: _reserve(every)),
    ):
        started = time.perf_counter()
        fn()
        print(f"{what}: {time.perf_counter() - started:.1f} s", flush=True)


def _reserve(every: int) -> None:
    from django.db import connection

    from competency_framework.models import AssessmentSource, CompetencyAssessment, Framework
    from development.models import ReserveMembership
    from people.demo import SCALE_PREFIX
    from people.models import CivilServant

    ids = list(
        CivilServant.objects.filter(personnel_number__startswith=SCALE_PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)
    )[::every]
    ReserveMembership.objects.bulk_create(
        [
            ReserveMembership(servant_id=pk, admitted_on=date(2025, 3, 1), certificate_number=f"BENCH-{pk}")
            for pk in ids
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    framework = Framework.objects.filter(is_primary=True).first()
    lowest = framework.levels.order_by("value").first()
    comps = list(framework.competencies.values_list("pk", flat=True))
    CompetencyAssessment.objects.bulk_create(
        [
            CompetencyAssessment(
                servant_id=pk,
                competency_id=c,
                level=lowest,
                source=AssessmentSource.MANAGER,
                assessed_on=date(2026, 10, 1),
            )
            for pk in ids
            for c in comps
        ],
        batch_size=10_000,
    )
    print(f"reserve members {len(ids)}, assessments {len(ids) * len(comps)}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _measure() -> None:
    from development.drafting import plans_generate
    from development.models import DevelopmentPlan, PlanItem
    from development.rules import servants_who_must_have_plans

    due = servants_who_must_have_plans(YEAR).count()
    print(f"servants who must have a plan: {due}", flush=True)
    started = time.perf_counter()
    first = plans_generate(year=YEAR)
    elapsed = time.perf_counter() - started
    print(
        f"first run: {first.summary_line()}; plans {DevelopmentPlan.objects.count()}, "
        f"items {PlanItem.objects.count()} (load {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    report(f"drafting {first.created} plans", elapsed, BOUND_S)
    started = time.perf_counter()
    second = plans_generate(year=YEAR)
    print(f"second run: {second.summary_line()} in {time.perf_counter() - started:.1f} s", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench plans")
    parser.add_argument("--servants", type=int, default=100_000)
    parser.add_argument("--reserve-every", type=int, default=10)
    parser.add_argument("--keep-db", action="store_true", help=f"leave the {DB_NAME} database behind")
    args, _unknown = parser.parse_known_args(argv or [])
    started = time.perf_counter()
    use_fresh_database(DB_NAME)
    try:
        _seed(args.servants, args.reserve_every)
        _measure()
        print(f"bench plans total: {time.perf_counter() - started:.0f} s", flush=True)
    finally:
        if not args.keep_db:
            drop_database(DB_NAME)
    return 0
