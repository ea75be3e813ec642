"""Competency pages: who may open them (403/404), what they show, the heat map against its selector, and the
Moodle CSV upload page (row errors, nothing written)."""

import html as htmlmod
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from competency_framework.models import Competency, Framework
from competency_framework.selectors import body_gap_matrix
from tests.competency_framework.test_api import build_org

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
LIST = reverse("competency:frameworks")
DETAIL = reverse("competency:framework", args=["FW"])
IMPORT = reverse("competency:import")
MINE = reverse("competency:mine")
HEAT = reverse("competency:heat-map")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org(framework, levels, comps):
    return build_org(framework, levels, comps)


@pytest.fixture
def page(org):
    def get(who, url, **kw):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(org["users"][who])
        return client.get(url, **kw)
    return get


def _text(html: str) -> str:
    return htmlmod.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_anonymous_goes_to_sign_in(org):
    for url in (LIST, DETAIL, MINE, HEAT, IMPORT):
        response = Client().get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["servant", "analyst", "faculty", "hr"])
def test_framework_pages_for_every_signed_in_user(page, who):
    listing = page(who, LIST)
    assert listing.status_code == 200 and DETAIL in listing.content.decode()
    html = page(who, DETAIL).content.decode()
    assert "<h1>Test framework" in html
    scale = re.search(r'<table id="scale">(.*?)</table>', html, re.S).group(1)
    assert [*re.findall(r'<th scope="row">(L\d)', scale)] == ["L1", "L2", "L3", "L4"]
    node_a = html[html.index("Competency A"):html.index("Competency B")]
    assert "Kazakh name: for review" in node_a  # comps A has needs_review_kk
    assert "Plans the week" in node_a and 'class="tag tag-example"' in node_a
    assert "for review" not in html[html.index("Competency B"):]


def test_framework_tree_nests_children(page, framework, comps):
    Competency.objects.create(framework=framework, idnumber="A1", parent=comps["A"], name_en="Sub-competency A1")
    html = page("servant", DETAIL).content.decode()
    node_a = html[html.index("Competency A"):html.index("Competency B")]
    assert 'class="comp-tree comp-tree-sub"' in node_a and "Sub-competency A1" in node_a


def test_unknown_framework_is_404(page):
    assert page("servant", reverse("competency:framework", args=["NOPE"])).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("admin", 200), ("faculty", 200), ("hr", 403), ("servant", 403)])
def test_export_download(page, who, status):
    response = page(who, reverse("competency:export", args=["FW"]), data={"language": "en"})
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"].startswith("text/csv")
        assert "Competency C" in response.content.decode()


def test_export_link_only_for_those_who_may_export(page):
    export = reverse("competency:export", args=["FW"])
    assert export in page("faculty", DETAIL).content.decode()
    assert export not in page("servant", DETAIL).content.decode()


# ---- Moodle upload page -----------------------------------------------------------------------------------

def _post(org, who, *, name="oecd.csv", content=None, dry_run=False, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(org["users"][who])
    content = content if content is not None else (DATA / "oecd_core.csv").read_bytes()
    data = {"file": SimpleUploadedFile(name, content, content_type="text/csv"), "language": language}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(IMPORT, data)


@pytest.mark.parametrize(("who", "status"), [("admin", 200), ("hr", 403), ("faculty", 403), ("servant", 403)])
def test_upload_page_is_for_admins(page, who, status):
    assert page(who, IMPORT).status_code == status


def test_upload_refused_for_non_admin_post(org):
    assert _post(org, "hr").status_code == 403
    assert not Framework.objects.filter(idnumber="OECD-CORE-2014").exists()


def test_broken_file_shows_row_errors_and_writes_nothing(org):
    broken = (DATA / "oecd_core.csv").read_bytes().replace(b"OECD-DEL,OECD-DEL-ACH", b"NOPE,OECD-DEL-ACH")
    before = Competency.objects.count()
    response = _post(org, "admin", content=broken)
    assert response.status_code == 400
    html = response.content.decode()
    table = re.search(r'<table class="errors-table" id="import-errors">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r"<tr><td class=\"num\">(\d+)</td><td><code>(.*?)</code></td><td>(.*?)</td></tr>", table)
    assert rows and any("NOPE" in htmlmod.unescape(msg) for _row, _col, msg in rows)
    assert "Import refused: nothing was written" in html
    assert Competency.objects.count() == before
    assert not Framework.objects.filter(idnumber="OECD-CORE-2014").exists()


def test_valid_file_imports_and_dry_run_does_not(org):
    dry = _post(org, "admin", dry_run=True)
    assert dry.status_code == 200 and "dry run, nothing written" in dry.content.decode()
    assert not Framework.objects.filter(idnumber="OECD-CORE-2014").exists()
    done = _post(org, "admin", language="ru")
    assert done.status_code == 200 and "Import finished" in done.content.decode()
    framework = Framework.objects.get(idnumber="OECD-CORE-2014")
    assert framework.name_ru == "OECD Core Competencies" and framework.name_en == ""


def test_upload_checks_extension(org):
    response = _post(org, "admin", name="oecd.txt")
    assert response.status_code == 400 and "Only .csv files can be imported." in response.content.decode()
    assert not Framework.objects.filter(idnumber="OECD-CORE-2014").exists()


def test_upload_checks_size(org, settings, monkeypatch):
    monkeypatch.setattr("frontend.competency_framework.forms.MOODLE_UPLOAD_MAX_BYTES", 100)
    response = _post(org, "admin")
    assert response.status_code == 400 and "The file is larger than" in response.content.decode()


# ---- my competencies and one servant's gaps ---------------------------------------------------------------

def _gap_rows(html: str) -> list[tuple[str, ...]]:
    tbody = re.search(r'<table class="gap-table bars" id="gaps">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    out = []
    for row in re.findall(r"<tr.*?</tr>", tbody, re.S):
        cells = [_text(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        out.append(tuple(cells[:4]))
    return out


def test_my_competencies_shows_required_assessed_and_gap(page):
    response = page("servant", MINE)
    assert response.status_code == 200
    html = response.content.decode()
    assert _gap_rows(html) == [
        ("Competency A", "2 L2", "1 L1", "1 below the requirement"),
        ("Competency B", "2 L2", "not assessed", "—"),
    ]
    assert 'class="level-bar level-bar-below pct-25"' in html and 'class="level-mark mark-50"' in html


@pytest.mark.parametrize("who", ["hr", "analyst", "admin"])
def test_my_competencies_needs_a_servant_record(page, who):
    assert page(who, MINE).status_code == 403


@pytest.mark.parametrize(("who", "number", "status"), [
    ("hr", "M1", 200), ("manager", "S2", 200), ("admin", "X1", 200),
    ("hr_child", "S1", 404), ("hr_other", "S1", 404), ("manager", "M1", 404), ("hr", "NOPE", 404),
    ("servant", "S1", 403), ("analyst", "S1", 403),
])
def test_servant_gap_page_scope(page, who, number, status):
    assert page(who, reverse("competency:servant", args=[number])).status_code == status


def test_servant_gap_page_for_hr(page):
    html = page("hr", reverse("competency:servant", args=["M1"])).content.decode()
    assert _gap_rows(html) == [
        ("Competency A", "3 L3", "not assessed", "—"),
        ("Competency C", "3 L3", "1 L1", "2 below the requirement"),
    ]


# ---- heat map ---------------------------------------------------------------------------------------------

def _heat_cells(html: str) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(competency, unit column header) -> (band, average, "assessed of headcount")."""
    table = re.search(r'<table class="heat-map" id="heat-map">(.*?)</table>', html, re.S).group(1)
    units = [_text(h).strip() for h in re.findall(r'<th scope="col" class="heat-unit">(.*?)</th>', table, re.S)]
    out = {}
    for row in re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", table, re.S):
        comp = _text(re.search(r'<th scope="row">(.*?)</th>', row, re.S).group(1)).strip()
        for unit, cell in zip(units, re.findall(r"<td class=\"heat[^\"]*\"(.*?)</td>", row, re.S), strict=True):
            band = re.search(r'data-band="(\w+)"', cell)
            if band:
                value = _text(re.search(r'class="heat-value">(.*?)</span>\s*<span class="heat-count">', cell,
                                        re.S).group(1)).strip()
                count = _text(re.search(r'class="heat-count">(.*?)</span>', cell, re.S).group(1)).strip()
                out[(comp, unit)] = (band.group(1), value, count)
    return out


def _signed(value):
    if value is None:
        return "—"
    return f"+{value:.2f}" if value > 0 else (f"−{abs(value):.2f}" if value < 0 else f"{value:.2f}")


def test_heat_map_numbers_match_the_selector(org, page):
    response = page("hr", HEAT, data={"body": "MIN"})
    assert response.status_code == 200
    cells = _heat_cells(response.content.decode())
    matrix = body_gap_matrix(user=org["users"]["hr"], body=org["root"])
    expected = {}
    for unit in matrix.units:
        header = unit.name + ("" if unit.body_id == org["root"].pk else f" {unit.body.name}")
        for comp in matrix.competencies:
            cell = matrix.cells.get((unit.pk, comp.pk))
            if cell is not None:
                band = "none" if cell.avg_gap is None else (
                    "met" if cell.avg_gap <= 0 else "small" if cell.avg_gap < 1 else "large")
                expected[(comp.name, header)] = (band, _signed(cell.avg_gap), f"{cell.assessed} of {cell.headcount}")
    assert cells == expected
    assert cells[("Competency A", "Budget department")] == ("met", "−0.50", "2 of 2")
    assert cells[("Competency B", "Budget department")] == ("large", "+1.00", "1 of 2")
    assert cells[("Competency C", "Audit department Committee")] == ("large", "+2.00", "1 of 1")


def test_heat_map_legend_and_text_cues(page):
    html = page("hr", HEAT).content.decode()  # default body: the first visible one
    assert 'value="MIN" selected' in html
    for label in ("at or above the requirement", "small gap (under one level)", "large gap (one level or more)"):
        assert label in html
    assert '<span class="visually-hidden">large gap (one level or more), 1 below the requirement</span>' in html


def test_heat_map_body_select_lists_only_visible_bodies(page):
    html = page("hr_child", HEAT).content.decode()
    options = re.findall(r'<option value="([^"]*)"', html)
    assert "CHILD" in options and "MIN" not in options and "OTHER" not in options


@pytest.mark.parametrize(("who", "body", "status"), [
    ("hr", "OTHER", 404), ("hr_child", "MIN", 404), ("hr", "NOPE", 404),
    ("servant", "MIN", 403), ("analyst", "MIN", 403), ("faculty", "MIN", 403),
    ("manager", "MIN", 200), ("admin", "OTHER", 200),
])
def test_heat_map_scope(page, who, body, status):
    assert page(who, HEAT, data={"body": body}).status_code == status


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_pages_render_in_every_language(org, lang):
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    client.force_login(org["users"]["hr"])
    for url in (LIST, DETAIL, f"{HEAT}?body=MIN", reverse("competency:servant", args=["S1"])):
        response = client.get(url)
        assert response.status_code == 200
        assert f'<html lang="{lang}">' in response.content.decode()
