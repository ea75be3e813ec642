"""The ADMIN role opens the Django admin: assigning it (service or the user admin's role inline) sets is_staff and
is_superuser, removing the last ADMIN assignment in the admin takes them away; other roles never get them."""

import pytest

from lms.models import AuditEntry
from people import services
from people.models import Role, RoleAssignment, User
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_assigning_the_admin_role_opens_the_django_admin(client):
    user = user_with_role(Role.ADMIN, username="apa-admin")
    user.refresh_from_db()
    assert user.is_staff and user.is_superuser
    entry = AuditEntry.objects.get(action="user.admin_site_access")
    assert entry.before == {"is_staff": False, "is_superuser": False}
    assert entry.after == {"is_staff": True, "is_superuser": True}
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/people/user/").status_code == 200

    services.role_assign(actor=None, user=user, role=Role.ADMIN)  # again: nothing changes, nothing audited
    assert AuditEntry.objects.filter(action="user.admin_site_access").count() == 1


@pytest.mark.parametrize("role", [Role.FACULTY, Role.ANALYST, Role.GRANT_COMMITTEE])
def test_other_roles_stay_out_of_the_django_admin(client, role):
    user = user_with_role(role)
    user.refresh_from_db()
    assert not user.is_staff and not user.is_superuser
    client.force_login(user)
    assert client.get("/admin/").status_code == 302


def test_a_superuser_without_an_assignment_keeps_the_flags():
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    services.user_sync_admin_site_access(actor=None, user=root)
    root.refresh_from_db()
    assert root.is_staff and root.is_superuser


def _user_form(user: User, roles: list[dict]) -> dict:
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "preferred_language": "ru",
        "time_zone": "Asia/Almaty",
        "role_assignments-TOTAL_FORMS": str(len(roles)),
        "role_assignments-INITIAL_FORMS": str(sum(1 for r in roles if r.get("id"))),
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
    }
    for i, role in enumerate(roles):
        for key, value in role.items():
            data[f"role_assignments-{i}-{key}"] = value
        data[f"role_assignments-{i}-user"] = str(user.pk)
    return data


def test_the_role_inline_grants_and_takes_away_the_admin_site(client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    user = UserFactory(username="future-admin")
    url = f"/admin/people/user/{user.pk}/change/"

    response = client.post(url, _user_form(user, [{"role": Role.ADMIN, "body": "", "unit": ""}]))
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.is_staff and user.is_superuser
    grant = AuditEntry.objects.get(action="user.admin_site_access")
    assert grant.actor == root and grant.after == {"is_staff": True, "is_superuser": True}

    assignment = RoleAssignment.objects.get(user=user, role=Role.ADMIN)
    form = _user_form(
        user, [{"id": str(assignment.pk), "role": Role.ADMIN, "body": "", "unit": "", "DELETE": "on"}]
    )
    form.update({"is_staff": "on", "is_superuser": "on"})
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert not user.is_staff and not user.is_superuser
    revoke = AuditEntry.objects.filter(action="user.admin_site_access").latest("pk")
    assert revoke.after == {"is_staff": False, "is_superuser": False}
