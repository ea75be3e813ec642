"""Item analysis on a tiny data set computed by hand (see the comments), in SQL and in the Python fallback."""

import pytest

from assessments import analysis, banks, services
from assessments.models import Question
from tests.assessments.conftest import enrol, make_quiz_course
from tests.factories import UserFactory

# Four learners, four one-mark questions; 1 = right. Totals T = 3, 2, 1, 0.
PATTERN = [[1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0]]


@pytest.fixture
def stats_quiz(faculty, admin):
    text = "\n\n".join(f"::s{i}::Statement {i}? {{=right ~wrong}}" for i in range(1, 5))
    banks.bank_import(bank_code="STATS", content=text.encode(), actor=faculty)
    quiz = make_quiz_course(faculty, admin, code="QZ-STATS", shuffle_choices=False)
    questions = list(Question.objects.filter(bank__code="STATS").order_by("key"))
    services.quiz_set_slots(quiz=quiz, actor=faculty, slots=[{"question": q} for q in questions])
    for n, row in enumerate(PATTERN):
        user = enrol(UserFactory(username=f"s{n}"), quiz)
        attempt = services.attempt_start(quiz=quiz, user=user)
        # option 0 is "right" (no shuffle); answer row = [q1, q2, q3, q4]
        services.attempt_submit(
            attempt=attempt, user=user, responses={p: 0 if row[p - 1] else 1 for p in range(1, 5)}
        )
    return quiz


def check(stats):
    by_key = {q.key: q for q in stats.questions}
    q1 = by_key["s1"]
    # x = 1,1,1,0; R = T - x = 2,1,0,0: cov = 0.25, var x = 0.25, var R = 0.9167 → r = 0.5222
    assert (q1.facility, q1.sd, q1.discrimination) == (75.0, 50.0, 52.22)
    # sorted x 0,1,1,1 with sorted R 0,0,1,2 give the same covariance 0.25 → DE = 100 %
    assert q1.efficiency == 100.0
    assert by_key["s2"].facility == 50.0 and by_key["s3"].facility == 25.0
    q4 = by_key["s4"]
    assert q4.facility == 0.0 and q4.discrimination is None and q4.flags == ["nobody_correct"]
    # var T = 5/3; Σ var x = 0.25 + 1/3 + 0.25 + 0 = 5/6; alpha = 4/3 · (1 - 0.5) = 66.67 %
    assert stats.attempts == 4 and stats.mean == 37.5  # 75, 50, 25, 0 % of 4 marks
    assert stats.alpha == 66.67
    assert stats.error_ratio == 57.74  # 100 · sqrt(1/3)
    assert stats.standard_error == pytest.approx(0.745, abs=0.001)  # 0.5774 · SD(T) 1.291


def test_item_analysis_sql(stats_quiz):
    check(analysis.quiz_statistics(stats_quiz))
    facility = dict(analysis.facility_only_sql(stats_quiz))
    assert sorted(float(v) for v in facility.values()) == [0.0, 0.25, 0.5, 0.75]


def test_item_analysis_python_fallback(stats_quiz, monkeypatch):
    monkeypatch.setattr(analysis, "_postgres", analysis._python)
    check(analysis.quiz_statistics(stats_quiz))


def test_everyone_correct_flag(faculty, admin):
    banks.bank_import(bank_code="EASY", content=b"::e::Easy {=yes ~no}", actor=faculty)
    quiz = make_quiz_course(faculty, admin, code="QZ-EASY", shuffle_choices=False)
    services.quiz_set_slots(quiz=quiz, actor=faculty, slots=[{"question": Question.objects.get(key="e")}])
    for n in range(3):
        user = enrol(UserFactory(username=f"e{n}"), quiz)
        services.attempt_submit(
            attempt=services.attempt_start(quiz=quiz, user=user), user=user, responses={1: 0}
        )
    (item,) = analysis.quiz_statistics(quiz).questions
    assert item.facility == 100.0 and item.flags == ["everyone_correct"]
