"""Writes: heartbeats (validated played ranges -> per-second watch counts), the player session start, the
engagement fold and analytics export requests.

A heartbeat carries the ranges played since the previous one. Only those ranges count, never the position:
seeking to the end adds nothing. A beat may not claim more playing than the wall-clock time since the previous
accepted beat (or the page load) allows at the highest playback rate, plus slack.

With Redis (REDIS_URL) beats are checked and buffered there (media.tracking.buffer) and folded into the watch
rows in batches (heartbeats_fold: every 10 s by Celery beat, after each beat in eager mode); without Redis
each beat is written to its row directly."""

import logging
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from redis.exceptions import LockError

from lms.audit import audit_record
from lms.errors import ApplicationError
from media.models import VideoAsset
from media.tracking import buffer, listeners, selectors
from media.tracking.models import AnalyticsExport, FoldState, WatchProgress
from people.models import User

MAX_PLAYBACK_RATE = 2.0
MIN_PLAYBACK_RATE = 0.25
MAX_RANGES = 100
# Without a known duration the bitmap grows with the ranges, up to this many seconds.
MAX_UNKNOWN_DURATION = 12 * 3600
# Buffered beats folded per database transaction.
FOLD_BATCH = 5000

logger = logging.getLogger(__name__)


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def slack_seconds() -> float:
    return _setting("MEDIA_HEARTBEAT_SLACK_SECONDS", 5.0)


def first_window_seconds() -> float:
    """Allowed wall time before the first beat when the page load was not recorded."""
    return _setting("MEDIA_HEARTBEAT_FIRST_WINDOW_SECONDS", 30.0)


def max_window_seconds() -> float:
    """A long silence does not buy an unlimited claim."""
    return _setting("MEDIA_HEARTBEAT_MAX_WINDOW_SECONDS", 600.0)


def _bad(code: str, message: str) -> ApplicationError:
    return ApplicationError(code, message, http_status=400)


def _number(value, code: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _bad(code, _("Expected a number."))
    try:
        number = float(value)
    except ValueError:
        raise _bad(code, _("Expected a number.")) from None
    if not math.isfinite(number):
        raise _bad(code, _("Expected a finite number."))
    return number


def parse_ranges(ranges, duration: int | None) -> list[tuple[int, int]]:
    """[[start, end], ...] in seconds -> whole-second half-open spans clipped to the duration."""
    if not isinstance(ranges, list | tuple) or len(ranges) > MAX_RANGES:
        raise _bad("bad_ranges", _("Played ranges must be a list of at most %(n)d [start, end] pairs.")
                   % {"n": MAX_RANGES})
    limit = duration or MAX_UNKNOWN_DURATION
    spans = []
    for pair in ranges:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise _bad("bad_ranges", _("Each played range is a [start, end] pair."))
        start, end = _number(pair[0], "bad_ranges"), _number(pair[1], "bad_ranges")
        if start < 0 or end < start:
            raise _bad("bad_ranges", _("A played range needs 0 ≤ start ≤ end."))
        lo, hi = min(round(start), limit), min(round(end), limit)
        if hi > lo:
            spans.append((lo, hi))
    return spans


@dataclass
class Beat:
    ranges: list
    position: float
    rate: float = 1.0
    beat_id: str = ""


def _validate(beat: Beat, duration: int | None) -> tuple[list[tuple[int, int]], float, float]:
    spans = parse_ranges(beat.ranges, duration)
    position = _number(beat.position, "bad_position")
    if position < 0:
        raise _bad("bad_position", _("The position cannot be negative."))
    if duration:
        position = min(position, float(duration))
    rate = _number(beat.rate, "bad_rate")
    if not MIN_PLAYBACK_RATE <= rate <= MAX_PLAYBACK_RATE:
        raise _bad("bad_rate", _("The playback rate must be between %(lo)s and %(hi)s.")
                   % {"lo": MIN_PLAYBACK_RATE, "hi": MAX_PLAYBACK_RATE})
    if not isinstance(beat.beat_id, str) or len(beat.beat_id) > 64:
        raise _bad("bad_beat_id", _("The heartbeat id is a string of at most 64 characters."))
    return spans, position, rate


def _check_plausible(spans: list[tuple[int, int]], last_beat_at: datetime | None, now: datetime) -> None:
    elapsed = (now - last_beat_at).total_seconds() if last_beat_at else first_window_seconds()
    allowed = min(max(elapsed, 0.0), max_window_seconds()) * MAX_PLAYBACK_RATE + slack_seconds()
    played = sum(hi - lo for lo, hi in spans)
    if played > allowed:
        raise _implausible(played, elapsed)


def _implausible(played: int, elapsed: float) -> ApplicationError:
    return _bad("implausible_ranges", _("%(played)d s of playing reported in %(elapsed)d s: not accepted.")
                % {"played": played, "elapsed": elapsed})


def apply_spans(counts: bytes, spans: list[tuple[int, int]], length: int) -> tuple[bytes, int]:
    """Add one play to every second of every span (saturating at 255); return (counts, unique seconds)."""
    size = max(length, len(counts), max((hi for _lo, hi in spans), default=0))
    arr = np.zeros(size, dtype=np.uint8)
    arr[: len(counts)] = np.frombuffer(counts, dtype=np.uint8)
    for lo, hi in spans:
        seg = arr[lo:hi]
        seg[seg < 255] += 1
    return arr.tobytes(), int(np.count_nonzero(arr))


_SELECT = ("SELECT id, counts, last_beat_at, last_beat_id, reported_percent FROM media_tracking_watchprogress "
           "WHERE user_id = %s AND asset_id = %s FOR UPDATE")
_INSERT = ("INSERT INTO media_tracking_watchprogress (user_id, asset_id, counts, unique_seconds, position, "
           "playback_rate, last_beat_at, last_beat_id, reported_percent, updated_at) "
           "VALUES (%s, %s, %s, 0, 0, 1, %s, '', 0, %s) ON CONFLICT (user_id, asset_id) DO NOTHING")
_UPDATE = ("UPDATE media_tracking_watchprogress SET counts = %s, unique_seconds = %s, position = %s, "
           "playback_rate = %s, last_beat_at = %s, last_beat_id = %s, reported_percent = %s, updated_at = %s "
           "WHERE id = %s")


def _select_sql() -> str:
    # SQLite (the embedded first-look database) locks the whole file instead of rows.
    return _SELECT if connection.features.has_select_for_update else _SELECT.removesuffix(" FOR UPDATE")


def _lock_row(cursor, user_id: int, asset_id: int, now: datetime, *, last_beat_at=None):
    cursor.execute(_select_sql(), [user_id, asset_id])
    row = cursor.fetchone()
    if row is None:
        cursor.execute(_INSERT, [user_id, asset_id, b"", last_beat_at, now])
        cursor.execute(_select_sql(), [user_id, asset_id])
        row = cursor.fetchone()
    return row


def watch_session_start(*, user, asset: VideoAsset, now: datetime | None = None) -> None:
    """The player page was loaded: start the clock the first heartbeat is measured against."""
    now = now or timezone.now()
    _session_start_direct(user, asset, now)  # a page load, not the hot path: the row shows the session too
    if buffer.enabled():  # beats are checked against the clock in Redis
        buffer.seed(user.pk, asset.pk, session_start=now)


@transaction.atomic
def _session_start_direct(user, asset: VideoAsset, now: datetime) -> None:
    with connection.cursor() as cursor:
        row_id, *_rest = _lock_row(cursor, user.pk, asset.pk, now, last_beat_at=now)
        cursor.execute("UPDATE media_tracking_watchprogress SET last_beat_at = %s WHERE id = %s", [now, row_id])


def heartbeat_record(*, user, asset: VideoAsset, ranges, position, rate=1.0, beat_id: str = "",
                     duration: int | None = None, now: datetime | None = None) -> dict:
    """Validate and store one heartbeat. Returns {"unique_seconds", "share", "position", "duplicate"}.
    `duration` may be passed by callers that already know it (saves a lookup).
    With Redis the beat is buffered (one Lua call; the database row follows at the next fold), else written
    to the database at once."""
    now = now or timezone.now()
    duration = duration if duration is not None else selectors.asset_duration(asset)
    spans, position, rate = _validate(Beat(ranges, position, rate, beat_id), duration)
    if not buffer.enabled():
        return _record_direct(user, asset, spans, position, rate, beat_id, duration, now)
    status, value = buffer.push(user_id=user.pk, asset_id=asset.pk, spans=spans, position=position, rate=rate,
                                beat_id=beat_id, now=now, limits=(first_window_seconds(), max_window_seconds(),
                                                                  MAX_PLAYBACK_RATE, slack_seconds()))
    if status == "implausible":
        raise _implausible(sum(hi - lo for lo, hi in spans), value)
    if status == "ok" and buffer.fold_inline():  # no worker folds periodically: fold now
        heartbeats_fold()
    return {"duplicate": status == "duplicate", "unique_seconds": value,
            "share": value / duration if duration else 0.0, "position": position}


@transaction.atomic
def _record_direct(user, asset: VideoAsset, spans, position: float, rate: float, beat_id: str,
                   duration: int | None, now: datetime) -> dict:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A heartbeat is cheap to lose in a crash (the viewer re-watches a few seconds at worst); not waiting
            # for the WAL flush roughly doubles the rate of this path.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        row_id, counts, last_beat_at, last_beat_id, reported = _lock_row(cursor, user.pk, asset.pk, now)
        if beat_id and beat_id == last_beat_id:  # a retried request: already applied
            return {"duplicate": True, **_summary(bytes(counts), duration, position)}
        _check_plausible(spans, last_beat_at, now)
        new_counts, unique = apply_spans(bytes(counts), spans, duration or 0)
        percent = min(100, unique * 100 // duration) if duration else 0
        cursor.execute(_UPDATE, [new_counts, unique, position, rate, now, beat_id, max(percent, reported), now,
                                 row_id])
    if percent > reported:
        _feed_listeners(user, asset, percent)
    return {"duplicate": False, "unique_seconds": unique, "share": unique / duration if duration else 0.0,
            "position": position}


# ---- the heartbeat fold (Redis buffer -> WatchProgress rows) ----------------------------------------------

def heartbeats_fold(*, max_batches: int | None = None, wait: float = 60.0) -> int:
    """Apply buffered heartbeats to the watch rows, FOLD_BATCH at a time (one transaction each: beats grouped
    per (viewer, video), one locked select, one batched update); returns how many beats were folded (those of
    a viewer or video deleted meanwhile are dropped).
    Waits up to `wait` seconds for a fold already running (then returns 0 if it is still running). Must not
    run inside a caller's transaction: the buffer is trimmed once the batch is committed."""
    if not buffer.enabled():
        return 0
    applied = batches = 0
    try:
        with buffer.fold_lock(blocking_timeout=wait):
            while max_batches is None or batches < max_batches:
                items = buffer.read_batch(FOLD_BATCH)
                if not items:
                    break
                count, watermark, grown = _fold_batch(items)
                buffer.trim(watermark, len(items))
                applied, batches = applied + count, batches + 1
                _feed_grown(grown)
                if len(items) < FOLD_BATCH:
                    break
    except LockError:
        logger.info("heartbeat fold skipped: another fold holds the lock")
    return applied


def _fold_batch(items: list[tuple[int, list]]) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Apply the beats not folded yet (sequence above the stored watermark). Returns (beats applied, new
    watermark, [(user, asset, percent) whose share grew])."""
    with transaction.atomic(durable=True):
        state, _created = FoldState.objects.select_for_update().get_or_create(name="heartbeats")
        fresh = [(seq, beat) for seq, beat in items if seq > state.sequence]
        if not fresh:
            return 0, state.sequence, []
        pairs = defaultdict(list)
        for _seq, beat in fresh:  # [user, asset, ts, position, rate, beat id, spans], in arrival order
            pairs[(beat[0], beat[1])].append(beat)
        grown = _apply_pairs(pairs)
        state.sequence = fresh[-1][0]
        state.last_run_at = timezone.now()
        state.save(update_fields=["sequence", "last_run_at"])
    return len(fresh), state.sequence, grown


def _apply_pairs(pairs: dict) -> list[tuple[int, int, int]]:
    users = set(User.objects.filter(pk__in={u for u, _a in pairs}).values_list("pk", flat=True))
    assets = VideoAsset.objects.in_bulk({a for _u, a in pairs})
    durations = {pk: selectors.asset_duration(asset) for pk, asset in assets.items()}
    pairs = {key: beats for key, beats in pairs.items() if key[0] in users and key[1] in assets}  # not deleted
    now = timezone.now()
    WatchProgress.objects.bulk_create([WatchProgress(user_id=u, asset_id=a, updated_at=now) for u, a in pairs],
                                      ignore_conflicts=True)
    rows = (WatchProgress.objects.select_for_update().order_by("id")
            .filter(user_id__in={u for u, _a in pairs}, asset_id__in={a for _u, a in pairs})
            .values_list("id", "user_id", "asset_id", "counts", "reported_percent"))
    params, grown = [], []
    for row_id, user_id, asset_id, counts, reported in rows:
        beats = pairs.get((user_id, asset_id))
        if not beats:
            continue
        duration = durations[asset_id]
        new_counts, unique = apply_spans(bytes(counts), [tuple(s) for b in beats for s in b[6]], duration or 0)
        percent = min(100, unique * 100 // duration) if duration else 0
        _uid, _aid, ts, position, rate, beat_id, _spans = beats[-1]
        # updated_at (the engagement fold's watermark) = fold time: a beat folded late is still picked up.
        # Never before the beat's own clock (callers may pass clocks ahead, e.g. replays).
        beat_at = buffer.clock(ts)
        params.append([new_counts, unique, position, rate, beat_at, beat_id, max(percent, reported),
                       max(now, beat_at), row_id])
        if percent > reported:
            grown.append((user_id, asset_id, percent))
    with connection.cursor() as cursor:
        cursor.executemany(_UPDATE, params)
    return grown


def _feed_grown(grown: list[tuple[int, int, int]]) -> None:
    """Pass grown shares on to the registered listeners (courses); only videos a listener cares about cost
    queries."""
    if not grown:
        return
    for listener in listeners.watch_listeners():
        wanted = set(listener.interested({a for _u, a, _p in grown}))
        picked = [g for g in grown if g[1] in wanted]
        users = User.objects.in_bulk({u for u, _a, _p in picked})
        assets = VideoAsset.objects.in_bulk({a for _u, a, _p in picked})
        for user_id, asset_id, percent in picked:
            try:
                listener.share_grown(user=users[user_id], asset=assets[asset_id], watched_share=percent)
            except Exception:  # one learner's course record must not stall everyone's fold
                logger.exception("feeding watched share failed (user %s, video %s)", user_id, asset_id)


def _summary(counts: bytes, duration: int | None, position: float) -> dict:
    unique = int(np.count_nonzero(np.frombuffer(counts, dtype=np.uint8)))
    return {"unique_seconds": unique, "share": unique / duration if duration else 0.0, "position": position}


def _feed_listeners(user, asset: VideoAsset, percent: int) -> None:
    """Pass the measured share to the registered listeners (courses: video lessons apply their video_share
    rule). Runs inside the heartbeat's transaction, as the course record must agree with the watch row."""
    for listener in listeners.watch_listeners():
        if asset.pk in set(listener.interested({asset.pk})):
            listener.share_grown(user=user, asset=asset, watched_share=percent)


# ---- engagement fold and exports ---------------------------------------------------------------------------

def engagement_fold(*, now: datetime | None = None) -> int:
    """Fold buffered heartbeats, then watch rows updated since the last run into the HDF5 engagement file;
    returns assets refreshed."""
    from media.tracking.hdf5 import fold

    heartbeats_fold()
    return fold(now=now)


FOLD_OVERLAP = timedelta(minutes=1)


@transaction.atomic
def analytics_export_request(*, actor) -> AnalyticsExport:
    if not selectors.can_export_analytics(actor):
        raise ApplicationError("forbidden", _("Only administrators and Agency analysts export analytics."),
                               http_status=403)
    export = AnalyticsExport.objects.create(requested_by=actor, variant=selectors.export_variant_for(actor))
    audit_record(actor=actor, action="media.analytics_export.request", obj=export, summary=export.variant)
    from media.tracking.tasks import analytics_export_run

    transaction.on_commit(lambda: analytics_export_run.delay(export.pk))
    return export
