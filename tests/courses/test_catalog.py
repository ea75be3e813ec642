import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import selectors, services
from tests.courses.conftest import make_course, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(types, apa, branch, faculty_a, admin, comps, levels):
    """Three published courses and one draft."""
    dt = make_course(faculty_a, code="DT-1", course_type=types["advanced_training"], provider=apa, hours=24)
    services.version_set_competencies(version=dt.versions.get(), actor=faculty_a, items=[
        {"competency": comps["STRESS"], "level": levels[2]}])
    ac = make_course(faculty_a, code="AC-1", course_type=types["seminar"], provider=branch, hours=8,
                     languages="kk ru", title_kk="Сыбайлас жемқорлыққа қарсы стандарттар",
                     title_ru="Антикоррупционные стандарты на государственной службе",
                     title_en="Anti-corruption standards in the civil service")
    services.version_update(version=ac.versions.get(), actor=faculty_a, delivery_format="onsite")
    services.version_set_competencies(version=ac.versions.get(), actor=faculty_a, items=[
        {"competency": comps["INTEG"], "level": levels[3]}, {"competency": comps["LEAD"], "level": levels[1]}])
    rt = make_course(faculty_a, code="RT-1", course_type=types["retraining"], provider=apa, hours=160,
                     languages="ru", title_ru="Лидерство для корпуса «А»", title_en="Leadership for corps A",
                     title_kk="«А» корпусына арналған көшбасшылық")
    services.version_update(version=rt.versions.get(), actor=faculty_a, delivery_format="blended")
    services.version_set_competencies(version=rt.versions.get(), actor=faculty_a, items=[
        {"competency": comps["LEAD"], "level": levels[4], "weight": 70}])
    for course in (dt, ac, rt):
        publish(course, faculty_a, admin)
    make_course(faculty_a, code="DRAFT-1", course_type=types["advanced_training"], provider=apa, title_ru="Черновик цифры")
    return {"DT": dt, "AC": ac, "RT": rt}


def codes(qs):
    return sorted(v.course.code for v in qs)


def test_only_published_courses(catalog):
    assert codes(selectors.catalog()) == ["AC-1", "DT-1", "RT-1"]


def test_search_in_russian_kazakh_and_english(catalog):
    assert codes(selectors.catalog(q="антикоррупционные")) == ["AC-1"]
    assert codes(selectors.catalog(q="ЦИФРОВАЯ трансформация")) == ["DT-1"]  # case-insensitive Cyrillic
    assert codes(selectors.catalog(q="жемқорлыққа")) == ["AC-1"]  # Kazakh word
    assert codes(selectors.catalog(q="Көшбасшылық")) == ["AC-1", "RT-1"]  # Kazakh competency name (LEAD)
    assert codes(selectors.catalog(q="стрессоустойчивость")) == ["DT-1"]  # Russian competency name
    assert codes(selectors.catalog(q="leadership corps")) == ["RT-1"]
    assert codes(selectors.catalog(q="черновик")) == []  # drafts are never found
    assert codes(selectors.catalog(q="nothing-like-this")) == []


def test_filters(catalog, comps, apa):
    assert codes(selectors.catalog(competency="LEAD")) == ["AC-1", "RT-1"]
    assert codes(selectors.catalog(competency=comps["LEAD"], min_level=3)) == ["RT-1"]
    assert codes(selectors.catalog(min_level=3)) == ["AC-1", "RT-1"]
    assert codes(selectors.catalog(course_type="seminar")) == ["AC-1"]
    assert codes(selectors.catalog(provider=apa)) == ["DT-1", "RT-1"]
    assert codes(selectors.catalog(provider="APA-ALA")) == ["AC-1"]
    assert codes(selectors.catalog(delivery_format="blended")) == ["RT-1"]
    assert codes(selectors.catalog(language="en")) == ["DT-1"]
    assert codes(selectors.catalog(language="kk")) == ["AC-1", "DT-1"]
    assert codes(selectors.catalog(hours_min=10)) == ["DT-1", "RT-1"]
    assert codes(selectors.catalog(hours_min=10, hours_max=100)) == ["DT-1"]
    assert codes(selectors.catalog(q="лидерство", course_type="retraining", language="ru")) == ["RT-1"]


def test_sorting(catalog):
    assert [v.course.code for v in selectors.catalog(sort="hours")] == ["AC-1", "DT-1", "RT-1"]
    assert [v.course.code for v in selectors.catalog(sort="-hours")] == ["RT-1", "DT-1", "AC-1"]
    assert [v.course.code for v in selectors.catalog(sort="title", sort_language="en")] == ["AC-1", "DT-1", "RT-1"]
    assert [v.course.code for v in selectors.catalog(sort="title", sort_language="ru")] == ["AC-1", "RT-1", "DT-1"]


def test_catalog_query_count_is_constant(catalog, types, apa, faculty_a, admin, comps, levels):
    def run():
        with CaptureQueriesContext(connection) as ctx:
            rows = list(selectors.catalog(q="", language="ru"))
            for v in rows:
                _ = (v.course.code, v.provider.name, v.course_type.name, [c.competency.name for c in v.competencies.all()])
        return len(rows), len(ctx.captured_queries)

    n1, q1 = run()
    for i in range(4):
        course = make_course(faculty_a, code=f"MORE-{i}", course_type=types["advanced_training"], provider=apa)
        services.version_set_competencies(version=course.versions.get(), actor=faculty_a, items=[
            {"competency": comps["LEAD"], "level": levels[2]}, {"competency": comps["INTEG"], "level": levels[2]}])
        publish(course, faculty_a, admin)
    n2, q2 = run()
    assert n2 == n1 + 4 and q1 == q2 == 2
