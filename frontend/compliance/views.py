"""Compliance pages: the HR dashboard (subtree scope) with its exports and one-click nomination, the national
overview for Agency analysts (aggregates only) and the servant's own status. Thin: reads come from
compliance.dashboard and compliance.selectors (scoped), writes from enrollment (application_nominate)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from compliance import dashboard as D
from compliance import exports
from compliance import selectors as compliance_selectors
from enrollment.applications import application_nominate
from enrollment.selectors_offerings import open_offerings_for
from frontend.compliance.forms import FilterForm, NationalForm
from frontend.service_calls import call_service
from people.models import Role
from people.permissions import actor_for
from people.selectors import bodies_visible_to

PAGE_SIZE = 25


def _filters(request) -> tuple[FilterForm, D.Filters, bool]:
    """(form, filters, valid). Invalid input shows the errors and the unfiltered dashboard."""
    bodies = list(D.dashboard_bodies(request.user))
    code = request.GET.get("body", "")
    chosen = next((b for b in bodies if b.code == code), None)
    form = FilterForm(request.GET or None, bodies=bodies, units=D.dashboard_units(request.user, chosen))
    if request.GET and not form.is_valid():
        if "body" in form.errors or "unit" in form.errors:
            raise Http404("body or unit outside scope")
        return form, D.resolve_filters(request.user), False
    data = form.cleaned_data if request.GET else {}
    outcome = call_service(request, D.resolve_filters, form=form, user=request.user,
                           **{k: v for k, v in data.items() if v not in (None, "")})
    if not outcome.ok:
        return form, D.resolve_filters(request.user), False
    return form, outcome.value, True


def _require_dashboard(request) -> None:
    if not D.can_use_dashboard(request.user):
        raise PermissionDenied


class _LazyRows:
    """The list as the Paginator sees it: the count from the breakdown, one SQL page per slice."""

    def __init__(self, user, f: D.Filters, total: int):
        self.user, self.f, self.total = user, f, total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item: slice):
        return D.servant_page(self.user, self.f, limit=item.stop - item.start, offset=item.start)


@dataclass
class Segment:
    status: str
    x: float
    y: float
    width: float
    height: float
    label: str


CHART = {"width": 720, "height": 260, "left": 44, "right": 8, "top": 12, "bottom": 34}
STACK = ("compliant", "due_soon", "overdue", "exempt")


def trend_chart(points: list[dict]) -> dict:
    """Geometry of a 100 % stacked bar chart of the monthly rates (inline SVG drawn by the template)."""
    c = CHART
    plot_w, plot_h = c["width"] - c["left"] - c["right"], c["height"] - c["top"] - c["bottom"]
    step = plot_w / max(len(points), 1)
    bars = []
    for i, p in enumerate(points):
        x, y_bottom, segments = c["left"] + i * step + step * 0.15, c["top"] + plot_h, []
        for status in STACK:
            h = plot_h * p["rates"][status] / 100 if p["total"] else 0
            y_bottom -= h
            segments.append(Segment(status, round(x, 1), round(y_bottom, 1), round(step * 0.7, 1), round(h, 1),
                                    f"{exports.STATUS_LABELS[status]}: {p['rates'][status]}% ({p['counts'][status]})"))
        bars.append({"point": p, "segments": segments, "label_x": round(x + step * 0.35, 1),
                     "label": date_format(p["day"], "M y")})
    grid = [{"y": round(c["top"] + plot_h * (1 - v / 100), 1), "value": v} for v in (0, 25, 50, 75, 100)]
    return {**c, "bars": bars, "grid": grid, "label_y": c["height"] - 12, "axis_x": c["left"] - 6,
            "plot_right": c["width"] - c["right"], "plot_bottom": c["top"] + plot_h}


@login_required
def dashboard(request):
    """The page body (figures, list, trend, filter form) is cached for COMPLIANCE_DASHBOARD_CACHE_SECONDS per
    scope, query string, language, time zone, day and compliance data version (compliance.dashboard.
    page_cache_key): a write to the engine's inputs shows on the next view. Pages with errors are not cached."""
    _require_dashboard(request)
    may_nominate = _may_nominate(request.user)
    seconds = settings.COMPLIANCE_DASHBOARD_CACHE_SECONDS
    key = D.page_cache_key(request.user, list(request.GET.lists()), may_nominate, PAGE_SIZE) if seconds else None
    body = cache.get(key) if key else None
    status = 200
    if body is None:
        body, status = _dashboard_body(request, may_nominate)
        if key and status == 200:
            cache.set(key, body, seconds)
    return render(request, "frontend/compliance/dashboard.html", {"body": body}, status=status)


def _dashboard_body(request, may_nominate: bool):
    form, f, valid = _filters(request)
    b = D.breakdown(request.user, f)
    paginator = Paginator(_LazyRows(request.user, f, D.list_total(b, f)), PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404("no such page")
    points = D.trend(request.user, f)
    # nominating is HR's (enrollment.applications.application_nominate): a line manager sees no Nominate column
    rows = [{"row": r, "cells": exports.cells(r),
             "nominate": may_nominate and compliance_selectors.nomination_offered(r.status)}
            for r in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    body = render_to_string("frontend/compliance/_dashboard_body.html", {
        "form": form, "f": f, "rule_label": compliance_selectors.rule_label(f.rule), "b": b, "page": page,
        "rows": rows, "headers": exports.headers(), "statuses": exports.STATUS_LABELS, "trend": points,
        "chart": trend_chart(points), "export_query": query.urlencode(), "may_nominate": may_nominate,
        "computed_at": timezone.now(),
    }, request)
    return body, 200 if valid else 400


@login_required
def export_csv(request):
    _require_dashboard(request)
    _form, f, _valid = _filters(request)
    return exports.csv_response(request.user, f)


@login_required
def export_xlsx(request):
    _require_dashboard(request)
    _form, f, _valid = _filters(request)
    return exports.xlsx_response(request.user, f)


# ---- nominate an overdue servant ------------------------------------------------------------------------------

def _may_nominate(user) -> bool:
    actor = actor_for(user)
    return actor.is_admin or actor.has(Role.HR_OFFICER)


def _nominable(request, personnel_number: str):
    """A servant of the officer's HR scope (404 outside it, and for a line manager: the service would refuse)."""
    _require_dashboard(request)
    servant = compliance_selectors.dashboard_servant(request.user, personnel_number)
    if servant is None or not _may_nominate(request.user):
        raise Http404
    return servant


def _open_offerings(servant, rule: str):
    return list(open_offerings_for(servant=servant, rule=rule))


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request, personnel_number: str):
    """GET: the select of open offerings (an htmx fragment in the dashboard row, or a page). POST: nominate."""
    servant = _nominable(request, personnel_number)
    rule = request.GET.get("rule") or request.POST.get("rule") or D.R.THREE_YEAR
    if rule not in D.R.RULES:
        rule = D.R.THREE_YEAR
    context = {"servant": servant, "rule": rule, "done": None, "error": ""}
    status = 200
    if request.method == "POST":
        offering = next((o for o in _open_offerings(servant, rule) if str(o.pk) == request.POST.get("offering")),
                        None)
        if offering is None:
            context["error"], status = _("Choose a course run open for application."), 400
        else:
            outcome = call_service(request, application_nominate, quiet=True, offering=offering, servant=servant,
                                   actor=request.user)
            context["done"] = outcome.value
            if not outcome.ok:
                context["error"], status = outcome.message, 400
        if context["done"] is not None and not request.htmx:
            messages.success(request, _("%(name)s is nominated to %(run)s.") % {
                "name": servant.full_name, "run": offering.code})
    context["offerings"] = [] if context["done"] else _open_offerings(servant, rule)
    template = "frontend/compliance/_nominate.html" if request.htmx else "frontend/compliance/nominate.html"
    return render(request, template, context, status=status)


# ---- national overview ------------------------------------------------------------------------------------------

def _stacked(rows: list[dict]) -> list[dict]:
    return [{**r, "segments": [] if r.get("suppressed") else [(s, r["rates"][s]) for s in STACK]} for r in rows]


@login_required
def national(request):
    if not actor_for(request.user).sees_national_figures:
        raise PermissionDenied
    form = NationalForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    body = None
    if request.GET.get("body"):
        body = get_object_or_404(bodies_visible_to(request.user), code=request.GET["body"])
    overview = D.national_overview(request.user, rule=data.get("rule") or D.R.THREE_YEAR,
                                   as_of=data.get("as_of"), body=body)
    return render(request, "frontend/compliance/national.html", {
        "form": form, "o": overview, "rule_label": compliance_selectors.rule_label(overview["rule"]),
        "regions": _stacked(overview["by_region"]), "bodies": _stacked(overview["by_body"]),
        "statuses": exports.STATUS_LABELS, "stack": STACK,
    }, status=200 if not form.errors else 400)


# ---- the servant's own status -----------------------------------------------------------------------------------

@login_required
def mine(request):
    rows = [{**r, "rule_label": compliance_selectors.rule_label(r["rule"]), "status_label": exports.STATUS_LABELS[r["status"]],
             "overdue_days": -r["days_left"]} for r in D.my_statuses(request.user)]
    return render(request, "frontend/compliance/mine.html", {"rows": rows})
