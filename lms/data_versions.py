"""Versions of named sets of data, for caches of pages computed from them: a cache key includes
`data_version(name)` of every set the page reads, and every write to a set bumps its version, so a cached page is
never served after the data behind it changed (a new key; the old entry expires unread).

An app bumps its own sets: through model signals for saves and deletes (connected in its AppConfig.ready), and
explicitly after bulk writes that send none (bulk_create, bulk_update, QuerySet.update). The bump happens at once
(a reader inside the writing transaction, or a test, sees the new version) and again after the commit: a reader
that computed from the old, still committed rows between the two cached them under the first bump's version,
which the second makes unreachable. Caches keyed on versions also expire, a bound on staleness should a write
path be missed."""

from django.core.cache import cache
from django.db import transaction

PREFIX = "data-version:"


def data_version(name: str) -> int:
    key = PREFIX + name
    version = cache.get(key)
    if version is None:
        cache.add(key, 1, timeout=None)
        version = cache.get(key) or 1
    return int(version)


def data_versions(*names: str) -> tuple[int, ...]:
    """data_version of each name, in one round trip to the cache when all are set."""
    found = cache.get_many([PREFIX + name for name in names])
    return tuple(int(found[PREFIX + name]) if PREFIX + name in found else data_version(name) for name in names)


def _incr(name: str) -> None:
    key = PREFIX + name
    try:
        cache.incr(key)
    except ValueError:  # not set yet (or evicted): readers saw the default 1, so 2 is new to them
        if not cache.add(key, 2, timeout=None):
            cache.incr(key)


class _Bump:
    """The on-commit callback of one set's bump (compared by name: one per transaction)."""

    def __init__(self, name: str):
        self.name = name

    def __eq__(self, other):
        return isinstance(other, _Bump) and other.name == self.name

    def __hash__(self):
        return hash(self.name)

    def __call__(self):
        _incr(self.name)


def bump_data_version(name: str) -> None:
    """Now and after the commit of the current transaction (once per transaction however many rows change)."""
    _incr(name)
    conn = transaction.get_connection()
    bump = _Bump(name)
    if conn.in_atomic_block and not any(func == bump for _sids, func, _robust in conn.run_on_commit):
        transaction.on_commit(bump, robust=True)


def bump_on_writes(name: str, *models, m2m=()) -> None:
    """Connect post_save and post_delete of `models` (and m2m_changed of the `m2m` through models) to a bump of
    `name`."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def receiver(**_kwargs):
        bump_data_version(name)

    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                receiver, sender=model, weak=False, dispatch_uid=f"data-version.{name}.{signal}.{model}"
            )
    for through in m2m:
        m2m_changed.connect(
            receiver, sender=through, weak=False, dispatch_uid=f"data-version.{name}.m2m.{through}"
        )
