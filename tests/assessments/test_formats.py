"""GIFT and Moodle XML: good files, broken files (nothing written, positions and lines), round trips of every
kind in both formats, Cyrillic and Kazakh letters, escapes, the command contract."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from assessments import banks
from assessments.formats import gift, moodle_xml
from assessments.models import Category, Question, QuestionBank
from tests.assessments.conftest import SAMPLE

KINDS = {"single", "multiple", "truefalse", "numeric", "short", "matching", "ordering", "essay"}


def snapshot(bank_code: str) -> list:
    rows = []
    for q in Question.objects.filter(bank__code=bank_code).select_related("category").order_by("key"):
        rows.append(
            (
                q.category.path,
                q.key,
                q.kind,
                q.text_kk,
                q.text_ru,
                q.text_en,
                q.general_feedback_ru,
                q.case_sensitive,
                q.shuffle,
                q.default_mark,
                q.penalty,
                q.tags,
                q.version,
                [
                    (
                        c.position,
                        c.text_kk,
                        c.text_ru,
                        c.text_en,
                        c.match_ru,
                        c.fraction,
                        c.tolerance,
                        c.feedback_ru,
                        c.feedback_kk,
                        c.feedback_en,
                    )
                    for c in q.choices.order_by("position")
                ],
            )
        )
    return rows


def test_sample_has_every_kind_in_three_languages(sample_bank):
    questions = Question.objects.filter(bank=sample_bank)
    assert set(questions.values_list("kind", flat=True)) == KINDS
    tf = questions.get(key="ethics-tf")
    assert tf.text_kk.startswith("Мемлекеттік қызметші") and not tf.text_ru  # Kazakh letters → kk column
    assert questions.get(key="ethics-gift").text_ru and questions.get(key="ethics-multi").text_en
    assert set(Category.objects.filter(bank=sample_bank).values_list("path", flat=True)) == {
        "top",
        "top/Ethics",
        "top/Law",
    }
    gift_q = questions.get(key="ethics-gift")
    assert gift_q.general_feedback_ru == "Закон «О противодействии коррупции»."
    assert gift_q.choices.get(position=0).feedback_ru == "Верно: подарок передаётся государству."
    assert gift_q.competency.idnumber == "INTEG" if gift_q.competency else True
    assert set(gift_q.tag_rows.values_list("tag", flat=True)) == {"competency:integ", "level:1"}


def test_reimport_changes_nothing(sample_bank, faculty):
    before = snapshot("SAMPLE")
    report = banks.bank_import(bank_code="SAMPLE", content=SAMPLE.read_bytes(), actor=faculty)
    assert report.summary_line() == "created 0, updated 0, unchanged 9, errors 0"
    assert snapshot("SAMPLE") == before


@pytest.mark.parametrize("fmt", ["gift", "xml"])
def test_round_trip_every_kind(sample_bank, faculty, fmt):
    text = banks.bank_export(bank=sample_bank, actor=faculty, fmt=fmt)
    before = snapshot("SAMPLE")
    report = banks.bank_import(bank_code="SAMPLE", content=text.encode(), actor=faculty, fmt=fmt)
    assert report.summary_line() == "created 0, updated 0, unchanged 9, errors 0"
    # into a fresh bank: the same questions
    report = banks.bank_import(bank_code="COPY", content=text.encode(), actor=faculty)
    assert report.created == 9 and report.ok
    assert [r[:2] + r[3:] for r in snapshot("COPY")] == [r[:2] + r[3:] for r in before]


def test_round_trip_escapes_and_options(faculty):
    source = (
        "// [tag:x] \n// @noshuffle\n// @mark:2\n// @penalty:0.5\n"
        "::Spec\\:ial \\{1\\}::Is 2 \\= 2 \\~ really\\# ok? {=yes \\= sure#fb \\{ok\\} ~no}\n"
    )
    report = banks.bank_import(bank_code="ESC", content=source.encode(), actor=faculty)
    assert report.ok, [str(e) for e in report.errors]
    q = Question.objects.get(bank__code="ESC")
    assert q.name == "Spec:ial {1}" and q.text_en == "Is 2 = 2 ~ really# ok?"
    assert (
        q.choices.get(position=0).text_en == "yes = sure"
        and q.choices.get(position=0).feedback_en == "fb {ok}"
    )
    assert (q.shuffle, q.default_mark, q.penalty) == (False, Decimal(2), Decimal("0.5"))
    for fmt in ("gift", "xml"):
        text = banks.bank_export(bank=q.bank, actor=faculty, fmt=fmt)
        assert banks.bank_import(bank_code="ESC", content=text.encode(), actor=faculty).unchanged == 1


def test_gift_syntax_variants(faculty):
    source = """
$CATEGORY: Ministry/Law

::tf1::Astana is the capital {T}

::tf2::Almaty is the capital {FALSE#Wrong, it is Astana.#Right.}

Who wrote it? {=Abai ~Pushkin} by a poet.

::num::Pi? {#3.14:0.01####Pi is about 3.14159.}

::nums::Year? {#=1822:0#Exact =%50%1822:2#Close}
"""
    report = banks.bank_import(bank_code="V", content=source.encode(), actor=faculty)
    assert report.ok and report.created == 5, [str(e) for e in report.errors]
    qs = Question.objects.filter(bank__code="V")
    assert set(qs.values_list("category__path", flat=True)) == {"top/Ministry/Law"}
    tf2 = qs.get(key="tf2")
    assert tf2.choices.get(text_en="true").feedback_en == "Wrong, it is Astana."
    assert tf2.choices.get(text_en="false").feedback_en == "Right."
    assert qs.get(text_en__startswith="Who").text_en == "Who wrote it? _____ by a poet."
    assert qs.get(key="num").general_feedback_en == "Pi is about 3.14159."
    nums = qs.get(key="nums").choices.order_by("position")
    assert [(c.fraction, c.tolerance) for c in nums] == [(1, 0), (Decimal("0.5"), 2)]


BROKEN_GIFT = """// header

::ok::Fine {=a ~b}

::unclosed::Missing brace {=a ~b

::noanswer::Nobody is right {~a ~b}

// comment
::badnum::Number {#abc}
"""


def test_broken_gift_writes_nothing_and_names_positions_and_lines(faculty):
    report = banks.bank_import(bank_code="BROKEN", content=BROKEN_GIFT.encode(), actor=faculty)
    lines = [str(e) for e in report.errors]
    assert "question 2, line 5: The answer block is not closed with }." in lines
    assert any(line.startswith("question 3, line 7:") for line in lines)
    assert any(line.startswith("question 4, line 10:") for line in lines)
    assert not any(line.startswith("question 1") for line in lines)
    assert not QuestionBank.objects.filter(code="BROKEN").exists()
    assert report.created == 0


BROKEN_XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/X</text></category></question>
  <question type="multichoice"><name><text>a</text></name><questiontext><text>Q</text></questiontext>
    <answer fraction="100"><text>x</text></answer><answer fraction="0"><text>y</text></answer></question>
  <question type="numerical"><name><text>b</text></name><questiontext><text>N</text></questiontext>
    <answer fraction="100"><text>abc</text></answer></question>
  <question type="calculated"><name><text>c</text></name></question>
</quiz>"""


def test_broken_xml_writes_nothing(faculty):
    report = banks.bank_import(bank_code="BX", content=BROKEN_XML.encode(), actor=faculty)
    assert [str(e).split(":")[0] for e in report.errors] == ["question 2", "question 3"]
    assert not QuestionBank.objects.filter(code="BX").exists()
    report = banks.bank_import(bank_code="BX", content=b"<quiz><question", actor=faculty)
    assert not report.ok and "Not well-formed XML" in str(report.errors[0])
    evil = b'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaa">]><quiz></quiz>'
    assert not banks.bank_import(bank_code="BX", content=evil, actor=faculty).ok


def test_moodle_xml_import(faculty):
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Құқық</text></category></question>
  <question type="multichoice">
    <name><text>m1</text></name>
    <questiontext format="html"><text><![CDATA[<p>Қай жауап дұрыс?</p>]]></text></questiontext>
    <generalfeedback format="html"><text>Жалпы</text></generalfeedback>
    <defaultgrade>2</defaultgrade><penalty>0.3333333</penalty>
    <single>false</single><shuffleanswers>0</shuffleanswers>
    <answer fraction="50"><text>бір</text><feedback><text>иә</text></feedback></answer>
    <answer fraction="50"><text>екі</text></answer>
    <answer fraction="-100"><text>үш</text></answer>
    <tags><tag><text>competency:INTEG</text></tag></tags>
  </question>
  <question type="shortanswer"><name><text>s</text></name><questiontext><text>Capital?</text></questiontext>
    <usecase>1</usecase><answer fraction="100"><text>Astana</text></answer></question>
  <question type="matching"><name><text>mt</text></name><questiontext><text>Match</text></questiontext>
    <subquestion><text>A</text><answer><text>1</text></answer></subquestion>
    <subquestion><text>B</text><answer><text>2</text></answer></subquestion></question>
  <question type="ordering"><name><text>o</text></name><questiontext><text>Order</text></questiontext>
    <answer fraction="2"><text>second</text></answer><answer fraction="1"><text>first</text></answer></question>
  <question type="essay"><name><text>e</text></name><questiontext><text>Write</text></questiontext></question>
  <question type="truefalse"><name><text>t</text></name><questiontext><text>True?</text></questiontext>
    <answer fraction="0"><text>true</text></answer><answer fraction="100"><text>false</text></answer></question>
  <question type="numerical"><name><text>n</text></name><questiontext><text>N?</text></questiontext>
    <answer fraction="100"><text>2.5</text><tolerance>0.1</tolerance></answer></question>
</quiz>"""
    report = banks.bank_import(bank_code="X", content=xml.encode(), actor=faculty)
    assert report.ok and report.created == 7, [str(e) for e in report.errors]
    m1 = Question.objects.get(bank__code="X", key="m1")
    assert (m1.kind, m1.category.path, m1.text_kk, m1.default_mark) == (
        "multiple",
        "top/Құқық",
        "<p>Қай жауап дұрыс?</p>",
        2,
    )
    assert [c.fraction for c in m1.choices.order_by("position")] == [Decimal("0.5"), Decimal("0.5"), -1]
    assert not m1.shuffle and m1.competency is None  # no primary framework in this test
    order = Question.objects.get(bank__code="X", key="o")
    assert list(order.choices.order_by("position").values_list("text_en", flat=True)) == ["first", "second"]


def test_a_correction_updates_in_place(sample_bank, faculty):
    text = SAMPLE.read_text().replace("{#5:0}", "{#5:1}")
    report = banks.bank_import(bank_code="SAMPLE", content=text.encode(), actor=faculty)
    assert report.summary_line() == "created 0, updated 1, unchanged 8, errors 0"
    q = Question.objects.get(bank=sample_bank, key="law-numeric")
    assert q.version == 2 and q.choices.get().tolerance == 1


def test_parsers_report_positions_without_database():
    questions, errors = gift.parse("::a::x {=1 ~2}\n\n::b::y {=1 ~2\n")
    assert (
        len(questions) == 1 and str(errors[0]) == "question 2, line 3: The answer block is not closed with }."
    )
    questions, errors = moodle_xml.parse("<quiz/>")
    assert not questions and errors


def test_command_contract(db, tmp_path, capsys):
    out = io.StringIO()
    call_command("import_questions", str(SAMPLE), "--bank", "CMD", stdout=out, verbosity=0)
    assert out.getvalue().strip().splitlines()[-1] == "created 9, updated 0, unchanged 0, errors 0"
    out = io.StringIO()
    call_command("import_questions", str(SAMPLE), "--bank", "CMD", stdout=out, verbosity=0)
    assert out.getvalue().strip().splitlines()[-1] == "created 0, updated 0, unchanged 9, errors 0"
    for fmt in ("gift", "xml"):
        path = tmp_path / f"out.{fmt}"
        call_command("export_questions", "CMD", str(path), "--format", fmt, stdout=io.StringIO())
        out = io.StringIO()
        call_command("import_questions", str(path), "--bank", "CMD", stdout=out, verbosity=0)
        assert out.getvalue().strip().splitlines()[-1] == "created 0, updated 0, unchanged 9, errors 0"
    broken = tmp_path / "broken.gift"
    broken.write_text(BROKEN_GIFT)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("import_questions", str(broken), "--bank", "CMD2", stdout=out, verbosity=0)
    assert exc.value.code == 1
    lines = out.getvalue().strip().splitlines()
    assert lines[-1] == "created 0, updated 0, unchanged 0, errors 4"
    assert "question 2, line 5: The answer block is not closed with }." in lines
    assert not QuestionBank.objects.filter(code="CMD2").exists()
