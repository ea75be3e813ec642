"""REST API of the competency framework: frameworks, competencies, profiles, gaps (scoped), Moodle CSV."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from competency_framework.models import (
    AssessmentSource,
    BehaviouralIndicator,
    Competency,
    CompetencyAssessment,
    Framework,
    PositionProfile,
    ProfileRequirement,
    ScaleLevel,
)
from competency_framework.selectors import body_gap_matrix
from lms.models import AuditEntry
from people.models import Corps, Role
from tests.factories import (
    CivilServantFactory,
    PositionFactory,
    StateBodyFactory,
    StructuralUnitFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
API = "/api/v1"


def _profile(framework, levels, comps, *, managerial, **req):
    profile = PositionProfile.objects.create(framework=framework, corps=Corps.B, managerial=managerial,
                                             name_en="managerial" if managerial else "executive")
    ProfileRequirement.objects.bulk_create(
        [ProfileRequirement(profile=profile, competency=comps[c], level=levels[v]) for c, v in req.items()])
    return profile


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Nine users per test: the production hasher would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org(framework, levels, comps):
    return build_org(framework, levels, comps)


def build_org(framework, levels, comps):
    """MIN (unit U1) -> CHILD (unit U2); OTHER (unit UO). Executives need A=2, B=2; managers A=3, C=3."""
    root = StateBodyFactory(code="MIN", name_en="Ministry")
    child = StateBodyFactory(code="CHILD", parent=root, name_en="Committee")
    other = StateBodyFactory(code="OTHER", name_en="Other ministry")
    u1 = StructuralUnitFactory(body=root, code="U1", name_en="Budget department")
    u2 = StructuralUnitFactory(body=child, code="U2", name_en="Audit department")
    uo = StructuralUnitFactory(body=other, code="UO", name_en="Other department")
    exec_u1 = PositionFactory(body=root, unit=u1, managerial=False, title_en="Chief expert")
    mgr_u2 = PositionFactory(body=child, unit=u2, managerial=True, category_code="C-3", title_en="Head")
    exec_o = PositionFactory(body=other, unit=uo, managerial=False)
    _profile(framework, levels, comps, managerial=False, A=2, B=2)
    _profile(framework, levels, comps, managerial=True, A=3, C=3)
    servant_user = UserFactory(username="servant1")
    s1 = CivilServantFactory(position=exec_u1, user=servant_user, personnel_number="S1")
    s2 = CivilServantFactory(position=exec_u1, personnel_number="S2")
    m1 = CivilServantFactory(position=mgr_u2, personnel_number="M1")
    outsider = CivilServantFactory(position=exec_o, personnel_number="X1")
    day = date(2025, 3, 1)
    for servant, code, value in ((s1, "A", 1), (s2, "A", 4), (s2, "B", 1), (m1, "C", 1), (outsider, "A", 1)):
        CompetencyAssessment.objects.create(servant=servant, competency=comps[code], level=levels[value],
                                            source=AssessmentSource.TEST, assessed_on=day)
    comps["A"].name_kk, comps["A"].needs_review_kk = "А құзыреті", True
    comps["A"].save()
    BehaviouralIndicator.objects.create(competency=comps["A"], level=levels[2], text_en="Plans the week",
                                        is_example=True)
    users = {
        "servant": servant_user,
        "hr": user_with_role(Role.HR_OFFICER, body=root, username="hr_root"),
        "hr_child": user_with_role(Role.HR_OFFICER, body=child, username="hr_child"),
        "hr_other": user_with_role(Role.HR_OFFICER, body=other, username="hr_other"),
        "manager": user_with_role(Role.LINE_MANAGER, unit=u1, username="manager_u1"),
        "admin": user_with_role(Role.ADMIN, username="apa_admin"),
        "faculty": user_with_role(Role.FACULTY, username="teacher"),
        "analyst": user_with_role(Role.ANALYST, username="analyst"),
    }
    return {"root": root, "child": child, "other": other, "u1": u1, "u2": u2, "exec_u1": exec_u1,
            "mgr_u2": mgr_u2, "exec_o": exec_o, "s1": s1, "s2": s2, "m1": m1, "outsider": outsider,
            "users": users}


@pytest.fixture
def api():
    def login(user):
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_authenticate(user)
        return client
    return login


# ---- frameworks and competencies --------------------------------------------------------------------------

def test_anonymous_is_refused():
    assert APIClient().get(f"{API}/competency-frameworks/").status_code in (401, 403)


def test_framework_detail_has_scale_and_nested_tree(org, api, framework, comps):
    Competency.objects.create(framework=framework, idnumber="A1", parent=comps["A"], name_en="Sub A")
    body = api(org["users"]["servant"]).get(f"{API}/competency-frameworks/FW/").json()
    assert [lv["value"] for lv in body["levels"]] == [1, 2, 3, 4]
    assert body["levels"][1]["name"] == "L2" and body["levels"][1]["is_proficient"] is True
    assert [n["idnumber"] for n in body["tree"]] == ["A", "B", "C", "D"]
    a = body["tree"][0]
    assert a["needs_review_kk"] is True and a["name_kk"] == "А құзыреті"
    assert [c["idnumber"] for c in a["children"]] == ["A1"]
    assert a["indicators"] == [{"level": 2, "text": "Plans the week", "text_kk": "", "text_ru": "",
                                "text_en": "Plans the week", "needs_review_kk": False, "is_example": True}]


def test_inactive_framework_is_hidden(org, api, framework):
    Framework.objects.filter(pk=framework.pk).update(is_active=False)
    client = api(org["users"]["servant"])
    assert client.get(f"{API}/competency-frameworks/").json()["count"] == 0
    assert client.get(f"{API}/competency-frameworks/FW/").status_code == 404


def _frameworks(n, start=0):
    for i in range(start, start + n):
        fw = Framework.objects.create(idnumber=f"F{i:02d}", name_en=f"F {i}")
        ScaleLevel.objects.bulk_create([ScaleLevel(framework=fw, value=v, name_en=f"{v}") for v in (1, 2, 3)])
        Competency.objects.bulk_create(
            [Competency(framework=fw, idnumber=f"F{i}C{j}", name_en=f"C {j}", name_ru=f"Компетенция {j}")
             for j in range(4)])


def _queries(client, url) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()


@pytest.mark.parametrize("url", ["/competency-frameworks/", "/competencies/"])
def test_list_query_count_is_constant_in_page_size(org, api, url):
    client = api(org["users"]["servant"])
    _frameworks(2)
    few, body_few = _queries(client, f"{API}{url}?page_size=50")
    _frameworks(10, start=2)
    many, body_many = _queries(client, f"{API}{url}?page_size=50")
    assert len(body_many["results"]) > len(body_few["results"])
    assert few == many


def test_competency_list_filters_by_framework_and_searches_every_language(org, api, comps):
    _frameworks(1)
    client = api(org["users"]["servant"])
    body = client.get(f"{API}/competencies/?framework=FW").json()
    assert [c["idnumber"] for c in body["results"]] == ["A", "B", "C", "D"]
    assert body["results"][0]["framework"] == "FW" and body["results"][0]["parent"] is None
    by_kk = client.get(f"{API}/competencies/", {"search": "құзыреті"}).json()
    assert [c["idnumber"] for c in by_kk["results"]] == ["A"]
    by_ru = client.get(f"{API}/competencies/", {"search": "компетенция 2"}).json()
    assert [c["idnumber"] for c in by_ru["results"]] == ["F0C2"]
    assert client.get(f"{API}/competencies/?framework=NOPE").json()["count"] == 0


# ---- position profiles ------------------------------------------------------------------------------------

def test_position_profile_resolution_is_scoped_to_visible_bodies(org, api):
    url = f"{API}/positions/{org['mgr_u2'].pk}/profile/"
    body = api(org["users"]["hr"]).get(url).json()
    assert body["body"] == "CHILD" and body["profile"]["name"] == "managerial"
    assert [(r["competency"]["idnumber"], r["level"]) for r in body["profile"]["requirements"]] == [
        ("A", 3), ("C", 3)]
    assert api(org["users"]["hr_other"]).get(url).status_code == 404
    assert api(org["users"]["hr"]).get(f"{API}/positions/999999/profile/").status_code == 404


def test_position_without_profile_gives_null(org, api):
    corps_a = PositionFactory(body=org["root"], corps=Corps.A, category_code="")
    body = api(org["users"]["admin"]).get(f"{API}/positions/{corps_a.pk}/profile/").json()
    assert body["profile"] is None


# ---- servant gaps -----------------------------------------------------------------------------------------

def _gaps(client, number):
    return client.get(f"{API}/servants/{number}/gaps/")


def test_servant_sees_own_gaps_but_not_another_servants(org, api):
    client = api(org["users"]["servant"])
    body = _gaps(client, "S1").json()
    assert body["personnel_number"] == "S1"
    assert [(r["competency"]["idnumber"], r["required_level"], r["assessed_level"], r["gap"])
            for r in body["rows"]] == [("A", 2, 1, 1), ("B", 2, None, None)]
    assert _gaps(client, "S2").status_code == 404
    assert _gaps(client, "X1").status_code == 404


@pytest.mark.parametrize(("who", "number", "code"), [
    ("hr", "M1", 200),  # subtree
    ("hr_child", "S1", 404),  # parent body: outside the subtree
    ("hr_other", "S1", 404),
    ("manager", "S2", 200),  # their unit
    ("manager", "M1", 404),
    ("admin", "X1", 200),
    ("analyst", "S1", 404),
    ("faculty", "S1", 404),
])
def test_servant_gaps_scope(org, api, who, number, code):
    assert _gaps(api(org["users"][who]), number).status_code == code


# ---- body matrix ------------------------------------------------------------------------------------------

def test_body_matrix_matches_the_selector(org, api):
    hr = org["users"]["hr"]
    body = api(hr).get(f"{API}/bodies/MIN/competency-gaps/").json()
    matrix = body_gap_matrix(user=hr, body=org["root"])
    assert body["body"] == "MIN" and body["framework"] == "FW"
    assert [u["code"] for u in body["units"]] == ["U1", "U2"]
    cells = {(c["unit"], c["competency"]): c for c in body["cells"]}
    assert len(cells) == len(matrix.cells) == 4  # U1: A, B; U2: A, C
    for (unit_id, comp_id), cell in matrix.cells.items():
        unit = next(u for u in matrix.units if u.pk == unit_id)
        comp = next(c for c in matrix.competencies if c.pk == comp_id)
        got = cells[(unit.code, comp.idnumber)]
        assert (got["headcount"], got["assessed"], got["below"], got["avg_gap"]) == (
            cell.headcount, cell.assessed, cell.below, cell.avg_gap)
    assert cells[("U1", "A")]["avg_gap"] == -0.5  # (2-1 + 2-4) / 2
    assert cells[("U2", "C")]["avg_gap"] == 2.0


@pytest.mark.parametrize(("who", "code", "status"), [
    ("hr_other", "MIN", 404), ("hr_child", "MIN", 404), ("hr", "OTHER", 404), ("servant", "MIN", 403),
    ("analyst", "MIN", 403), ("hr_child", "CHILD", 200), ("manager", "MIN", 200), ("admin", "OTHER", 200),
])
def test_body_matrix_scope(org, api, who, code, status):
    assert api(org["users"][who]).get(f"{API}/bodies/{code}/competency-gaps/").status_code == status


def test_line_manager_matrix_counts_only_their_unit(org, api):
    body = api(org["users"]["manager"]).get(f"{API}/bodies/MIN/competency-gaps/").json()
    assert [u["code"] for u in body["units"]] == ["U1"]


# ---- Moodle CSV -------------------------------------------------------------------------------------------

def _upload(name="oecd.csv", content=None):
    return SimpleUploadedFile(name, content if content is not None else (DATA / "oecd_core.csv").read_bytes(),
                              content_type="text/csv")


def test_admin_imports_and_the_audit_log_records_it(org, api):
    response = api(org["users"]["admin"]).post(f"{API}/competency-frameworks/import/",
                                                {"file": _upload(), "language": "en"}, format="multipart")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["ok"] is True and body["framework"] == "OECD-CORE-2014" and body["created"] > 1
    assert Framework.objects.filter(idnumber="OECD-CORE-2014").exists()
    assert AuditEntry.objects.filter(action="competency_framework.import").count() == 1


def test_dry_run_writes_nothing(org, api):
    response = api(org["users"]["admin"]).post(f"{API}/competency-frameworks/import/",
                                                {"file": _upload(), "dry_run": "true"}, format="multipart")
    assert response.status_code == 200 and response.json()["dry_run"] is True
    assert not Framework.objects.filter(idnumber="OECD-CORE-2014").exists()


def test_broken_file_gives_400_with_row_errors_and_writes_nothing(org, api):
    broken = (DATA / "oecd_core.csv").read_bytes().replace(b"OECD-DEL,OECD-DEL-ACH", b"NOPE,OECD-DEL-ACH")
    before = Competency.objects.count()
    response = api(org["users"]["admin"]).post(f"{API}/competency-frameworks/import/",
                                                {"file": _upload(content=broken)}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["created"] == 0
    assert any(e["row"] >= 3 and "NOPE" in e["message"] for e in body["errors"]), body["errors"]
    assert Competency.objects.count() == before
    assert not Framework.objects.filter(idnumber="OECD-CORE-2014").exists()


def test_upload_must_be_a_csv(org, api):
    response = api(org["users"]["admin"]).post(f"{API}/competency-frameworks/import/",
                                                {"file": _upload(name="oecd.xlsx")}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()
    response = api(org["users"]["admin"]).post(f"{API}/competency-frameworks/import/",
                                                {"file": _upload(), "language": "de"}, format="multipart")
    assert response.status_code == 400 and "language" in response.json()


@pytest.mark.parametrize("who", ["hr", "faculty", "servant"])
def test_only_admins_import(org, api, who):
    response = api(org["users"][who]).post(f"{API}/competency-frameworks/import/", {"file": _upload()},
                                           format="multipart")
    assert response.status_code == 403
    assert not Framework.objects.filter(idnumber="OECD-CORE-2014").exists()


@pytest.mark.parametrize(("who", "status"), [("admin", 200), ("faculty", 200), ("hr", 403), ("servant", 403)])
def test_export_for_admins_and_faculty(org, api, who, status):
    response = api(org["users"][who]).get(f"{API}/competency-frameworks/FW/export.csv?language=en")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert 'filename="FW-en.csv"' in response["Content-Disposition"]
        text = response.content.decode()
        assert "Test framework" in text and "Competency D" in text


def test_export_of_unknown_framework_is_404(org, api):
    assert api(org["users"]["admin"]).get(f"{API}/competency-frameworks/NOPE/export.csv").status_code == 404
