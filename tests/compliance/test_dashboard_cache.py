"""The HR dashboard's cached page body (frontend.compliance.views.dashboard, compliance.cache): served from the
cache while nothing changed, recomputed after any write to the figures' inputs (a training record, an
exemption, a servant, a rule version's qualifying types, a bulk import), never shared across scopes or
languages, and never cached when the filters have errors."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compliance.cache import data_version
from compliance.models import Exemption, RuleVersion, TrainingRecord
from people.models import Role
from people.signals import personnel_bulk_changed
from tests.compliance.compliance_fixtures import AS_OF, build_world
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_cache(settings):
    """The cache in this process only: parallel test runs share (and flush) the Redis database."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "dashboard-cache-tests"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def w():
    return build_world()


@pytest.fixture
def hr_client(client, w):
    client.force_login(w["hr"])
    client.cookies["django_language"] = "en"
    return client


def overdue(client, **params) -> str:
    html = client.get("/compliance/", {"as_of": AS_OF.isoformat(), **params}).content.decode()
    return html.split('data-testid="count-overdue">', 1)[1].split("<", 1)[0]


def test_a_second_view_is_served_from_the_cache(hr_client, w):
    assert overdue(hr_client) == "2"
    with CaptureQueriesContext(connection) as ctx:
        assert overdue(hr_client) == "2"
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "GROUPING SETS" not in sql and "enrollment_trainingrecord" not in sql
    assert len(ctx) <= 4  # session, user, role assignments, unread notifications
    html = hr_client.get("/compliance/").content.decode()
    assert 'data-testid="figures-as-of"' in html


def test_a_new_training_record_shows_on_the_next_view(hr_client, w, django_capture_on_commit_callbacks):
    assert overdue(hr_client) == "2"
    with django_capture_on_commit_callbacks(execute=True):
        TrainingRecord.objects.create(servant=w["M-LATE"], title="Курс", course_type_id="advanced_training",
                                      hours=36, completed_on=date(2025, 5, 1), provider="АГУ")
    assert overdue(hr_client) == "1"
    TrainingRecord.objects.filter(servant=w["M-LATE"]).delete()
    assert overdue(hr_client) == "2"


def test_exemptions_servants_and_rules_invalidate(hr_client, w):
    assert overdue(hr_client) == "2"
    exemption = Exemption.objects.create(servant=w["C-LATE"], reason="parental_leave", start_on=date(2025, 1, 1),
                                         end_on=date(2026, 1, 1))
    assert overdue(hr_client) == "1"
    exemption.delete()
    assert overdue(hr_client) == "2"
    w["C-LATE"].entered_service_on = w["C-LATE"].appointed_on = date(2024, 1, 1)  # a newcomer: not due yet
    w["C-LATE"].save()
    assert overdue(hr_client) == "1"
    before = data_version()
    RuleVersion.objects.first().qualifying_course_types.clear()
    assert data_version() > before


def test_bulk_writes_invalidate(hr_client, w):
    assert overdue(hr_client) == "2"
    TrainingRecord.objects.bulk_create([TrainingRecord(
        servant=w["M-LATE"], title="Курс", course_type_id="advanced_training", hours=36,
        completed_on=date(2025, 5, 1), provider="АГУ")])  # sends no signal: bulk writers bump themselves
    personnel_bulk_changed.send(sender=None)  # what the E-kyzmet import and the demo data send
    assert overdue(hr_client) == "1"


def test_the_cache_is_not_shared_across_scopes_or_languages(client, w):
    committee_hr = user_with_role(Role.HR_OFFICER, body=w["C"], username="hr.c", preferred_language="en")
    client.force_login(w["hr"])
    assert overdue(client) == "2"
    client.force_login(committee_hr)
    html = client.get("/compliance/", {"as_of": AS_OF.isoformat()}).content.decode()
    assert 'data-testid="count-total">2<' in html and "M-OK" not in html
    other_officer = user_with_role(Role.HR_OFFICER, body=w["M"], username="hr.m2", preferred_language="ru")
    client.force_login(other_officer)  # same scope, another language: its own entry
    html = client.get("/compliance/", {"as_of": AS_OF.isoformat()}).content.decode()
    assert 'lang="ru"' in html and "Training compliance" not in html.split("<main", 1)[-1]
    client.force_login(w["hr"])
    assert 'count-total">5<' in client.get("/compliance/", {"as_of": AS_OF.isoformat()}).content.decode()


def test_pages_with_errors_are_not_cached(hr_client, w, settings):
    assert hr_client.get("/compliance/", {"status": "late"}).status_code == 400
    assert hr_client.get("/compliance/", {"status": "late"}).status_code == 400
    settings.COMPLIANCE_DASHBOARD_CACHE_SECONDS = 0
    assert overdue(hr_client) == "2"
