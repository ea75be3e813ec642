"""The set-based engine (SQL on PostgreSQL) gives the reference engine's answer (compliance.rules) for random
servants, training histories, exemptions, rule versions, course-type hour ranges and as-of days; plus the
pinned query counts."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance import engine as compliance
from compliance import rules as R
from compliance.models import ComplianceRule, Exemption, RuleVersion, TrainingRecord
from courses.models import CourseType
from people.models import CivilServant
from tests.factories import CivilServantFactory, PositionFactory, StateBodyFactory

pytestmark = pytest.mark.django_db

day = st.dates(min_value=date(2012, 1, 1), max_value=date(2030, 12, 31))
leapish = st.sampled_from([date(2016, 2, 29), date(2020, 2, 29), date(2024, 2, 29), date(2023, 8, 31),
                           date(2025, 12, 31)])
any_day = st.one_of(day, leapish)
CODES = ["advanced_training", "retraining", "management_course", "seminar", "master_class", "e_course", "other"]
completion = st.builds(R.Completion, st.sampled_from(CODES), st.sampled_from([4, 8, 24, 80, 81, 120, 200]),
                       any_day, st.sampled_from([True, True, False]))  # False: an unverified servant upload


@st.composite
def servant(draw):
    entered = draw(any_day)
    appointed = entered + timedelta(days=draw(st.sampled_from([0, 30, 400, 2000])))
    facts = R.ServantFacts(draw(st.sampled_from(["A", "B", "B", "political"])), draw(st.booleans()),
                           draw(st.booleans()), entered, appointed)
    periods, cursor = [], entered - timedelta(days=200)
    for gap, length in draw(st.lists(st.tuples(st.integers(0, 900), st.integers(0, 300)), max_size=3)):
        start = cursor + timedelta(days=gap)
        periods.append(R.Period(start, start + timedelta(days=length)))
        cursor = start + timedelta(days=length + 1)
    return R.ServantHistory(facts, draw(st.lists(completion, max_size=5)), periods)


@st.composite
def versions(draw):
    """Per rule one or two versions (the second from a switch day), with random parameters; the hour ranges
    are the course types' (one range per type, shared by every version naming it)."""
    ranges = {}
    for code in CODES:
        low = draw(st.sampled_from([None, 1, 8, 40, 120]))
        ranges[code] = (low, draw(st.sampled_from([None, (low or 0) + 72])))
    out = []
    for rule in R.RULES:
        base = R.DEFAULTS[rule]
        switch = draw(st.one_of(st.none(), day))
        for start, end in ([(date(2000, 1, 1), None)] if switch is None else
                           [(date(2000, 1, 1), switch - timedelta(days=1)), (switch, None)]):
            codes = (sorted(draw(st.sets(st.sampled_from(CODES), min_size=1, max_size=3)))
                     if draw(st.booleans()) else base.qualifying_types)
            out.append(R.RuleParams(
                rule, valid_from=start, valid_to=end, period_years=draw(st.integers(1, 4)),
                window_months=draw(st.sampled_from([0, 6, 7])), newly_appointed_months=draw(st.sampled_from([6, 12])),
                months_before_appointment=draw(st.sampled_from([0, 12])),
                qualifying=tuple(R.Qualifying(c, *ranges[c]) for c in codes),
                thresholds=tuple(draw(st.lists(st.integers(0, 200), min_size=1, max_size=3)))))
    return out


def _source(j: int, c: R.Completion) -> dict:
    """Uncounted: a pending or rejected upload; counted: imported, or an upload HR verified."""
    upload = TrainingRecord.Source.EXTERNAL_UPLOAD
    if not c.counts:
        return {"source": upload, "rejected_at": timezone.now() if j % 2 else None}
    return {"source": upload, "verified_at": timezone.now()} if j % 2 else {"source": TrainingRecord.Source.IMPORT}


def _store(histories: list[R.ServantHistory], params: list[R.RuleParams]) -> dict[str, R.ServantHistory]:
    body = StateBodyFactory()
    positions = {
        ("A", True): PositionFactory(body=body, corps="A", category_code="", managerial=True),
        ("B", True): PositionFactory(body=body, corps="B", category_code="C-3", managerial=True),
        ("B", False): PositionFactory(body=body, corps="B", category_code="C-4", managerial=False),
        ("political", False): PositionFactory(body=body, corps="political", category_code=""),
    }
    by_number = {}
    for i, h in enumerate(histories):
        f = h.facts
        key = (f.corps, f.managerial if f.corps == "B" else f.corps == "A")
        s = CivilServantFactory(personnel_number=f"AG{i:03d}", position=positions[key],
                                entered_service_on=f.entered_service_on, appointed_on=f.appointed_on,
                                first_time_entrant=f.first_time_entrant)
        by_number[s.personnel_number] = R.ServantHistory(
            R.ServantFacts(f.corps, positions[key].managerial, f.first_time_entrant, f.entered_service_on,
                           f.appointed_on), h.completions, h.exemptions)
        TrainingRecord.objects.bulk_create([
            TrainingRecord(servant=s, title=f"T{j}", course_type_id=c.course_type, hours=c.hours,
                           completed_on=c.completed_on, **_source(j, c)) for j, c in enumerate(h.completions)])
        Exemption.objects.bulk_create([Exemption(servant=s, reason="other", start_on=p.start, end_on=p.end)
                                       for p in h.exemptions])
    RuleVersion.objects.all().delete()
    rules = {r.code: r for r in ComplianceRule.objects.all()}
    types = {t.code: t for t in CourseType.objects.filter(code__in=CODES)}
    for p in params:
        for q in p.qualifying:
            CourseType.objects.filter(code=q.course_type).update(min_hours=q.min_hours, max_hours=q.max_hours)
        version = RuleVersion.objects.create(
            rule=rules[p.rule], valid_from=p.valid_from, valid_to=p.valid_to, period_years=p.period_years,
            window_months=p.window_months, newly_appointed_months=p.newly_appointed_months,
            months_before_appointment=p.months_before_appointment, thresholds=list(p.thresholds))
        version.qualifying_course_types.set([types[q.course_type] for q in p.qualifying])
    return by_number


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(servant(), min_size=1, max_size=6), versions(), any_day)
def test_sql_engine_agrees_with_the_reference(histories, params, as_of):
    with transaction.atomic():
        by_number = _store(histories, params)
        expected = {(n, r.rule, r.status, r.due_date)
                    for n, h in by_number.items() for r in R.evaluate_all(params, h, as_of)}
        servants = CivilServant.objects.filter(personnel_number__startswith="AG")
        got = {(r.personnel_number, r.rule, r.status, r.due_date)
               for r in compliance.iter_statuses(servants, as_of)}
        assert got == expected
        summary = compliance.status_summary(servants, as_of)
        counted = Counter((rule, status) for _n, rule, status, _d in expected)
        assert {(rule, s): n for rule, row in summary.items() for s, n in row.items() if n} == dict(counted)
        transaction.set_rollback(True)


@pytest.fixture
def population():
    body = StateBodyFactory()
    position = PositionFactory(body=body)
    servants = [CivilServantFactory(position=position, entered_service_on=date(2010, 1, 1)) for _ in range(60)]
    TrainingRecord.objects.bulk_create([
        TrainingRecord(servant=s, title="AT", course_type_id="advanced_training", hours=24,
                       completed_on=date(2020, 1, 1) + timedelta(days=20 * i)) for i, s in enumerate(servants)])
    return servants


def _queries(fn) -> int:
    """Statements sent, savepoints of the test transaction aside."""
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return sum(1 for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT")))


def test_overdue_page_query_count_does_not_depend_on_page_size(population):
    servants = CivilServant.objects.all()
    as_of = date(2024, 6, 1)
    page10 = compliance.status_page(servants, as_of, rule=R.THREE_YEAR, status=R.OVERDUE, limit=10)
    page50 = compliance.status_page(servants, as_of, rule=R.THREE_YEAR, status=R.OVERDUE, limit=50)
    assert len(page10) == 10 and 10 < len(page50) <= 50 and page50[:10] == page10
    assert [r.due_date for r in page50] == sorted(r.due_date for r in page50)
    assert all(r.status == R.OVERDUE and r.due_date < as_of for r in page50)
    n10 = _queries(lambda: compliance.status_page(servants, as_of, rule=R.THREE_YEAR, status=R.OVERDUE, limit=10))
    n50 = _queries(lambda: compliance.status_page(servants, as_of, rule=R.THREE_YEAR, status=R.OVERDUE, limit=50))
    assert n10 == n50 == 3  # the rule versions, SET LOCAL jit = off, the page
    assert _queries(lambda: compliance.status_summary(servants, as_of)) == 3


def test_python_fallback_agrees_with_sql(population, monkeypatch):
    servants = CivilServant.objects.all()
    as_of = date(2024, 6, 1)
    sql_rows = list(compliance.iter_statuses(servants, as_of))
    monkeypatch.setattr(compliance.connection, "vendor", "sqlite")
    assert list(compliance.iter_statuses(servants, as_of, chunk_size=7)) == sql_rows
    assert compliance.status_summary(servants, as_of)["three_year"]["overdue"] == sum(
        r.status == R.OVERDUE for r in sql_rows)


def test_edge_cases_agree():
    """Exemptions starting on the (moved) due date, chained ones, leap days: fixed cases the random ones
    seldom hit."""
    last = date(2021, 2, 28)  # due 2024-02-28
    histories = [
        R.ServantHistory(R.ServantFacts("B", False, False, date(2015, 1, 1), date(2015, 1, 1)),
                         [R.Completion("advanced_training", 24, last)],
                         [R.Period(date(2024, 2, 28), date(2024, 3, 1)), R.Period(date(2024, 3, 2), date(2024, 3, 2))]),
        R.ServantHistory(R.ServantFacts("A", True, False, date(2020, 2, 29), date(2023, 2, 28)), [], []),
        R.ServantHistory(R.ServantFacts("B", True, False, date(2015, 1, 1), date(2023, 8, 31)), [],
                         [R.Period(date(2024, 2, 29), date(2024, 2, 29))]),
    ]
    params = list(R.DEFAULTS.values())
    with transaction.atomic():
        by_number = _store(histories, params)
        for as_of in (date(2023, 2, 28), date(2024, 2, 29), date(2024, 3, 2), date(2024, 3, 3), date(2024, 3, 4)):
            expected = {(n, r.rule, r.status, r.due_date)
                        for n, h in by_number.items() for r in R.evaluate_all(params, h, as_of)}
            got = {(r.personnel_number, r.rule, r.status, r.due_date)
                   for r in compliance.iter_statuses(CivilServant.objects.all(), as_of)}
            assert got == expected
        # 3 exempt days (28 Feb - 1 Mar 2024) move the due date to 2 March; the leave starting that day adds 1
        assert R.evaluate_all(params, by_number["AG000"], date(2024, 3, 3)) == [
            R.Result(R.THREE_YEAR, R.DUE_SOON, date(2024, 3, 3))]
        assert R.evaluate_all(params, by_number["AG000"], date(2024, 3, 4))[0].status == R.OVERDUE
        transaction.set_rollback(True)
