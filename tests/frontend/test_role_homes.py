"""Every role's home shows its work of the day (issue 14): counts that link to the filtered lists, the
three-year status chart (line managers: their unit only), and a pinned number of queries per home."""

import pytest
from django.urls import reverse

from conferences import services as conference_services
from courses import services as course_services
from courses.models import CourseType, Provider
from people.models import Role
from tests.conferences.conftest import make_event, make_partner
from tests.courses.conftest import TEXTS
from tests.factories import CivilServantFactory, PositionFactory, StructuralUnitFactory, user_with_role

HOME = reverse("frontend:home")


@pytest.fixture
def apa(db):
    return Provider.objects.create(
        code="APA", kind=Provider.Kind.APA, name_kk="АГУ", name_ru="АГУ", name_en="APA"
    )


def _course(faculty, apa, code):
    return course_services.course_create(
        actor=faculty,
        code=code,
        course_type=CourseType.objects.get(code="seminar"),
        provider=apa,
        hours=4,
        **TEXTS,
    )


def test_faculty_home_lists_their_courses_with_counts(client_for, apa):
    faculty = user_with_role(Role.FACULTY, username="dana")
    other = user_with_role(Role.FACULTY, username="other")
    _course(faculty, apa, "MINE-1")
    _course(faculty, apa, "MINE-2")
    _course(other, apa, "THEIRS-1")
    html = client_for(faculty).get(HOME).content.decode()
    assert "Course authoring arrives" not in html
    assert 'data-testid="faculty-total">2<' in html and 'data-testid="faculty-drafts">2<' in html
    assert "MINE-1" in html and "MINE-2" in html and "THEIRS-1" not in html
    assert reverse("courses:authoring") in html and reverse("enrollment:approvals") in html
    assert "Recent learner activity" in html


def test_partner_home_lists_registered_events_in_their_zone(client_for, db):
    organiser = user_with_role(Role.FACULTY, username="organiser")
    partner = make_partner("nino", zone="Asia/Tbilisi")
    event = make_event(organiser)
    conference_services.registration_create(event=event, user=partner)
    html = client_for(partner).get(HOME).content.decode()
    assert "will be listed here" not in html
    assert 'data-testid="partner-registration"' in html and "HR audit" in html
    assert "Asia/Tbilisi" in html  # "your time" next to the event's time
    assert "Civil Service Bureau" in html


@pytest.fixture
def unit_tree(tree):
    unit = StructuralUnitFactory(body=tree["ministry"])
    sub = StructuralUnitFactory(body=tree["ministry"], parent=unit)
    elsewhere = StructuralUnitFactory(body=tree["ministry"])
    position = PositionFactory(body=tree["ministry"], category_code="C-4")
    mine = [
        CivilServantFactory(position=position, unit=unit),
        CivilServantFactory(position=position, unit=sub),
    ]
    theirs = CivilServantFactory(position=position, unit=elsewhere)
    return {"unit": unit, "mine": mine, "theirs": theirs}


def test_line_manager_sees_the_three_year_statuses_of_their_unit(client_for, unit_tree):
    manager = user_with_role(Role.LINE_MANAGER, unit=unit_tree["unit"])
    client = client_for(manager)
    html = client.get(HOME).content.decode()
    assert 'data-testid="status-chart"' in html
    assert "2 civil servants" in html  # the unit and the unit under it, nobody else
    assert f"{reverse('compliance:dashboard')}?status=overdue" in html
    page = client.get(reverse("compliance:dashboard"))
    assert page.status_code == 200
    text = page.content.decode()
    assert all(s.personnel_number in text for s in unit_tree["mine"])
    assert unit_tree["theirs"].personnel_number not in text
    assert client.get(reverse("compliance:dashboard"), {"body": "OTHER"}).status_code == 404
    assert "Training compliance" in html  # the menu entry


def test_hr_home_shows_work_waiting_with_links(client_for, hr):
    html = client_for(hr).get(HOME).content.decode()
    assert 'data-testid="hr-approvals">0<' in html and 'data-testid="hr-verifications">0<' in html
    assert reverse("enrollment:records") + "?pending=on" in html
    assert reverse("compliance:export-csv") + "?status=overdue" in html
    assert "6 civil servants" in html  # the subtree of the ministry in the status chart


def test_admin_home_links_to_review_and_django_admin(client_for, tree):
    admin = user_with_role(Role.ADMIN)
    html = client_for(admin).get(HOME).content.decode()
    assert 'data-testid="count-in-review">0<' in html
    assert reverse("admin:index") in html and reverse("courses:review-queue") in html


def test_analyst_home_has_the_national_chart_and_exports(client_for, tree):
    analyst = user_with_role(Role.ANALYST)
    html = client_for(analyst).get(HOME).content.decode()
    assert 'data-testid="status-chart"' in html and reverse("compliance:national") in html
    assert reverse("player:exports") in html


# The number of queries of each home, measured with the data above; a change means a new query per row or
# section: look before raising a number.
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.HR_OFFICER, 15),
        (Role.LINE_MANAGER, 14),
        (Role.ANALYST, 11),
        (Role.FACULTY, 7),
        (Role.ADMIN, 11),
    ],
)
def test_home_query_counts_are_pinned(client_for, unit_tree, tree, role, expected, django_assert_num_queries):
    kw = (
        {"body": tree["ministry"]}
        if role == Role.HR_OFFICER
        else {"unit": unit_tree["unit"]}
        if role == Role.LINE_MANAGER
        else {}
    )
    client = client_for(user_with_role(role, **kw))
    client.get(HOME)  # warm caches (session, content types)
    with django_assert_num_queries(expected):
        assert client.get(HOME).status_code == 200
