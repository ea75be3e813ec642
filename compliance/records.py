"""External training uploaded by the servant with evidence (PDF, JPG or PNG, size limited, checked by content,
not by the name the browser sends), on top of compliance.services.training_record_create / _verify."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from compliance.models import TrainingRecord
from compliance.services import course_type_known, training_record_create
from lms.clock import today_almaty
from lms.errors import ApplicationError
from people.models import CivilServant

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
SIGNATURES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}
EXTENSIONS = {"pdf": ("pdf",), "jpg": ("jpg", "jpeg"), "png": ("png",)}


def evidence_validate(upload) -> str:
    """The kind of a valid evidence file; ApplicationError otherwise."""
    if upload is None:
        raise ApplicationError("evidence_required", _("Attach the certificate (PDF, JPG or PNG)."),
                               extra={"field": "evidence"})
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ApplicationError("evidence_too_large", _("The file is larger than 5 MB."), extra={"field": "evidence"})
    if upload.size == 0:
        raise ApplicationError("evidence_empty", _("The file is empty."), extra={"field": "evidence"})
    head = upload.read(16)
    upload.seek(0)
    kind = next((k for sig, k in SIGNATURES.items() if head.startswith(sig)), None)
    ext = (upload.name or "").rsplit(".", 1)[-1].lower()
    if kind is None or ext not in EXTENSIONS[kind]:
        raise ApplicationError("evidence_type", _("Only PDF, JPG and PNG files are accepted."),
                               extra={"field": "evidence"})
    return kind


@transaction.atomic
def external_training_upload(*, servant: CivilServant, title: str, course_type: str, hours, completed_on: date,
                             provider: str, evidence, actor) -> TrainingRecord:
    """The servant records training taken elsewhere; it waits for HR verification."""
    title, provider = (title or "").strip(), (provider or "").strip()
    if not title:
        raise ApplicationError("title_required", _("Give the title of the training."), extra={"field": "title"})
    if not course_type_known(course_type):
        raise ApplicationError("invalid_course_type", _("Unknown course type."), extra={"field": "course_type"})
    if not isinstance(hours, int) or not 1 <= hours <= 2000:
        raise ApplicationError("invalid_hours", _("Hours must be a whole number from 1 to 2000."),
                               extra={"field": "hours"})
    if completed_on is None or completed_on > today_almaty():
        raise ApplicationError("invalid_date", _("The completion date cannot be in the future."),
                               extra={"field": "completed_on"})
    evidence_validate(evidence)
    if TrainingRecord.objects.filter(servant=servant, title=title[:300], completed_on=completed_on,
                                     provider=provider[:300]).exists():  # the service would return it silently
        raise ApplicationError("duplicate", _("This training is already recorded."))
    return training_record_create(servant=servant, title=title[:300], course_type=course_type, hours=hours,
                                  completed_on=completed_on, provider=provider[:300],
                                  source=TrainingRecord.Source.EXTERNAL_UPLOAD, evidence=evidence, actor=actor)
