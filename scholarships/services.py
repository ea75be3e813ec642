"""Applicant-side writes: create a draft, edit it, rank programmes, upload documents, submit (eligibility is
checked then), and accept or decline an offer. Nothing changes after the call's application deadline; an
offer is answered only between publication and the acceptance deadline."""

import hashlib
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed
from scholarships import eligibility
from scholarships.documents import pdf_check
from scholarships.models import (
    EDITABLE_STATUSES,
    Application,
    Call,
    Document,
    DocumentKind,
    Preference,
    Programme,
    Status,
)
from scholarships.permissions import affiliation, can_apply

EDITABLE_FIELDS = (
    "full_name",
    "date_of_birth",
    "email",
    "phone",
    "organisation",
    "position_title",
    "service_years",
    "english_test",
    "english_score",
    "essay",
)
MAX_PREFERENCES = 3


def _now() -> datetime:
    return timezone.now()


def call_window_check(call: Call) -> None:
    now = _now()
    if now < call.opens_at:
        raise ApplicationError(
            "call_not_open",
            _("Applications for this call open on %(day)s.")
            % {"day": date_format(timezone.localtime(call.opens_at), "DATE_FORMAT")},
        )
    if now > call.applications_close_at:
        raise ApplicationError("call_closed", _("The application deadline of this call has passed."))


def _lock_own(application: Application, actor) -> Application:
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if application.applicant_id != getattr(actor, "pk", None):
        raise NotAllowed(_("This is not your application."))
    return application


def _lock_editable(application: Application, actor) -> Application:
    application = _lock_own(application, actor)
    call_window_check(application.call)
    if application.status not in EDITABLE_STATUSES:
        raise ApplicationError("not_editable", _("This application can no longer be changed."))
    return application


def _back_to_draft(application: Application) -> list[str]:
    """An edited application must be submitted again (its eligibility is re-checked then)."""
    if application.status == Status.DRAFT:
        return []
    application.status, application.submitted_at = Status.DRAFT, None
    return ["status", "submitted_at"]


@transaction.atomic
def application_create(*, call: Call, actor) -> Application:
    if not can_apply(actor):
        raise NotAllowed(
            _("Only registered participants (civil servants and partner-country participants) may apply.")
        )
    call_window_check(call)
    country, organisation = affiliation(actor)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                applicant=actor,
                country=country or "KZ",
                organisation=organisation,
                full_name=actor.get_full_name() or actor.username,
                email=actor.email or "",
            )
    except IntegrityError:
        raise ApplicationError("already_applied", _("You have already applied to this call."))
    audit_record(actor=actor, action="scholarships.application.create", obj=application, summary=call.code)
    return application


@transaction.atomic
def application_update(*, application: Application, actor, **fields) -> Application:
    application = _lock_editable(application, actor)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(
            "invalid", _("These fields cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    for name, value in fields.items():
        setattr(application, name, value.strip() if isinstance(value, str) else value)
    changed = [*fields, *_back_to_draft(application), "updated_at"]
    application.save(update_fields=changed)
    audit_record(
        actor=actor,
        action="scholarships.application.update",
        obj=application,
        after={k: str(v) for k, v in fields.items() if k != "essay"},
    )
    return application


@transaction.atomic
def application_set_preferences(
    *, application: Application, actor, programme_codes: list[str]
) -> Application:
    application = _lock_editable(application, actor)
    codes = [c for c in programme_codes if c]
    if len(codes) > MAX_PREFERENCES:
        raise ApplicationError(
            "too_many_preferences", _("Rank at most three programmes."), extra={"field": "preferences"}
        )
    if len(set(codes)) != len(codes):
        raise ApplicationError(
            "duplicate_preference",
            _("Each programme may be ranked only once."),
            extra={"field": "preferences"},
        )
    programmes = {p.code: p for p in Programme.objects.filter(call=application.call, code__in=codes)}
    missing = [c for c in codes if c not in programmes]
    if missing:
        raise ApplicationError(
            "unknown_programme",
            _("Not a programme of this call: %(c)s") % {"c": ", ".join(missing)},
            extra={"field": "preferences"},
        )
    application.preferences.all().delete()
    Preference.objects.bulk_create(
        Preference(application=application, rank=i, programme=programme)
        for i, programme in enumerate((programmes[c] for c in codes), start=1)
    )
    application.save(update_fields=[*_back_to_draft(application), "updated_at"])
    audit_record(
        actor=actor,
        action="scholarships.application.preferences",
        obj=application,
        after={"preferences": codes},
    )
    return application


@transaction.atomic
def document_upload(*, application: Application, actor, kind: str, data: bytes, name: str = "") -> Document:
    if kind not in DocumentKind.values:
        raise ApplicationError("invalid_kind", _("Unknown document kind."), extra={"field": "kind"})
    pdf_check(data, field=kind)
    application = _lock_editable(application, actor)
    digest = hashlib.sha256(data).hexdigest()
    document = Document.objects.filter(application=application, kind=kind).first() or Document(
        application=application, kind=kind
    )
    if document.pk and document.file:
        document.file.delete(save=False)
    document.original_name, document.size, document.sha256 = name[:255], len(data), digest
    document.file.save(f"{kind}.pdf", ContentFile(data), save=False)
    document.save()
    application.save(update_fields=[*_back_to_draft(application), "updated_at"])
    audit_record(
        actor=actor,
        action="scholarships.document.upload",
        obj=document,
        summary=f"{application.pk} {kind}",
        after={"sha256": digest, "size": len(data)},
    )
    return document


@transaction.atomic
def application_submit(*, application: Application, actor) -> Application:
    """Check eligibility; an eligible application goes to review, an ineligible one keeps its reasons and may be
    fixed and submitted again before the deadline."""
    application = _lock_editable(application, actor)
    failures, per_programme = eligibility.check(application)
    stored = failures + [{**f, "programme": code} for code, f in per_programme.items() if f not in failures]
    application.eligibility = stored
    application.status = Status.INELIGIBLE if failures else Status.SUBMITTED
    application.submitted_at = _now()
    application.save(update_fields=["eligibility", "status", "submitted_at", "updated_at"])
    audit_record(
        actor=actor,
        action="scholarships.application.submit",
        obj=application,
        after={"status": application.status, "failed": [f["rule"] for f in stored]},
    )
    return application


def offer_deadline(application: Application) -> datetime:
    from scholarships.runs import respond_by

    run = application.call.runs.filter(round=application.offer_round, published_at__isnull=False).first()
    return respond_by(run) if run else application.call.acceptance_deadline


@transaction.atomic
def application_respond(*, application: Application, actor, accept: bool) -> Application:
    """Accept or decline a published offer before the acceptance deadline. A decline frees the seat for the
    next round."""
    application = _lock_own(application, actor)
    if application.status != Status.OFFERED or application.offer_id is None:
        raise ApplicationError("no_offer", _("There is no open offer to answer."))
    if _now() > offer_deadline(application):
        raise ApplicationError("acceptance_closed", _("The acceptance deadline has passed."))
    application.status = Status.ACCEPTED if accept else Status.DECLINED
    application.responded_at = _now()
    application.save(update_fields=["status", "responded_at", "updated_at"])
    audit_record(
        actor=actor,
        action="scholarships.offer.accept" if accept else "scholarships.offer.decline",
        obj=application,
        after={"programme": application.offer.code, "status": application.status},
    )
    return application
