"""With no compliance rule in force (every rule deleted, or none valid yet) the engine answers empty results:
it once answered 500 ("column personnel_number does not exist") because its empty query had unnamed columns
that the callers order and join by."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from compliance import engine
from compliance import selectors as compliance_selectors
from compliance.models import ComplianceRule, RuleVersion
from people.models import CivilServant
from tests.compliance.compliance_fixtures import AS_OF, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    world = build_world()
    RuleVersion.objects.all().delete()
    ComplianceRule.objects.all().delete()
    return world


def test_engine_reads_without_rules(w):
    servants = CivilServant.objects.all()
    assert engine.params_in_force(AS_OF) == {}
    assert list(engine.iter_statuses(servants, AS_OF)) == []
    assert list(engine.iter_statuses(CivilServant.objects.filter(pk=w["M-OK"].pk), AS_OF)) == []
    assert engine.status_summary(servants, AS_OF) == {}
    assert engine.status_page(servants, AS_OF, rule="three_year", status="overdue") == []
    assert compliance_selectors.servant_statuses(w["M-OK"], as_of=AS_OF) == []


def test_dashboard_and_api_without_rules(w, client):
    client.force_login(w["hr"])
    assert client.get("/compliance/", {"as_of": AS_OF}).status_code == 200
    assert client.get("/compliance/", {"as_of": AS_OF, "status": "overdue"}).status_code == 200
    assert client.get("/compliance/export.csv", {"as_of": AS_OF}).status_code == 200
    api = APIClient()
    api.force_authenticate(w["hr"])
    summary = api.get("/api/v1/compliance/summary/", {"as_of": AS_OF})
    assert summary.status_code == 200 and summary.json()["total"] == 0
    listed = api.get("/api/v1/compliance/servants/", {"as_of": AS_OF, "status": "overdue"})
    assert listed.status_code == 200


def test_development_plan_without_rules():
    """Drafting a plan and reading its progress (the three-year status comes from the engine)."""
    from development.drafting import plans_generate
    from development.models import DevelopmentPlan
    from tests.development.conftest import YEAR
    from tests.development.conftest import build_world as development_world

    world = development_world()
    RuleVersion.objects.all().delete()
    ComplianceRule.objects.all().delete()
    assert plans_generate(year=YEAR).created == 1
    plan = DevelopmentPlan.objects.get(servant=world["servant"])
    api = APIClient()
    api.force_authenticate(world["servant_user"])
    response = api.get(f"/api/v1/development/plans/{plan.pk}/")
    assert response.status_code == 200
    assert date.fromisoformat(response.json()["period_start"]).year == YEAR
