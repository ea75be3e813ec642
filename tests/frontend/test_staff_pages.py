"""Servant list and detail, the E-kyzmet import page and the audit log."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.audit import audit_record
from lms.models import AuditEntry
from people.masking import mask_iin
from people.models import Role, StateBody
from tests.factories import (
    CivilServantFactory,
    PositionFactory,
    StructuralUnitFactory,
    UserFactory,
    user_with_role,
)

SERVANTS = reverse("frontend:servants")
IMPORT = reverse("frontend:import")
AUDIT = reverse("frontend:audit")
SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


def rows(html: str) -> int:
    tbody = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    return len(re.findall(r'href="/servants/\d+/"', tbody))


# --- servant list and detail

def test_hr_lists_their_subtree_with_full_iin(client_for, hr, tree):
    html = client_for(hr).get(SERVANTS).content.decode()
    assert "7 civil servants" in html  # 6 in service + 1 who left, all in the ministry subtree
    assert rows(html) == 7
    mine = tree["servants"]["committee"][0]
    assert mine.iin in html
    for outsider in tree["servants"]["other"]:
        assert outsider.personnel_number not in html


def test_servant_list_filters(client_for, hr, tree):
    client = client_for(hr)
    assert rows(client.get(SERVANTS, {"body": "COM"}).content.decode()) == 4  # committee 3 + department 1
    assert rows(client.get(SERVANTS, {"corps": "A"}).content.decode()) == 1
    assert rows(client.get(SERVANTS, {"category": "c-o-3"}).content.decode()) == 3  # normalised, incl. left
    target = tree["servants"]["ministry"][1]
    html = client.get(SERVANTS, {"q": target.personnel_number}).content.decode()
    assert rows(html) == 1 and target.personnel_number in html
    assert rows(client.get(SERVANTS, {"q": target.iin}).content.decode()) == 1  # HR may search by IIN
    # a body outside the scope is not a valid choice: the filter is ignored, never widened
    html = client.get(SERVANTS, {"body": "OTHER"}).content.decode()
    assert tree["servants"]["other"][0].personnel_number not in html


def test_servant_list_paginates(client_for, hr, tree):
    position = PositionFactory(body=tree["department"])
    for _ in range(25):
        CivilServantFactory(position=position)
    client = client_for(hr)
    first = client.get(SERVANTS).content.decode()
    assert rows(first) == 25 and "Page 1 of 2" in first
    second = client.get(SERVANTS, {"page": 2}).content.decode()
    assert rows(second) == 7


def test_line_manager_sees_masked_iin(client_for, tree):
    unit = StructuralUnitFactory(body=tree["ministry"])
    servant = CivilServantFactory(position=PositionFactory(body=tree["ministry"], unit=unit))
    html = client_for(user_with_role(Role.LINE_MANAGER, unit=unit)).get(SERVANTS).content.decode()
    assert rows(html) == 1
    assert mask_iin(servant.iin) in html and servant.iin not in html


def test_servant_list_forbidden_for_plain_servant(client_for, tree):
    user = user_with_role(Role.SERVANT, body=tree["ministry"])
    assert client_for(user).get(SERVANTS).status_code == 403


def test_servant_detail_in_and_out_of_scope(client_for, hr, tree):
    client = client_for(hr)
    mine = tree["servants"]["department"][0]
    html = client.get(reverse("frontend:servant-detail", args=[mine.pk])).content.decode()
    assert mine.personnel_number in html and mine.iin in html
    assert "Employment history" in html and mine.position.title_en in html
    outsider = tree["servants"]["other"][0]
    assert client.get(reverse("frontend:servant-detail", args=[outsider.pk])).status_code == 404


# --- E-kyzmet import

def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_import_forbidden_for_plain_servant(client_for, tree):
    user = user_with_role(Role.SERVANT, body=tree["ministry"])
    client = client_for(user)
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"file": upload("a.csv", b"x")}).status_code == 403


def test_import_page_lists_the_columns(client_for, hr):
    html = client_for(hr).get(IMPORT).content.decode()
    for column in ("personnel_number", "iin", "body_code", "category_code", "parent_code"):
        assert f"<code>{column}</code>" in html


@pytest.mark.parametrize("name, content, message", [
    ("staff.txt", b"personnel_number\n1\n", "Only .csv and .xlsx files can be imported."),
    ("empty.csv", b"", "The submitted file is empty."),
])
def test_import_form_rejects_bad_files(client_for, hr, name, content, message):
    response = client_for(hr).post(IMPORT, {"file": upload(name, content), "dry_run": "on"})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_import_form_requires_a_file(client_for, hr):
    response = client_for(hr).post(IMPORT, {"dry_run": "on"})
    assert response.status_code == 400
    assert "Choose a file to import." in response.content.decode()


def test_import_form_rejects_too_large(client_for, hr, settings):
    settings.EKYZMET_UPLOAD_MAX_BYTES = 10
    response = client_for(hr).post(IMPORT, {"file": upload("big.csv", b"x" * 11)})
    assert response.status_code == 400
    assert "The file is larger than" in response.content.decode()


def test_import_shows_the_error_table_and_writes_nothing(client_for, hr, tree):
    bad = (b"personnel_number,iin,last_name,first_name,middle_name,body_code,position_title,corps,"
           b"category_code,managerial,appointed_on,entered_service_on,first_time_entrant\n"
           b"EK-9,850312400119,Test,Row,,COM,Expert,B,C-4,0,2023-01-10,2015-09-01,0\n")
    before = AuditEntry.objects.count()
    response = client_for(hr).post(IMPORT, {"file": upload("bad.csv", bad)})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="import-errors"' in html
    assert re.search(r'<td class="num">2</td><td><code>iin</code></td>', html)  # file row 2, the IIN column
    assert "nothing was written" in html
    assert not StateBody.objects.filter(servants__personnel_number="EK-9").exists()
    assert AuditEntry.objects.count() == before


def test_import_dry_run_of_the_sample_bodies_file(client_for, db):
    admin = UserFactory(is_superuser=True)
    content = (SAMPLES / "bodies.csv").read_bytes()
    html = client_for(admin).post(IMPORT, {"file": upload("bodies.csv", content), "dry_run": "on"}).content.decode()
    assert "dry run, nothing written" in html
    bodies_in_file = len(content.decode("utf-8-sig").strip().splitlines()) - 1
    assert f'data-testid="created">{bodies_in_file}<' in html
    assert 'data-testid="error-count">0<' in html
    assert not StateBody.objects.exists()


# --- audit log

def test_audit_log_for_admins_with_before_after_and_filter(client_for, tree):
    admin = UserFactory(is_superuser=True, username="root-admin")
    audit_record(actor=admin, action="body.move", obj=tree["department"], summary="DEP moved",
                 before={"parent": "COM"}, after={"parent": "MIN"})
    audit_record(actor=admin, action="role.assign", obj=tree["ministry"], summary="role given",
                 after={"note": "<script>alert(1)</script>"})
    client = client_for(admin)
    html = client.get(AUDIT).content.decode()
    assert "DEP moved" in html and "role given" in html
    assert "parent: COM" in html and "parent: MIN" in html
    assert "<script>alert(1)" not in html and "note: &lt;script&gt;alert(1)&lt;/script&gt;" in html
    filtered = client.get(AUDIT, {"action": "body.move"}).content.decode()
    assert "DEP moved" in filtered and "role given" not in filtered


def test_audit_log_forbidden_for_hr(client_for, hr):
    assert client_for(hr).get(AUDIT).status_code == 403


def test_servant_list_query_count_does_not_grow_with_rows(client_for, hr, tree):
    client = client_for(hr)
    with CaptureQueriesContext(connection) as few:
        client.get(SERVANTS)
    position = PositionFactory(body=tree["committee"])
    for _ in range(15):
        CivilServantFactory(position=position)
    with CaptureQueriesContext(connection) as many:
        client.get(SERVANTS)
    assert len(many) == len(few)
