"""Finding 12 of issue 15: national rates hide groups of fewer than SMALL_CELL_THRESHOLD people (a unit of two
shows individuals' status otherwise)."""

import pytest

from compliance import dashboard as D
from people.models import Role
from tests.compliance.compliance_fixtures import AS_OF, build_world
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(db):
    build_world()
    return user_with_role(Role.ANALYST, username="analyst.small")


def test_small_groups_are_suppressed(analyst, settings):
    settings.SMALL_CELL_THRESHOLD = 5
    o = D.national_overview(analyst, as_of=AS_OF)
    small = [r for r in o["by_body"] + o["by_region"] if r["total"] < 5]
    assert small and all(r["suppressed"] and set(r["rates"].values()) == {None} for r in small)
    assert all(set(r["counts"].values()) == {None} for r in small)
    assert not o["suppressed"] and o["total"] == 6  # the whole country has 6 here: shown


def test_threshold_is_configurable(analyst, settings):
    settings.SMALL_CELL_THRESHOLD = 1
    o = D.national_overview(analyst, as_of=AS_OF)
    assert not any(r["suppressed"] for r in o["by_body"] + o["by_region"])


def test_page_and_api_show_suppressed_cells(analyst, client, settings):
    settings.SMALL_CELL_THRESHOLD = 5
    client.force_login(analyst)
    page = client.get("/compliance/national/", {"as_of": AS_OF}).content.decode()
    assert 'data-testid="suppressed"' in page
    data = client.get("/api/v1/compliance/national/", {"as_of": AS_OF.isoformat()}).json()
    assert any(r["suppressed"] and r["rates"]["overdue"] is None for r in data["by_body"])
