"""import_training_records and compliance_report (issue #5), through call_command as an operator runs them."""

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook

from compliance.models import TrainingRecord
from compliance.training_import import training_import
from lms.errors import NotAllowed
from lms.models import AuditEntry
from people.models import Role
from tests.factories import CivilServantFactory, PositionFactory, StateBodyFactory, user_with_role

pytestmark = pytest.mark.django_db
HEADER = "personnel_number,title,course_type,hours,completed_on,provider"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def tree():
    """ministry M -> committee C -> department D, one servant in each; P-POL is political."""
    m = StateBodyFactory(code="M")
    c = StateBodyFactory(code="C", parent=m)
    d = StateBodyFactory(code="D", parent=c)
    make = {
        "P-M": (m, "B", "C-4"), "P-C": (c, "B", "C-4"), "P-D": (d, "A", ""), "P-POL": (m, "political", ""),
    }
    servants = {}
    for number, (body, corps, cat) in make.items():
        servants[number] = CivilServantFactory(
            personnel_number=number, position=PositionFactory(body=body, corps=corps, category_code=cat,
                                                              managerial=corps == "A"),
            entered_service_on=date(2015, 1, 1), appointed_on=date(2020, 1, 1))
    return {"M": m, "C": c, "D": d, **servants}


def write(tmp_path, text: str, name="records.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(*args) -> tuple[int, list[str]]:
    out = io.StringIO()
    try:
        call_command(*args, stdout=out, verbosity=0)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue().splitlines()


GOOD = "\n".join([
    HEADER,
    "P-M,Цифровая трансформация,advanced_training,24,2024-02-29,АГУ",
    "P-C,Проектное управление,advanced_training,40,15.03.2023,Филиал АГУ",
    "P-D,Курс корпуса А,management_course,36,2019-12-01,АГУ",
    "P-M,Семинар по этике,seminar,4,2025-01-20,",
]) + "\n"


def test_good_file_is_imported_and_reimport_is_unchanged(tree, tmp_path):
    path = write(tmp_path, GOOD)
    assert run("import_training_records", path) == (0, ["created 4, updated 0, unchanged 0, errors 0"])
    record = TrainingRecord.objects.get(servant=tree["P-C"])
    assert (record.title, record.course_type_id, record.hours, record.completed_on, record.provider, record.source) == (
        "Проектное управление", "advanced_training", 40, date(2023, 3, 15), "Филиал АГУ", "import")
    assert TrainingRecord.objects.get(servant=tree["P-M"], course_type="seminar").provider == ""
    assert AuditEntry.objects.filter(action="training.import").count() == 1
    assert run("import_training_records", path) == (0, ["created 0, updated 0, unchanged 4, errors 0"])
    assert TrainingRecord.objects.count() == 4
    changed = write(tmp_path, GOOD.replace("advanced_training,40,", "advanced_training,48,"), "changed.csv")
    assert run("import_training_records", changed) == (0, ["created 0, updated 1, unchanged 3, errors 0"])
    assert TrainingRecord.objects.get(servant=tree["P-C"]).hours == 48


def test_dry_run_writes_nothing(tree, tmp_path):
    assert run("import_training_records", write(tmp_path, GOOD), "--dry-run") == (
        0, ["created 4, updated 0, unchanged 0, errors 0"])
    assert not TrainingRecord.objects.exists()


def test_bad_rows_are_each_named_and_nothing_is_written(tree, tmp_path):
    text = "\n".join([
        HEADER,
        "P-M,Хороший курс,advanced_training,24,2024-02-29,АГУ",
        "NOBODY,Курс,advanced_training,24,2024-01-01,АГУ",
        "P-C,Курс,cooking,24,2024-01-01,АГУ",
        "P-C,Курс,seminar,0,2024-01-01,АГУ",
        "P-C,Курс 2,seminar,2.5,2024-01-01,АГУ",
        "P-C,Курс,seminar,8,31.02.2024,АГУ",
        "P-C,,seminar,8,2024-01-01,АГУ",
        "P-M,Хороший курс,advanced_training,24,29.02.2024,АГУ",
    ]) + "\n"
    code, lines = run("import_training_records", write(tmp_path, text))
    assert code == 1
    assert lines == [
        "row 3, column personnel_number: No civil servant has this personnel number.",
        "row 4, column course_type: Unknown course type; expected one of: advanced_training, retraining, "
        "management_course, seminar, master_class, e_course, other.",
        "row 5, column hours: Hours must be a whole number from 1 to 32767.",
        "row 6, column hours: Hours must be a whole number from 1 to 32767.",
        "row 7, column completed_on: Expected a date as YYYY-MM-DD or DD.MM.YYYY.",
        "row 8, column title: This value is required.",
        "row 9, column title: The same training (servant, title, date, provider) is already in row 2.",
        "created 0, updated 0, unchanged 0, errors 7",
    ]
    assert not TrainingRecord.objects.exists()


def test_missing_columns_and_unreadable_files(tree, tmp_path):
    code, lines = run("import_training_records", write(tmp_path, "personnel_number,title\nP-M,x\n"))
    assert code == 1 and lines[0] == "row 1: Missing columns: course_type, hours, completed_on."
    code, lines = run("import_training_records", write(tmp_path, "", "empty.csv"))
    assert code == 1 and lines == ["row 1: The file cannot be read as CSV or XLSX.",
                                   "created 0, updated 0, unchanged 0, errors 1"]


def test_cp1251_with_semicolons(tree, tmp_path):
    text = GOOD.replace(",", ";")
    path = write(tmp_path, text, "records-1251.csv", encoding="cp1251")
    assert run("import_training_records", path) == (0, ["created 4, updated 0, unchanged 0, errors 0"])
    assert TrainingRecord.objects.filter(title="Цифровая трансформация", provider="АГУ").exists()


def test_xlsx_with_real_dates(tree, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    ws.append(["P-M", "Курс", "advanced_training", 24, date(2024, 2, 29), "АГУ"])
    path = tmp_path / "records.xlsx"
    wb.save(path)
    assert run("import_training_records", str(path)) == (0, ["created 1, updated 0, unchanged 0, errors 0"])
    assert TrainingRecord.objects.get().completed_on == date(2024, 2, 29)


def test_hr_officer_imports_only_inside_their_subtree(tree):
    hr = user_with_role(Role.HR_OFFICER, body=tree["C"])
    report = training_import(content=GOOD.encode(), filename="r.csv", actor=hr)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "personnel_number", "outside your area"), (5, "personnel_number", "outside your area")]
    assert not TrainingRecord.objects.exists()
    with pytest.raises(NotAllowed):
        training_import(content=GOOD.encode(), filename="r.csv", actor=user_with_role(Role.FACULTY))


# --- compliance_report -----------------------------------------------------------------------------------------

def report(*args) -> list[list[str]]:
    out = io.StringIO()
    call_command("compliance_report", *args, stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_report_header_and_rows(tree, tmp_path):
    run("import_training_records", write(tmp_path, GOOD))
    rows = report("--as-of", "2026-11-20", "--format", "csv")
    assert rows[0] == ["personnel_number", "rule", "status", "due_date"]
    assert rows[1:] == [
        ["P-C", "three_year", "overdue", "2026-03-15"],
        ["P-D", "three_year", "overdue", "2018-01-01"],  # a management course is not advanced training
        ["P-M", "three_year", "due_soon", "2027-02-28"],  # 29 Feb 2024 + 3 years: 100 days ahead
    ]
    # as of a day inside P-C's last half-year, before P-M's course
    rows = report("--as-of", "2025-12-01", "--format", "csv")
    assert ["P-C", "three_year", "due_soon", "2026-03-15"] in rows
    assert ["P-M", "three_year", "compliant", "2027-02-28"] in rows
    # new corps A appointee: the management course rule applies in the year after appointment
    rows = report("--as-of", "2020-01-01", "--rule", "corps_a_course", "--format", "csv")
    assert rows == [["personnel_number", "rule", "status", "due_date"],
                    ["P-D", "corps_a_course", "compliant", "2020-01-01"]]


def test_report_body_includes_the_whole_subtree(tree):
    numbers = {r[0] for r in report("--as-of", "2026-11-20", "--body", "C", "--format", "csv")[1:]}
    assert numbers == {"P-C", "P-D"}
    numbers = {r[0] for r in report("--as-of", "2026-11-20", "--body", "D", "--format", "csv")[1:]}
    assert numbers == {"P-D"}
    numbers = {r[0] for r in report("--as-of", "2026-11-20", "--body", "M", "--format", "csv")[1:]}
    assert numbers == {"P-M", "P-C", "P-D"}  # political P-POL has no applicable rule


def test_report_rule_filter_and_bad_arguments(tree):
    tree["P-M"].first_time_entrant = True
    tree["P-M"].save()
    rows = report("--as-of", "2020-03-01", "--rule", "retraining", "--format", "csv")
    assert rows[1:] == [["P-M", "retraining", "due_soon", "2020-07-01"]]
    assert {r[1] for r in report("--as-of", "2020-03-01", "--format", "csv")[1:]} == {
        "three_year", "retraining", "corps_a_course"}
    from django.core.management import CommandError
    with pytest.raises(CommandError):
        report("--as-of", "2026-13-01", "--format", "csv")
    with pytest.raises(CommandError):
        report("--as-of", "2026-01-01", "--body", "NOPE", "--format", "csv")
