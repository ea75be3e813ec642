"""Finding 8 of issue 15: an HR officer's dry run must not learn that an IIN belongs to a servant outside their
scope; the refusal reads like any other row outside their area."""

import pytest

from people.models import Role
from tests.factories import user_with_role
from tests.people.test_ekyzmet_import import GOOD, bodies, run, servants_file  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
OUTSIDE = GOOD.replace("MF-KGD", "AKM-ALM")  # the same IIN, a body the HR officer does not cover


def test_iin_held_outside_the_scope_is_refused_like_any_out_of_area_row(bodies):  # noqa: F811
    assert run(servants_file(OUTSIDE)).ok  # an administrator imports EK-9 into AKM-ALM
    hr = user_with_role(Role.HR_OFFICER, body=bodies["MF-KGD"])
    report = run(servants_file(GOOD.replace("EK-9", "EK-10")), actor=hr, dry_run=True)
    assert [(e.row, e.column) for e in report.errors] == [(2, "iin")]
    out_of_area = run(
        servants_file(OUTSIDE.replace("EK-9", "EK-11").replace("900721503421", "850312400118")),
        actor=hr,
        dry_run=True,
    )
    assert report.errors[0].message == out_of_area.errors[0].message == "outside your area"
    assert "IIN" not in report.errors[0].message


def test_iin_held_inside_the_scope_keeps_the_precise_message(bodies):  # noqa: F811
    assert run(servants_file(GOOD)).ok
    hr = user_with_role(Role.HR_OFFICER, body=bodies["MF-KGD"])
    report = run(servants_file(GOOD.replace("EK-9", "EK-10")), actor=hr, dry_run=True)
    assert "belongs to another civil servant" in report.errors[0].message


def test_training_import_does_not_tell_unknown_numbers_from_numbers_elsewhere(bodies):  # noqa: F811
    from compliance.training_import import training_import

    assert run(servants_file(OUTSIDE)).ok  # EK-9 exists, in AKM-ALM
    hr = user_with_role(Role.HR_OFFICER, body=bodies["MF-KGD"])
    csv = (
        "personnel_number,title,course_type,hours,completed_on,provider\n"
        "EK-9,Course,advanced_training,24,2024-01-10,APA\nNOPE-1,Course,advanced_training,24,2024-01-10,APA\n"
    )
    report = training_import(content=csv.encode(), filename="r.csv", actor=hr, dry_run=True)
    assert [(e.column, e.message) for e in report.errors] == [("personnel_number", "outside your area")] * 2
