"""The compliance engine at scale: the demo plus 100,000 benchmark servants and 10 training records each
(about 1,000,000) in a fresh PostgreSQL database (lms_bench_compliance). Measured: the republic-wide summary,
a region-wide summary, and the first page (50 rows) of a subtree's overdue list, each against a bound that is
a single hand-written SQL aggregate over the same rows in the same run (the three-year rule without
exemptions or rule versions). Targets (issue #5): within 2x of the bound and under 300 ms; the list's query
count equal for pages of 10 and 50.

`python -m bench compliance [--servants N] [--records-per-servant K] [--keep-db | --reuse-db]`: --keep-db leaves the
database behind, --reuse-db measures it again (migrated first) without seeding, e.g. to study EXPLAIN plans."""

import argparse
import os
import statistics
import time
from datetime import date

from bench import drop_database, use_fresh_database

DB_NAME = "lms_bench_compliance"
AS_OF = date(2026, 11, 20)
RUNS = 5

BOUND_SQL = """
SELECT COUNT(*) FILTER (WHERE due < %(as_of)s) AS overdue,
       COUNT(*) FILTER (WHERE due >= %(as_of)s AND due - %(as_of)s <= 180) AS due_soon,
       COUNT(*) FILTER (WHERE due - %(as_of)s > 180) AS compliant
FROM (SELECT (GREATEST(l.last, cs.entered_service_on) + interval '3 years')::date AS due
      FROM people_civilservant cs
      JOIN people_position p ON p.id = cs.position_id
      JOIN people_statebody b ON b.id = cs.body_id
      LEFT JOIN (SELECT servant_id, MAX(completed_on) AS last FROM enrollment_trainingrecord
                 WHERE course_type = 'advanced_training' AND hours BETWEEN 8 AND 80 AND completed_on <= %(as_of)s
                 GROUP BY servant_id) l ON l.servant_id = cs.id
      WHERE cs.is_active AND p.corps IN ('A', 'B') {where}) x
"""

BOUND_PAGE_SQL = """
SELECT cs.personnel_number, (GREATEST(l.last, cs.entered_service_on) + interval '3 years')::date AS due
FROM people_civilservant cs
JOIN people_position p ON p.id = cs.position_id
JOIN people_statebody b ON b.id = cs.body_id
LEFT JOIN (SELECT servant_id, MAX(completed_on) AS last FROM enrollment_trainingrecord
           WHERE course_type = 'advanced_training' AND hours BETWEEN 8 AND 80 AND completed_on <= %(as_of)s
           GROUP BY servant_id) l ON l.servant_id = cs.id
WHERE cs.is_active AND p.corps IN ('A', 'B') AND b.path LIKE %(path)s
  AND (GREATEST(l.last, cs.entered_service_on) + interval '3 years')::date < %(as_of)s
ORDER BY due, cs.personnel_number LIMIT 50
"""


def _median_ms(fn) -> float:
    fn()  # warm the cache
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _sql(sql: str, params: dict):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    return run


def _line(what: str, measured: float, bound: float) -> None:
    ok = "ok" if measured <= 2 * bound and measured < 300 else "OVER TARGET"
    print(f"{what}: {measured:.0f} ms (bound {bound:.0f} ms) ratio {measured / bound:.2f} [{ok}] "
          f"(load {os.getloadavg()[0]:.1f})", flush=True)


def _same_rows(what: str, bound: tuple, summary: dict) -> None:
    """The bound covers the same servants as the engine (its counts differ only by the exempt ones)."""
    counts = summary["three_year"]
    print(f"{what}: bound over {sum(bound)} servants, engine over {sum(counts.values())} "
          f"({counts['exempt']} exempt)", flush=True)


def _seed(servants: int, per_servant: int) -> None:
    from django.db import connection

    from compliance.demo import seed_scale_records, seed_training_demo
    from people.demo import seed_demo, seed_scale

    for what, fn in (("seed_demo", seed_demo), ("seed_demo --scale", lambda: seed_scale(servants)),
                     ("seed_training_demo", seed_training_demo),
                     (f"{per_servant} records per servant", lambda: seed_scale_records(per_servant))):
        started = time.perf_counter()
        fn()
        print(f"{what}: {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE: {time.perf_counter() - started:.1f} s", flush=True)


def _biggest_region_and_subtree():
    from django.db.models import Count

    from people.models import CivilServant, Region, StateBody

    region_id = (CivilServant.objects.exclude(body__region=None).values("body__region")
                 .annotate(n=Count("pk")).order_by("-n")[0]["body__region"])
    roots = StateBody.objects.filter(parent=None)
    best = max(roots, key=lambda b: CivilServant.objects.filter(body__path__startswith=b.path).count())
    return Region.objects.get(pk=region_id), best


def _measure() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from compliance import engine as compliance
    from compliance.models import TrainingRecord
    from people.models import CivilServant

    everyone = CivilServant.objects.all()
    print(f"servants {everyone.count()}, training records {TrainingRecord.objects.count()}", flush=True)
    region, subtree = _biggest_region_and_subtree()
    in_region = everyone.filter(body__region=region)
    in_subtree = everyone.filter(body__path__startswith=subtree.path)
    print(f"region {region.code}: {in_region.count()} servants; subtree {subtree.code}: "
          f"{in_subtree.count()} servants", flush=True)

    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs", flush=True)
    bound_sql = _sql(BOUND_SQL.format(where=""), {"as_of": AS_OF})
    _same_rows("republic", bound_sql()[0], compliance.status_summary(everyone, AS_OF, ["three_year"]))
    bound = _median_ms(bound_sql)
    _line("republic summary, three_year", _median_ms(
        lambda: compliance.status_summary(everyone, AS_OF, ["three_year"])), bound)
    _line("republic summary, all three rules", _median_ms(lambda: compliance.status_summary(everyone, AS_OF)), bound)

    bound_sql = _sql(BOUND_SQL.format(where="AND b.region_id = %(region)s"), {"as_of": AS_OF, "region": region.pk})
    _same_rows(f"region {region.code}", bound_sql()[0], compliance.status_summary(in_region, AS_OF, ["three_year"]))
    bound = _median_ms(bound_sql)
    _line(f"region {region.code} summary, three_year", _median_ms(
        lambda: compliance.status_summary(in_region, AS_OF, ["three_year"])), bound)

    bound_sql = _sql(BOUND_PAGE_SQL, {"as_of": AS_OF, "path": subtree.path + "%"})
    bound = _median_ms(bound_sql)

    def page(limit):
        return compliance.status_page(in_subtree, AS_OF, rule="three_year", status="overdue", limit=limit)
    same = len({n for n, _due in bound_sql()} & {r.personnel_number for r in page(50)})
    print(f"overdue list: {same} of the bound's 50 rows on the engine's first page (exemptions aside)", flush=True)
    _line(f"subtree {subtree.code} overdue list, first 50", _median_ms(lambda: page(50)), bound)
    counts = {}
    for size in (10, 50):
        with CaptureQueriesContext(connection) as ctx:
            rows = page(size)
        counts[size] = len(ctx.captured_queries)
        print(f"overdue list page size {size}: {len(rows)} rows, {counts[size]} queries", flush=True)
    print(f"query counts equal: {counts[10] == counts[50]}", flush=True)

    started = time.perf_counter()
    n = sum(1 for _row in compliance.iter_statuses(everyone, AS_OF))
    print(f"all statuses streamed (not materialised): {n} rows in {time.perf_counter() - started:.1f} s "
          f"(target < 30 s)", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench compliance")
    parser.add_argument("--servants", type=int, default=100_000)
    parser.add_argument("--records-per-servant", type=int, default=10)
    parser.add_argument("--keep-db", action="store_true", help=f"leave the {DB_NAME} database behind")
    parser.add_argument("--reuse-db", action="store_true", help=f"measure an existing {DB_NAME} (after --keep-db)")
    args, _unknown = parser.parse_known_args(argv or [])
    started = time.perf_counter()
    if args.reuse_db:
        os.environ["DATABASE_URL"] = f"{__import__('bench').PG_SERVER_URL}/{DB_NAME}"
        os.environ.setdefault("LMS_TESTING", "1")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # indexes added since the database was kept
    else:
        use_fresh_database(DB_NAME)
    try:
        if not args.reuse_db:
            _seed(args.servants, args.records_per_servant)
        _measure()
        print(f"bench compliance total: {time.perf_counter() - started:.0f} s", flush=True)
    finally:
        if not args.keep_db and not args.reuse_db:
            drop_database(DB_NAME)
    return 0
