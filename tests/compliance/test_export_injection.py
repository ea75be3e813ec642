"""Finding 2 of issue 15: a servant's name or external training title reaches the compliance CSV and XLSX as
text (an apostrophe first), never as a live formula."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from compliance.models import TrainingRecord
from tests.compliance.compliance_fixtures import AS_OF, build_world

HYPERLINK = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture
def hr_client(client, db):
    w = build_world()
    servant = w["M-OK"]
    servant.last_name_en = servant.last_name_ru = "@SUM(1+1)*cmd"
    servant.save()
    TrainingRecord.objects.filter(servant=servant).update(title=HYPERLINK, completed_on=date(2024, 5, 1))
    client.force_login(w["hr"])
    client.cookies["django_language"] = "en"
    return client


def test_csv_cells_are_escaped(hr_client):
    response = hr_client.get("/compliance/export.csv", {"as_of": AS_OF.isoformat()})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(text)) if r[0] == "M-OK")
    assert row[1].startswith("'@SUM(1+1)*cmd") and row[8] == "'" + HYPERLINK


def test_xlsx_stores_text_not_formulas(hr_client):
    response = hr_client.get("/compliance/export.xlsx", {"as_of": AS_OF.isoformat()})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    row = next(r for r in book.active.iter_rows() if r[0].value == "M-OK")
    assert row[8].value == "'" + HYPERLINK and row[8].data_type == "s"
    assert all(cell.data_type != "f" for r in book.active.iter_rows() for cell in r)
    assert isinstance(row[9].value, object) and row[9].is_date  # dates stay dates
