"""The catalog's cached page body (frontend.courses.views.learning.catalog, courses.cache): served from the cache
while nothing changed; a published, archived or renamed course, a renamed competency or provider shows on the
next view; one entry per language and query string; searches and pages with errors are not cached."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services
from tests.courses.conftest import make_course, publish
from tests.courses.test_catalog import catalog  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_cache(settings):
    """The cache in this process only: parallel test runs share (and flush) the Redis database."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "catalog-cache-tests"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def reader(client, learner):
    client.force_login(learner)
    client.cookies["django_language"] = "en"
    return client


def page(client, **params) -> str:
    response = client.get("/courses/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_view_is_served_from_the_cache(reader, catalog):  # noqa: F811
    assert "Leadership for corps A" in page(reader)
    with CaptureQueriesContext(connection) as ctx:
        assert "Leadership for corps A" in page(reader)
    assert not any("courses_courseversion" in q["sql"] for q in ctx.captured_queries)


def test_publishing_archiving_and_renaming_show_on_the_next_view(reader, catalog, types, apa, faculty_a,  # noqa: F811
                                                                 admin, comps):
    assert "3 courses found" in page(reader)
    new = make_course(faculty_a, code="NEW-1", course_type=types["seminar"], provider=apa, hours=8,
                      title_en="A brand new seminar")
    assert "A brand new seminar" not in page(reader)  # a draft is not in the catalog
    publish(new, faculty_a, admin)
    html = page(reader)
    assert "A brand new seminar" in html and "4 courses found" in html
    services.course_archive(course=catalog["RT"], actor=admin)
    assert "Leadership for corps A" not in page(reader)
    comps["LEAD"].name_en = "Leading people"
    comps["LEAD"].save()
    assert "Leading people" in page(reader)
    apa.name_en = "The Academy, renamed"
    apa.save()
    assert "The Academy, renamed" in page(reader)


def test_one_entry_per_language_and_query(reader, catalog):  # noqa: F811
    assert "Anti-corruption standards in the civil service" in page(reader)
    reader.cookies["django_language"] = "ru"
    assert "Антикоррупционные стандарты на государственной службе" in page(reader)
    assert "Anti-corruption standards" not in page(reader)
    reader.cookies["django_language"] = "en"
    assert "1 course found" in page(reader, type="seminar")
    assert "3 courses found" in page(reader)


def test_searches_and_errors_are_not_cached(reader, catalog, types, apa, faculty_a, admin):  # noqa: F811
    assert "No course matches" in page(reader, q="zebra")
    zebra = make_course(faculty_a, code="ZEB-1", course_type=types["seminar"], provider=apa, hours=8,
                        title_en="Zebra crossings")
    publish(zebra, faculty_a, admin)
    assert "Zebra crossings" in page(reader, q="zebra")
    assert reader.get("/courses/", {"hours_min": 10, "hours_max": 5}).status_code == 400
    assert reader.get("/courses/", {"hours_min": 10, "hours_max": 5}).status_code == 400
