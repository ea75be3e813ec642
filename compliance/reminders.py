"""Compliance reminders: servants at each threshold before a due date (default 180/90/30 days) and once when
overdue; HR officers a weekly digest of their subtree. In-app notification plus e-mail, in the recipient's
language when read (message keys of compliance.notices).

Sent at most once per (servant, rule, due date, threshold): that tuple is the notification's dedup_key, UNIQUE in
the database. Keys already sent are skipped in one query per chunk; a concurrent or retried run that gets past
that check hits the constraint and sends nothing (notification_send returns None). A new due date (the servant
completed a course, or an exemption moved it) is a new key, so the reminders start again for the new cycle.

Days are Asia/Almaty days (settings.TIME_ZONE): the beat fires at 09:00 there."""

from collections import Counter
from datetime import date, datetime

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from compliance import engine as compliance
from compliance import rules as R
from compliance.dashboard import Filters, scoped_servants
from compliance.notices import DIGEST, OVERDUE, REMINDER, digest_params, reminder_params
from notifications.selectors import keys_already_sent
from notifications.services import notification_send
from people.models import CivilServant, Role, RoleAssignment, User

CHUNK = 500


def local_day(now: datetime | None = None) -> date:
    return timezone.localdate(now or timezone.now())


def threshold_for(status: str, days_left: int, thresholds) -> str | None:
    """The reminder step a status is at: 'overdue', or the smallest threshold not yet passed ('90' at 85 days
    left with 180/90/30). None when nothing is due."""
    if status == R.OVERDUE:
        return OVERDUE
    if status != R.DUE_SOON:
        return None
    reached = [t for t in thresholds if days_left <= t]
    return str(min(reached)) if reached else None


def reminder_key(servant_id: int, rule: str, due: date, step: str) -> str:
    return f"compliance:{rule}:{servant_id}:{due.isoformat()}:{step}"


def _due_rows(as_of: date) -> list[tuple[int, str, str, date]]:
    """(servant id, rule, status, due date) of active servants with an account that are due soon or overdue."""
    servants = CivilServant.objects.filter(user__isnull=False, is_active=True)
    if connection.vendor != "postgresql":
        return [(r.servant_id, r.rule, r.status, r.due_date) for r in compliance.iter_statuses(servants, as_of)
                if r.status in (R.DUE_SOON, R.OVERDUE)]
    sql, args = compliance.statuses_sql(servants, as_of, compliance.params_in_force(as_of))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"SELECT servant_id, rule, status, due_date FROM ({sql}) x "  # noqa: S608
                       f"WHERE status IN ('{R.DUE_SOON}', '{R.OVERDUE}') ORDER BY servant_id, rule", args)
        return cursor.fetchall()


def servant_reminders_send(*, now: datetime | None = None) -> Counter:
    """Send every reminder due today; returns the count sent per step ('180', '90', '30', 'overdue')."""
    as_of = local_day(now)
    params = compliance.params_in_force(as_of)
    todo = []
    for servant_id, rule, status, due in _due_rows(as_of):
        step = threshold_for(status, (due - as_of).days, params[rule].thresholds)
        if step is not None:
            todo.append((servant_id, rule, due, step))
    sent: Counter = Counter()
    url = reverse("compliance:mine")
    for start in range(0, len(todo), CHUNK):
        chunk = todo[start:start + CHUNK]
        keys = {item: reminder_key(*item) for item in chunk}
        done = keys_already_sent(keys.values())
        chunk = [item for item in chunk if keys[item] not in done]
        users = dict(CivilServant.objects.filter(pk__in={i[0] for i in chunk}).values_list("pk", "user_id"))
        accounts = User.objects.in_bulk(set(users.values()))
        for item in chunk:
            servant_id, rule, due, step = item
            params = reminder_params(rule=rule, due=due, step=step, days=(due - as_of).days)
            if notification_send(user=accounts[users[servant_id]], kind=f"compliance.{step}", dedup_key=keys[item],
                                 message=REMINDER, params=params, url=url) is not None:
                sent[step] += 1
    return sent


# --- the weekly HR digest ----------------------------------------------------------------------------------------

def digest_key(user_id: int, as_of: date) -> str:
    year, week, _day = as_of.isocalendar()
    return f"compliance-digest:{user_id}:{year}-W{week:02d}"


def hr_digests_send(*, now: datetime | None = None) -> int:
    """One digest per HR officer per ISO week (the dedup key), counts per rule and status of their subtree."""
    as_of = local_day(now)
    officer_ids = set(RoleAssignment.objects.filter(role=Role.HR_OFFICER, user__is_active=True)
                      .values_list("user_id", flat=True))
    done = keys_already_sent(digest_key(u, as_of) for u in officer_ids)
    url = reverse("compliance:dashboard") + "?status=overdue"
    sent = 0
    for user in User.objects.filter(pk__in=officer_ids).order_by("pk"):
        key = digest_key(user.pk, as_of)
        if key in done:
            continue
        summary = compliance.status_summary(scoped_servants(user, Filters(as_of=as_of)), as_of)
        if not any(sum(c.values()) for c in summary.values()):
            continue
        totals = Counter()
        for counts in summary.values():
            totals.update(counts)
        params = digest_params(as_of=as_of, summary=summary, overdue=totals[R.OVERDUE],
                               due_soon=totals[R.DUE_SOON])
        if notification_send(user=user, kind="compliance.digest", dedup_key=key, message=DIGEST, params=params,
                             url=url) is not None:
            sent += 1
    return sent
