"""HR development pages: the subtree's plans by status with overdue items, the most frequent gap competencies
(chart) and demand, their exports, the reserve and the evaluations import. Reads through
development.selectors (scoped to the HR officer's bodies); writes through development.services with
call_service."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from development import selectors as sel
from development import services
from development.evaluations import evaluations_import
from development.exports import export_response
from frontend.development.forms import HRFilterForm, ImportForm, ReserveForm
from frontend.development.views.common import PAGE_SIZE, require_hr, servant_in_scope
from frontend.imports.views import start_job_if_large
from frontend.service_calls import call_service
from lms.clock import today_almaty
from people.models import StateBody


def _hr_filters(request):
    form = HRFilterForm(request.GET or None)
    data = form.cleaned_data if request.GET and form.is_valid() else {}
    year = data.get("year") or today_almaty().year
    body = None
    if data.get("body"):
        body = StateBody.objects.filter(code=data["body"]).first()
        if (
            body is None
            or not sel.hr_servants(request.user).filter(body__path__startswith=body.path).exists()
        ):
            raise Http404("body outside scope")
    return form, year, data.get("status", ""), body


CHART = {"width": 640, "bar": 22, "gap": 6, "label": 220}


def _chart(rows: list[dict]) -> dict:
    """Horizontal bars, drawn server-side as SVG like the other charts of the site."""
    top = max((r["servants"] for r in rows), default=0) or 1
    span = CHART["width"] - CHART["label"] - 40
    bars = [
        {
            "y": i * (CHART["bar"] + CHART["gap"]),
            "width": max(2, round(span * r["servants"] / top)),
            "label": r["competency"].name if r["competency"] else "?",
            "value": r["servants"],
        }
        for i, r in enumerate(rows)
    ]
    return {"bars": bars, "height": len(bars) * (CHART["bar"] + CHART["gap"]), **CHART}


@login_required
def hr_plans(request):
    require_hr(request)
    form, year, status, body = _hr_filters(request)
    page = Paginator(sel.hr_plans(request.user, year=year, body=body, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    gaps = sel.gap_frequency(request.user, year=year, body=body)
    return render(
        request,
        "frontend/development/hr.html",
        {
            "form": form,
            "year": year,
            "page": page,
            "counts": sel.hr_status_counts(request.user, year=year, body=body),
            "statuses": sel.status_choices(),
            "overdue": sel.overdue_items(request.user, today=today_almaty(), body=body)[:20],
            "gaps": gaps,
            "chart": _chart(gaps),
            "demand": sel.demand(request.user, year=year, body=body),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def hr_export(request, fmt):
    require_hr(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, year, status, body = _hr_filters(request)
    if request.GET.get("what") == "demand":
        demand = sel.demand(request.user, year=year, body=body)
        rows = [
            [_("competency"), str(r["competency"] or ""), r["servants"], r["hours"] or 0]
            for r in demand["competencies"]
        ]
        rows += [
            [_("course"), f"{r['course__code']} {r['title']}", r["places"], r["hours"] or 0]
            for r in demand["courses"]
        ]
        return export_response(
            user=request.user,
            name=f"development-demand-{year}",
            fmt=fmt,
            what="demand",
            headers=[_("Kind"), _("Competency or course"), _("Servants or places"), _("Hours")],
            rows=[[str(c) for c in r[:2]] + r[2:] for r in rows],
        )
    plans = sel.hr_plans(request.user, year=year, body=body, status=status)
    rows = (
        [
            p.servant.personnel_number,
            p.servant.full_name,
            p.servant.body.code,
            p.get_status_display(),
            p.items_total,
            p.items_done,
            p.hours_planned or 0,
        ]
        for p in plans.iterator(chunk_size=2000)
    )
    return export_response(
        user=request.user,
        name=f"development-plans-{year}",
        fmt=fmt,
        what="plans",
        headers=[
            _("Personnel number"),
            _("Name"),
            _("State body"),
            _("Status"),
            _("Items"),
            _("Done"),
            _("Hours"),
        ],
        rows=([str(v) if i == 3 else v for i, v in enumerate(r)] for r in rows),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reserve(request):
    require_hr(request)
    form = ReserveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        servant = servant_in_scope(request, data.pop("personnel_number"))
        if servant is None:
            form.add_error(
                "personnel_number", _("No civil servant of your bodies has this personnel number.")
            )
        elif call_service(
            request,
            services.reserve_admit,
            form=form,
            servant=servant,
            actor=request.user,
            success=_("Admitted to the reserve."),
            **data,
        ).ok:
            return redirect("development:reserve")
    page = Paginator(sel.reserve_members(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "frontend/development/reserve.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def evaluations_import_page(request):
    require_hr(request)
    form, report = ImportForm(request.POST or None, request.FILES or None), None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content, dry_run = upload.read(), form.cleaned_data["dry_run"]
        started = start_job_if_large(
            request, kind="evaluations", form=form, content=content, filename=upload.name, dry_run=dry_run
        )
        if started is not None:
            if started.ok:
                return redirect("imports:job", started.value.pk)
        else:
            outcome = call_service(
                request,
                evaluations_import,
                form=form,
                content=content,
                filename=upload.name,
                actor=request.user,
                dry_run=dry_run,
            )
            report = outcome.value
            if report is not None and report.ok and not report.dry_run:
                messages.success(request, report.summary_line())
    return render(
        request,
        "frontend/development/evaluations_import.html",
        {"form": form, "report": report, "today": date.today()},
    )
