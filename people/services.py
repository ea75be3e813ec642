"""Writes for people and organisations. Each is atomic and audited."""

from datetime import date

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr

from lms.audit import audit_record
from lms.errors import ApplicationError
from people.models import CivilServant, EmploymentRecord, Position, Role, RoleAssignment, StateBody


def body_fix_path(body: StateBody) -> None:
    """Set path/depth from the parent; call after the body has a primary key."""
    parent_path = body.parent.path if body.parent_id else ""
    body.path = parent_path + StateBody.path_segment(body.pk)
    body.depth = body.parent.depth + 1 if body.parent_id else 0
    StateBody.objects.filter(pk=body.pk).update(path=body.path, depth=body.depth)


@transaction.atomic
def body_create(*, actor, code: str, name_kk: str, name_ru: str, name_en: str, parent: StateBody | None = None,
                kind: str = StateBody.Kind.ORGANISATION, region=None) -> StateBody:
    body = StateBody.objects.create(code=code, parent=parent, kind=kind, region=region,
                                    name_kk=name_kk, name_ru=name_ru, name_en=name_en)
    body_fix_path(body)
    audit_record(actor=actor, action="body.create", obj=body, summary=code,
                 after={"code": code, "parent": parent.code if parent else None, "name_ru": name_ru})
    return body


@transaction.atomic
def body_move(*, actor, body: StateBody, new_parent: StateBody | None) -> StateBody:
    """Re-parent a body and rewrite the paths of its whole subtree in one UPDATE."""
    if new_parent is not None and new_parent.path.startswith(body.path):
        raise ApplicationError("body_cycle", "A state body cannot be moved under itself or its descendant.")
    old_path, old_depth = body.path, body.depth
    before = {"parent": body.parent.code if body.parent_id else None}
    body.parent = new_parent
    body.save(update_fields=["parent"])
    body_fix_path(body)
    StateBody.objects.filter(path__startswith=old_path).exclude(pk=body.pk).update(
        path=Concat(Value(body.path), Substr("path", Length(Value(old_path)) + 1)),
        depth=F("depth") - old_depth + body.depth,
    )
    audit_record(actor=actor, action="body.move", obj=body, summary=body.code, before=before,
                 after={"parent": new_parent.code if new_parent else None})
    return body


@transaction.atomic
def servant_transfer(*, actor, servant: CivilServant, position: Position, appointed_on: date) -> CivilServant:
    """Move a servant to another post: close the open employment record, open a new one."""
    if appointed_on < servant.appointed_on:
        raise ApplicationError("transfer_backdated", "The new appointment cannot precede the current one.")
    before = {"position": servant.position_id, "body": servant.body.code, "appointed_on": str(servant.appointed_on)}
    EmploymentRecord.objects.filter(servant=servant, ended_on__isnull=True).update(ended_on=appointed_on)
    EmploymentRecord.objects.create(servant=servant, position=position, body=position.body, started_on=appointed_on)
    servant.position, servant.body, servant.unit = position, position.body, position.unit
    servant.appointed_on = appointed_on
    servant.save(update_fields=["position", "body", "unit", "appointed_on"])
    audit_record(actor=actor, action="servant.transfer", obj=servant, summary=servant.personnel_number,
                 before=before, after={"position": position.pk, "body": position.body.code,
                                       "appointed_on": str(appointed_on)})
    return servant


@transaction.atomic
def role_assign(*, actor, user, role: str, body: StateBody | None = None, unit=None) -> RoleAssignment:
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, body=body, unit=unit)
    if created:
        audit_record(actor=actor, action="role.assign", obj=assignment, summary=str(assignment),
                     after={"user": user.username, "role": role, "body": body.code if body else None,
                            "unit": unit.code if unit else None})
    if role == Role.ADMIN:
        user_sync_admin_site_access(actor=actor, user=user)
    return assignment


@transaction.atomic
def user_sync_admin_site_access(*, actor, user, admin_role_removed: bool = False) -> None:
    """An APA administrator works in the Django admin too (rule versions, exemptions, course types...): the ADMIN
    role carries `is_staff` and `is_superuser`, as a superuser counts as ADMIN (people.permissions.Actor).
    Called when the role is assigned (role_assign, the user admin's role inline) and when an ADMIN assignment was
    removed (the inline): without any ADMIN assignment left, both flags go. A superuser made by `createsuperuser`
    (no assignment) keeps them otherwise. Audited when a flag changes."""
    holds = RoleAssignment.objects.filter(user=user, role=Role.ADMIN).exists()
    if not holds and not admin_role_removed:
        return
    before = {"is_staff": user.is_staff, "is_superuser": user.is_superuser}
    after = {"is_staff": holds, "is_superuser": holds}
    if before == after:
        return
    user.is_staff = user.is_superuser = holds
    type(user).objects.filter(pk=user.pk).update(**after)
    audit_record(actor=actor, action="user.admin_site_access", obj=user, summary=user.username,
                 before=before, after=after)


@transaction.atomic
def user_set_preferences(*, user, language: str | None = None, time_zone: str | None = None) -> None:
    fields = []
    if language is not None:
        user.preferred_language = language
        fields.append("preferred_language")
    if time_zone is not None:
        user.time_zone = time_zone
        fields.append("time_zone")
    if fields:
        user.save(update_fields=fields)


@transaction.atomic
def servant_set_probation(*, actor, servant: CivilServant, mentor: CivilServant | None,
                          probation_until: date | None) -> CivilServant:
    """Keep the servant's displayed mentor and probation end in step with the adaptation plan that owns them
    (development.services); audited."""
    before = {"mentor": servant.mentor_id, "probation_until": str(servant.probation_until or "")}
    servant.mentor, servant.probation_until = mentor, probation_until
    servant.save(update_fields=["mentor", "probation_until"])
    audit_record(actor=actor, action="servant.probation", obj=servant, summary=f"{servant.personnel_number}",
                 before=before, after={"mentor": servant.mentor_id, "probation_until": str(probation_until or "")})
    return servant
