"""Spreadsheet formula injection (issue 15, finding 2): the one escaping rule of `lms.exports` and the exports
that do not have their own test file (the management command CSVs)."""

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command

from lms.exports import csv_writer, safe_cell, safe_row

ATTACKS = [
    '=HYPERLINK("http://evil.example","x")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "\t=1",
    "\r=1",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_like_text_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


def test_other_values_stay_as_they_are():
    assert safe_row(["Абаев", 5, -3, 2.5, None, "", date(2025, 1, 1), "a=b"]) == [
        "Абаев",
        5,
        -3,
        2.5,
        None,
        "",
        date(2025, 1, 1),
        "a=b",
    ]


def test_csv_writer_escapes_every_cell():
    out = io.StringIO()
    csv_writer(out).writerows([[ATTACKS[0], 1], ["x", ATTACKS[1]]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["'" + ATTACKS[0], "1"], ["x", "'" + ATTACKS[1]]]


@pytest.mark.django_db
def test_compliance_report_command_escapes_personnel_numbers():
    from tests.factories import CivilServantFactory

    CivilServantFactory(
        personnel_number="=1+1", entered_service_on=date(2015, 1, 1), appointed_on=date(2015, 1, 1)
    )
    out = io.StringIO()
    call_command("compliance_report", "--as-of", "2025-06-02", "--format", "csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[1:] and all(r[0] == "'=1+1" for r in rows[1:])
