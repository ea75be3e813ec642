"""Reads, scoped to the actor: a holder sees their own certificates; HR officers those of servants in their
bodies' subtrees (people.selectors); administrators all. Public verification reads by code only."""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from certificates.models import Certificate
from people.models import Role
from people.permissions import actor_for

LIST_FIELDS = (
    "id",
    "number",
    "kind",
    "title_kk",
    "title_ru",
    "title_en",
    "course_type",
    "course_type_kk",
    "course_type_ru",
    "course_type_en",
    "hours",
    "completed_on",
    "issued_on",
    "revoked_at",
    "holder_id",
    "holder_name",
    "provider_kk",
    "provider_ru",
    "provider_en",
    "started_on",
)


def certificates_of(user) -> QuerySet[Certificate]:
    """The user's own certificates ("My certificates", the home dashboard), newest first."""
    if not getattr(user, "is_authenticated", False):
        return Certificate.objects.none()
    return Certificate.objects.filter(_own(user)).only(*LIST_FIELDS).order_by("-issued_on", "-id")


def _own(user) -> Q:
    """Issued to the account, or to the account's servant record (issued before the account existed)."""
    return Q(holder=user) | Q(servant__user=user)


def certificates_visible_to(user) -> QuerySet[Certificate]:
    if not getattr(user, "is_authenticated", False):
        return Certificate.objects.none()
    actor = actor_for(user)
    qs = Certificate.objects.all()
    if actor.is_admin:
        return qs
    q = _own(user)
    if actor.has(Role.HR_OFFICER):
        q |= reduce(or_, (Q(servant__body__path__startswith=p) for p in actor.hr_body_paths), Q(pk__in=[]))
    return qs.filter(q)


def can_manage_certificates(user) -> bool:
    actor = actor_for(user)
    return actor.is_admin or actor.has(Role.HR_OFFICER)


def certificates_managed_by(user) -> QuerySet[Certificate]:
    """What the HR/admin list shows: others' certificates the actor may see (and revoke)."""
    actor = actor_for(user)
    if not can_manage_certificates(user):
        return Certificate.objects.none()
    return (
        (
            certificates_visible_to(user).exclude(_own(user))
            if not actor.is_admin
            else Certificate.objects.all()
        )
        .only(*LIST_FIELDS)
        .order_by("-issued_on", "-id")
    )


def certificate_for_verification(code: str) -> Certificate | None:
    if not code or len(code) > 64:
        return None
    return Certificate.objects.filter(verification_code=code).first()


def revoked_credential_uids() -> QuerySet:
    return (
        Certificate.objects.filter(revoked_at__isnull=False)
        .order_by("revoked_at")
        .values_list("uid", flat=True)
    )
