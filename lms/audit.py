"""Audit records, written by services inside their transaction."""

from collections.abc import Iterable

from lms.masking import mask_iin_in
from lms.models import AuditEntry


def audit_record(*, actor, action: str, obj=None, object_type: str = "", object_id="", summary: str = "",
                 before: dict | None = None, after: dict | None = None) -> AuditEntry:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        summary=summary[:255],
        before=mask_iin_in(before),
        after=mask_iin_in(after),
    )


def audit_bulk(entries: Iterable[AuditEntry], *, batch_size: int = 2000) -> None:
    """Bulk variant for imports; callers build unsaved AuditEntry objects with masked payloads."""
    AuditEntry.objects.bulk_create(entries, batch_size=batch_size)
