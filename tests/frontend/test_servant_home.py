"""The servant's home is their learning dashboard: own courses (resume), three-year status, required and
recommended training, upcoming events, certificates; nobody else's; constant queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from competency_framework.models import Competency, Framework, ScaleLevel
from conferences.models import Registration
from courses import selectors as course_selectors
from courses import services as course_services
from courses.models import CourseType, Provider
from people.models import Role
from tests.conferences.conftest import make_event
from tests.courses.conftest import make_course, publish
from tests.factories import user_with_role

HOME = reverse("frontend:home")


@pytest.fixture
def world(db, tree):
    faculty = user_with_role(Role.FACULTY, username="fac")
    admin = user_with_role(Role.ADMIN, username="adm")
    provider = Provider.objects.create(code="APA", kind="apa", name_kk="МБА", name_ru="АГУ", name_en="APA")
    adv = CourseType.objects.get(code="advanced_training")
    me = user_with_role(Role.SERVANT, body=tree["committee"], username="me")
    other = user_with_role(Role.SERVANT, body=tree["committee"], username="other")
    return {"faculty": faculty, "admin": admin, "provider": provider, "type": adv, "me": me, "other": other}


def _course(world, code, title):
    course = make_course(
        world["faculty"],
        code=code,
        course_type=world["type"],
        provider=world["provider"],
        hours=16,
        lessons=2,
        title_en=title,
    )
    publish(course, world["faculty"], world["admin"])
    return course


def _progress(user, course, *, finish=False):
    progress = course_services.course_start(user=user, course=course)
    lessons = list(progress.version.lessons.order_by("position"))
    for lesson in lessons if finish else lessons[:1]:
        course_services.lesson_mark_complete(user=user, lesson=lesson)
    return progress


def _items(world, n, suffix):
    for i in range(n):
        _progress(world["me"], _course(world, f"MINE-{suffix}{i}", f"My course {suffix}{i}"))
        _progress(world["me"], _course(world, f"DONE-{suffix}{i}", f"Done course {suffix}{i}"), finish=True)
        event = make_event(world["faculty"], slug=f"ev-{suffix}{i}", title_en=f"My event {suffix}{i}")
        Registration.objects.create(event=event, user=world["me"], status=Registration.Status.CONFIRMED)


def _queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(HOME)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_dashboard_shows_own_learning_only_in_constant_queries(client_for, world):
    other_progress = _progress(world["other"], _course(world, "THEIRS-1", "Their course"), finish=True)
    past = make_event(world["faculty"], slug="theirs", title_en="Their event", start_in=timedelta(days=3))
    Registration.objects.create(event=past, user=world["other"], status=Registration.Status.CONFIRMED)
    _items(world, 1, "a")
    client = client_for(world["me"])
    few, html = _queries(client)
    assert "My course a0" in html and "Resume" in html and "Done course a0" in html and "My event a0" in html
    assert 'data-testid="three-year"' in html
    assert "Their course" not in html and "Their event" not in html
    assert other_progress.version.course.code not in html
    # the resume link points at the learner's last lesson
    mine = course_selectors.my_learning(world["me"]).get(completed_at__isnull=True)
    assert reverse("courses:lesson", args=[mine.version.course.code, mine.last_lesson_id]) in html

    _items(world, 3, "b")
    many, html = _queries(client)
    assert "My course b2" in html and "My event b2" in html
    assert many == few


def test_recommended_courses_close_gaps_and_skip_started_ones(world):
    fw = Framework.objects.create(idnumber="FW", name_en="Framework", name_ru="Модель", is_primary=True)
    levels = {v: ScaleLevel.objects.create(framework=fw, value=v, name_en=f"L{v}") for v in range(1, 5)}
    lead = Competency.objects.create(framework=fw, idnumber="LEAD", name_en="Leadership", name_ru="Лидерство")
    integ = Competency.objects.create(
        framework=fw, idnumber="INTEG", name_en="Integrity", name_ru="Честность"
    )

    def mapped(code, competency, level):
        course = make_course(
            world["faculty"],
            code=code,
            course_type=world["type"],
            provider=world["provider"],
            hours=16,
            lessons=1,
        )
        course_services.version_set_competencies(
            version=course.versions.get(),
            actor=world["faculty"],
            items=[{"competency": competency, "level": levels[level]}],
        )
        publish(course, world["faculty"], world["admin"])
        return course

    deep, shallow, started = mapped("LEAD-3", lead, 3), mapped("LEAD-1", lead, 1), mapped("LEAD-4", lead, 4)
    mapped("INTEG-3", integ, 3)
    course_services.course_start(user=world["me"], course=started)
    codes = [
        v.course.code for v in course_selectors.courses_closing_gaps(user=world["me"], gaps={lead.pk: 3})
    ]
    assert codes == [deep.code]  # not the one below the level, not the one already started, not other gaps
    assert shallow.code not in codes
    assert list(course_selectors.courses_closing_gaps(user=world["me"], gaps={})) == []
