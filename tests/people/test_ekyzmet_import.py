"""E-kyzmet import (issue #3): layouts, encodings, validation, upsert with history, scope, command."""

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook

from lms.errors import NotAllowed
from lms.models import AuditEntry
from people.ekyzmet import RowError, ekyzmet_import
from people.ekyzmet_read import transliterate
from people.models import CivilServant, EmploymentRecord, Position, Region, Role, StateBody
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
HEADER = ("personnel_number,iin,last_name,first_name,middle_name,body_code,position_title,corps,category_code,"
          "managerial,appointed_on,entered_service_on,first_time_entrant")
GOOD = "EK-9,900721503421,Иванова,Мария,Петровна,MF-KGD,Главный эксперт,B,C-4,0,2023-01-10,2015-09-01,0"


def run(content: bytes | str, filename: str = "file.csv", **kwargs):
    if isinstance(content, str):
        content = content.encode()
    kwargs.setdefault("actor", None)
    return ekyzmet_import(content=content, filename=filename, **kwargs)


@pytest.fixture
def bodies():
    report = run((SAMPLES / "bodies.csv").read_bytes(), "bodies.csv")
    assert report.ok, report.errors
    return {b.code: b for b in StateBody.objects.all()}


def servants_file(*rows: str, header: str = HEADER) -> str:
    return "\n".join((header, *rows)) + "\n"


def test_bodies_then_servants(bodies):
    assert set(bodies) == {"MF", "MF-KGD", "MF-KGD-AST", "AKM-ALM", "AKM-ALM-TLG"}
    ast, kgd, mf = bodies["MF-KGD-AST"], bodies["MF-KGD"], bodies["MF"]
    assert ast.parent == kgd and kgd.parent == mf and mf.parent is None
    assert ast.path == f"{mf.pk:08d}/{kgd.pk:08d}/{ast.pk:08d}/" and ast.depth == 2
    assert mf.name_kk == "Қаржы министрлігі" and mf.name_en == "Ministry of Finance"

    report = run((SAMPLES / "servants.csv").read_bytes(), "servants.csv")
    assert report.ok and report.layout == "servants"
    assert report.summary_line() == "created 4, updated 0, unchanged 0, errors 0"
    servant = CivilServant.objects.get(personnel_number="EK-000001")
    assert (servant.last_name_ru, servant.last_name_kk, servant.last_name_en) == ("Жұмабаев", "Жұмабаев", "Zhumabaev")
    assert (servant.first_name_en, servant.middle_name_en) == ("Alikhan", "Serikuly")
    assert servant.body == mf and servant.position.corps == "A" and servant.position.managerial
    assert servant.appointed_on == date(2022, 3, 1) and servant.entered_service_on == date(2008, 9, 1)
    assert CivilServant.objects.get(personnel_number="EK-000004").first_time_entrant
    assert EmploymentRecord.objects.filter(ended_on__isnull=True).count() == 4
    assert EmploymentRecord.objects.count() == 4
    assert Position.objects.get(title_ru="Руководитель управления").category_code == "C-O-3"
    audit = AuditEntry.objects.filter(action="ekyzmet.import").order_by("id").last()
    assert audit.after["created"] == 4 and audit.after["filename"] == "servants.csv" and len(audit.object_id) == 64


def test_bad_rows_are_all_reported_and_nothing_is_written(bodies):
    content = servants_file(
        GOOD,
        "EK-2,850312400119,Ахметов,Асхат,,MF,Эксперт,B,C-4,0,2023-01-10,2015-09-01,0",  # IIN checksum
        "EK-3,850312400118,Ахметов,Асхат,,MF,Эксперт,B,C-9,0,2023-01-10,2015-09-01,0",  # category code
        "EK-4,950101400012,Ахметов,Асхат,,NOPE,Эксперт,B,C-4,0,2023-01-10,2015-09-01,0",  # body code
        "EK-5,920315600112,Ахметов,Асхат,,MF,Эксперт,B,C-4,0,2023-02-30,2015-09-01,0",  # date
        "EK-6,881123450016,Ахметов,Асхат,,MF,Эксперт,C,,0,2023-01-10,2015-09-01,0",  # corps
        "EK-9,000512500016,Ахметов,Асхат,,MF,Эксперт,B,C-4,0,2023-01-10,2015-09-01,0",  # duplicate number
        # political posts carry no category code (corps A may since issue #12)
        "EK-10,900721503421,Ахметов,Асхат,,MF,Эксперт,political,C-4,0,2023-01-10,2015-09-01,maybe",
    )
    report = run(content)
    assert not report.ok
    found = {(e.row, e.column) for e in report.errors}
    assert found == {
        (3, "iin"), (4, "category_code"), (5, "body_code"), (6, "appointed_on"), (7, "corps"),
        (8, "personnel_number"), (9, "iin"), (9, "category_code"), (9, "first_time_entrant"),
    }
    assert all(isinstance(e.message, str) and e.message for e in report.errors)
    assert report.summary_line() == "created 0, updated 0, unchanged 0, errors 9"
    assert not CivilServant.objects.exists() and not Position.objects.exists()
    assert not AuditEntry.objects.filter(action="ekyzmet.import", object_type="ekyzmet.file",
                                         after__layout="servants").exists()


def test_rule_errors(bodies):
    report = run(servants_file(
        "EK-1,900721503421,Иванова,,,MF,,B,,0,2015-01-10,2016-09-01,0",
        "EK-2,850312400118,Иванова,Мария,,MF,Эксперт,political,,yes,,01.09.2015,нет",
    ))
    assert {(e.row, e.column) for e in report.errors} == {
        (2, "first_name"), (2, "position_title"), (2, "category_code"), (2, "appointed_on"), (3, "appointed_on"),
    }


def test_iin_of_another_servant_in_database(bodies):
    assert run(servants_file(GOOD)).ok
    report = run(servants_file(GOOD.replace("EK-9", "EK-10")))
    assert [(e.row, e.column) for e in report.errors] == [(2, "iin")]


def test_windows_1251_semicolon_russian_dates(bodies):
    report = run((SAMPLES / "servants-cp1251.csv").read_bytes(), "servants-cp1251.csv")
    assert report.ok, report.errors
    assert report.created == 4
    servant = CivilServant.objects.get(personnel_number="EK-000001")
    assert servant.last_name_ru == "Жумабаев" and servant.position.managerial
    assert servant.appointed_on == date(2022, 3, 1)
    assert CivilServant.objects.get(personnel_number="EK-000004").first_time_entrant


def test_utf8_bom_and_any_column_order(bodies):
    cells = dict(zip(HEADER.split(","), GOOD.split(","), strict=True))
    order = list(reversed(cells))
    content = ("\ufeff" + " , ".join(f" {c.upper()} " for c in order) + ",note\n"
               + ",".join(cells[c] for c in order) + ",ignored\n")
    report = run(content.encode("utf-8"))
    assert report.ok, report.errors
    assert CivilServant.objects.get(personnel_number="EK-9").iin == "900721503421"


def test_xlsx(bodies):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Extra", *HEADER.split(",")])
    sheet.append(["x", "EK-1", 512500016, "Ким", "Денис", None, "AKM-ALM-TLG", "Главный специалист", "B", "Е-4",
                  True, datetime(2025, 6, 2), "02.06.2025", "иә"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(buffer.getvalue(), "servants.xlsx")
    assert report.ok, report.errors
    servant = CivilServant.objects.get(personnel_number="EK-1")
    assert servant.iin == "000512500016" and servant.first_time_entrant and servant.position.managerial
    assert servant.position.category_code == "E-4" and servant.appointed_on == date(2025, 6, 2)


def test_reimport_is_unchanged(bodies):
    content = (SAMPLES / "servants.csv").read_bytes()
    assert run(content).created == 4
    audit_count = AuditEntry.objects.count()
    report = run(content)
    assert report.summary_line() == "created 0, updated 0, unchanged 4, errors 0"
    assert CivilServant.objects.count() == 4 and EmploymentRecord.objects.count() == 4 and Position.objects.count() == 4
    assert AuditEntry.objects.count() == audit_count + 1  # only the import summary
    bodies_again = run((SAMPLES / "bodies.csv").read_bytes())
    assert bodies_again.unchanged == 5 and StateBody.objects.count() == 5


def test_position_change_keeps_history_and_audits(bodies):
    assert run(servants_file(GOOD)).ok
    moved = GOOD.replace("Главный эксперт,B,C-4,0,2023-01-10", "Руководитель управления,B,С-3,1,2024-05-06")
    moved = moved.replace("900721503421", "850312400118")
    report = run(servants_file(moved))
    assert report.summary_line() == "created 0, updated 1, unchanged 0, errors 0"
    servant = CivilServant.objects.get(personnel_number="EK-9")
    records = list(servant.employment.order_by("started_on"))
    assert len(records) == 2
    assert records[0].ended_on == date(2024, 5, 6) and records[1].ended_on is None
    assert records[1].position == servant.position and servant.position.category_code == "C-3"
    entry = AuditEntry.objects.get(action="ekyzmet.servant_update", object_id=str(servant.pk))
    assert entry.before["iin"] == "90********21" and entry.after["iin"] == "85********18"
    assert entry.after["appointed_on"] == "2024-05-06" and "last_name_ru" not in entry.after


def test_backdated_move_is_refused(bodies):
    assert run(servants_file(GOOD)).ok
    report = run(servants_file(GOOD.replace("Главный эксперт,B,C-4,0,2023-01-10", "Эксперт,B,C-5,0,2022-01-10")))
    assert [(e.row, e.column) for e in report.errors] == [(2, "appointed_on")]


def test_dry_run_counts_without_writing(bodies):
    content = (SAMPLES / "servants.csv").read_bytes()
    report = run(content, dry_run=True)
    assert report.ok and report.dry_run and report.created == 4
    assert not CivilServant.objects.exists() and not Position.objects.exists()
    assert run(content).summary_line() == report.summary_line()


def test_header_matching_neither_layout():
    report = run("body_code,name_ru\nX,Y\n")
    assert len(report.errors) == 1 and report.errors[0].row == 1 and report.errors[0].column == ""
    assert "parent_code" in report.errors[0].message and "region" in report.errors[0].message


def test_bodies_rules_and_regions():
    Region.objects.create(code="ALM", kind="oblys", name_kk="Алматы облысы", name_ru="Алматинская область",
                          name_en="Almaty Region")
    report = run("body_code,parent_code,name_kk,name_ru,name_en,region\n"
                 "R,,,Корень,,алматинская область\n"
                 "C,R,,Дочерний,,ALM\n"
                 "D,Z,,Сирота,,\n"
                 "E,,,Где,,Марс\n"
                 "C,R,,Повтор,,\n")
    assert {(e.row, e.column) for e in report.errors} == {(4, "parent_code"), (5, "region"), (6, "body_code")}
    report = run("body_code;parent_code;name_kk;name_ru;name_en;region\nR;;;Корень;;алматинская область\n"
                 "C;R;;Дочерний;;ALM\n")
    assert report.ok
    child = StateBody.objects.get(code="C")
    assert child.region.code == "ALM" and child.name_kk == "Дочерний" and child.depth == 1
    cycle = run("body_code,parent_code,name_kk,name_ru,name_en,region\nR,C,,Корень,,\n")
    assert [(e.row, e.column) for e in cycle.errors] == [(2, "parent_code")]
    moved = run("body_code,parent_code,name_kk,name_ru,name_en,region\nN,,,Новый,,\nC,N,,Дочерний,,ALM\n")
    assert moved.summary_line() == "created 1, updated 1, unchanged 0, errors 0"
    child.refresh_from_db()
    new_root = StateBody.objects.get(code="N")
    assert child.path == f"{new_root.pk:08d}/{child.pk:08d}/"


def test_hr_officer_scope(bodies):
    hr = user_with_role(Role.HR_OFFICER, body=bodies["MF-KGD"])
    report = run(servants_file(GOOD, GOOD.replace("EK-9,900721503421", "EK-8,850312400118").replace(
        "MF-KGD", "AKM-ALM")), actor=hr)
    assert [(e.row, e.column) for e in report.errors] == [(3, "body_code")]
    assert report.errors[0].message == "outside your area"
    assert run(servants_file(GOOD), actor=hr).created == 1
    header = "body_code,parent_code,name_kk,name_ru,name_en,region\n"
    report = run(header + "NEW1,MF-KGD-AST,,Отдел,,\nNEW2,NEW1,,Сектор,,\nNEW3,MF,,Чужой,,\nMF,,,Переименован,,\n",
                 actor=hr)
    assert {(e.row, e.column) for e in report.errors} == {(4, "body_code"), (5, "body_code")}
    assert run(header + "NEW1,MF-KGD-AST,,Отдел,,\nMF-KGD,MF,,Комитет,,\n", actor=hr).ok
    with pytest.raises(NotAllowed):
        run(servants_file(GOOD), actor=user_with_role(Role.FACULTY))


def test_messages_render_in_active_language(bodies):
    with translation.override("ru"):
        report = run(servants_file(GOOD.replace("900721503421", "900721503420")))
    assert report.errors and all(isinstance(e.message, str) and e.message for e in report.errors)


def test_command_output_and_exit_codes(bodies, tmp_path, capsys):
    good = tmp_path / "servants.csv"
    good.write_bytes((SAMPLES / "servants.csv").read_bytes())
    out = io.StringIO()
    call_command("import_ekyzmet", str(good), "--dry-run", stdout=out)
    assert out.getvalue().splitlines()[-1] == "created 4, updated 0, unchanged 0, errors 0"
    assert not CivilServant.objects.exists()
    call_command("import_ekyzmet", str(good), stdout=io.StringIO())
    assert CivilServant.objects.count() == 4

    bad = tmp_path / "bad.csv"
    bad.write_text(servants_file(GOOD.replace("EK-9,900721503421", "EK-20,920315600112").replace("C-4", "C-9")), encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("import_ekyzmet", str(bad), stdout=out)
    assert exited.value.code == 1
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("row 2, column category_code: ")
    assert lines[-1] == "created 0, updated 0, unchanged 0, errors 1"


def test_transliteration():
    assert transliterate("Жұмабаев Әлихан") == "Zhumabaev Alikhan"
    assert transliterate("Щукина Юлия") == "Shchukina Iuliia"
    assert transliterate("ҚОНАЕВ") == "KONAEV"
    assert transliterate("") == ""


# --- workbooks of several tables --------------------------------------------------------------------------

BODIES_HEADER = "body_code,parent_code,name_kk,name_ru,name_en,region"
NEW_BODY = "NEW-DEP,MF-KGD,,Новый отдел,,"
IN_NEW_BODY = ("EK-11,850312400118,Ахметов,Асхат,,NEW-DEP,Эксперт,B,C-5,0,2023-01-10,2015-09-01,0",
               "EK-12,000512500016,Ким,Денис,,NEW-DEP,Эксперт,B,C-5,0,2024-02-01,2020-09-01,1")


def workbook(*sheets: tuple[str, str, tuple[str, ...]]) -> bytes:
    """XLSX bytes with one worksheet per (title, CSV header, CSV rows), in order."""
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        for line in (header, *rows):
            sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bodies_then_servants(*servant_rows: str) -> bytes:
    mf = "MF,,Қаржы министрлігі,Министерство финансов,Ministry of Finance,"  # unchanged
    return workbook(("Bodies", BODIES_HEADER, (mf, NEW_BODY)), ("Servants", HEADER, servant_rows))


def test_workbook_bodies_then_servants_of_a_new_body(bodies):
    report = run(bodies_then_servants(GOOD, *IN_NEW_BODY), "export.xlsx")
    assert report.ok, report.errors
    assert report.layout == "bodies+servants"
    assert report.summary_line() == "created 4, updated 0, unchanged 1, errors 0"
    new_body = StateBody.objects.get(code="NEW-DEP")
    assert new_body.parent == bodies["MF-KGD"] and new_body.path.startswith(bodies["MF-KGD"].path)
    in_new = CivilServant.objects.filter(body=new_body)
    assert {s.personnel_number for s in in_new} == {"EK-11", "EK-12"}
    assert Position.objects.filter(body=new_body).count() == 1  # both rows share one new position
    assert {s.position.body_id for s in in_new} == {new_body.pk}
    assert EmploymentRecord.objects.filter(body=new_body, ended_on__isnull=True).count() == 2
    assert CivilServant.objects.get(personnel_number="EK-9").body == bodies["MF-KGD"]
    audit = AuditEntry.objects.filter(action="ekyzmet.import").order_by("id").last()
    assert audit.after["layout"] == "bodies+servants" and audit.after["created"] == 4
    assert [(s["sheet"], s["layout"], s["created"]) for s in audit.after["sheets"]] == [
        ("Bodies", "bodies", 1), ("Servants", "servants", 3)]


def test_workbook_with_a_bad_servant_row_writes_nothing(bodies, tmp_path):
    bad = IN_NEW_BODY[1].replace("000512500016", "000512500017")  # IIN check digit
    content = bodies_then_servants(GOOD, IN_NEW_BODY[0], bad)
    report = run(content, "export.xlsx")
    assert [(e.sheet, e.row, e.column) for e in report.errors] == [("Servants", 4, "iin")]
    assert report.summary_line() == "created 0, updated 0, unchanged 0, errors 1"
    assert not StateBody.objects.filter(code="NEW-DEP").exists()
    assert not CivilServant.objects.exists() and not Position.objects.exists()

    path = tmp_path / "export.xlsx"
    path.write_bytes(content)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("import_ekyzmet", str(path), stdout=out)
    assert exited.value.code == 1
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("sheet Servants, row 4, column iin: ")
    assert lines[-1] == "created 0, updated 0, unchanged 0, errors 1"
    assert not StateBody.objects.filter(code="NEW-DEP").exists() and not CivilServant.objects.exists()


def test_workbook_errors_in_both_sheets_are_all_reported(bodies):
    content = workbook(("Bodies", BODIES_HEADER, (NEW_BODY, "ORPHAN,NOPE,,Сирота,,")),
                       ("Servants", HEADER, (*IN_NEW_BODY, GOOD.replace("MF-KGD", "GONE"))))
    report = run(content, "export.xlsx")
    # The servants in NEW-DEP are not errors: the bodies sheet defines it, though it has an error itself.
    assert [(e.sheet, e.row, e.column) for e in report.errors] == [
        ("Bodies", 3, "parent_code"), ("Servants", 4, "body_code")]
    assert str(report.errors[0]).startswith("sheet Bodies, row 3, column parent_code: ")
    assert StateBody.objects.count() == 5 and not CivilServant.objects.exists()


def test_workbook_dry_run_counts_from_the_bodies_plan(bodies):
    content = bodies_then_servants(GOOD, *IN_NEW_BODY)
    audit_count = AuditEntry.objects.count()
    report = run(content, "export.xlsx", dry_run=True)
    assert report.ok and report.dry_run, report.errors
    assert report.summary_line() == "created 4, updated 0, unchanged 1, errors 0"
    assert not StateBody.objects.filter(code="NEW-DEP").exists()
    assert not CivilServant.objects.exists() and not Position.objects.exists()
    assert AuditEntry.objects.count() == audit_count
    assert run(content, "export.xlsx").summary_line() == report.summary_line()
    assert CivilServant.objects.filter(body__code="NEW-DEP").count() == 2


def test_workbook_order_matters(bodies):
    content = workbook(("Servants", HEADER, IN_NEW_BODY), ("Bodies", BODIES_HEADER, (NEW_BODY,)))
    for dry_run in (True, False):
        report = run(content, "export.xlsx", dry_run=dry_run)
        assert report.layout == "servants+bodies"
        assert [(e.sheet, e.row, e.column) for e in report.errors] == [
            ("Servants", 2, "body_code"), ("Servants", 3, "body_code")]
        assert "NEW-DEP" in report.errors[0].message
    assert not StateBody.objects.filter(code="NEW-DEP").exists() and not CivilServant.objects.exists()


def test_workbook_keys_are_unique_across_sheets(bodies):
    content = workbook(("Bodies", BODIES_HEADER, (NEW_BODY,)), ("More bodies", BODIES_HEADER, (NEW_BODY,)),
                       ("S1", HEADER, (GOOD,)), ("S2", HEADER, (GOOD.replace("900721503421", "850312400118"),)))
    report = run(content, "export.xlsx")
    assert report.layout == "bodies+servants"
    assert [(e.sheet, e.row, e.column) for e in report.errors] == [
        ("More bodies", 2, "body_code"), ("S2", 2, "personnel_number")]
    # A later bodies sheet may hang new bodies under an earlier sheet's; servants sheets may share positions.
    content = workbook(("Bodies", BODIES_HEADER, (NEW_BODY,)), ("More", BODIES_HEADER, ("SUB,NEW-DEP,,Сектор,,",)),
                       ("S1", HEADER, (IN_NEW_BODY[0].replace("NEW-DEP", "SUB"),)),
                       ("S2", HEADER, (IN_NEW_BODY[1].replace("NEW-DEP", "SUB"),)))
    report = run(content, "export.xlsx")
    assert report.summary_line() == "created 4, updated 0, unchanged 0, errors 0", report.errors
    sub = StateBody.objects.get(code="SUB")
    assert sub.parent.code == "NEW-DEP" and sub.depth == 3
    assert Position.objects.filter(body=sub).count() == 1 and CivilServant.objects.filter(body=sub).count() == 2


def test_workbook_scope_applies_to_every_sheet(bodies):
    hr = user_with_role(Role.HR_OFFICER, body=bodies["MF-KGD"])
    assert run(bodies_then_servants(GOOD, *IN_NEW_BODY), "export.xlsx", actor=hr).errors == [
        # the unchanged MF row of the bodies sheet lies outside MF-KGD
        RowError(row=2, column="body_code", message="outside your area", sheet="Bodies")]
    content = workbook(("Bodies", BODIES_HEADER, (NEW_BODY, "FOREIGN,AKM-ALM,,Чужой,,")),
                       ("Servants", HEADER, (*IN_NEW_BODY, GOOD.replace("MF-KGD", "AKM-ALM"))))
    report = run(content, "export.xlsx", actor=hr)
    assert [(e.sheet, e.row, e.column) for e in report.errors] == [("Bodies", 3, "body_code"),
                                                                    ("Servants", 4, "body_code")]
    content = workbook(("Bodies", BODIES_HEADER, (NEW_BODY,)), ("Servants", HEADER, (GOOD, *IN_NEW_BODY)))
    report = run(content, "export.xlsx", actor=hr)
    assert report.summary_line() == "created 4, updated 0, unchanged 0, errors 0", report.errors


def test_workbook_sheets_with_unknown_headers_and_empty_sheets(bodies):
    content = workbook(("Notes", "comment,author", ("x,y",)), ("Empty", "", ()), ("Servants", HEADER, (GOOD,)))
    report = run(content, "export.xlsx")
    assert [(e.sheet, e.row, e.column) for e in report.errors] == [("Notes", 1, "")]
    assert report.layout == "" and not CivilServant.objects.exists()
    # One non-empty sheet among empty ones is a plain single table: no sheet in the messages.
    content = workbook(("Empty", "", ()), ("Servants", HEADER, (GOOD.replace("C-4", "C-9"),)))
    report = run(content, "export.xlsx")
    assert [str(e).split(":")[0] for e in report.errors] == ["row 2, column category_code"]
    assert report.layout == "servants"


def test_corps_a_posts_may_carry_a_category_code(bodies):
    report = run(servants_file(
        "EK-1,850312400118,Жұмабаев,Әлихан,,MF,Ответственный секретарь,A,А-2,1,2022-03-01,2008-09-01,0",
        "EK-2,900721503421,Иванова,Мария,,MF,Директор департамента,A,,1,2022-03-01,2008-09-01,0",
    ))
    assert report.ok, report.errors
    assert CivilServant.objects.get(personnel_number="EK-1").position.category_code == "A-2"  # Cyrillic А folded
    assert CivilServant.objects.get(personnel_number="EK-2").position.category_code == ""
    bad = run(servants_file("EK-3,950101400012,Ким,Денис,,MF,Эксперт,A,Z-1,0,2022-03-01,2008-09-01,0"))
    assert [(e.row, e.column) for e in bad.errors] == [(2, "category_code")]
