"""One demo account per role, with the scopes the role needs (people.services.role_assign)."""

from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models import Count, Q

from people.models import CivilServant, PartnerParticipant, Role, StateBody, StructuralUnit, User
from people.services import role_assign

# Published on purpose: demo_logins prints it, the run command shows it. Never used outside demo data.
DEMO_PASSWORD = "Demo-2026!"  # noqa: S105
DEMO_USERNAMES = ("admin", "hr", "hr_almaty", "manager", "servant", "faculty", "analyst", "partner",
                  "committee", "reviewer", "reviewer2", "reviewer3", "reviewer4")  # these five: scholarships.demo
MANAGER_UNIT = ("MF-KGD", "HR")  # (body code, unit code) that the line manager heads


@cache
def _demo_password_hash(hashers: tuple) -> str:
    """Hash the published password once per run (PBKDF2 takes ~0.5 s); a shared salt protects nothing here."""
    return make_password(DEMO_PASSWORD)


def _user(username: str, first: str, last: str, language: str, *, reset_password: bool,
          time_zone: str = "Asia/Almaty", superuser: bool = False) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={
        "first_name": first, "last_name": last, "preferred_language": language, "time_zone": time_zone,
        "email": f"{username}@demo.apa-lms.example", "is_staff": superuser, "is_superuser": superuser,
    })
    if created or reset_password:  # hashing is slow; a re-run keeps a password someone changed
        user.password = _demo_password_hash(tuple(settings.PASSWORD_HASHERS))
        user.save(update_fields=["password"])
    return user


def _link(user: User, servant: CivilServant | None, language: str) -> None:
    """Make `user` the account of `servant`, named as the servant is, unless the user already has one."""
    if servant is None or CivilServant.objects.filter(user=user).exists():
        return
    servant.user = user
    servant.save(update_fields=["user"])
    user.first_name = getattr(servant, f"first_name_{language}") or servant.first_name_ru
    user.last_name = getattr(servant, f"last_name_{language}") or servant.last_name_ru
    user.save(update_fields=["first_name", "last_name"])


def _manager_servant(unit: StructuralUnit) -> CivilServant | None:
    """The unit's head: its most senior managerial holder."""
    return (CivilServant.objects.filter(unit=unit, position__managerial=True, user__isnull=True)
            .order_by("position__category_code", "personnel_number").first())


def _servant_with_history(unit: StructuralUnit) -> CivilServant | None:
    """An executive servant with 2+ past posts: in the manager's unit if possible, else in its body's ministry."""
    qs = (CivilServant.objects.filter(user__isnull=True, position__managerial=False, personnel_number__startswith="EK")
          .annotate(past=Count("employment", filter=Q(employment__ended_on__isnull=False))).filter(past__gte=2)
          .order_by("personnel_number"))
    root = unit.body.path[: len(StateBody.path_segment(0))]
    return (qs.filter(Q(unit=unit) | Q(unit__parent=unit)).first()
            or qs.filter(body__path__startswith=root).first() or qs.first())


def seed_users(structure, *, reset_password: bool = False) -> None:
    bodies = structure.bodies
    kw = {"reset_password": reset_password}

    admin = _user("admin", "Айгерим", "Сейткали", "ru", superuser=True, **kw)
    role_assign(actor=None, user=admin, role=Role.ADMIN)

    hr = _user("hr", "Жанар", "Касымова", "ru", **kw)
    role_assign(actor=None, user=hr, role=Role.HR_OFFICER, body=bodies["MF"])

    hr_almaty = _user("hr_almaty", "Әсел", "Нұрпейісова", "kk", **kw)
    role_assign(actor=None, user=hr_almaty, role=Role.HR_OFFICER, body=bodies["AKM-ALA"])

    unit = structure.units[MANAGER_UNIT]
    manager = _user("manager", "Ерлан", "Жумабеков", "kk", **kw)
    _link(manager, _manager_servant(unit), "kk")
    role_assign(actor=None, user=manager, role=Role.LINE_MANAGER, unit=unit)

    servant = _user("servant", "Дана", "Бекова", "kk", **kw)
    _link(servant, _servant_with_history(unit), "kk")

    faculty = _user("faculty", "Gulnara", "Sarsenova", "en", **kw)
    role_assign(actor=None, user=faculty, role=Role.FACULTY, body=bodies["APA"])

    analyst = _user("analyst", "Данияр", "Абенов", "ru", **kw)
    role_assign(actor=None, user=analyst, role=Role.ANALYST, body=bodies["ACSA"])

    partner = _user("partner", "Aibek", "Toktogulov", "en", time_zone="Asia/Bishkek", **kw)
    PartnerParticipant.objects.get_or_create(user=partner, defaults={
        "country": "KG", "organisation": "Civil Service Agency of the Kyrgyz Republic",
        "position_title": "Chief specialist"})
    role_assign(actor=None, user=partner, role=Role.PARTNER)
