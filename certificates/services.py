"""Writes: issue (idempotent by source key) and revoke, each atomic and audited.

Other contexts call `certificate_issue` when an achievement is complete (courses: a self-paced course finished;
enrollment: a run completion confirmed; conferences: attendance credited). The source key names that
achievement; the UNIQUE constraint on it decides who wins when requests race, so a retry, a double click or a
concurrent request returns the certificate already issued."""

import re
import secrets
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates import credentials, keys
from certificates.models import SERIES, Certificate, CertificateCounter, CertificateKind
from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed
from people.models import CivilServant
from people.permissions import actor_for

NUMBER_RE = re.compile(r"^(?P<series>[A-Z]{2,8})-(?P<year>\d{4})-(?P<seq>\d{6,})$")
CODE_BYTES = 24  # secrets.token_urlsafe(24): 192 random bits, 32 URL-safe characters

# Printed names for the codes of courses.CourseType and conferences.EventType; callers may pass their own.
COURSE_TYPE_NAMES = {
    "advanced_training": ("Біліктілікті арттыру", "Повышение квалификации", "Advanced training"),
    "retraining": ("Қайта даярлау", "Переподготовка", "Retraining"),
    "management_course": (
        "Басқарушылық курс (А корпусы)",
        "Управленческий курс (корпус А)",
        "Management course (corps A)",
    ),
    "seminar": ("Семинар", "Семинар", "Seminar"),
    "master_class": ("Шеберлік сыныбы", "Мастер-класс", "Master class"),
    "e_course": ("Электрондық курс", "Электронный курс", "E-course"),
    "conference": ("Конференция", "Конференция", "Conference"),
    "round_table": ("Дөңгелек үстел", "Круглый стол", "Round table"),
    "webinar": ("Вебинар", "Вебинар", "Webinar"),
    "pilot_seminar": ("Пилоттық семинар", "Пилотный семинар", "Pilot seminar"),
    "lecture": ("Дәріс", "Лекция", "Lecture"),
    "other": ("Басқа оқыту", "Иное обучение", "Other training"),
}


def today_almaty() -> date:
    return timezone.localdate()  # TIME_ZONE is Asia/Almaty (UTC+5)


def _next_number(series: str, year: int) -> str:
    """SERIES-YYYY-NNNNNN from a counter row locked for update (the caller's savepoint holds the lock)."""
    CertificateCounter.objects.bulk_create(
        [CertificateCounter(series=series, year=year)], ignore_conflicts=True
    )
    counter = CertificateCounter.objects.select_for_update().get(series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{series}-{year}-{counter.last:06d}"


def certificate_counter_raise(*, series: str, year: int, at_least: int) -> None:
    """Make the next number of (series, year) follow `at_least`: used when numbers issued elsewhere (the old
    enrollment counter, a legacy import) join this register, so a fresh number never collides with them."""
    CertificateCounter.objects.bulk_create(
        [CertificateCounter(series=series, year=year)], ignore_conflicts=True
    )
    CertificateCounter.objects.filter(series=series, year=year).update(last=Greatest(F("last"), at_least))


def _holder_and_servant(holder, servant: CivilServant | None):
    """Either may be given; the other is found (a servant's account, an account's servant record)."""
    if holder is None and servant is None:
        raise ApplicationError("invalid", _("The certificate needs a holder."), extra={"field": "holder"})
    if servant is None:
        servant = CivilServant.objects.filter(user=holder).first()
    elif holder is None:
        holder = servant.user
    return holder, servant


def _holder_names(holder, servant: CivilServant | None) -> tuple[str, str]:
    if servant is not None:
        ru = " ".join(p for p in (servant.last_name_ru, servant.first_name_ru, servant.middle_name_ru) if p)
        en = " ".join(p for p in (servant.first_name_en, servant.last_name_en) if p)
        return ru, en
    return (holder.get_full_name() or holder.get_username()), ""


def _validate(
    *,
    source_key: str,
    titles: tuple[str, str, str],
    hours: int,
    provider: str,
    started_on: date | None,
    completed_on: date,
    kind: str,
) -> None:
    if not source_key or len(source_key) > 200:
        raise ApplicationError(
            "invalid", _("A source key of at most 200 characters is required."), extra={"field": "source_key"}
        )
    if kind not in CertificateKind.values:
        raise ApplicationError("invalid", _("Unknown certificate kind."), extra={"field": "kind"})
    if not any(t.strip() for t in titles):
        raise ApplicationError("invalid", _("The certificate needs a title."), extra={"field": "title_ru"})
    if not isinstance(hours, int) or not 1 <= hours <= 10000:
        raise ApplicationError(
            "invalid", _("Academic hours must be a whole number from 1."), extra={"field": "hours"}
        )
    if not provider.strip():
        raise ApplicationError("invalid", _("The provider is required."), extra={"field": "provider"})
    if started_on and started_on > completed_on:
        raise ApplicationError(
            "invalid", _("The start date must not be after the end date."), extra={"field": "started_on"}
        )


@transaction.atomic
def certificate_issue(
    *,
    holder=None,
    source_key: str,
    title_kk: str,
    title_ru: str,
    title_en: str,
    course_type: str,
    hours: int,
    provider: str,
    started_on: date | None,
    completed_on: date,
    actor=None,
    kind: str = CertificateKind.COURSE,
    provider_kk: str = "",
    provider_en: str = "",
    course_type_names: tuple[str, str, str] | None = None,
    holder_name: str = "",
    holder_name_en: str = "",
    achievement_key: str = "",
    issued_on: date | None = None,
    number: str = "",
    servant: CivilServant | None = None,
) -> Certificate:
    """Issue the certificate of `source_key` to `holder` (a user) or `servant` (one of them suffices), or return
    the one already issued for it.
    `provider` is the Russian (default) name; `number` keeps a number issued before this register existed."""
    existing = Certificate.objects.filter(source_key=source_key).first()
    if existing is not None:
        return existing
    _validate(
        source_key=source_key,
        titles=(title_kk, title_ru, title_en),
        hours=hours,
        provider=provider,
        started_on=started_on,
        completed_on=completed_on,
        kind=kind,
    )
    holder, servant = _holder_and_servant(holder, servant)
    printed, printed_en = _holder_names(holder, servant)
    names = course_type_names or COURSE_TYPE_NAMES.get(course_type) or (course_type,) * 3
    now = timezone.now().replace(microsecond=0)
    issued_on = issued_on or today_almaty()
    certificate = Certificate(
        holder=holder,
        servant=servant,
        holder_name=(holder_name or printed)[:300],
        holder_name_en=(holder_name_en or printed_en)[:300],
        kind=kind,
        source_key=source_key,
        achievement_key=(achievement_key or source_key)[:200],
        title_kk=title_kk[:500],
        title_ru=title_ru[:500],
        title_en=title_en[:500],
        course_type=course_type[:32],
        course_type_kk=names[0],
        course_type_ru=names[1],
        course_type_en=names[2],
        hours=hours,
        provider_kk=(provider_kk or provider)[:300],
        provider_ru=provider[:300],
        provider_en=(provider_en or provider)[:300],
        started_on=started_on,
        completed_on=completed_on,
        issued_on=issued_on,
        issued_at=now,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        verification_code=secrets.token_urlsafe(CODE_BYTES),
    )
    try:
        with transaction.atomic():  # the counter bump and the insert win or roll back together
            certificate.number = number or _next_number(SERIES[kind], issued_on.year)
            if number and (m := NUMBER_RE.match(number)):
                certificate_counter_raise(series=m["series"], year=int(m["year"]), at_least=int(m["seq"]))
            certificate.save()
    except IntegrityError:
        existing = Certificate.objects.filter(source_key=source_key).first()
        if existing is not None:  # a concurrent request issued it first
            return existing
        raise ApplicationError(
            "duplicate_number", _("This certificate number is already taken."), extra={"field": "number"}
        )
    _sign(certificate)
    audit_record(
        actor=actor,
        action="certificate.issue",
        obj=certificate,
        summary=certificate.number,
        after={
            "source_key": source_key,
            "kind": kind,
            "hours": hours,
            "completed_on": completed_on.isoformat(),
        },
    )
    return certificate


def _sign(certificate: Certificate) -> None:
    if not keys.signing_available():
        return  # production without a key: the credential is signed on first download once a key is set
    certificate.credential_jwt, certificate.credential_kid = credentials.sign_credential(certificate)
    certificate.save(update_fields=["credential_jwt", "credential_kid"])


def certificate_credential(*, certificate: Certificate) -> str:
    """The signed credential, signing it now if it was issued while no key was configured."""
    if not certificate.credential_jwt:
        if not keys.signing_available():
            raise ApplicationError(
                "signing_unavailable",
                _("Signed credentials are not available yet: the platform key is not set."),
                http_status=503,
            )
        with transaction.atomic():
            locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
            if not locked.credential_jwt:
                _sign(locked)
            certificate.credential_jwt, certificate.credential_kid = (
                locked.credential_jwt,
                locked.credential_kid,
            )
    return certificate.credential_jwt


@transaction.atomic
def certificates_resign(*, actor=None, only_missing: bool = False) -> int:
    """Sign the credentials again with the current key and SITE_URL: after a key rotation (so new downloads
    carry the new kid) or a change of the public address. Old tokens stay valid while their key is published
    in CERTIFICATE_RETIRED_KEY_FILES. Returns the number re-signed."""
    if not keys.signing_available():
        raise ApplicationError("signing_unavailable", _("The platform signing key is not set."))
    qs = Certificate.objects.select_for_update().order_by("pk")
    if only_missing:
        qs = qs.filter(credential_jwt="")
    count = 0
    for certificate in qs.iterator(chunk_size=500):
        _sign(certificate)
        count += 1
    audit_record(
        actor=actor,
        action="certificate.resign",
        object_type="certificates.certificate",
        summary=f"{count} credentials signed",
        after={"count": count, "only_missing": only_missing},
    )
    return count


def can_revoke(user, certificate: Certificate) -> bool:
    """Administrators any; HR officers certificates of servants in their bodies' subtrees (not their own)."""
    actor = actor_for(user)
    if actor.is_admin:
        return True
    own = certificate.holder_id == getattr(user, "pk", None)
    if own or certificate.servant_id is None:
        return False
    paths = actor.hr_body_paths
    if not paths:
        return False
    body_path = (
        CivilServant.objects.filter(pk=certificate.servant_id).values_list("body__path", flat=True).first()
    )
    return bool(body_path) and any(body_path.startswith(p) for p in paths)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, actor) -> Certificate:
    """Revoke with a stated reason. The certificate stays (its number and code keep answering, as revoked);
    revoking twice is refused so the first reason and date stand."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            "reason_required", _("Give the reason for revoking the certificate."), extra={"field": "reason"}
        )
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if not can_revoke(actor, certificate):
        raise NotAllowed(_("You may not revoke this certificate."))
    if certificate.is_revoked:
        raise ApplicationError("already_revoked", _("This certificate is already revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    certificate.revocation_reason = reason[:2000]
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    audit_record(
        actor=actor,
        action="certificate.revoke",
        obj=certificate,
        summary=certificate.number,
        before={"revoked": False},
        after={"revoked": True, "reason": certificate.revocation_reason},
    )
    return certificate
