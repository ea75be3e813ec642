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
WITH cells AS (  -- one pass: how many rows share (question, x, fraction, T); marks take few distinct values.
    -- Grouped on the stored numerics (no per-row casts or arithmetic), converted once per cell.
    SELECT q, x::float8 AS x, f::float8 AS f, (t - x)::float8 AS r, c::float8 AS c
    FROM (
        SELECT aq.question_id AS q, aq.score AS x, aq.fraction AS f, a.score AS t, count(*) AS c
        FROM assessments_attemptquestion aq
        JOIN assessments_attempt a ON a.id = aq.attempt_id
        WHERE a.quiz_id = %(quiz)s AND a.status = 'finished' AND NOT a.needs_grading AND aq.score IS NOT NULL
        GROUP BY 1, 2, 3, 4
    ) grouped
),
moments AS (
    SELECT q, sum(c) AS n, sum(c * x) AS sx, sum(c * x * x) AS sxx, sum(c * r) AS sr, sum(c * r * r) AS srr,
           sum(c * x * r) AS sxr, sum(c * f) AS sf, sum(c * f * f) AS sff
    FROM cells GROUP BY q
),
x_runs AS (  -- the sorted x column as runs: ranks lo..hi hold value v
    SELECT q, v, sum(c) OVER w - c + 1 AS lo, sum(c) OVER w AS hi
    FROM (SELECT q, x AS v, sum(c) AS c FROM cells GROUP BY q, x) h WINDOW w AS (PARTITION BY q ORDER BY v)
),
r_runs AS (
    SELECT q, v, sum(c) OVER w - c + 1 AS lo, sum(c) OVER w AS hi
    FROM (SELECT q, r AS v, sum(c) AS c FROM cells GROUP BY q, r) h WINDOW w AS (PARTITION BY q ORDER BY v)
),
paired AS (  -- Σ x_(i) · R_(i) over the independently sorted columns: overlapping runs multiply
    SELECT xr.q, sum(xr.v * rr.v * (least(xr.hi, rr.hi) - greatest(xr.lo, rr.lo) + 1)) AS sxr_max
    FROM x_runs xr JOIN r_runs rr ON rr.q = xr.q AND rr.lo <= xr.hi AND rr.hi >= xr.lo
    GROUP BY xr.q
)
SELECT m.q, m.n, m.sx, m.sxx, m.sr, m.srr, m.sxr, m.sf, m.sff, p.sxr_max
FROM moments m JOIN paired p ON p.q = m.q
"""

TEST_SQL = """
SELECT count(*), avg(percent::float8), stddev_samp(score::float8), var_samp(score::float8)
FROM assessments_attempt
WHERE quiz_id = %(quiz)s AND status = 'finished' AND NOT needs_grading
"""

TINY = 1e-12


def _from_moments(q, n, sx, sxx, sr, srr, sxr, sf, sff, sxr_max) -> tuple:
    """(q, n, mean f, sd f, corr(x, R), cov(x, R), var x, cov_max) from count-weighted sums."""
    n = int(n)
    if n < 2:
        return q, n, sf / n if n else None, None, None, None, 0.0, None
    var_x = (sxx - sx * sx / n) / (n - 1)
    var_r = (srr - sr * sr / n) / (n - 1)
    cov = (sxr - sx * sr / n) / (n - 1)
    cov_max = (sxr_max - sx * sr / n) / (n - 1)
    var_f = max(0.0, (sff - sf * sf / n) / (n - 1))
    corr = cov / math.sqrt(var_x * var_r) if var_x > TINY and var_r > TINY else None
    return q, n, sf / n, math.sqrt(var_f), corr, cov, max(var_x, 0.0), cov_max if cov_max > TINY else None


def quiz_statistics(quiz: Quiz) -> QuizStats:
    moments, test = _postgres(quiz) if connection.vendor == "postgresql" else _python(quiz)
    rows = [_from_moments(*m) for m in moments]
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
    count, mean, t_sd, t_var = test
    k = sum(item.n for item, _ in per_question) / count if count else None  # questions per attempt
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
    moments = []
    for q, items in by_q.items():
        xs, fs, rs = [i[0] for i in items], [i[1] for i in items], [i[2] for i in items]
        moments.append(
            (
                q,
                len(items),
                sum(xs),
                sum(x * x for x in xs),
                sum(rs),
                sum(r * r for r in rs),
                sum(x * r for x, r in zip(xs, rs, strict=True)),
                sum(fs),
                sum(f * f for f in fs),
                sum(x * r for x, r in zip(sorted(xs), sorted(rs), strict=True)),
            )
        )
    totals = list(
        quiz.attempts.filter(status=AttemptStatus.FINISHED, needs_grading=False).values_list(
            "score", "percent"
        )
    )
    scores = [float(s) for s, _ in totals]
    n = len(scores)
    mean = sum(scores) / n if n else None
    t_var = sum((s - mean) ** 2 for s in scores) / (n - 1) if n > 1 else None
    test = (
        n,
        sum(float(p) for _, p in totals) / n if n else None,
        math.sqrt(t_var) if t_var is not None else None,
        t_var,
    )
    return moments, test
