"""Item analysis, as Moodle's quiz statistics report computes it, over the finished, fully graded attempts
of a quiz. Per question (x = its score in an attempt, R = the rest of the test = attempt total - x):

- facility index F = 100 · mean(x / max)
- standard deviation SD = 100 · stddev_samp(x / max)
- discrimination index D = 100 · corr(x, R)
- discriminative efficiency DE = 100 · cov(x, R) / cov_max(x, R), where cov_max pairs the sorted x values
  with the sorted R values (the highest covariance these marks could have)
and for the test (T = attempt total, k = questions per attempt):
- coefficient of internal consistency (Cronbach's alpha) CIC = 100 · k/(k-1) · (1 - Σ var(x_i) / var(T))
- error ratio ER = 100 · sqrt(1 - CIC/100); standard error SE = ER/100 · SD(T)

PostgreSQL computes everything in one statement with `corr`, `covar_samp`, `stddev_samp`; cov_max needs one
window sort of R per question while the sorted x side comes from counts of its few distinct values. SQLite
(the embedded first-look database) takes the same formulas in Python."""

import math
from dataclasses import dataclass, field

from django.db import connection

from assessments.models import AttemptQuestion, AttemptStatus, Question, Quiz

EASY, HARD = 100.0, 0.0


@dataclass
class QuestionStats:
    question_id: int
    key: str = ""
    kind: str = ""
    text: str = ""
    n: int = 0
    facility: float | None = None
    sd: float | None = None
    discrimination: float | None = None
    efficiency: float | None = None
    flags: list[str] = field(default_factory=list)


@dataclass
class QuizStats:
    attempts: int = 0
    mean: float | None = None  # mean attempt total, % of its maximum
    sd: float | None = None  # of totals, marks
    alpha: float | None = None  # CIC, %
    error_ratio: float | None = None
    standard_error: float | None = None
    questions: list[QuestionStats] = field(default_factory=list)


PER_QUESTION_SQL = """
WITH rows AS (
    SELECT aq.question_id AS q, aq.score::float8 AS x, aq.fraction::float8 AS f,
           a.score::float8 - aq.score::float8 AS r
    FROM assessments_attemptquestion aq
    JOIN assessments_attempt a ON a.id = aq.attempt_id
    WHERE a.quiz_id = %(quiz)s AND a.status = 'finished' AND NOT a.needs_grading AND aq.score IS NOT NULL
),
stats AS (
    SELECT q, count(*) AS n, avg(f) AS f_mean, stddev_samp(f) AS f_sd, corr(x, r) AS d,
           covar_samp(x, r) AS cov, var_samp(x) AS x_var, avg(x) AS x_mean, avg(r) AS r_mean
    FROM rows GROUP BY q
),
x_blocks AS (  -- the sorted x column as runs of equal values: ranks lo..hi hold value x
    SELECT q, x, sum(c) OVER (PARTITION BY q ORDER BY x) - c + 1 AS lo, sum(c) OVER (PARTITION BY q ORDER BY x) AS hi
    FROM (SELECT q, x, count(*) AS c FROM rows GROUP BY q, x) runs
),
r_ranked AS (
    SELECT q, r, row_number() OVER (PARTITION BY q ORDER BY r) AS rank FROM rows
),
paired AS (  -- Σ x_(i) · r_(i) over the independently sorted columns
    SELECT rr.q, sum(xb.x * rr.r) AS xr FROM r_ranked rr
    JOIN x_blocks xb ON xb.q = rr.q AND rr.rank BETWEEN xb.lo AND xb.hi
    GROUP BY rr.q
)
SELECT s.q, s.n, s.f_mean, s.f_sd, s.d, s.cov, s.x_var,
       CASE WHEN s.n > 1 THEN (p.xr - s.n * s.x_mean * s.r_mean) / (s.n - 1) END AS cov_max
FROM stats s JOIN paired p ON p.q = s.q
"""

TEST_SQL = """
SELECT count(*), avg(t.percent), stddev_samp(t.score), var_samp(t.score), avg(t.k)
FROM (
    SELECT a.id, a.percent::float8 AS percent, a.score::float8 AS score, count(aq.id)::float8 AS k
    FROM assessments_attempt a JOIN assessments_attemptquestion aq ON aq.attempt_id = a.id
    WHERE a.quiz_id = %(quiz)s AND a.status = 'finished' AND NOT a.needs_grading
    GROUP BY a.id
) t
"""


def quiz_statistics(quiz: Quiz) -> QuizStats:
    rows, test = _postgres(quiz) if connection.vendor == "postgresql" else _python(quiz)
    stats = QuizStats()
    per_question = []
    for q, n, f_mean, f_sd, d, cov, x_var, cov_max in rows:
        item = QuestionStats(
            question_id=q,
            n=n,
            facility=_pct(f_mean),
            sd=_pct(f_sd),
            discrimination=_pct(d),
            efficiency=_pct(cov / cov_max) if cov is not None and cov_max else None,
        )
        if item.facility is not None and item.facility >= EASY:
            item.flags.append("everyone_correct")
        if item.facility is not None and item.facility <= HARD:
            item.flags.append("nobody_correct")
        per_question.append((item, x_var or 0.0))
    count, mean, t_sd, t_var, k = test
    stats.attempts, stats.mean, stats.sd = count or 0, _round(mean), _round(t_sd)
    if count and count > 1 and k and k > 1 and t_var:
        alpha = k / (k - 1) * (1 - sum(v for _, v in per_question) / t_var)
        stats.alpha = round(100 * alpha, 2)
        if alpha <= 1:
            stats.error_ratio = round(100 * math.sqrt(max(0.0, 1 - alpha)), 2)
            stats.standard_error = _round(stats.error_ratio / 100 * t_sd)
    _label(per_question)
    stats.questions = sorted((item for item, _ in per_question), key=lambda i: i.key)
    return stats


def _label(per_question) -> None:
    questions = {q.pk: q for q in Question.objects.filter(pk__in=[i.question_id for i, _ in per_question])}
    for item, _ in per_question:
        question = questions.get(item.question_id)
        if question is not None:
            item.key, item.kind, item.text = question.key, question.kind, question.text[:120]


def _pct(value) -> float | None:
    return None if value is None else round(100 * float(value), 2)


def _round(value) -> float | None:
    return None if value is None else round(float(value), 3)


def _postgres(quiz: Quiz):
    with connection.cursor() as cursor:
        cursor.execute(PER_QUESTION_SQL, {"quiz": quiz.pk})
        rows = cursor.fetchall()
        cursor.execute(TEST_SQL, {"quiz": quiz.pk})
        test = cursor.fetchone()
    return rows, test


def facility_only_sql(quiz: Quiz) -> list[tuple]:
    """The hand-written baseline the benchmark compares with: facility index per question, nothing else."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT aq.question_id, avg(aq.fraction) FROM assessments_attemptquestion aq
            JOIN assessments_attempt a ON a.id = aq.attempt_id
            WHERE a.quiz_id = %s AND a.status = 'finished' AND NOT a.needs_grading AND aq.score IS NOT NULL
            GROUP BY aq.question_id""",
            [quiz.pk],
        )
        return cursor.fetchall()


# --- the same formulas in Python (SQLite) -----------------------------------------------------------------


def _mean(xs):
    return sum(xs) / len(xs) if xs else None


def _cov(xs, ys):
    if len(xs) < 2:
        return None
    mx, my = _mean(xs), _mean(ys)
    return sum((a - mx) * (b - my) for a, b in zip(xs, ys, strict=True)) / (len(xs) - 1)


def _python(quiz: Quiz):
    data = AttemptQuestion.objects.filter(
        attempt__quiz=quiz,
        attempt__status=AttemptStatus.FINISHED,
        attempt__needs_grading=False,
        score__isnull=False,
    ).values_list("question_id", "score", "fraction", "attempt__score")
    by_q: dict[int, list[tuple[float, float, float]]] = {}
    for q, x, f, t in data:
        by_q.setdefault(q, []).append((float(x), float(f), float(t) - float(x)))
    rows = []
    for q, items in by_q.items():
        xs, fs, rs = [i[0] for i in items], [i[1] for i in items], [i[2] for i in items]
        cov, x_var, r_var = _cov(xs, rs), _cov(xs, xs), _cov(rs, rs)
        d = cov / math.sqrt(x_var * r_var) if cov is not None and x_var and r_var else None
        f_var = _cov(fs, fs)
        rows.append(
            (
                q,
                len(items),
                _mean(fs),
                math.sqrt(f_var) if f_var is not None else None,
                d,
                cov,
                x_var,
                _cov(sorted(xs), sorted(rs)),
            )
        )
    totals = list(
        quiz.attempts.filter(status=AttemptStatus.FINISHED, needs_grading=False).values_list(
            "score", "percent"
        )
    )
    scores = [float(s) for s, _ in totals]
    t_var = _cov(scores, scores)
    counts = [len(v) for v in by_q.values()]
    k = (sum(counts) / len(totals)) if totals else None
    test = (
        len(totals),
        _mean([float(p) for _, p in totals]),
        math.sqrt(t_var) if t_var is not None else None,
        t_var,
        k,
    )
    return rows, test
