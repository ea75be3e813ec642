"""The compliance pages: HR scope on the dashboard and its exports, the exports equal the rows on screen (all
pages, same filters and columns), nomination from the dashboard, the national overview without personal data,
the servant's own status page."""

import csv
import io
import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import date_format
from openpyxl import load_workbook

from compliance import dashboard as D
from lms.models import AuditEntry
from people.models import Role
from tests.compliance.compliance_fixtures import AS_OF, build_world
from tests.factories import CivilServantFactory, PositionFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_cache(settings):
    """The trend cache in this process only: parallel test runs share (and flush) the Redis database."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD = "Demo-pass-2026"


@pytest.fixture
def w():
    return build_world()


@pytest.fixture
def hr_client(client, w):
    client.force_login(w["hr"])
    client.cookies["django_language"] = "en"
    return client


class _Rows(HTMLParser):
    """The cell texts of the data-testid=compliance-list table body (without the nominate column)."""

    def __init__(self):
        super().__init__()
        self.rows, self.in_table, self.cell, self.row = [], False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("data-testid") == "compliance-list":
            self.in_table = True
        elif self.in_table and tag == "tr" and "data-personnel-number" in attrs:
            self.row = []
        elif self.row is not None and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False
        elif self.row is not None and tag in ("td", "th") and self.cell is not None:
            self.row.append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row[:-1])
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def screen_rows(client, params) -> list[list[str]]:
    rows, page = [], 1
    while True:
        response = client.get("/compliance/", {**params, "page": page})
        assert response.status_code == 200
        parser = _Rows()
        parser.feed(response.content.decode())
        rows += parser.rows
        if 'rel="next"' not in response.content.decode():
            return rows
        page += 1


def csv_rows(client, params) -> list[list[str]]:
    response = client.get("/compliance/export.csv", params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_dashboard_shows_counts_and_only_the_subtree(hr_client, w):
    response = hr_client.get("/compliance/", {"as_of": AS_OF})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="count-overdue">2<' in html and 'data-testid="count-total">5<' in html
    for n in ("M-OK", "M-SOON", "M-LATE", "C-LATE", "C-EX"):
        assert f'data-personnel-number="{n}"' in html
    assert "X-LATE" not in html and "Yerlanov" not in html and w["M-LATE"].iin not in html
    assert "<svg" in html and 'data-testid="trend-table"' in html
    assert "Finance department" in html and "C-O-3" in html  # by unit, by corps and category


def test_body_select_is_limited_and_outside_body_is_404(hr_client, w):
    html = hr_client.get("/compliance/").content.decode()
    assert 'value="M"' in html and 'value="C"' in html and 'value="X"' not in html
    assert hr_client.get("/compliance/", {"body": "X"}).status_code == 404
    assert hr_client.get("/compliance/export.csv", {"body": "X"}).status_code == 404
    assert hr_client.get("/compliance/", {"status": "late"}).status_code == 400


def test_other_roles_are_refused(client, w):
    for user in (user_with_role(Role.ANALYST), w["M-LATE"].user):
        client.force_login(user)
        assert client.get("/compliance/").status_code == 403
        assert client.get("/compliance/export.csv").status_code == 403
    client.logout()
    assert client.get("/compliance/").status_code == 302


@pytest.mark.parametrize("params", [
    {"as_of": AS_OF.isoformat()},
    {"as_of": AS_OF.isoformat(), "status": "overdue", "sort": "name"},
    {"as_of": AS_OF.isoformat(), "body": "C", "sort": "-due_date"},
    {"as_of": AS_OF.isoformat(), "corps": "B", "category": "C-4"},
])
def test_csv_and_xlsx_equal_the_rows_on_screen_across_pages(hr_client, w, params, monkeypatch):
    monkeypatch.setattr("frontend.compliance.views.PAGE_SIZE", 2)  # several pages on screen
    on_screen = screen_rows(hr_client, params)
    assert on_screen and "X-LATE" not in [r[0] for r in on_screen]
    exported = csv_rows(hr_client, params)
    assert exported[0][0] == "Personnel number" and exported[1:] == on_screen
    response = hr_client.get("/compliance/export.xlsx", params)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    with translation.override(response.headers.get("Content-Language", "en")):  # dates as the page shows them
        cells = [["" if v is None else (date_format(v.date(), "SHORT_DATE_FORMAT") if hasattr(v, "date") else str(v))
                  for v in row] for row in sheet.iter_rows(values_only=True)]
    width = len(cells[0])
    assert [row + [""] * (width - len(row)) for row in cells[1:]] == on_screen  # trailing empty cells are not stored
    assert AuditEntry.objects.filter(action="compliance.export").count() == 2


def test_dashboard_query_count_does_not_depend_on_page_size(hr_client, w, monkeypatch, settings):
    settings.COMPLIANCE_DASHBOARD_CACHE_SECONDS = 0  # the computed page, not the cached one
    position = PositionFactory(body=w["M"], category_code="C-4")
    for _ in range(12):
        CivilServantFactory(position=position, entered_service_on=date(2015, 1, 1), appointed_on=date(2015, 1, 1))
    params = {"as_of": AS_OF, "status": "overdue"}
    counts = []
    for size in (3, 12):
        monkeypatch.setattr("frontend.compliance.views.PAGE_SIZE", size)
        hr_client.get("/compliance/", params)  # the trend is cached after the first view
        with CaptureQueriesContext(connection) as ctx:
            html = hr_client.get("/compliance/", params).content.decode()
        assert html.count("data-personnel-number=") == size
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_national_overview_has_no_personal_data(client, w):
    client.force_login(user_with_role(Role.ANALYST))
    response = client.get("/compliance/national/", {"as_of": AS_OF})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="national-total">6<' in html
    assert "Ministry M" in html and "Ministry X" in html
    for key in ("M-OK", "M-LATE", "X-LATE", "C-EX"):
        servant = w[key]
        for personal in (servant.personnel_number, servant.iin, servant.last_name_ru, servant.last_name_en):
            assert personal not in html
    assert client.get("/compliance/national/", {"body": "M"}).status_code == 200
    client.force_login(w["hr"])
    assert client.get("/compliance/national/").status_code == 403


def test_servant_sees_own_status(client, w):
    client.force_login(w["M-LATE"].user)
    with translation.override("en"):
        html = client.get("/compliance/mine/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="my-status-three_year"' in html and "status-overdue" in html


@pytest.fixture
def open_offering():
    from enrollment.models import Offering
    from tests.compliance.compliance_fixtures import make_open_offering

    offering = make_open_offering()
    assert isinstance(offering, Offering)
    return offering


def test_nominate_an_overdue_servant_from_the_dashboard(hr_client, w, open_offering):
    from enrollment.models import Application

    fragment = hr_client.get("/compliance/nominate/M-LATE/", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and open_offering.code in fragment.content.decode()
    response = hr_client.post("/compliance/nominate/M-LATE/", {"offering": open_offering.pk, "rule": "three_year"},
                              HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'data-testid="nominated"' in response.content.decode()
    application = Application.objects.get(servant=w["M-LATE"], offering=open_offering)
    assert application.nominated_by == w["hr"]
    again = hr_client.post("/compliance/nominate/M-LATE/", {"offering": open_offering.pk}, HTTP_HX_REQUEST="true")
    assert again.status_code == 400  # no longer offered to this servant
    assert hr_client.get("/compliance/nominate/X-LATE/").status_code == 404  # outside the subtree
    assert Application.objects.count() == 1
    assert timedelta(0) <= open_offering.starts_on - D.today()


def test_trend_svg_coordinates_are_not_localised(client, w):
    client.force_login(w["hr"])
    client.cookies["django_language"] = "ru"
    html = client.get("/compliance/", {"as_of": AS_OF}).content.decode()
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'lang="ru"' in html and "<rect" in svg
    assert not re.search(r'(x|y|width|height)="[0-9]+,[0-9]', svg)  # "12,5" is not a coordinate
