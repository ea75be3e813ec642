"""The home page shows each role's real data, scoped to what the user may see."""

import re

import pytest
from django.urls import reverse

from lms.audit import audit_record
from lms.errors import NotAllowed
from people.models import CivilServant, Role
from people.selectors_national import headcount_by_region
from tests.factories import (
    CivilServantFactory,
    PositionFactory,
    RegionFactory,
    StateBodyFactory,
    StructuralUnitFactory,
    UserFactory,
    user_with_role,
)

HOME = reverse("frontend:home")


def num_after(html: str, label: str) -> int:
    """The headcount in the bar-chart row whose header contains `label`."""
    match = re.search(re.escape(label) + r'.*?<td class="num">(\d+)</td>', html, re.S)
    assert match, f"no row for {label}"
    return int(match.group(1))


def test_anonymous_is_sent_to_login(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("frontend:login"))


def test_servant_sees_own_profile_and_history_not_anothers(client_for, tree):
    me = user_with_role(Role.SERVANT, body=tree["committee"])
    servant = me.servant
    servant.probation_until = servant.appointed_on.replace(year=servant.appointed_on.year + 1)
    servant.mentor = tree["servants"]["committee"][0]
    servant.save()
    other = tree["servants"]["ministry"][0]
    html = client_for(me).get(HOME).content.decode()
    assert servant.personnel_number in html
    assert servant.iin in html  # their own IIN, in full
    assert servant.position.title_en in html  # current post and the history row
    assert tree["committee"].name_en in html
    assert servant.mentor.last_name_ru in html  # names fall back to Russian when no English name
    assert "Employment history" in html
    assert other.personnel_number not in html
    assert other.iin not in html


def test_hr_headcount_matches_the_database(client_for, hr, tree):
    html = client_for(hr).get(HOME).content.decode()
    in_scope = CivilServant.objects.filter(is_active=True, body__path__startswith=tree["ministry"].path)
    assert in_scope.count() == 6
    assert f'data-testid="hr-total">{in_scope.count()}<' in html
    assert num_after(html, ">C-4<") == in_scope.filter(position__category_code="C-4").count() == 3
    assert num_after(html, ">C-O-3<") == 2
    assert num_after(html, "administrative, corps A") == 1
    assert num_after(html, tree["ministry"].name_en) == 6  # the root of the drill-down
    assert "Ministry of Health" not in html
    assert reverse("frontend:import") in html and reverse("frontend:servants") in html


def test_hr_drill_down_through_the_tree(client_for, hr, tree):
    client = client_for(hr)
    html = client.get(HOME, {"body": "MIN"}).content.decode()
    assert 'data-testid="hr-total">6<' in html
    assert num_after(html, "Revenue Committee") == 3  # committee 2 + its department 1
    assert "?body=COM" in html
    html = client.get(HOME, {"body": "COM"}).content.decode()
    assert 'data-testid="hr-total">3<' in html
    assert num_after(html, "Astana Department") == 1
    assert "Ministry of Finance" in html  # breadcrumb back up the tree


def test_hr_drill_down_outside_scope_is_404(client_for, hr, tree):
    client = client_for(hr)
    assert client.get(HOME, {"body": "OTHER"}).status_code == 404
    assert client.get(HOME, {"body": "NO-SUCH"}).status_code == 404


def test_line_manager_sees_their_unit_only(client_for, tree):
    unit = StructuralUnitFactory(body=tree["ministry"], name_en="Budget Department")
    in_unit = CivilServantFactory(position=PositionFactory(body=tree["ministry"], unit=unit))
    outside = tree["servants"]["ministry"][0]
    manager = user_with_role(Role.LINE_MANAGER, unit=unit)
    html = client_for(manager).get(HOME).content.decode()
    assert "Budget Department" in html
    assert in_unit.personnel_number in html
    assert outside.personnel_number not in html
    assert in_unit.iin not in html  # line managers never see IINs


def test_admin_sees_status_counts_and_recent_audit(client_for, tree):
    admin = UserFactory(is_superuser=True, is_staff=True)
    audit_record(actor=admin, action="body.create", obj=tree["other"], summary="OTHER created for the test")
    html = client_for(admin).get(HOME).content.decode()
    assert "System status" in html
    assert 'class="stat-value state-ok">working<' in html  # the database check
    assert 'data-testid="count-bodies">4<' in html
    assert 'data-testid="count-servants">10<' in html  # 6 + 4 active; the one who left is not counted
    assert "OTHER created for the test" in html


def test_analyst_sees_regional_aggregates_without_personal_data(client_for, db):
    almaty, turkistan = RegionFactory(name_en="Almaty Region"), RegionFactory(name_en="Turkistan Region")
    for region, n in ((almaty, 3), (turkistan, 1)):
        position = PositionFactory(body=StateBodyFactory(region=region))
        for _ in range(n):
            CivilServantFactory(position=position)
    central = CivilServantFactory()
    analyst = user_with_role(Role.ANALYST)
    html = client_for(analyst).get(HOME).content.decode()
    assert num_after(html, "Almaty Region") == 3
    assert num_after(html, "Turkistan Region") == 1
    assert num_after(html, "Central bodies") == 1
    assert 'data-testid="national-total">5<' in html
    assert central.personnel_number not in html and central.last_name_ru not in html


def test_national_headcount_refused_for_other_roles(db, tree):
    with pytest.raises(NotAllowed):
        headcount_by_region(user=user_with_role(Role.HR_OFFICER, body=tree["ministry"]))


def test_user_with_several_roles_sees_each_section(client_for, tree):
    user = user_with_role(Role.SERVANT, body=tree["ministry"])
    from people.services import role_assign

    role_assign(actor=None, user=user, role=Role.HR_OFFICER, body=tree["committee"])
    html = client_for(user).get(HOME).content.decode()
    assert "My civil-service profile" in html
    assert "Headcount of my bodies" in html
    html = client_for(user).get(HOME, {"body": "COM"}).content.decode()
    assert 'data-testid="hr-total">3<' in html  # the committee subtree: 2 + 1
    assert client_for(user).get(HOME, {"body": "DEP"}).status_code == 200


def test_user_without_role_gets_an_explanation(client_for, db):
    html = client_for(UserFactory()).get(HOME).content.decode()
    assert "No role yet" in html
