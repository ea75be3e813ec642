from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from development.evaluations import evaluations_import
from development.models import EvaluationResult, TrainingNeed
from development.selectors import annual_score

pytestmark = pytest.mark.django_db


def _run(path, capsys):
    with pytest.raises(SystemExit) if "bad" in str(path) else _nothing():
        call_command("import_evaluations", str(path))
    return capsys.readouterr().out.strip().splitlines()


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_import_creates_updates_and_reports_unchanged(world, tmp_path, capsys):
    path = tmp_path / "eval.csv"
    path.write_bytes(
        '\ufeffpersonnel_number,period,score\nA-0001,2026-Q1,2.0\nA-0001,2026-Q2,"2,5"\nB-0001,2025,4\n'.encode()
    )
    assert _run(path, capsys)[-1] == "created 3, updated 0, unchanged 0, errors 0"
    assert annual_score(world["servant"].pk, 2026) == Decimal("2.25")
    # below the threshold (3): a training need that feeds the next draft; and the LEAD gap too
    assert TrainingNeed.objects.filter(servant=world["servant"], source="evaluation", year=2026).exists()
    assert TrainingNeed.objects.filter(
        servant=world["servant"], source="assessment", competency=world["comps"]["LEAD"], target_level=3
    ).exists()
    assert not TrainingNeed.objects.filter(servant=world["stranger"], source="evaluation").exists()
    path.write_text(
        "personnel_number;period;score\nA-0001;2026-Q1;2.0\nA-0001;2026-Q2;3\n", encoding="cp1251"
    )
    assert _run(path, capsys)[-1] == "created 0, updated 1, unchanged 1, errors 0"


def test_errors_name_rows_and_nothing_is_written(world, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(
        "personnel_number,period,score\nA-0001,2026-Q1,4\nNOPE,2026-Q1,4\nA-0001,2026-Q5,4\n"
        "A-0001,2026,9\nA-0001,2026-Q1,3\n",
        encoding="utf-8",
    )
    lines = _run(path, capsys)
    assert lines[-1] == "created 0, updated 0, unchanged 0, errors 4"
    assert lines[0].startswith("row 3, column personnel_number")
    assert lines[1].startswith("row 4, column period")
    assert lines[2].startswith("row 5, column score")
    assert lines[3].startswith("row 6, column period")  # duplicate of row 2
    assert not EvaluationResult.objects.exists()


def test_annual_mean_is_configurable_and_kpi_annual_wins(world, settings):
    s = world["servant"]
    for q, score in ((1, 2), (2, 4)):
        EvaluationResult.objects.create(servant=s, year=2025, quarter=q, score=score)
    assert annual_score(s.pk, 2025) == Decimal("3.00")
    settings.DEVELOPMENT = {**settings.DEVELOPMENT, "ANNUAL_SCORE": "last"}
    assert annual_score(s.pk, 2025) == Decimal("4")
    EvaluationResult.objects.create(servant=s, year=2019, score=Decimal("4.5"))
    assert annual_score(s.pk, 2019) == Decimal("4.5")


def test_hr_of_another_body_is_refused_per_row(world):
    report = evaluations_import(
        content=b"personnel_number,period,score\nA-0001,2026,4\n", filename="e.csv", actor=world["other_hr"]
    )
    assert [e.column for e in report.errors] == ["personnel_number"]
    assert StringIO  # noqa: B018
