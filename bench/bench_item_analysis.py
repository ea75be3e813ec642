"""Item analysis over 20,000 attempts of a 40-question quiz (bound: under 2 s, and within 2x of a hand-written
SQL aggregate of the facility index alone, measured in the same run on the same data).

`python -m bench item_analysis [--attempts 20000] [--questions 40] [--repeat 3] [--keep-db]`

The data are inserted set-based (generate_series): each attempt has an ability, each question a difficulty,
and the chance of a right answer follows a logistic curve, so discrimination is realistic. Both sides are
timed warm (best of --repeat runs) after VACUUM ANALYZE."""

import argparse
import sys
import time

from bench import drop_database, use_fresh_database

DB_NAME = "lms_bench_item_analysis"
BOUND_S = 2.0
BOUND_RATIO = 2.0


def seed(attempts: int, questions: int):
    from django.db import connection

    from assessments import banks, services
    from assessments.models import Question
    from courses import services as course_services
    from courses.models import CourseType, Provider
    from people.models import User

    provider = Provider.objects.create(
        code="BENCH", kind="apa", name_en="Bench", name_ru="Bench", name_kk="Bench"
    )
    course = course_services.course_create(
        actor=None,
        code="BENCH-IA",
        course_type=CourseType.objects.get(code="e_course"),
        provider=provider,
        hours=8,
        languages="en",
        title_en="Bench",
        summary_en="Bench",
    )
    module = course_services.module_create(version=course.versions.get(), actor=None, title_en="M")
    lesson = course_services.lesson_create(module=module, actor=None, kind="quiz", title_en="Quiz")
    quiz = services.quiz_create(lesson=lesson, actor=None, role="final")
    text = "\n\n".join(f"::q{i:02d}::Question {i}? {{=right ~wrong ~other}}" for i in range(questions))
    banks.bank_import(bank_code="BENCH", content=text.encode(), actor=None)
    services.quiz_set_slots(
        quiz=quiz, actor=None, slots=[{"question": q} for q in Question.objects.order_by("pk")]
    )
    user = User.objects.create(username="bench-learner")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute(
            """
            INSERT INTO assessments_attempt (quiz_id, user_id, number, status, started_at, finished_at,
                closed_by_timeout, score, max_score, percent, needs_grading, passed, override_reason)
            SELECT %s, %s, g, 'finished', now(), now(), false, 0, %s, 0, false, false, ''
            FROM generate_series(1, %s) g""",
            [quiz.pk, user.pk, questions, attempts],
        )
        cursor.execute(
            """
            INSERT INTO assessments_attemptquestion (attempt_id, position, question_id, question_version,
                choice_order, max_score, score, fraction, grader_comment)
            SELECT a.id, q.pos, q.id, 1, '[]', 1, s.v, s.v, ''
            FROM assessments_attempt a
            CROSS JOIN (SELECT id, row_number() OVER (ORDER BY id) AS pos FROM assessments_question) q
            CROSS JOIN LATERAL (SELECT CASE WHEN random() < 1 / (1 + exp(-6 * ((a.number %% 100) / 100.0
                - q.pos::float8 / (%s + 1)))) THEN 1 ELSE 0 END AS v) s
            WHERE a.quiz_id = %s""",
            [questions, quiz.pk],
        )
        cursor.execute(
            """
            UPDATE assessments_attempt a SET score = t.total, percent = round(t.total * 100.0 / %s, 2),
                passed = t.total * 100.0 / %s >= 60
            FROM (SELECT attempt_id, sum(score) AS total FROM assessments_attemptquestion GROUP BY attempt_id) t
            WHERE t.attempt_id = a.id""",
            [questions, questions],
        )
    with connection.cursor() as cursor:
        connection.connection.autocommit = True
        cursor.execute("VACUUM ANALYZE assessments_attempt")
        cursor.execute("VACUUM ANALYZE assessments_attemptquestion")
    print(
        f"seeded {attempts} attempts x {questions} questions in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return quiz


def best_of(repeat: int, fn) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench item_analysis")
    parser.add_argument("--attempts", type=int, default=20_000)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep-db", action="store_true")
    args, _unknown = parser.parse_known_args(argv or [])
    use_fresh_database(DB_NAME)
    try:
        quiz = seed(args.attempts, args.questions)
        from assessments.analysis import facility_only_sql, quiz_statistics

        facility_s, facility = best_of(args.repeat, lambda: facility_only_sql(quiz))
        analysis_s, stats = best_of(args.repeat, lambda: quiz_statistics(quiz))
        same = {q: round(float(f) * 100, 2) for q, f in facility} == {
            s.question_id: s.facility for s in stats.questions
        }
        print(
            f"item analysis: {stats.attempts} attempts, {len(stats.questions)} questions, alpha {stats.alpha} %, "
            f"SE {stats.standard_error}; facility equal to the hand-written aggregate: {same}",
            flush=True,
        )
        print(
            f"item analysis: {analysis_s:.3f} s (bound {BOUND_S:.0f} s) ratio {analysis_s / BOUND_S:.2f}",
            flush=True,
        )
        ratio = analysis_s / facility_s
        print(
            f"item analysis vs facility-only SQL ({facility_s:.3f} s): {ratio:.2f}x (bound {BOUND_RATIO:.0f}x) "
            f"ratio {ratio / BOUND_RATIO:.2f}",
            flush=True,
        )
        return 0 if same and analysis_s < BOUND_S and ratio <= BOUND_RATIO else 1
    finally:
        if not args.keep_db:
            drop_database(DB_NAME)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
