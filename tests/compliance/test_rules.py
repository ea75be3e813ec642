"""The reference rule engine (enrollment.rules): properties of the date arithmetic and the statuses.
Pure Python, no database."""

from datetime import date, timedelta

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from compliance import rules as R

FACTS = R.ServantFacts(corps="B", managerial=False, first_time_entrant=False,
                       entered_service_on=date(2010, 1, 1), appointed_on=date(2015, 1, 1))
THREE = R.DEFAULTS[R.THREE_YEAR]
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
leap_days = st.integers(min_value=2000, max_value=2036).filter(lambda y: y % 4 == 0).map(lambda y: date(y, 2, 29))
month_ends = st.builds(lambda y, m: R.add_months(date(y, m, 1), 1) - timedelta(days=1),
                       st.integers(2000, 2036), st.integers(1, 12))
interesting_days = st.one_of(days, leap_days, month_ends)


def advanced(day: date, hours: int = 24) -> R.Completion:
    return R.Completion("advanced_training", hours, day)


def three_year(completions=(), exemptions=(), as_of=date(2026, 11, 20), facts=FACTS, params=THREE):
    return R.evaluate(params, facts, list(completions), list(exemptions), as_of)


# --- calendar arithmetic --------------------------------------------------------------------------------------

def test_leap_day_falls_due_on_28_february():
    assert R.add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert R.add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert R.add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert R.add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert R.add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


@given(interesting_days, st.integers(0, 10))
def test_add_years_keeps_month_and_clamps_the_day(day, years):
    due = R.add_years(day, years)
    assert (due.year, due.month) == (day.year + years, day.month)
    assert due.day == day.day or (day.month, day.day, due.day) == (2, 29, 28)


@given(interesting_days, st.integers(-24, 24))
def test_add_months_never_overflows_into_the_next_month(day, months):
    due = R.add_months(day, months)
    assert (due.year * 12 + due.month) - (day.year * 12 + day.month) == months
    assert due.day <= day.day
    if due.day < day.day:  # clamped: it is the last day of its month
        assert (due + timedelta(days=1)).day == 1


# --- three-year rule ---------------------------------------------------------------------------------------------

@given(interesting_days)
@example(date(2024, 2, 29))
def test_due_date_is_three_calendar_years_after_the_last_completion(last):
    assume(last >= FACTS.entered_service_on)
    result = three_year([advanced(last)], as_of=last)
    assert result.due_date == R.add_years(last, 3)
    assert result.status in (R.COMPLIANT, R.DUE_SOON)


@given(interesting_days, st.integers(-400, 400))
def test_status_depends_on_the_distance_to_the_due_date(last, offset):
    assume(last >= FACTS.entered_service_on)
    due = R.add_years(last, 3)
    as_of = due + timedelta(days=offset)
    result = three_year([advanced(last)], as_of=as_of)
    assert result.due_date == due
    if offset > 0:
        assert result.status == R.OVERDUE
    elif offset >= -180:
        assert result.status == R.DUE_SOON
    else:
        assert result.status == R.COMPLIANT


@given(interesting_days)
def test_a_completion_on_the_due_date_keeps_the_servant_compliant(first):
    assume(first >= FACTS.entered_service_on)
    due = R.add_years(first, 3)
    after = three_year([advanced(first), advanced(due)], as_of=due + timedelta(days=1))
    assert after.status == R.COMPLIANT and after.due_date == R.add_years(due, 3)
    missed = three_year([advanced(first)], as_of=due + timedelta(days=1))
    assert missed.status == R.OVERDUE


@given(interesting_days, st.integers(1, 2000))
def test_completions_after_as_of_do_not_count(as_of, later):
    assume(as_of > date(2014, 1, 1))
    without = three_year([], as_of=as_of)
    with_future = three_year([advanced(as_of + timedelta(days=later))], as_of=as_of)
    assert with_future == without


@given(st.integers(1, 200), st.sampled_from(["seminar", "e_course", "retraining", "other"]))
def test_only_qualifying_courses_and_hours_count(hours, kind):
    last = date(2025, 1, 10)
    assert three_year([R.Completion(kind, 40, last)]).status == R.OVERDUE  # entered 2010, nothing qualifying
    result = three_year([advanced(last, hours)])
    assert result.status == (R.COMPLIANT if 8 <= hours <= 80 else R.OVERDUE)


@given(interesting_days, interesting_days)
def test_cycle_starts_at_the_later_of_entry_and_last_completion(entered, last):
    facts = R.ServantFacts("A", True, False, entered, max(entered, last))
    result = three_year([advanced(last)], as_of=max(entered, last), facts=facts)
    assert result.due_date == R.add_years(max(entered, last), 3)


def test_political_servants_have_no_three_year_rule():
    facts = R.ServantFacts("political", False, False, date(2010, 1, 1), date(2010, 1, 1))
    assert three_year(facts=facts) is None


# --- exemptions ------------------------------------------------------------------------------------------------

@given(interesting_days, st.integers(0, 1000), st.integers(0, 400))
def test_an_exemption_inside_the_cycle_moves_the_due_date_by_its_length(last, start_after, length):
    base_due = R.add_years(last, 3)
    start = last + timedelta(days=start_after)
    assume(start <= base_due)
    leave = R.Period(start, start + timedelta(days=length))
    as_of = leave.end + timedelta(days=1)
    assume(last >= FACTS.entered_service_on)
    result = three_year([advanced(last)], [leave], as_of=as_of)
    assert result.due_date == base_due + timedelta(days=length + 1)
    inside = three_year([advanced(last)], [leave], as_of=leave.start)
    assert inside.status == R.EXEMPT


@given(st.integers(1, 300), st.integers(0, 100))
def test_exemptions_are_counted_only_from_the_cycle_start(before, inside):
    last = date(2024, 2, 29)
    leave = R.Period(last - timedelta(days=before), last + timedelta(days=inside))
    result = three_year([advanced(last)], [leave], as_of=leave.end + timedelta(days=1))
    assert result.due_date == date(2027, 2, 28) + timedelta(days=inside + 1)


def test_exemptions_chain_when_the_moved_due_date_reaches_the_next_one():
    last = date(2020, 1, 1)  # base due 2023-01-01
    first = R.Period(date(2022, 12, 1), date(2022, 12, 31))  # 31 days: due 2023-02-01
    second = R.Period(date(2023, 1, 20), date(2023, 1, 29))  # starts before the moved due: +10 days
    too_late = R.Period(date(2023, 3, 1), date(2023, 3, 10))  # starts after the due date reached: ignored
    result = three_year([advanced(last)], [first, second, too_late], as_of=date(2023, 6, 1))
    assert result.due_date == date(2023, 2, 11)
    assert result.status == R.OVERDUE


def test_exemptions_not_yet_started_on_as_of_do_not_count():
    last = date(2024, 1, 10)
    future = R.Period(date(2026, 6, 1), date(2026, 12, 31))
    assert three_year([advanced(last)], [future], as_of=date(2026, 5, 1)).due_date == date(2027, 1, 10)
    assert three_year([advanced(last)], [future], as_of=date(2026, 6, 1)).due_date == date(2027, 1, 10) + timedelta(days=214)


# --- rule versions over time ---------------------------------------------------------------------------------------

@given(interesting_days, st.integers(1, 6), st.integers(1, 6))
def test_the_version_in_force_on_as_of_decides(switch, old_years, new_years):
    old = R.RuleParams(R.THREE_YEAR, valid_from=date(2000, 1, 1), valid_to=switch - timedelta(days=1),
                       period_years=old_years)
    new = R.RuleParams(R.THREE_YEAR, valid_from=switch, period_years=new_years,
                       qualifying=(R.Qualifying("advanced_training", 40, 80),))  # a type range of 40-80 h
    history = R.ServantHistory(FACTS, [advanced(date(2009, 5, 5)), advanced(date(2012, 3, 1), hours=24)])
    for as_of in (switch - timedelta(days=1), switch):
        assume(as_of >= date(2012, 3, 1))
        [result] = R.evaluate_all([new, old], history, as_of, [R.THREE_YEAR])
        if as_of < switch:  # old version: the 24-hour course counts, old period
            assert result.due_date == R.add_years(date(2012, 3, 1), old_years)
        else:  # new version: 24 hours are below the minimum; the cycle runs from entry into service
            assert result.due_date == R.add_years(FACTS.entered_service_on, new_years)


def test_no_version_in_force_means_no_status():
    version = R.RuleParams(R.THREE_YEAR, valid_from=date(2020, 1, 1), valid_to=date(2020, 12, 31))
    history = R.ServantHistory(FACTS)
    assert R.evaluate_all([version], history, date(2021, 1, 1)) == []
    assert len(R.evaluate_all([version], history, date(2020, 12, 31))) == 1


# --- appointment rules ---------------------------------------------------------------------------------------------

ENTRANT = R.ServantFacts("B", False, True, date(2026, 2, 28), date(2026, 2, 28))
RETRAIN = R.DEFAULTS[R.RETRAINING]


def test_retraining_due_six_months_after_appointment():
    result = R.evaluate(RETRAIN, ENTRANT, [], [], date(2026, 3, 1))
    assert result == R.Result(R.RETRAINING, R.DUE_SOON, date(2026, 8, 28))
    assert R.evaluate(RETRAIN, ENTRANT, [], [], date(2026, 8, 29)).status == R.OVERDUE
    done = [R.Completion("retraining", 120, date(2026, 8, 28))]
    assert R.evaluate(RETRAIN, ENTRANT, done, [], date(2026, 8, 29)).status == R.COMPLIANT
    short = [R.Completion("retraining", 119, date(2026, 5, 1))]
    assert R.evaluate(RETRAIN, ENTRANT, short, [], date(2026, 8, 29)).status == R.OVERDUE
    before = [R.Completion("retraining", 200, date(2026, 2, 27))]
    assert R.evaluate(RETRAIN, ENTRANT, before, [], date(2026, 8, 29)).status == R.OVERDUE


@given(st.booleans(), st.booleans(), st.sampled_from(["A", "B", "political"]), st.integers(0, 30))
def test_retraining_applies_to_new_entrants_and_new_managers_of_corps_b(entrant, managerial, corps, months):
    appointed = date(2025, 8, 31)
    facts = R.ServantFacts(corps, managerial, entrant, date(2020, 1, 1), appointed)
    result = R.evaluate(RETRAIN, facts, [], [], R.add_months(appointed, months))
    expected = corps == "B" and (entrant or managerial) and months < 12
    assert (result is not None) == expected


def test_corps_a_course_is_due_on_the_appointment_day():
    params = R.DEFAULTS[R.CORPS_A_COURSE]
    facts = R.ServantFacts("A", True, False, date(2010, 1, 1), date(2026, 3, 2))
    assert R.evaluate(params, facts, [], [], date(2026, 3, 2)).status == R.DUE_SOON
    assert R.evaluate(params, facts, [], [], date(2026, 3, 3)) == R.Result(R.CORPS_A_COURSE, R.OVERDUE,
                                                                           date(2026, 3, 2))
    course = [R.Completion("management_course", 36, date(2026, 1, 15))]
    assert R.evaluate(params, facts, course, [], date(2026, 3, 3)).status == R.COMPLIANT
    b_facts = R.ServantFacts("B", True, False, date(2010, 1, 1), date(2026, 3, 2))
    assert R.evaluate(params, b_facts, [], [], date(2026, 3, 3)) is None


@settings(max_examples=50)
@given(interesting_days, st.lists(st.tuples(st.integers(0, 1500), st.integers(0, 200)), max_size=4),
       st.integers(0, 2500))
def test_the_due_date_never_moves_by_more_than_the_exempt_days(last, leaves, as_of_offset):
    periods, cursor = [], last - timedelta(days=100)
    for gap, length in leaves:  # non-overlapping, in order
        start = cursor + timedelta(days=gap)
        periods.append(R.Period(start, start + timedelta(days=length)))
        cursor = start + timedelta(days=length + 1)
    facts = R.ServantFacts("B", False, False, last, last)
    as_of = last + timedelta(days=as_of_offset)
    result = three_year([advanced(last)], periods, as_of=as_of, facts=facts)
    total = sum((p.end - max(p.start, last)).days + 1 for p in periods if p.end >= last and p.start <= as_of)
    assert R.add_years(last, 3) <= result.due_date <= R.add_years(last, 3) + timedelta(days=max(0, total))
