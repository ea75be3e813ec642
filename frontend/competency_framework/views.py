"""Competency pages: frameworks (everyone), Moodle CSV import/export (admins; export also faculty), a servant's
own gaps, the HR heat map of a body and one servant's gaps for HR and line managers. Thin: every read comes
from a scoped selector, every write from a service."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from competency_framework import moodle_csv, permissions, selectors, services
from competency_framework.models import LANGUAGES, Framework
from frontend.competency_framework.forms import HeatMapForm, MoodleUploadForm
from frontend.imports.views import start_job_if_large
from frontend.service_calls import call_service
from people.selectors import bodies_visible_to, servants_visible_to

# Average gap bands of the heat map (required - assessed, in scale levels).
SMALL_GAP_BELOW = 1.0
BANDS = {
    "met": _("at or above the requirement"),
    "small": _("small gap (under one level)"),
    "large": _("large gap (one level or more)"),
    "none": _("nobody assessed yet"),
}


def _framework(request) -> Framework | None:
    """`?framework=IDNUMBER` (404 when unknown), else None = the primary framework."""
    idnumber = request.GET.get("framework")
    return get_object_or_404(selectors.frameworks(), idnumber=idnumber) if idnumber else None


# ---- frameworks -------------------------------------------------------------------------------------------

@login_required
def framework_list(request):
    frameworks = selectors.frameworks().prefetch_related("levels").order_by("-is_primary", "idnumber")
    return render(request, "frontend/competency/framework_list.html", {
        "frameworks": frameworks, "can_import": permissions.can_import_frameworks(request.user),
        "can_export": permissions.can_export_frameworks(request.user),
    })


@login_required
def framework_detail(request, idnumber: str):
    framework = get_object_or_404(selectors.frameworks(), idnumber=idnumber)
    tree = selectors.competency_tree_with_indicators(framework)
    return render(request, "frontend/competency/framework_detail.html", {
        "framework": framework, "levels": framework.levels.order_by("value"),
        "roots": [comp for depth, comp in tree if depth == 0], "count": len(tree),
        "can_export": permissions.can_export_frameworks(request.user), "languages": LANGUAGES,
    })


@login_required
def framework_export(request, idnumber: str):
    if not permissions.can_export_frameworks(request.user):
        raise PermissionDenied
    framework = get_object_or_404(Framework.objects.all(), idnumber=idnumber)
    language = request.GET.get("language", "en")
    language = language if language in LANGUAGES else "en"
    content = services.framework_export_moodle_csv(framework=framework, language=language)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{moodle_csv.export_filename(idnumber, language)}"'
    return response


@login_required
def framework_import(request):
    if not permissions.can_import_frameworks(request.user):
        raise PermissionDenied
    form = MoodleUploadForm(request.POST or None, request.FILES or None)
    report, status = None, 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content, upload = data["file"].read(), data["file"]
        started = start_job_if_large(request, kind="competency_framework", form=form, content=content,
                                     filename=upload.name, dry_run=data["dry_run"],
                                     params={"language": data["language"]})
        if started is not None:
            if started.ok:
                return redirect("imports:job", started.value.pk)
        else:
            report = call_service(request, services.framework_import_moodle_csv, form=form, content=content,
                                  actor=request.user, dry_run=data["dry_run"], language=data["language"],
                                  filename=upload.name).value
    if form.errors or (report is not None and not report.ok):
        status = 400
    return render(request, "frontend/competency/import.html", {
        "form": form, "report": report, "columns": moodle_csv.HEADERS}, status=status)


# ---- gaps of one servant ----------------------------------------------------------------------------------

@dataclass
class GapLine:
    competency: object
    required: int | None
    assessed: int | None
    gap: int | None
    required_name: str
    assessed_name: str
    required_pct: int
    assessed_pct: int

    @property
    def status(self) -> str:
        if self.gap is None:
            return "unknown"
        return "met" if self.gap <= 0 else "below"


def _pct(value: int | None, top: int) -> int:
    """Bar width as a multiple of 5 % (CSS classes pct-0 … pct-100: no inline styles)."""
    if not value or not top:
        return 0
    return min(100, round(value * 100 / top / 5) * 5)


def _gap_lines(servant, framework):
    rows = selectors.servant_gaps(servant, framework=framework)
    if not rows:
        return [], []
    levels = selectors.scale_levels(rows[0].competency.framework_id)
    names = {lv.value: lv.name for lv in levels}
    top = levels[-1].value if levels else max(r.required_level or r.assessed_level or 1 for r in rows)
    lines = [GapLine(r.competency, r.required_level, r.assessed_level, r.gap,
                     names.get(r.required_level, ""), names.get(r.assessed_level, ""),
                     _pct(r.required_level, top), _pct(r.assessed_level, top)) for r in rows]
    return lines, levels


def _render_gaps(request, servant, *, own: bool):
    lines, levels = _gap_lines(servant, _framework(request))
    return render(request, "frontend/competency/servant_gaps.html", {
        "servant": servant, "lines": lines, "levels": levels, "own": own,
        "below": sum(1 for line in lines if line.status == "below"),
    })


@login_required
def my_competencies(request):
    servant = servants_visible_to(request.user).filter(user=request.user).first()
    if servant is None:
        raise PermissionDenied
    return _render_gaps(request, servant, own=True)


@login_required
def servant_gaps(request, personnel_number: str):
    if not permissions.can_see_gap_reports(request.user):
        raise PermissionDenied
    servant = get_object_or_404(servants_visible_to(request.user), personnel_number=personnel_number)
    return _render_gaps(request, servant, own=servant.user_id == request.user.pk)


# ---- heat map ---------------------------------------------------------------------------------------------

def band(avg_gap: float | None) -> str:
    if avg_gap is None:
        return "none"
    if avg_gap <= 0:
        return "met"
    return "small" if avg_gap < SMALL_GAP_BELOW else "large"


def _signed(value: float | None) -> str:
    if value is None:
        return "—"
    text = number_format(abs(value), 2)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


def _heat_rows(matrix):
    """Competencies as rows, units as columns; a cell per pair (empty when nobody there needs it)."""
    rows = []
    for comp in matrix.competencies:
        cells = []
        for unit in matrix.units:
            cell = matrix.cells.get((unit.pk if unit else None, comp.pk))
            cells.append(None if cell is None else {
                "cell": cell, "band": band(cell.avg_gap), "label": BANDS[band(cell.avg_gap)],
                "avg": _signed(cell.avg_gap),
            })
        rows.append({"competency": comp, "cells": cells})
    return rows


@login_required
def heat_map(request):
    if not permissions.can_see_gap_reports(request.user):
        raise PermissionDenied
    bodies = list(bodies_visible_to(request.user).order_by("path"))
    code = request.GET.get("body")
    if code:
        body = get_object_or_404(bodies_visible_to(request.user), code=code)
    elif bodies:
        body = bodies[0]
    else:
        raise Http404
    framework = _framework(request)
    matrix = selectors.body_gap_matrix(user=request.user, body=body, framework=framework)
    owners = {b.pk: b for b in bodies}  # units of subordinate bodies name their body (no query per unit)
    columns = [{"unit": u, "owner": owners.get(u.body_id) if u and u.body_id != body.pk else None}
               for u in matrix.units]
    form = HeatMapForm(initial={"body": body.code, "framework": framework.idnumber if framework else ""},
                       bodies=bodies, frameworks=selectors.frameworks())
    return render(request, "frontend/competency/heat_map.html", {
        "form": form, "body": body, "matrix": matrix, "columns": columns, "rows": _heat_rows(matrix), "bands": BANDS,
    })
