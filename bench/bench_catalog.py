"""Catalog search at scale: 5,000 published courses mapped to the 13 corps B competencies in a fresh
PostgreSQL database (lms_bench_catalog); one API catalog page with search + filters, timed (median of runs),
with its query count at page sizes 10 and 100 (they must be equal).
Bound (issue #4): 200 ms per catalog page with filters and search on this machine."""

import argparse
import statistics
import time

from bench import drop_database, use_fresh_database

BOUND_MS = 200.0
DB_NAME = "lms_bench_catalog"
TOPICS = [  # (kk, ru, en)
    ("цифрлық трансформация", "цифровая трансформация", "digital transformation"),
    ("жобалық басқару", "проектное управление", "project management"),
    ("стратегиялық жоспарлау", "стратегическое планирование", "strategic planning"),
    ("сыбайлас жемқорлыққа қарсы", "противодействие коррупции", "anti-corruption"),
    ("тиімді коммуникация", "эффективная коммуникация", "effective communication"),
    ("көшбасшылық", "лидерство", "leadership"),
    ("мемлекеттік қызметтер", "государственные услуги", "public services"),
    ("деректерді талдау", "анализ данных", "data analysis"),
]


def build(count: int) -> None:
    from django.db import transaction

    from competency_framework.demo import seed_competency_demo
    from competency_framework.models import Competency, ScaleLevel
    from courses.models import Course, CourseCompetency, CourseType, CourseVersion, Provider
    from courses.search import build_search_text

    seed_competency_demo(assessments=0)
    comps = list(Competency.objects.order_by("sort_order"))
    levels = list(ScaleLevel.objects.order_by("value"))
    providers = [Provider.objects.create(code=f"P{i}", kind="apa_branch", name_kk=f"Филиал {i}",
                                         name_ru=f"Филиал {i}", name_en=f"Branch {i}") for i in range(10)]
    types = list(CourseType.objects.all())
    hours_for = {t.code: t.min_hours or 8 for t in types}
    with transaction.atomic():
        courses = Course.objects.bulk_create([Course(code=f"B-{i:05d}") for i in range(count)], batch_size=2000)
        versions = []
        for i, course in enumerate(courses):
            kk, ru, en = TOPICS[i % len(TOPICS)]
            ctype = types[i % len(types)]
            versions.append(CourseVersion(
                course=course, number=1, course_type=ctype, provider=providers[i % 10],
                delivery_format=("online", "blended", "onsite")[i % 3], languages=("kk ru", "ru", "kk ru en")[i % 3],
                hours=hours_for[ctype.code], title_kk=f"{kk} {i}", title_ru=f"{ru.capitalize()} {i}",
                title_en=f"{en.capitalize()} {i}", summary_ru=f"Курс для госслужащих: {ru}.",
                summary_kk=f"Мемлекеттік қызметшілерге арналған курс: {kk}.", summary_en=f"A course on {en}."))
        versions = CourseVersion.objects.bulk_create(versions, batch_size=2000)
        mappings = [CourseCompetency(version=v, competency=comps[(i + k) % len(comps)], level=levels[(i + k) % 4])
                    for i, v in enumerate(versions) for k in range(3)]
        CourseCompetency.objects.bulk_create(mappings, batch_size=5000)
        by_version: dict[int, list] = {}
        for m in mappings:
            by_version.setdefault(m.version_id, []).append(m)
        for v in versions:
            v.search_text = build_search_text(v, by_version[v.pk])
            v.status, v.frozen = "published", True
        CourseVersion.objects.bulk_update(versions, ["search_text", "status", "frozen"], batch_size=2000)
        for course, version in zip(courses, versions, strict=True):
            course.published_version = version
        Course.objects.bulk_update(courses, ["published_version"], batch_size=2000)


def measure(runs: int) -> tuple[float, dict[int, int], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from people.models import User

    client = APIClient()
    client.force_authenticate(User.objects.create(username="bench_learner"))
    params = {"q": "лидерство", "language": "ru", "competency": "LEAD", "min_level": 2, "sort": "title"}
    counts, found = {}, 0
    for size in (10, 100):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/api/v1/courses/", {**params, "page_size": size, "page": 2})
        assert response.status_code == 200, response.content[:300]
        counts[size] = len(ctx.captured_queries)
        found = response.json()["count"]
    timings = []
    for run in range(runs):
        start = time.perf_counter()
        response = client.get("/api/v1/courses/", {**params, "page_size": 10, "page": 1 + run % 5})
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return statistics.median(timings), counts, found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--courses", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args, _unknown = parser.parse_known_args(argv)  # `python -m bench` passes every option to each bench
    use_fresh_database(DB_NAME)
    try:
        started = time.perf_counter()
        build(args.courses)
        print(f"catalog: built {args.courses} published courses in {time.perf_counter() - started:.1f} s", flush=True)
        page_ms, counts, found = measure(args.runs)
        lines = [
            f"catalog page (search + 4 filters, {args.courses} courses, {found} matches): {page_ms:.1f} ms "
            f"(bound {BOUND_MS:.0f} ms) ratio {page_ms / BOUND_MS:.2f}",
            f"catalog queries per page: page_size 10 -> {counts[10]}, page_size 100 -> {counts[100]} "
            f"({'equal' if counts[10] == counts[100] else 'NOT EQUAL'})",
        ]
        for line in lines:
            print(line, flush=True)
        return 0 if counts[10] == counts[100] else 1
    finally:
        if not args.keep:
            drop_database(DB_NAME)


if __name__ == "__main__":
    main()
