"""Corps A personnel reserve from the E-kyzmet servants file: optional reserve_* columns handled by development
through people.ekyzmet_columns (people imports nothing of development). Row errors name the row and column,
the import stays all-or-nothing, and reserve changes count in the summary line."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from development import selectors, services
from development.models import ReserveMembership
from lms.models import AuditEntry
from people.ekyzmet import ekyzmet_import
from people.ekyzmet_base import OUTSIDE_AREA
from people.models import CivilServant, Role, StateBody
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
SERVANTS = (SAMPLES / "servants.csv").read_text(encoding="utf-8").splitlines()
RESERVE = "reserve_certificate_number,reserve_admitted_on,reserve_certificate_date,reserve_valid_until,reserve_left_on"


def run(text: str, actor=None, dry_run=False):
    return ekyzmet_import(content=text.encode(), filename="servants.csv", actor=actor, dry_run=dry_run)


def servants_with(reserve: dict[str, str], header: str = RESERVE) -> str:
    """The sample servants file with reserve columns; `reserve` maps a personnel number to its cells."""
    empty = "," * header.count(",")
    lines = [f"{SERVANTS[0]},{header}"]
    lines += [f"{line},{reserve.get(line.split(',')[0], empty)}" for line in SERVANTS[1:]]
    return "\n".join(lines) + "\n"


@pytest.fixture
def bodies():
    report = ekyzmet_import(content=(SAMPLES / "bodies.csv").read_bytes(), filename="bodies.csv", actor=None)
    assert report.ok, report.errors
    return {b.code: b for b in StateBody.objects.all()}


def test_reserve_columns_admit_update_and_leave(bodies):
    admit = {"EK-000001": "RZ-001,2024-01-15,10.01.2024,2027-01-15,"}
    report = run(servants_with(admit))
    assert report.ok, report.errors
    assert report.summary_line() == "created 4, updated 0, unchanged 0, errors 0"
    member = ReserveMembership.objects.get()
    servant = CivilServant.objects.get(personnel_number="EK-000001")
    assert member.servant == servant and selectors.reserve_of(servant) == member
    assert (member.admitted_on, member.certificate_date, member.valid_until, member.left_on) == (
        date(2024, 1, 15),
        date(2024, 1, 10),
        date(2027, 1, 15),
        None,
    )
    audit = AuditEntry.objects.get(action="reserve.import_admit")
    assert audit.object_id == str(member.pk) and audit.after["certificate_number"] == "RZ-001"

    assert run(servants_with(admit)).summary_line() == "created 0, updated 0, unchanged 4, errors 0"

    # only the reserve changes: the row counts as updated
    longer = {"EK-000001": "RZ-001,2024-01-15,10.01.2024,2028-01-15,"}
    assert run(servants_with(longer)).summary_line() == "created 0, updated 1, unchanged 3, errors 0"
    member.refresh_from_db()
    assert member.valid_until == date(2028, 1, 15)
    update = AuditEntry.objects.get(action="reserve.import_update")
    assert update.before == {
        "admitted_on": "2024-01-15",
        "certificate_date": "2024-01-10",
        "valid_until": "2027-01-15",
        "left_on": None,
    }
    assert update.after["valid_until"] == "2028-01-15"

    left = {"EK-000001": "RZ-001,2024-01-15,10.01.2024,2028-01-15,2025-05-31"}
    assert run(servants_with(left)).summary_line() == "created 0, updated 1, unchanged 3, errors 0"
    member.refresh_from_db()
    assert member.left_on == date(2025, 5, 31) and selectors.reserve_of(servant) is None

    # then admitted again under a new certificate
    again = {"EK-000001": "RZ-002,2025-09-01,,,"}
    assert run(servants_with(again)).summary_line() == "created 0, updated 1, unchanged 3, errors 0"
    assert selectors.reserve_of(servant).certificate_number == "RZ-002"
    assert ReserveMembership.objects.count() == 2


def test_a_file_without_reserve_cells_leaves_hr_entries_alone(bodies):
    assert run("\n".join(SERVANTS) + "\n").ok
    hr = user_with_role(Role.HR_OFFICER, body=bodies["MF"], username="hr.mf")
    servant = CivilServant.objects.get(personnel_number="EK-000002")
    services.reserve_admit(servant=servant, actor=hr, admitted_on=date(2024, 3, 1), certificate_number="HR-7")
    assert run("\n".join(SERVANTS) + "\n").summary_line() == "created 0, updated 0, unchanged 4, errors 0"
    assert run(servants_with({})).summary_line() == "created 0, updated 0, unchanged 4, errors 0"
    assert selectors.reserve_of(servant).certificate_number == "HR-7"
    # only some of the columns: the others keep their values
    partial = servants_with(
        {"EK-000002": "HR-7,2024-03-01,2026-12-31"},
        header="reserve_certificate_number,reserve_admitted_on,reserve_valid_until",
    )
    assert run(partial).summary_line() == "created 0, updated 1, unchanged 3, errors 0"
    member = selectors.reserve_of(servant)
    assert member.valid_until == date(2026, 12, 31) and member.certificate_date is None


def test_row_errors_and_atomicity(bodies):
    assert run(servants_with({"EK-000002": "RZ-9,2024-01-01,,,"})).ok
    before = list(ReserveMembership.objects.values_list("certificate_number", "valid_until"))
    bad = servants_with(
        {
            "EK-000001": "RZ-9,2024-01-15,,,",  # the certificate of EK-000002
            "EK-000002": "RZ-10,2024-02-01,,,",  # a second open membership
            "EK-000003": ",2024-02-01,,,",  # no certificate number
            "EK-000004": "RZ-11,2024-13-01,,2023-01-01,",  # not a date
        }
    )
    report = run(bad)
    assert [(e.row, e.column) for e in report.errors] == [
        (2, "reserve_certificate_number"),
        (3, "reserve_certificate_number"),
        (4, "reserve_certificate_number"),
        (5, "reserve_admitted_on"),
    ]
    assert report.summary_line() == "created 0, updated 0, unchanged 0, errors 4"
    assert str(report.errors[3]).startswith("row 5, column reserve_admitted_on: ")
    twice = servants_with({"EK-000001": "RZ-20,2024-01-15,,,", "EK-000003": "RZ-20,2024-01-15,,,"})
    assert [(e.row, e.column) for e in run(twice).errors] == [(4, "reserve_certificate_number")]
    order = servants_with({"EK-000001": "RZ-21,2024-01-15,,2023-01-01,2023-06-01"})
    assert [(e.row, e.column) for e in run(order).errors] == [
        (2, "reserve_valid_until"),
        (2, "reserve_left_on"),
    ]
    # an otherwise valid change in the same file is not written either
    moved = servants_with({"EK-000004": "RZ-30,2024-13-01,,,"}).replace("Ким,Денис", "Ким,Данияр")
    assert not run(moved).ok
    assert CivilServant.objects.get(personnel_number="EK-000004").first_name_ru == "Денис"
    assert list(ReserveMembership.objects.values_list("certificate_number", "valid_until")) == before


def test_dry_run_and_command(bodies, tmp_path):
    text = servants_with({"EK-000001": "RZ-1,2024-01-15,,,"})
    report = run(text, dry_run=True)
    assert report.summary_line() == "created 4, updated 0, unchanged 0, errors 0"
    assert not ReserveMembership.objects.exists() and not CivilServant.objects.exists()
    path = tmp_path / "servants.csv"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_ekyzmet", str(path), stdout=out)
    assert out.getvalue().splitlines()[-1] == "created 4, updated 0, unchanged 0, errors 0"
    assert ReserveMembership.objects.get().certificate_number == "RZ-1"
    bad = tmp_path / "bad.csv"
    bad.write_text(servants_with({"EK-000003": "RZ-2,01.02.2024,,31.01.2024,"}), encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_ekyzmet", str(bad), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("row 4, column reserve_valid_until: ")
    assert lines[-1] == "created 0, updated 0, unchanged 0, errors 1"


def test_hr_imports_reserve_of_their_bodies_only(bodies):
    assert run("\n".join(SERVANTS) + "\n").ok
    hr = user_with_role(Role.HR_OFFICER, body=bodies["AKM-ALM"], username="hr.akm")
    outside = run(servants_with({"EK-000001": "RZ-1,2024-01-15,,,"}), actor=hr)
    assert not outside.ok and not ReserveMembership.objects.exists()
    only_inside = "\n".join([f"{SERVANTS[0]},{RESERVE}", f"{SERVANTS[4]},RZ-4,2025-07-01,,,"]) + "\n"
    report = run(only_inside, actor=hr)
    assert report.summary_line() == "created 0, updated 1, unchanged 0, errors 0"
    assert AuditEntry.objects.get(action="reserve.import_admit").actor == hr
    # a certificate held outside the HR's area is not confirmed: the same refusal as any row outside it
    services.reserve_admit(
        servant=CivilServant.objects.get(personnel_number="EK-000001"),
        actor=user_with_role(Role.ADMIN, username="admin.r"),
        admitted_on=date(2024, 1, 1),
        certificate_number="RZ-OUT",
    )
    clash = "\n".join([f"{SERVANTS[0]},{RESERVE}", f"{SERVANTS[4]},RZ-OUT,2025-07-01,,,"]) + "\n"
    errors = run(clash, actor=hr).errors
    assert [(e.row, e.column, e.message) for e in errors] == [
        (2, "reserve_certificate_number", str(OUTSIDE_AREA))
    ]


def test_import_page_and_help_list_the_reserve_columns(client, db):
    from django.urls import reverse

    client.force_login(user_with_role(Role.ADMIN, username="admin.x"))
    page = client.get(reverse("frontend:import")).content.decode()
    optional = page.split('data-testid="optional-columns"')[1].split("</ul>")[0]
    assert all(f"<code>{c}</code>" in optional for c in RESERVE.split(","))
    help_page = client.get(reverse("help:page", args=["ekyzmet-format"])).content.decode()
    assert "Personnel reserve columns" in help_page and "reserve_left_on" in help_page
