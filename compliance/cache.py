"""The version of the data the compliance figures are computed from, for caches of those figures (the HR
dashboard's page body, the monthly trend). A cache key includes `data_version()`; every write to an input of the
engine bumps it, so a cached figure is never served after the data behind it changed.

Inputs: training records, exemptions, rules and rule versions, civil servants, positions, bodies, units and
employment records. Saves and deletes of those models bump through signals (connected in ComplianceConfig.ready);
bulk writes that send no signals (E-kyzmet and training-record imports, body moves, the demo data) call
`bump_data_version()` themselves. The bump happens at once (a reader inside the writing transaction, or a test,
sees the new version) and again after the commit (a reader that computed from the old, still committed rows
between the two cached them under the first bump's version: the second makes that entry unreachable).
Caches keyed on the version also expire (COMPLIANCE_DASHBOARD_CACHE_SECONDS), a bound on staleness should a
write path be missed."""

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "compliance:data-version"


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return int(version)


def _incr() -> None:
    try:
        cache.incr(VERSION_KEY)
    except (
        ValueError
    ):  # not set yet (or evicted): any value no reader has seen would do; 2 follows the default
        if not cache.add(VERSION_KEY, 2, timeout=None):
            cache.incr(VERSION_KEY)


def bump_data_version(**_signal_kwargs) -> None:
    """Now and after the commit of the current transaction (once per transaction however many rows change)."""
    _incr()
    conn = transaction.get_connection()
    if conn.in_atomic_block and not any(func is _incr for _sids, func, _robust in conn.run_on_commit):
        transaction.on_commit(_incr, robust=True)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from compliance.models import ComplianceRule, Exemption, RuleVersion, TrainingRecord
    from people.models import CivilServant, EmploymentRecord, Position, StateBody, StructuralUnit

    for model in (
        TrainingRecord,
        Exemption,
        ComplianceRule,
        RuleVersion,
        CivilServant,
        Position,
        StateBody,
        StructuralUnit,
        EmploymentRecord,
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                bump_data_version, sender=model, dispatch_uid=f"compliance.version.{signal}.{model}"
            )
    m2m_changed.connect(
        bump_data_version,
        sender=RuleVersion.qualifying_course_types.through,
        dispatch_uid="compliance.version.rule-types",
    )
