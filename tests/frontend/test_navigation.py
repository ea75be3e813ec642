"""Navigation around the user's tasks (issue 14): one entry per destination, pages merged into another reached
from it, every entry answers 200, one entry marked current, staff reach the admin, Recordings open the player."""

import re

import pytest
from django.urls import reverse

from development.models import AdaptationPlan
from media.models import VideoAsset
from people.models import Role
from tests.factories import (
    CivilServantFactory,
    PositionFactory,
    StructuralUnitFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="main-nav".*?</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>')


def menu(client, url="/") -> list[tuple[str, bool, str]]:
    """(url, current, label) of every entry of the main navigation on `url`."""
    response = client.get(url)
    assert response.status_code == 200, url
    return [
        (href, bool(current), label)
        for href, current, label in LINK.findall(NAV.search(response.content.decode()).group(0))
    ]


def roles():
    unit = StructuralUnitFactory()
    manager = user_with_role(Role.LINE_MANAGER, unit=unit, username="nav.manager")
    CivilServantFactory(user=manager, position=PositionFactory(body=unit.body), unit=unit)
    admin = user_with_role(Role.ADMIN, username="nav.admin")
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    return {
        "servant": user_with_role(Role.SERVANT, username="nav.servant"),
        "hr": user_with_role(Role.HR_OFFICER, body=unit.body, username="nav.hr"),
        "manager": manager,
        "faculty": user_with_role(Role.FACULTY, username="nav.faculty"),
        "analyst": user_with_role(Role.ANALYST, username="nav.analyst"),
        "partner": user_with_role(Role.PARTNER, username="nav.partner"),
        "admin": admin,
    }


def test_the_servant_learning_menu_has_one_entry_per_destination(client):
    client.force_login(user_with_role(Role.SERVANT))
    labels = [label for _url, _current, label in menu(client)]
    start = labels.index("Course catalog")
    assert labels[start : start + 8] == [
        "Course catalog",
        "Course runs",
        "My training",
        "My development plan",
        "My certificates",
        "Events",
        "Recordings",
        "Scholarships",
    ]
    for merged in (
        "My learning",
        "My training status",
        "My training compliance",
        "My applications",
        "My events",
        "Adaptation plan",
    ):
        assert merged not in labels


def test_pages_merged_into_another_are_linked_from_it(client):
    client.force_login(user_with_role(Role.SERVANT))
    links = {
        reverse("frontend:home"): [reverse("courses:my-learning"), reverse("enrollment:mine")],
        reverse("courses:catalog"): [reverse("courses:my-learning")],
        reverse("enrollment:offerings"): [reverse("enrollment:mine")],
        reverse("enrollment:my-training"): [reverse("compliance:mine"), reverse("enrollment:mine")],
        reverse("conferences:calendar"): [reverse("conferences:mine")],
    }
    for page, targets in links.items():
        html = client.get(page).content.decode()
        for target in targets:
            assert f'href="{target}"' in html, (page, target)


def test_every_entry_of_every_role_answers_200_and_no_destination_is_listed_twice(client):
    for role, user in roles().items():
        client.force_login(user)
        entries = menu(client)
        urls = [url for url, _current, _label in entries]
        assert len(urls) == len(set(urls)), (role, urls)
        labels = [label for _url, _current, label in entries]
        assert len(labels) == len(set(labels)), (role, labels)
        for url in urls:
            assert client.get(url).status_code == 200, (role, url)


def test_one_entry_is_marked_current_the_longest_matching_one(client):
    client.force_login(user_with_role(Role.SERVANT))
    for url, expected in [
        ("/", "Home"),
        (reverse("enrollment:my-training"), "My training"),
        (reverse("enrollment:offerings"), "Course runs"),
        (reverse("enrollment:mine"), "Course runs"),  # My applications belong to the runs
        (reverse("courses:my-learning"), "Course catalog"),
    ]:
        current = [label for _url, is_current, label in menu(client, url) if is_current]
        assert current == [expected], url


def test_staff_reach_the_django_admin_and_others_do_not(client):
    everyone = roles()
    client.force_login(everyone["admin"])
    assert ("/admin/", False, "Django administration") in menu(client)
    for role in ("servant", "hr", "manager", "faculty", "analyst", "partner"):
        client.force_login(everyone[role])
        assert "/admin/" not in [url for url, _current, _label in menu(client)], role


def test_recordings_open_the_player(client):
    ready = VideoAsset.objects.create(
        title_en="Master class",
        source="videos/source/m.mp4",
        duration_seconds=300,
        status=VideoAsset.Status.READY,
    )
    client.force_login(user_with_role(Role.SERVANT))
    html = client.get(reverse("media:list")).content.decode()
    assert f'href="{reverse("player:watch", args=[ready.pk])}"' in html
    assert reverse("media:detail", args=[ready.pk]) not in html  # the details page is for whoever manages it
    assert client.get(reverse("player:watch", args=[ready.pk])).status_code == 200


def test_adaptation_plan_for_the_probationer_in_the_menu_and_for_the_mentor_on_the_development_page(client):
    mentor_user = user_with_role(Role.SERVANT, username="mentor")
    probationer_user = UserFactory(username="probationer")
    probationer = CivilServantFactory(
        user=probationer_user, mentor=mentor_user.servant, probation_until="2027-06-30"
    )
    AdaptationPlan.objects.create(
        servant=probationer, mentor=mentor_user.servant, starts_on="2026-12-31", ends_on="2027-06-30"
    )
    client.force_login(probationer_user)
    assert ("/development/adaptation/", False, "Adaptation plan") in menu(client)
    client.force_login(mentor_user)
    assert "Adaptation plan" not in [label for _url, _current, label in menu(client)]
    html = client.get(reverse("development:mine"), follow=True).content.decode()
    assert 'data-testid="adaptation-link"' in html
    client.force_login(user_with_role(Role.SERVANT, username="neither"))
    assert (
        'data-testid="adaptation-link"'
        not in client.get(reverse("development:mine"), follow=True).content.decode()
    )


def test_only_who_may_nominate_sees_the_nominate_column(client, hr, tree):
    """Line managers see their unit's statuses, but nominating is HR's: no column, no form, 404 on the address."""
    unit = StructuralUnitFactory(body=tree["ministry"])
    overdue = CivilServantFactory(
        position=PositionFactory(body=tree["ministry"], category_code="C-4"), unit=unit
    )
    manager = user_with_role(Role.LINE_MANAGER, unit=unit)
    nominate = reverse("compliance:nominate", args=[overdue.personnel_number])
    client.force_login(hr)
    html = client.get(reverse("compliance:dashboard")).content.decode()
    assert "Nominate to a course" in html and nominate in html
    assert client.get(nominate).status_code == 200
    client.force_login(manager)
    html = client.get(reverse("compliance:dashboard")).content.decode()
    assert overdue.personnel_number in html
    assert "Nominate to a course" not in html and nominate not in html
    assert client.get(nominate).status_code == 404
