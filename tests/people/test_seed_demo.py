"""The demo data (issue #3): idempotent, reproducible, consistent with the domain rules."""

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django.test import override_settings

from people.demo import DEMO_SERVANTS, add_months, counts
from people.demo_data import BODIES
from people.demo_users import DEMO_PASSWORD, DEMO_USERNAMES
from people.models import (
    CivilServant,
    Corps,
    EmploymentRecord,
    PartnerParticipant,
    Position,
    Region,
    Role,
    StateBody,
    StructuralUnit,
    User,
)
from people.permissions import actor_for
from people.selectors import servants_visible_to
from people.validators import category_group, iin_birth_date, iin_problem

# Category groups allowed for the posts of a body, by its kind (DOMAIN.md); the Agency apparatus is A/B.
GROUPS_BY_KIND = {
    StateBody.Kind.MINISTRY: {"C"}, StateBody.Kind.COMMITTEE: {"C"}, StateBody.Kind.AGENCY: {"A", "B", "C"},
    StateBody.Kind.TERRITORIAL: {"C-O", "C-R"}, StateBody.Kind.AKIMAT: {"D"},
    StateBody.Kind.DISTRICT_AKIMAT: {"E", "E-R"}, StateBody.Kind.ORGANISATION: {"D-O"},
}


def fast_hasher():
    return override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed twice once per module, inside a transaction rolled back afterwards (other modules see no demo)."""
    with fast_hasher(), django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        first = counts()
        call_command("seed_demo", verbosity=0)
        yield first, counts()
        transaction.set_rollback(True)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def test_seeding_twice_creates_no_duplicates(seeded):
    first, second = seeded
    assert first == second
    assert first["servants"] == DEMO_SERVANTS and first["bodies"] == len(BODIES)


def test_all_regions_in_three_languages():
    regions = list(Region.objects.all())
    assert len(regions) == 20
    assert {r.code for r in regions if r.kind == Region.Kind.CITY} == {"AST", "ALA", "SHM"}
    assert all(r.name_kk and r.name_ru and r.name_en for r in regions)
    abai = Region.objects.get(code="ABA")
    assert (abai.name_kk, abai.name_en) == ("Абай облысы", "Abai Region")


def test_body_trees_have_consistent_paths():
    bodies = {b.pk: b for b in StateBody.objects.all()}
    assert 55 <= len(bodies) <= 80
    for body in bodies.values():
        assert body.path.endswith(StateBody.path_segment(body.pk))
        if body.parent_id:
            parent = bodies[body.parent_id]
            assert body.path.startswith(parent.path) and body.depth == parent.depth + 1, body.code
        else:
            assert body.depth == 0 and body.path == StateBody.path_segment(body.pk)
        assert body.name_kk and body.name_ru and body.name_en
    by_code = {b.code: b for b in bodies.values()}
    assert by_code["MF-KGD-KRG"].parent == by_code["MF-KGD"] and by_code["MF-KGD"].parent == by_code["MF"]
    assert by_code["MF-KGD-KRG"].region.code == "KRG" and by_code["MF-KGD-KRG-TEM"].depth == 3
    assert by_code["AKM-ALA-BOS"].kind == StateBody.Kind.DISTRICT_AKIMAT
    # regional bodies carry their region, central ones do not
    for body in bodies.values():
        regional = body.kind in (StateBody.Kind.TERRITORIAL, StateBody.Kind.AKIMAT, StateBody.Kind.DISTRICT_AKIMAT)
        assert (body.region_id is not None) == (regional or body.code.startswith("AKM-")), body.code


def test_units_departments_and_divisions():
    departments = Counter(StructuralUnit.objects.filter(parent__isnull=True).values_list("body__code", flat=True))
    assert set(departments) == {row.code for row in BODIES}
    assert all(2 <= n <= 5 for n in departments.values()), departments
    divisions = StructuralUnit.objects.filter(parent__isnull=False).select_related("parent")
    assert divisions.count() > 20
    assert all(d.body_id == d.parent.body_id for d in divisions)
    hr = StructuralUnit.objects.get(body__code="MF", code="HR")
    assert hr.name_en == "Department of Human Resources" and hr.name_kk == "Персоналды басқару департаменті"


def test_category_codes_match_corps_and_body_level():
    positions = list(Position.objects.select_related("body"))
    for p in positions:
        if p.corps == Corps.B:
            assert category_group(p.category_code) in GROUPS_BY_KIND[p.body.kind], (p.body.code, p.category_code)
        else:
            assert p.category_code == "", p
        assert p.title_kk and p.title_ru and p.title_en
    political = {p.title_en for p in positions if p.corps == Corps.POLITICAL}
    corps_a = {p.title_en for p in positions if p.corps == Corps.A}
    assert {"Minister", "Vice Minister", "Akim"} <= political
    assert {"Executive Secretary", "Head of the Akim's Office", "Akim", "Chair of the Committee"} <= corps_a
    # executive ranks are never managerial; unit heads are
    assert not any(p.managerial for p in positions if p.title_en.startswith(("Chief Expert", "Leading Specialist")))
    assert all(p.managerial for p in positions if p.title_en.startswith(("Director,", "Head,")))
    assert Position.objects.filter(body__code="MF", category_code="C-1", managerial=True).exists()


def test_servants_have_valid_unique_iins_and_names():
    servants = list(CivilServant.objects.select_related("position"))
    assert len(servants) == DEMO_SERVANTS
    assert all(iin_problem(s.iin) is None for s in servants)
    assert len({s.iin for s in servants}) == len(servants)
    assert len({s.personnel_number for s in servants}) == len(servants)
    assert all(s.personnel_number.startswith("EK") and len(s.personnel_number) == 9 for s in servants)
    for s in servants:
        assert s.last_name_kk and s.first_name_ru and s.first_name_en and s.middle_name_en
        assert s.middle_name_kk.endswith(("ұлы", "қызы", "ич", "на")), s.middle_name_kk
        born = iin_birth_date(s.iin)
        assert 1960 <= born.year <= 2005 and s.entered_service_on.year >= max(1998, born.year + 18)
        assert s.body_id == s.position.body_id and s.unit_id == s.position.unit_id
        # century/sex digit: women even, and the Russian patronymic agrees
        assert (int(s.iin[6]) % 2 == 0) == s.middle_name_ru.endswith("на"), s.personnel_number
    corps = Counter(s.position.corps for s in servants)
    assert corps[Corps.B] > 1500 and corps[Corps.A] > 20 and corps[Corps.POLITICAL] > 20


def test_exactly_one_open_employment_record_per_servant():
    open_counts = CivilServant.objects.annotate(
        open=Count("employment", filter=Q(employment__ended_on__isnull=True)),
        past=Count("employment", filter=Q(employment__ended_on__isnull=False)),
    )
    assert not open_counts.exclude(open=1).exists()
    with_history = open_counts.filter(past__gte=2).count()
    assert 0.2 * DEMO_SERVANTS <= with_history <= 0.4 * DEMO_SERVANTS
    assert not open_counts.filter(past=1).exists()  # history is 2-3 past posts or none
    mismatched = EmploymentRecord.objects.filter(ended_on__isnull=True).exclude(position=F("servant__position"))
    assert not mismatched.exists()
    for servant in CivilServant.objects.filter(pk__in=open_counts.filter(past__gte=2).values("pk")[:50]):
        records = list(servant.employment.order_by("started_on"))
        assert records[0].started_on == servant.entered_service_on
        assert records[-1].started_on == servant.appointed_on and records[-1].ended_on is None
        assert all(a.ended_on == b.started_on for a, b in zip(records, records[1:], strict=False))


def test_first_time_entrants_on_probation_with_a_mentor():
    entrants = list(CivilServant.objects.filter(first_time_entrant=True).select_related("mentor", "position"))
    assert 0.05 * DEMO_SERVANTS <= len(entrants) <= 0.11 * DEMO_SERVANTS
    for s in entrants:
        assert s.appointed_on.year == 2026 and s.entered_service_on == s.appointed_on
        assert s.probation_until == add_months(s.appointed_on, 3)
        assert s.mentor is not None and s.mentor.body_id == s.body_id and not s.mentor.first_time_entrant
        assert not s.position.managerial
    assert not CivilServant.objects.filter(first_time_entrant=False, probation_until__isnull=False).exists()


def test_each_role_logs_in_with_the_demo_password():
    with fast_hasher():
        for username in DEMO_USERNAMES:
            assert authenticate(username=username, password=DEMO_PASSWORD) is not None, username
        assert authenticate(username="hr", password="wrong-password") is None
    expected = {"admin": Role.ADMIN, "hr": Role.HR_OFFICER, "hr_almaty": Role.HR_OFFICER,
                "manager": Role.LINE_MANAGER, "servant": Role.SERVANT, "faculty": Role.FACULTY,
                "analyst": Role.ANALYST, "partner": Role.PARTNER}
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    for username, role in expected.items():
        assert actor_for(users[username]).has(role), username
    assert users["admin"].is_superuser and users["admin"].preferred_language == "ru"
    assert users["servant"].preferred_language == "kk"
    assert (users["partner"].preferred_language, users["partner"].time_zone) == ("en", "Asia/Bishkek")
    profile = PartnerParticipant.objects.get(user=users["partner"])
    assert (profile.country, profile.organisation) == ("KG", "Civil Service Agency of the Kyrgyz Republic")


def test_demo_scopes_are_real():
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    mf = StateBody.objects.get(code="MF")
    # the Ministry's HR officer sees its whole subtree and nobody else
    assert servants_visible_to(users["hr"]).count() == CivilServant.objects.filter(body__path__startswith=mf.path).count()
    assert not servants_visible_to(users["hr"]).exclude(body__path__startswith=mf.path).exists()
    almaty = StateBody.objects.get(code="AKM-ALA")
    assert set(servants_visible_to(users["hr_almaty"]).values_list("body__code", flat=True)) == set(
        StateBody.objects.filter(path__startswith=almaty.path, servants__isnull=False).values_list("code", flat=True))
    # the line manager is a servant of the unit they manage, and sees the demo servant
    manager = CivilServant.objects.get(user=users["manager"])
    unit = actor_for(users["manager"]).assignments[0].unit
    assert manager.unit == unit and manager.position.managerial
    servant = CivilServant.objects.get(user=users["servant"])
    assert servant.employment.filter(ended_on__isnull=False).count() >= 2
    assert servants_visible_to(users["manager"]).filter(pk=servant.pk).exists()
    assert users["servant"].first_name == servant.first_name_kk
    # the analyst and faculty see no personal records
    assert not servants_visible_to(users["analyst"]).exists()
    assert not servants_visible_to(users["faculty"]).exists()


def test_demo_logins_prints_every_account():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for username in DEMO_USERNAMES:
        assert f"\n{username} " in text
    assert DEMO_PASSWORD in text and "MF" in text and "KG" in text


def test_reseeding_restores_a_deleted_servant_identically():
    servant = CivilServant.objects.filter(user__isnull=True, mentees__isnull=True).order_by("personnel_number")[5]
    before = (servant.iin, servant.last_name_ru, servant.position_id, servant.appointed_on)
    history = servant.employment.count()
    servant.delete()
    call_command("seed_demo", verbosity=0)
    again = CivilServant.objects.get(personnel_number=servant.personnel_number)
    assert (again.iin, again.last_name_ru, again.position_id, again.appointed_on) == before
    assert again.employment.count() == history
    assert CivilServant.objects.count() == DEMO_SERVANTS


def test_if_empty_does_nothing_when_bodies_exist():
    Region.objects.filter(code="ULT").delete()  # no body refers to Ulytau
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "not seeded" in out.getvalue() and not Region.objects.filter(code="ULT").exists()
    call_command("seed_demo", verbosity=0)
    assert Region.objects.filter(code="ULT").exists()


def test_scale_adds_servants_idempotently():
    call_command("seed_demo", "--scale", "500", verbosity=0)
    scale = CivilServant.objects.filter(personnel_number__startswith="SCALE")
    assert scale.count() == 500 and CivilServant.objects.count() == DEMO_SERVANTS + 500
    assert scale.order_by("personnel_number").first().personnel_number == "SCALE0000001"
    call_command("seed_demo", "--scale", "500", verbosity=0)
    assert CivilServant.objects.count() == DEMO_SERVANTS + 500
    assert EmploymentRecord.objects.filter(servant__in=scale, ended_on__isnull=True).count() == 500
    assert CivilServant.objects.values("iin").distinct().count() == DEMO_SERVANTS + 500
    assert all(iin_problem(iin) is None for iin in scale.values_list("iin", flat=True))


def test_negative_scale_is_refused():
    with pytest.raises(CommandError):
        call_command("seed_demo", "--scale", "-1", verbosity=0)


def test_the_demo_admin_opens_the_django_admin(client):
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/people/user/").status_code == 200
