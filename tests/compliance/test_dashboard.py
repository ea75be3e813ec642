"""The HR compliance dashboard selectors (enrollment.dashboard): scope, counts, rates, breakdowns, the list
(filters, sorting, pagination with a constant query count), the trend and the national overview."""

from datetime import date

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from compliance import dashboard as D
from lms.errors import ApplicationError, NotAllowed
from people.models import Role
from tests.compliance.compliance_fixtures import AS_OF, build_world
from tests.factories import CivilServantFactory, PositionFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_cache(settings):
    """The trend cache in this process only: parallel test runs share (and flush) the Redis database."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def w():
    return build_world()


def numbers(rows):
    return [r.personnel_number for r in rows]


def test_counts_rates_and_breakdowns_cover_only_the_hr_subtree(w):
    f = D.resolve_filters(w["hr"], as_of=AS_OF)
    b = D.breakdown(w["hr"], f)
    assert b.counts == {"compliant": 1, "due_soon": 1, "overdue": 2, "exempt": 1}  # X-LATE is outside
    assert b.rates == {"compliant": 20.0, "due_soon": 20.0, "overdue": 40.0, "exempt": 20.0}
    units = {r["unit"].code: r["counts"] for r in b.by_unit}
    assert units == {"UM": {"compliant": 1, "due_soon": 1, "overdue": 1, "exempt": 0},
                     "UC": {"compliant": 0, "due_soon": 0, "overdue": 1, "exempt": 1}}
    groups = {(r["corps"], r["category"]): r["total"] for r in b.by_corps_category}
    assert groups == {("B", "C-3"): 1, ("B", "C-4"): 2, ("B", "C-O-3"): 2}


def test_list_shows_status_due_date_and_last_qualifying_training(w):
    f = D.resolve_filters(w["hr"], as_of=AS_OF)
    rows = D.servant_page(w["hr"], f, limit=50)
    assert numbers(rows) == ["M-LATE", "C-EX", "C-LATE", "M-SOON", "M-OK"] or \
        numbers(rows) == ["C-EX", "M-LATE", "C-LATE", "M-SOON", "M-OK"]
    soon = next(r for r in rows if r.personnel_number == "M-SOON")
    assert (soon.status, soon.due_date, soon.last_title, soon.last_completed_on) == (
        "due_soon", date(2025, 9, 1), "Курс M-SOON", date(2022, 9, 1))
    assert soon.name.startswith("Bekova") and soon.body == "Ministry M" and soon.unit == "Finance department"
    late = next(r for r in rows if r.personnel_number == "M-LATE")
    assert (late.last_title, late.last_completed_on) == ("", None)
    assert "X-LATE" not in numbers(rows)


def test_filters_and_sorting(w):
    hr = w["hr"]
    overdue = D.resolve_filters(hr, as_of=AS_OF, status="overdue")
    assert set(numbers(D.servant_page(hr, overdue, limit=50))) == {"M-LATE", "C-LATE"}
    by_body = D.resolve_filters(hr, as_of=AS_OF, body="C")
    assert set(numbers(D.servant_page(hr, by_body, limit=50))) == {"C-LATE", "C-EX"}
    by_unit = D.resolve_filters(hr, as_of=AS_OF, unit=w["UM"].pk)
    assert set(numbers(D.servant_page(hr, by_unit, limit=50))) == {"M-OK", "M-SOON", "M-LATE"}
    by_cat = D.resolve_filters(hr, as_of=AS_OF, corps="B", category="c-o-3")
    assert set(numbers(D.servant_page(hr, by_cat, limit=50))) == {"C-LATE", "C-EX"}
    by_name = D.resolve_filters(hr, as_of=AS_OF, sort="name")
    # English names: Abayev, Bekova, Daliyeva, Galiyev, Valiyev
    assert numbers(D.servant_page(hr, by_name, limit=50)) == ["M-OK", "M-SOON", "C-EX", "C-LATE", "M-LATE"]
    desc = D.resolve_filters(hr, as_of=AS_OF, sort="-name")
    assert numbers(D.servant_page(hr, desc, limit=50)) == ["M-LATE", "C-LATE", "C-EX", "M-SOON", "M-OK"]
    with translation.override("ru"):  # the name order follows the interface language
        assert numbers(D.servant_page(hr, by_name, limit=50)) == ["M-OK", "M-SOON", "M-LATE", "C-LATE", "C-EX"]
    due_desc = D.resolve_filters(hr, as_of=AS_OF, sort="-due_date")
    assert numbers(D.servant_page(hr, due_desc, limit=50))[0] == "M-OK"
    page2 = D.servant_page(hr, by_name, limit=2, offset=2)
    assert numbers(page2) == ["C-EX", "C-LATE"]
    assert D.list_total(D.breakdown(hr, overdue), overdue) == 2


def test_bodies_and_units_outside_the_subtree_are_404_and_bad_values_refused(w):
    with pytest.raises(Http404):
        D.resolve_filters(w["hr"], body="X")
    with pytest.raises(Http404):
        D.resolve_filters(w["hr"], body="NOPE")
    outside_unit = w["X-LATE"].position.body.units.create(code="UX", name_ru="Отдел", name_kk="Бөлім",
                                                            name_en="Division")
    with pytest.raises(Http404):
        D.resolve_filters(w["hr"], unit=outside_unit.pk)
    for bad in ({"status": "late"}, {"rule": "five_year"}, {"sort": "iin"}, {"unit": "abc"}):
        with pytest.raises(ApplicationError):
            D.resolve_filters(w["hr"], **bad)
    assert [b.code for b in D.dashboard_bodies(w["hr"])] == ["M", "C"]


def test_dashboard_refuses_other_roles(w):
    analyst = user_with_role(Role.ANALYST)
    servant_user = w["M-LATE"].user
    for user in (analyst, servant_user):
        with pytest.raises(NotAllowed):
            D.require_dashboard(user)
    D.require_dashboard(w["hr"])


def test_list_query_count_does_not_depend_on_page_size(w):
    position = PositionFactory(body=w["M"], category_code="C-4")
    for _ in range(30):
        CivilServantFactory(position=position, entered_service_on=date(2015, 1, 1), appointed_on=date(2015, 1, 1))
    f = D.resolve_filters(w["hr"], as_of=AS_OF, status="overdue")
    D.servant_page(w["hr"], f, limit=1)  # the actor's roles are loaded once per request
    counts = []
    for size in (2, 30):
        with CaptureQueriesContext(connection) as ctx:
            rows = D.servant_page(w["hr"], f, limit=size)
        assert len(rows) == size
        counts.append(len(ctx))
    assert counts[0] == counts[1] <= 5  # rule versions, the page (+ savepoint, SET LOCAL)


def test_trend_has_twelve_month_ends_and_is_cached(w):
    f = D.resolve_filters(w["hr"], as_of=AS_OF)
    points = D.trend(w["hr"], f)
    assert [p["day"] for p in points][:2] == [date(2024, 7, 31), date(2024, 8, 31)]
    assert points[-1]["day"] == AS_OF and len(points) == 12
    assert points[-1]["counts"] == D.breakdown(w["hr"], f).counts
    # M-SOON was compliant until 180 days before 2025-09-01 (the March 2025 point is the first due soon)
    soon = {p["day"]: p["counts"]["due_soon"] for p in points}
    assert soon[date(2025, 2, 28)] == 0 and soon[date(2025, 3, 31)] == 1
    with CaptureQueriesContext(connection) as ctx:
        assert D.trend(w["hr"], f) == points
    assert len(ctx) <= 2  # the actor's roles at most; the engine is not run again


def test_national_overview_by_region_and_body_without_personal_data(w, settings):
    settings.SMALL_CELL_THRESHOLD = 0  # the figures themselves; suppression of small groups: tests/compliance/test_small_cells.py
    analyst = user_with_role(Role.ANALYST)
    data = D.national_overview(analyst, as_of=AS_OF)
    assert data["total"] == 6 and data["counts"]["overdue"] == 3
    regions = {r["region"].code: r["counts"] for r in data["by_region"]}
    assert regions["R1"] == {"compliant": 1, "due_soon": 1, "overdue": 2, "exempt": 0}
    assert regions["R2"] == {"compliant": 0, "due_soon": 0, "overdue": 1, "exempt": 1}
    bodies = {r["body"].code: r["total"] for r in data["by_body"]}
    assert bodies == {"M": 5, "X": 1}  # top-level bodies with their subtrees
    drill = D.national_overview(analyst, as_of=AS_OF, body=w["M"])
    assert {r["body"].code: r["total"] for r in drill["by_body"]} == {"M": 3, "C": 2}
    text = repr(data) + repr(drill)
    for s in ("M-LATE", "X-LATE", "Валиев", w["M-LATE"].iin):
        assert s not in text
    with pytest.raises(NotAllowed):
        D.national_overview(w["hr"])
