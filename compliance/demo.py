"""Demo training histories and exemptions for the demo servants (people.demo), and bulk records for
benchmarks. Deterministic (random.Random(2026)) and idempotent: every servant's draws happen whether or not
its rows exist, and the natural keys skip what is there already.

As of people.demo.DEMO_TODAY the three-year rule comes out at about 70% compliant, 15% due soon, 10% overdue
and 5% exempt; servants who entered service recently are compliant by definition, so the buckets of the others
are weighted to make up the mix."""

import io
import random
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from compliance.cache import bump_data_version
from compliance.models import Exemption, TrainingRecord
from compliance.rules import add_months, add_years
from people.demo import DEMO_PREFIX, DEMO_TODAY
from people.models import CivilServant


class CourseType:
    """Stable course-type codes (courses.CourseType.code) the demo records use."""

    ADVANCED_TRAINING, RETRAINING, MANAGEMENT_COURSE = "advanced_training", "retraining", "management_course"
    SEMINAR, MASTER_CLASS, E_COURSE = "seminar", "master_class", "e_course"


SEED = 2026
BATCH = 10_000
MIX = {"compliant": 0.70, "due_soon": 0.15, "overdue": 0.10, "exempt": 0.05}
SCALE_PROVIDER = "Benchmark generator"
PROVIDERS = [
    "Академия государственного управления при Президенте РК",
    "Филиал АГУ по г. Алматы",
    "Филиал АГУ по Карагандинской области",
    "Региональный центр переподготовки, Шымкент",
    "Назарбаев Университет",
    "Astana Civil Service Hub",
]
ADVANCED = [
    "Цифровая трансформация государственного управления", "Проектное управление в госсекторе",
    "Противодействие коррупции и этика госслужбы", "Клиентоориентированность в оказании госуслуг",
    "Стратегическое планирование и бюджетирование", "Управление персоналом на госслужбе",
    "Анализ данных для принятия решений", "Государственная политика и законотворчество",
]
OTHER = {
    CourseType.SEMINAR: ["Семинар: изменения в Законе о государственной службе", "Семинар: госзакупки 2025"],
    CourseType.E_COURSE: ["Электронный курс: кибергигиена", "Электронный курс: язык госуслуг"],
    CourseType.MASTER_CLASS: ["Мастер-класс: публичные выступления", "Мастер-класс: лидерство"],
}


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _record(sid: int, title: str, kind: str, hours: int, day: date, provider: str) -> TrainingRecord:
    return TrainingRecord(servant_id=sid, title=title, course_type_id=kind, hours=hours, completed_on=day,
                          provider=provider, source=TrainingRecord.Source.IMPORT)


def _weights(servants: list[tuple], cut: date) -> list[float]:
    """Bucket weights for servants who can fall behind, so that with the recent entrants (always compliant)
    the whole population shows MIX."""
    servants = [s for s in servants if s[1] in ("A", "B")]
    recent = sum(1 for s in servants if s[5] > cut + timedelta(days=180)) / max(1, len(servants))
    rest = 1 - recent
    if rest <= 0:
        return [1, 0, 0, 0]
    return [max(0.0, (MIX["compliant"] - recent) / rest), MIX["due_soon"] / rest, MIX["overdue"] / rest,
            MIX["exempt"] / rest]


def _plan_three_year(rng, sid, entered, bucket, today, cut, out, exemptions) -> None:
    title, provider = rng.choice(ADVANCED), rng.choice(PROVIDERS)
    hours = rng.choice((16, 24, 36, 40, 72))
    if bucket == "compliant":
        last = _day(rng, max(cut + timedelta(days=185), entered), today - timedelta(days=1))
    elif bucket == "due_soon":
        last = _day(rng, cut + timedelta(days=5), cut + timedelta(days=175))
    elif bucket == "overdue":
        last = _day(rng, add_years(cut, -3), cut - timedelta(days=30))
    else:  # exempt: on leave today, with an older training
        last = _day(rng, add_years(cut, -2), cut + timedelta(days=170))
        start = _day(rng, today - timedelta(days=200), today - timedelta(days=10))
        exemptions.append(Exemption(servant_id=sid, reason=rng.choice(Exemption.Reason.values), start_on=start,
                                    end_on=_day(rng, today + timedelta(days=40), today + timedelta(days=300)),
                                    approved_at=timezone.now()))
    if last >= entered:
        out.append(_record(sid, title, CourseType.ADVANCED_TRAINING, hours, last, provider))
    previous = add_years(last, -3) - timedelta(days=rng.randint(0, 200))
    if previous >= entered and rng.random() < 0.6:
        out.append(_record(sid, rng.choice(ADVANCED), CourseType.ADVANCED_TRAINING, rng.choice((24, 36, 72)),
                           previous, rng.choice(PROVIDERS)))


def _plan_extras(rng, sid, entered, today, out) -> None:
    for _n in range(rng.choice((0, 0, 1, 2))):
        kind = rng.choice(list(OTHER))
        out.append(_record(sid, rng.choice(OTHER[kind]), kind, rng.choice((2, 4, 6, 8)),
                           _day(rng, entered, today), rng.choice(PROVIDERS)))


def _plan_appointment(rng, sid, corps, managerial, entrant, appointed, today, out) -> None:
    """Most new appointees already did their retraining / management course; some have not yet."""
    recent = appointed > add_months(today, -12)
    done = rng.random() < 0.75
    if not (recent and done):
        return
    if corps == "B" and (entrant or managerial):
        day = _day(rng, appointed, min(today, add_months(appointed, 6)))
        out.append(_record(sid, "Переподготовка: основы государственной службы" if entrant else
                           "Переподготовка руководителей государственных органов", CourseType.RETRAINING,
                           rng.choice((120, 144, 180)), day, PROVIDERS[0]))
    elif corps == "A":
        out.append(_record(sid, "Курс для руководителей корпуса «А»", CourseType.MANAGEMENT_COURSE, 36,
                           _day(rng, add_months(appointed, -6), appointed), PROVIDERS[0]))


@transaction.atomic
def seed_training_demo(*, scale_records_per_servant: int = 0) -> dict[str, int]:
    """Returns how many training records and exemptions this run created."""
    before = (TrainingRecord.objects.count(), Exemption.objects.count())
    rng, today = random.Random(SEED), DEMO_TODAY
    cut = add_years(today, -3)
    servants = list(CivilServant.objects.filter(personnel_number__startswith=DEMO_PREFIX)
                    .order_by("personnel_number")
                    .values_list("pk", "position__corps", "position__managerial", "first_time_entrant",
                                 "appointed_on", "entered_service_on"))
    weights = _weights(servants, cut)
    records, exemptions = [], []
    for sid, corps, managerial, entrant, appointed, entered in servants:
        bucket = rng.choices(list(MIX), weights)[0]
        if corps in ("A", "B"):
            _plan_three_year(rng, sid, entered, bucket, today, cut, records, exemptions)
        _plan_appointment(rng, sid, corps, managerial, entrant, appointed, today, records)
        _plan_extras(rng, sid, entered, today, records)
    TrainingRecord.objects.bulk_create(_unique(records), batch_size=BATCH, ignore_conflicts=True)
    have = set(Exemption.objects.filter(servant_id__in=[e.servant_id for e in exemptions])
               .values_list("servant_id", flat=True))
    Exemption.objects.bulk_create([e for e in exemptions if e.servant_id not in have], batch_size=BATCH)
    if scale_records_per_servant:
        seed_scale_records(scale_records_per_servant)
    bump_data_version()
    return {"training records": TrainingRecord.objects.count() - before[0],
            "exemptions": Exemption.objects.count() - before[1]}


def _unique(records: list[TrainingRecord]) -> list[TrainingRecord]:
    seen, out = set(), []
    for r in records:
        key = (r.servant_id, r.title, r.completed_on, r.provider)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


# --- benchmark volume ---------------------------------------------------------------------------------------

_SCALE_TYPES = [CourseType.ADVANCED_TRAINING] * 5 + [CourseType.SEMINAR] * 2 + [
    CourseType.E_COURSE, CourseType.MASTER_CLASS, CourseType.RETRAINING]


def seed_scale_records(per_servant: int) -> int:
    """`per_servant` generated records for every servant that has none from the generator yet: PostgreSQL
    COPY (about 1,000,000 rows in well under a minute), bulk_create elsewhere. Returns rows added."""
    rng, today = random.Random(f"{SEED}:scale"), DEMO_TODAY
    done = set(TrainingRecord.objects.filter(provider=SCALE_PROVIDER).values_list("servant_id", flat=True)
               .distinct())
    servants = (CivilServant.objects.order_by("pk").values_list("pk", "entered_service_on")
                .iterator(chunk_size=BATCH))
    added = 0
    buffer = []
    for sid, entered in servants:
        span = max(0, (today - entered).days)
        rows = []
        for k in range(per_servant):
            kind = rng.choice(_SCALE_TYPES)
            hours = rng.choice((8, 16, 24, 36, 72, 90)) if kind != CourseType.RETRAINING else 120
            rows.append((sid, f"Курс {k + 1}", kind, hours, entered + timedelta(days=rng.randint(0, span))))
        if sid not in done:
            buffer.extend(rows)
        if len(buffer) >= 100_000:
            added += _write_scale(buffer)
            buffer = []
    added += _write_scale(buffer)
    bump_data_version()
    return added


def _write_scale(rows: list[tuple]) -> int:
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        TrainingRecord.objects.bulk_create([_record(sid, t, k, h, d, SCALE_PROVIDER) for sid, t, k, h, d in rows],
                                           batch_size=BATCH)
        return len(rows)
    now = timezone.now().isoformat()
    buf = io.StringIO()
    for sid, title, kind, hours, day in rows:
        buf.write(f"{sid}\t{title}\t{kind}\t{hours}\t{day.isoformat()}\t{SCALE_PROVIDER}\timport\t\t{now}\n")
    table = TrainingRecord._meta.db_table
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
                f"COPY {table} (servant_id, title, course_type, hours, completed_on, provider, source, evidence, "
                f"created_at) FROM STDIN") as copy:
            copy.write(buf.getvalue())
    return len(rows)
