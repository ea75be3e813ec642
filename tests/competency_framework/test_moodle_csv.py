import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from competency_framework import moodle_csv
from competency_framework.models import Competency, CompetencyAssessment, Framework, ScaleLevel
from competency_framework.selectors import competency_tree
from competency_framework.services import framework_export_moodle_csv, framework_import_moodle_csv
from lms.errors import NotAllowed
from lms.models import AuditEntry
from people.models import Role
from tests.factories import CivilServantFactory, user_with_role

pytestmark = pytest.mark.django_db
OECD = Path(__file__).parent / "data" / "oecd_core.csv"
CONFIG = '[{"scaleid":"2"},{"id":1,"scaledefault":1,"proficient":0},{"id":2,"scaledefault":0,"proficient":1}]'


def framework_row(**over):
    row = ["", "FW1", "Framework one", "<p>About</p>", "1", "Not yet,Competent", CONFIG, "", "", "", "", "", "1",
           "domain,competency"]
    for index, value in over.items():
        row[int(index[1:])] = value
    return row


def comp_row(parent, idnumber, name="Name", description="", related=""):
    return [parent, idnumber, name, description, "1", "", "", "", "0", "null", related, "", "", ""]


def make_csv(*rows, header=None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header or moodle_csv.HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode()


def do_import(content, **kw):
    return framework_import_moodle_csv(content=content, actor=None, **kw)


def snapshot(framework):
    """Everything the Moodle format carries, independent of primary keys."""
    framework.refresh_from_db()
    related = {c.idnumber: sorted(r.idnumber for r in c.related.all()) for c in framework.competencies.all()}
    return {
        "framework": (framework.idnumber, framework.name_en, framework.description_en, framework.taxonomies),
        "levels": [(lv.value, lv.name_en, lv.is_default, lv.is_proficient) for lv in framework.levels.all()],
        "tree": [(depth, c.idnumber, c.parent.idnumber if c.parent else "", c.name_en, c.description_en,
                  c.rule_config, related[c.idnumber]) for depth, c in competency_tree(framework)],
    }


def test_import_realistic_oecd_file():
    report = do_import(OECD.read_bytes())
    assert report.ok, report.errors
    assert (report.layout, report.created, report.updated, report.unchanged) == ("moodle", 19, 0, 0)
    fw = Framework.objects.get(idnumber="OECD-CORE-2014")
    assert fw.name_en == "OECD Core Competencies" and fw.taxonomy_list() == ["domain", "competency"]
    assert "<li>Interpersonal</li>" in fw.description_en
    levels = list(fw.levels.all())
    assert [lv.name_en for lv in levels] == ["Level 1 - Foundation", "Level 2 - Developing", "Level 3 - Proficient",
                                             "Level 4 - Advanced", "Level 5 - Leading"]
    assert [lv.is_default for lv in levels] == [True, False, False, False, False]
    assert [lv.is_proficient for lv in levels] == [False, False, True, True, True]
    tree = competency_tree(fw)
    assert [c.idnumber for d, c in tree if d == 0] == ["OECD-DEL", "OECD-INT", "OECD-STR"]
    assert sum(1 for d, _c in tree if d == 1) == 15
    negotiating = Competency.objects.get(framework=fw, idnumber="OECD-INT-NEG,MED")
    assert negotiating.parent.idnumber == "OECD-INT" and negotiating.rule_config is None
    assert "\n<li>Level 3" in negotiating.description_en and "&quot;" not in negotiating.description_en
    influencing = Competency.objects.get(framework=fw, idnumber="OECD-INT-INF")
    assert sorted(c.idnumber for c in influencing.related.all()) == ["OECD-INT-NEG,MED", "OECD-STR-NET"]
    assert list(negotiating.related.values_list("idnumber", flat=True)) == ["OECD-INT-INF"]  # symmetric
    assert AuditEntry.objects.filter(action="competency_framework.import", object_id=str(fw.pk)).count() == 1


def test_reimport_same_file_is_unchanged():
    do_import(OECD.read_bytes())
    report = do_import(OECD.read_bytes())
    assert (report.created, report.updated, report.unchanged, report.errors) == (0, 0, 19, [])


def test_export_then_import_gives_the_same_framework():
    do_import(OECD.read_bytes())
    fw = Framework.objects.get(idnumber="OECD-CORE-2014")
    before = snapshot(fw)
    exported = framework_export_moodle_csv(framework=fw)
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[0] == moodle_csv.HEADERS and rows[1][12] == "1" and rows[1][13] == "domain,competency"
    assert json.loads(rows[1][6])[1:] == [{"id": i, "scaledefault": int(i == 1), "proficient": int(i >= 3)}
                                          for i in range(1, 6)]
    assert "OECD-INT-NEG%2CMED" in next(r[10] for r in rows if r[1] == "OECD-INT-INF")
    assert all(r[9] == "null" for r in rows[2:])
    # into the same framework: nothing changes
    again = do_import(exported.encode())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 19)
    # into an empty database: the same framework comes back, and exports identically
    fw.delete()
    fresh = do_import(exported.encode())
    assert fresh.ok and fresh.created == 19
    fw2 = Framework.objects.get(idnumber="OECD-CORE-2014")
    assert snapshot(fw2) == before
    assert _without_ids(framework_export_moodle_csv(framework=fw2)) == _without_ids(exported)


def _without_ids(text):
    """Exported rows minus what names local keys: the exported ID and the scale id."""
    rows = [r[:11] + r[12:] for r in csv.reader(io.StringIO(text))]
    rows[1][6] = json.loads(rows[1][6])[1:]
    return rows


def test_existing_framework_is_updated_in_place_and_other_languages_kept():
    do_import(make_csv(framework_row(), comp_row("", "C1", "First"), comp_row("C1", "C2", "Second")))
    fw = Framework.objects.get(idnumber="FW1")
    c2 = Competency.objects.get(idnumber="C2")
    Competency.objects.filter(pk=c2.pk).update(name_ru="Второй")
    report = do_import(make_csv(framework_row(), comp_row("", "C1", "First"), comp_row("", "C2", "Second!"),
                                comp_row("C2", "C3", "Third")))
    assert (report.created, report.updated, report.unchanged) == (1, 1, 2)
    c2.refresh_from_db()
    assert (c2.name_en, c2.name_ru, c2.parent_id) == ("Second!", "Второй", None)
    assert Framework.objects.get().pk == fw.pk
    assert Competency.objects.get(idnumber="C3").parent == c2


def test_import_into_russian_fields():
    report = do_import(make_csv(framework_row(s2="Модель"), comp_row("", "C1", "Первая")), language="ru")
    assert report.ok
    assert Competency.objects.get().name_ru == "Первая" and Competency.objects.get().name_en == ""


def _assert_nothing_written():
    assert Framework.objects.count() == 0 and Competency.objects.count() == 0 and ScaleLevel.objects.count() == 0


@pytest.mark.parametrize(("rows", "row", "column", "words"), [
    ((framework_row(s6='[{"scaleid":"2"},{"id":1,'), comp_row("", "C1")), 2, "Scale configuration", "JSON"),
    ((framework_row(), comp_row("", "C1"), comp_row("NOPE", "C2")), 4, "Parent ID number", "NOPE"),
    ((framework_row(), comp_row("", "C1"), comp_row("C1", "C1")), 4, "ID number", "row 3"),
    ((framework_row(), comp_row("", "C1"), comp_row("C1", "C2", related="C9")), 4,
     "Cross-referenced competency ID numbers", "C9"),
    ((framework_row(s1=""), comp_row("", "C1")), 2, "ID number", "required"),
    ((framework_row(s6='[{"scaleid":"2"},{"id":5,"scaledefault":1,"proficient":1}]'),), 2,
     "Scale configuration", "level"),
    ((comp_row("", "C1"),), 1, "", "framework"),
])
def test_broken_files_give_row_errors_and_write_nothing(rows, row, column, words):
    report = do_import(make_csv(*rows))
    assert not report.ok
    assert (report.errors[0].row, report.errors[0].column) == (row, column)
    assert words in report.errors[0].message
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    _assert_nothing_written()


def test_cycle_is_reported_on_each_row_in_it():
    report = do_import(make_csv(framework_row(), comp_row("", "ROOT"), comp_row("B", "A"), comp_row("A", "B"),
                                comp_row("A", "LEAF")))
    assert [(e.row, e.column) for e in report.errors] == [(4, "Parent ID number"), (5, "Parent ID number"),
                                                          (6, "Parent ID number")]
    assert "loops" in report.errors[0].message
    _assert_nothing_written()


def test_broken_update_keeps_the_old_framework():
    do_import(make_csv(framework_row(), comp_row("", "C1", "Old")))
    report = do_import(make_csv(framework_row(s2="New name"), comp_row("", "C1", "New"), comp_row("X", "C2")))
    assert not report.ok
    assert Framework.objects.get().name_en == "Framework one" and Competency.objects.get().name_en == "Old"


def test_scale_cannot_lose_levels_in_use():
    do_import(make_csv(framework_row(s5="A,B,C", s6=CONFIG), comp_row("", "C1")))
    comp = Competency.objects.get()
    CompetencyAssessment.objects.create(servant=CivilServantFactory(), competency=comp, source="test",
                                        level=ScaleLevel.objects.get(value=3), assessed_on="2025-01-01")
    report = do_import(make_csv(framework_row(s5="A,B"), comp_row("", "C1")))
    assert [(e.row, e.column) for e in report.errors] == [(2, "Scale values")]
    assert ScaleLevel.objects.count() == 3


def test_descriptions_are_sanitised():
    evil = '<p onclick="steal()">Hi <script>alert(1)</script><b>there</b></p><iframe src="x"></iframe>'
    report = do_import(make_csv(framework_row(s3=evil), comp_row("", "C1", description=evil)))
    assert report.ok
    for text in (Framework.objects.get().description_en, Competency.objects.get().description_en):
        assert "script" not in text and "alert" not in text and "onclick" not in text and "iframe" not in text
        assert "<b>there</b>" in text


def test_dry_run_counts_but_writes_nothing():
    report = do_import(OECD.read_bytes(), dry_run=True)
    assert report.ok and report.dry_run and report.created == 19
    _assert_nothing_written()


def test_semicolon_file_with_other_headers_and_bom():
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([f"Колонка {i}" for i in range(14)])
    writer.writerow(framework_row())
    writer.writerow(comp_row("", "C1", "Один"))
    report = do_import(b"\xef\xbb\xbf" + out.getvalue().encode())
    assert report.ok and report.created == 2


def test_only_administrators_may_import():
    with pytest.raises(NotAllowed):
        framework_import_moodle_csv(content=OECD.read_bytes(), actor=user_with_role(Role.ANALYST))
    _assert_nothing_written()


def test_import_command_success_and_failure(tmp_path, capsys):
    out = io.StringIO()
    call_command("import_competencies", str(OECD), stdout=out)
    assert out.getvalue().splitlines()[-1] == "created 19, updated 0, unchanged 0, errors 0"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(make_csv(framework_row(s1="X"), comp_row("", "C1"), comp_row("C1", "C1"),
                             comp_row("NOPE", "C3")))
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_competencies", str(bad), stdout=out)
    assert exit_info.value.code == 1
    lines = out.getvalue().splitlines()
    assert lines[-1] == "created 0, updated 0, unchanged 0, errors 2"
    assert lines[0].startswith("row 4, column ID number:") and lines[1].startswith("row 5, column Parent ID number:")


def test_export_command_writes_the_service_output(tmp_path):
    do_import(OECD.read_bytes())
    target = tmp_path / "out.csv"
    call_command("export_competencies", "OECD-CORE-2014", str(target), stdout=io.StringIO())
    fw = Framework.objects.get()
    assert target.read_text(encoding="utf-8") == framework_export_moodle_csv(framework=fw)
    with pytest.raises(Exception, match="No framework"):
        call_command("export_competencies", "MISSING", str(target))
