"""Redis side of heartbeat ingest (used when settings.REDIS_URL is set; without Redis heartbeats are written
to the database directly).

A heartbeat is checked and buffered by one Lua script, atomically per (viewer, video):
- retried beat ids (a per-pair SET) are answered as duplicates;
- plausibility uses the clock of the previous accepted beat kept in a per-pair hash (not in the database);
- the played seconds are set in a per-pair bitmap, so the exact unique-seconds count (and the resume position)
  is known at once without touching the database;
- the beat gets a sequence number (INCR) and is appended to one buffer list as "<seq> <json>".
The fold (services.heartbeats_fold) drains the list in batches into WatchProgress rows; the sequence number of
the last folded beat is stored in the same database transaction (FoldState "heartbeats"), so a beat is applied
exactly once even if a fold crashes before trimming the list or two folds overlap.

Keys carry the database name and, on PostgreSQL, the database's oid: a recreated database (tests, bench) never
sees state left in Redis by an earlier one with the same ids."""

import json
import threading
from datetime import UTC, datetime

import numpy as np
import redis
from django.conf import settings
from django.db import connection

# Per-pair state lives a day after the last beat; the fold runs every few seconds, so nothing pending expires.
STATE_TTL_SECONDS = 24 * 3600
FOLD_LOCK_SECONDS = 300

_BEAT_LUA = """
-- KEYS: state hash, seen bitmap, beat ids set, sequence, buffer list
-- ARGV: now, beat id, first window, max window, max rate, slack, ttl, played seconds, payload, position,
--       spans (lo, hi)...
if redis.call('EXISTS', KEYS[2]) == 0 then return {-1} end
local id = ARGV[2]
if id ~= '' and redis.call('SISMEMBER', KEYS[3], id) == 1 then
  return {0, redis.call('BITCOUNT', KEYS[2])}
end
local now = tonumber(ARGV[1])
local t = redis.call('HGET', KEYS[1], 't')
local elapsed = tonumber(ARGV[3])
if t then elapsed = now - tonumber(t) end
local window = math.min(math.max(elapsed, 0), tonumber(ARGV[4]))
if tonumber(ARGV[8]) > window * tonumber(ARGV[5]) + tonumber(ARGV[6]) then
  return {-2, tostring(elapsed)}
end
local ttl = tonumber(ARGV[7])
if id ~= '' then
  redis.call('SADD', KEYS[3], id)
  redis.call('EXPIRE', KEYS[3], ttl)
end
for i = 11, #ARGV, 2 do
  for s = tonumber(ARGV[i]), tonumber(ARGV[i + 1]) - 1 do redis.call('SETBIT', KEYS[2], s, 1) end
end
if redis.call('EXISTS', KEYS[4]) == 0 then
  -- (re)start the sequence at the server's clock in microseconds: after a Redis restart or flush new beats
  -- still sort after every beat folded before, whose sequence the database keeps as its watermark
  local now_us = redis.call('TIME')
  redis.call('SET', KEYS[4], now_us[1] .. string.format('%06d', tonumber(now_us[2])))
end
local seq = string.format('%d', redis.call('INCR', KEYS[4]))
redis.call('EXPIRE', KEYS[4], ttl)  -- may expire when idle: it restarts above every earlier value
redis.call('RPUSH', KEYS[5], seq .. ' ' .. ARGV[9])
redis.call('HSET', KEYS[1], 't', ARGV[1], 'q', seq, 'p', ARGV[10])
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('EXPIRE', KEYS[2], ttl)
return {1, redis.call('BITCOUNT', KEYS[2])}
"""

_SEED_LUA = """
-- KEYS: state hash, seen bitmap. ARGV: bitmap from the database, its last beat clock or '', ttl,
-- session start clock or ''. Never overwrites a live bitmap (it may hold beats not folded yet).
local ttl = tonumber(ARGV[3])
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('SET', KEYS[2], ARGV[1], 'EX', ttl)
  if ARGV[2] ~= '' then redis.call('HSETNX', KEYS[1], 't', ARGV[2]) end
end
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 't', ARGV[4]) end
redis.call('EXPIRE', KEYS[1], ttl)
return 1
"""

_TRIM_LUA = """
-- KEYS: buffer list, folded marker. ARGV: last folded sequence, at most this many items.
-- Pops only items already folded (by sequence), never ones appended meanwhile.
local w = tonumber(ARGV[1])
local n = 0
while n < tonumber(ARGV[2]) do
  local head = redis.call('LINDEX', KEYS[1], 0)
  if not head then break end
  if tonumber(string.match(head, '^(%d+)')) > w then break end
  redis.call('LPOP', KEYS[1])
  n = n + 1
end
if w > tonumber(redis.call('GET', KEYS[2]) or '0') then redis.call('SET', KEYS[2], ARGV[1], 'EX', 86400) end
return n
"""

_lock = threading.Lock()
_clients: dict[str, redis.Redis] = {}
_scripts: dict[tuple[str, str], object] = {}
_prefixes: dict[tuple[str, str], str] = {}


def enabled() -> bool:
    """Buffer heartbeats in Redis? MEDIA_HEARTBEAT_BUFFER, by default whenever REDIS_URL is set."""
    flag = getattr(settings, "MEDIA_HEARTBEAT_BUFFER", None)
    return bool(settings.REDIS_URL) if flag is None else bool(flag and settings.REDIS_URL)


def fold_inline() -> bool:
    """Fold right after each beat when no Celery worker runs the periodic fold (eager mode: tests, first look).
    MEDIA_HEARTBEAT_FOLD_INLINE overrides."""
    flag = getattr(settings, "MEDIA_HEARTBEAT_FOLD_INLINE", None)
    return bool(getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False) if flag is None else flag)


def client() -> redis.Redis:
    """One connection pool per process (and URL)."""
    url = settings.REDIS_URL
    found = _clients.get(url)
    if found is None:
        with _lock:
            found = _clients.setdefault(url, redis.Redis(connection_pool=redis.ConnectionPool.from_url(url)))
    return found


def _script(name: str, source: str):
    key = (settings.REDIS_URL, name)
    found = _scripts.get(key)
    if found is None:
        found = _scripts[key] = client().register_script(source)
    return found


def prefix() -> str:
    name = str(connection.settings_dict["NAME"])
    key = (connection.vendor, name)
    found = _prefixes.get(key)
    if found is None:
        oid = ""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT oid FROM pg_database WHERE datname = current_database()")
                oid = str(cursor.fetchone()[0])
        found = _prefixes[key] = f"lms:hb:{name}:{oid}:"
    return found


def _pair_keys(user_id: int, asset_id: int) -> list[str]:
    p = prefix()
    return [f"{p}s:{user_id}:{asset_id}", f"{p}b:{user_id}:{asset_id}", f"{p}i:{user_id}:{asset_id}"]


def buffer_key() -> str:
    return prefix() + "buf"


def folded_key() -> str:
    return prefix() + "folded"


def lock_key() -> str:
    return prefix() + "lock"


def _ts(moment: datetime | None) -> str:
    return repr(moment.timestamp()) if moment else ""


def seed(user_id: int, asset_id: int, *, session_start: datetime | None = None) -> None:
    """Load the pair's seconds and last beat clock from its database row unless Redis already has them;
    `session_start` (the player page load) restarts the plausibility clock."""
    from media.tracking.models import WatchProgress

    state, seen, _ids = _pair_keys(user_id, asset_id)
    row = WatchProgress.objects.filter(user_id=user_id, asset_id=asset_id).values_list(
        "counts", "last_beat_at").first()
    bitmap, last = (b"", None) if row is None else (_bits(bytes(row[0])), row[1])
    _script("seed", _SEED_LUA)(keys=[state, seen], args=[bitmap, _ts(last), STATE_TTL_SECONDS,
                                                          _ts(session_start)])


def _bits(counts: bytes) -> bytes:
    """Per-second counts -> Redis bitmap (bit s = second s played; Redis numbers bits from the high end)."""
    arr = np.frombuffer(counts, dtype=np.uint8)
    return np.packbits(arr > 0).tobytes() if len(arr) else b""


def push(*, user_id: int, asset_id: int, spans, position: float, rate: float, beat_id: str, now: datetime,
         limits: tuple[float, float, float, float]) -> tuple[str, int | float]:
    """Check and buffer one beat. Returns ("ok", unique seconds), ("duplicate", unique seconds) or
    ("implausible", elapsed seconds). `limits` = (first window, max window, max rate, slack)."""
    state, seen, ids = _pair_keys(user_id, asset_id)
    played = sum(hi - lo for lo, hi in spans)
    payload = json.dumps([user_id, asset_id, now.timestamp(), position, rate, beat_id, spans],
                         separators=(",", ":"))
    flat = [x for span in spans for x in span]
    args = [_ts(now), beat_id, *limits, STATE_TTL_SECONDS, played, payload, repr(float(position)), *flat]
    keys = [state, seen, ids, prefix() + "seq", buffer_key()]
    script = _script("beat", _BEAT_LUA)
    result = script(keys=keys, args=args)
    if result[0] == -1:  # first beat of this pair since Redis last saw it
        seed(user_id, asset_id)
        result = script(keys=keys, args=args)
    if result[0] == -2:
        return "implausible", float(result[1])
    return ("ok" if result[0] == 1 else "duplicate"), int(result[1])


def read_state(user_id: int, asset_id: int) -> tuple[int, float | None] | None:
    """(unique seconds, position of the last buffered beat or None) from Redis, or None when Redis holds
    nothing for the pair (then the database row is current)."""
    state, seen, _ids = _pair_keys(user_id, asset_id)
    pipe = client().pipeline(transaction=False)
    pipe.exists(seen)
    pipe.bitcount(seen)
    pipe.hget(state, "p")
    exists, unique, position = pipe.execute()
    if not exists:
        return None
    return int(unique), (float(position) if position is not None else None)


def read_batch(size: int) -> list[tuple[int, list]]:
    """The oldest `size` buffered beats as (sequence, [user, asset, ts, position, rate, beat id, spans])."""
    items = client().lrange(buffer_key(), 0, size - 1)
    out = []
    for item in items:
        seq, _sep, body = item.partition(b" ")
        out.append((int(seq), json.loads(body)))
    return out


def trim(folded_seq: int, at_most: int) -> int:
    return int(_script("trim", _TRIM_LUA)(keys=[buffer_key(), folded_key()], args=[folded_seq, at_most]))


def pending() -> int:
    return int(client().llen(buffer_key()))


def fold_lock(blocking_timeout: float = 60.0):
    """Only one fold drains the buffer at a time (the database watermark keeps overlapping folds correct
    anyway, e.g. after this lock expired)."""
    return client().lock(lock_key(), timeout=FOLD_LOCK_SECONDS, blocking_timeout=blocking_timeout)


def clock(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)


def flush() -> int:
    """Delete every key of this database's buffer (tests)."""
    r = client()
    keys = list(r.scan_iter(match=prefix() + "*", count=1000))
    return r.delete(*keys) if keys else 0
