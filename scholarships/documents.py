"""Document checks: PDF only, by content (the `%PDF-` magic bytes and a structural parse), never by the name;
a size limit from settings (SCHOLARSHIP_DOCUMENT_MAX_BYTES, 10 MB by default)."""

import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lms.errors import ApplicationError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


def max_bytes() -> int:
    return int(getattr(settings, "SCHOLARSHIP_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def pdf_check(data: bytes, *, field: str = "file") -> None:
    """Refuse anything that is not a well-formed PDF. The parse attempt follows the trailer: `startxref` must
    point at a cross-reference table (`xref`) or stream object inside the file, and the body must hold objects."""
    if not data:
        raise ApplicationError("document_empty", _("The file is empty."), extra={"field": field})
    if len(data) > max_bytes():
        raise ApplicationError(
            "document_too_large",
            _("The file is larger than %(mb)s MB.") % {"mb": max_bytes() // (1024 * 1024)},
            extra={"field": field},
        )
    if not data.startswith(b"%PDF-"):
        raise ApplicationError(
            "document_not_pdf", _("Only PDF documents are accepted."), extra={"field": field}
        )
    if not _parses(data):
        raise ApplicationError(
            "document_damaged", _("The PDF document is damaged or incomplete."), extra={"field": field}
        )


def _parses(data: bytes) -> bool:
    match = _STARTXREF.search(data[-2048:])
    if match is None or _OBJECT.search(data) is None:
        return False
    offset = int(match.group(1))
    if offset <= 0 or offset >= len(data):
        return False
    head = data[offset : offset + 64].lstrip()
    return head.startswith(b"xref") or _OBJECT.match(head) is not None
