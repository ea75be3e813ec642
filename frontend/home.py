"""The home page's sections, one per role of the signed-in user. Each builder reads through the
people selectors (already scoped) and returns the context of its template; no rule lives here."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from certificates.selectors import certificates_of
from compliance import dashboard as compliance_dashboard
from compliance import selectors as compliance_selectors
from compliance.exports import STATUS_LABELS
from conferences.selectors import registrations_of
from courses import selectors as course_selectors
from courses.permissions import can_review
from enrollment.selectors_offerings import approval_queue
from frontend.home_servant import learning_dashboard
from lms.health import health_checks
from lms.models import AuditEntry
from media.tracking.selectors import can_export_analytics, exports_visible_to
from people.models import CivilServant, Corps, PartnerParticipant, Role, StateBody
from people.permissions import actor_for
from people.selectors import (
    bodies_visible_to,
    headcount_by_child_body,
    headcount_by_corps_category,
    servants_visible_to,
)
from people.selectors_national import headcount_by_region
from scholarships.selectors import own_applications

LINE_MANAGER_LIMIT = 50


def home_sections(request) -> list[dict]:
    actor = actor_for(request.user)
    builders = [  # the work waiting for the user's roles first, their own learning after it
        (actor.has(Role.LINE_MANAGER), _line_manager),
        (actor.has(Role.HR_OFFICER), _hr_officer),
        (actor.is_admin, _admin),
        (actor.has(Role.ANALYST), _analyst),
        (actor.has(Role.FACULTY), _faculty),
        (actor.has(Role.SERVANT), _servant),
        (actor.has(Role.PARTNER) or _partner_profile(request.user) is not None, _partner),
    ]
    return [build(request) for wanted, build in builders if wanted]


def bar_rows(rows: list[dict], key: str = "headcount") -> list[dict]:
    """Adds `percent` (of the largest value) for the CSS bar chart."""
    top = max((r[key] for r in rows), default=0) or 1
    return [{**r, "percent": round(100 * r[key] / top)} for r in rows]


def _servant(request) -> dict:
    servant = (
        CivilServant.objects.select_related("position", "body", "unit", "mentor", "mentor__position")
        .get(user=request.user)
    )
    history = servant.employment.select_related("position", "body").order_by("-started_on")
    return {"template": "frontend/home/servant.html", "servant": servant, "history": history,
            **learning_dashboard(request.user, servant)}


def _line_manager(request) -> dict:
    actor = actor_for(request.user)
    units = [a.unit for a in actor.assignments if a.role == Role.LINE_MANAGER and a.unit_id]
    ids = [u.pk for u in units]
    servants = (
        servants_visible_to(request.user)
        .filter(Q(unit__in=ids) | Q(unit__parent__in=ids), is_active=True)
        .order_by("last_name_ru", "first_name_ru")
    )
    return {"template": "frontend/home/line_manager.html", "units": units,
            "servants": servants[:LINE_MANAGER_LIMIT], "total": servants.count(), "limit": LINE_MANAGER_LIMIT,
            "compliance": _compliance_chart(request.user),
            "approvals": _count_link(approval_queue(request.user).filter(status="pending_manager").count(),
                                     reverse("enrollment:approvals"))}


def _count_link(count: int, url: str) -> dict:
    return {"count": count, "url": url}


def _compliance_chart(user) -> dict:
    """Three-year statuses of the servants of the user's dashboard scope (a line manager: their units only, see
    compliance.dashboard.scoped_servants) as
    a 100 % bar; each status links to the compliance list filtered on it."""
    counts = compliance_dashboard.breakdown(user, compliance_dashboard.resolve_filters(user)).counts
    total = sum(counts.values())
    base = reverse("compliance:dashboard")
    bars = [{"status": st, "label": STATUS_LABELS[st], "count": counts.get(st, 0),
             "percent": round(100 * counts.get(st, 0) / total, 1) if total else 0,
             "url": f"{base}?status={st}"} for st in STACK]
    return {"total": total, "bars": bars, "url": base}


STACK = ("overdue", "due_soon", "compliant", "exempt")


def _hr_officer(request) -> dict:
    user = request.user
    body = _drill_body(request)
    corps_labels = dict(Corps.choices)
    rows = [
        {**r, "corps_label": corps_labels.get(r["position__corps"], r["position__corps"])}
        for r in headcount_by_corps_category(user=user, body=body)
    ]
    return {
        "template": "frontend/home/hr.html",
        "body": body,
        "trail": _trail(user, body),
        "rows": bar_rows(rows),
        "total": sum(r["headcount"] for r in rows),
        "children": bar_rows(headcount_by_child_body(user=user, body=body)),
        "work": _hr_work(user),
    }


def _hr_work(user) -> dict:
    """What waits for the HR officer today, each count linking to the filtered list."""
    queue = approval_queue(user).order_by()
    waiting = dict(queue.values_list("status").annotate(n=Count("pk", distinct=True)).values_list("status", "n"))
    return {
        "approvals": _count_link(waiting.get("pending_hr", 0), reverse("enrollment:approvals")),
        "with_manager": waiting.get("pending_manager", 0),
        "verifications": _count_link(compliance_selectors.training_records_for_hr(user, pending=True).count(),
                                     reverse("enrollment:records") + "?pending=on"),
        "compliance": _compliance_chart(user),
        "exports": [(reverse("compliance:export-csv") + "?status=overdue", "CSV"),
                    (reverse("compliance:export-xlsx") + "?status=overdue", "XLSX")],
    }


def _drill_body(request) -> StateBody | None:
    code = request.GET.get("body", "").strip()
    if not code:
        return None
    body = bodies_visible_to(request.user).filter(code=code).first()
    if body is None:
        raise Http404("body outside scope")
    return body


def _trail(user, body: StateBody | None) -> list[StateBody]:
    """Visible ancestors of `body` (breadcrumb), root first."""
    if body is None:
        return []
    seg = len(StateBody.path_segment(0))
    ancestor_paths = [body.path[: seg * (i + 1)] for i in range(body.depth)]
    return list(bodies_visible_to(user).filter(path__in=ancestor_paths).order_by("depth"))


def _admin(request) -> dict:
    checks = health_checks()
    user = request.user
    return {
        "template": "frontend/home/admin.html",
        "checks": checks,
        "healthy": checks["database"]["state"] == "ok" and checks["redis"]["state"] in ("ok", "not_configured"),
        "counts": {
            "bodies": bodies_visible_to(user).count(),
            "servants": servants_visible_to(user).filter(is_active=True).count(),
            "users": get_user_model().objects.filter(is_active=True).count(),
        },
        "in_review": _count_link(course_selectors.review_queue(user).count(), reverse("courses:review-queue")),
        "approvals": _count_link(approval_queue(user).count(), reverse("enrollment:approvals")),
        "audit": AuditEntry.objects.select_related("actor")[:10],
    }


def _analyst(request) -> dict:
    rows = headcount_by_region(user=request.user)
    counts = compliance_selectors.status_counts(as_of=timezone.localdate()).get("three_year", {})
    total = sum(counts.values())
    bars = [{"status": st, "label": STATUS_LABELS[st], "count": counts.get(st, 0),
             "percent": round(100 * counts.get(st, 0) / total, 1) if total else 0} for st in STACK]
    return {"template": "frontend/home/analyst.html", "rows": bar_rows(rows),
            "total": sum(r["headcount"] for r in rows),
            "compliance": {"total": total, "bars": bars, "url": reverse("compliance:national")},
            "exports_ready": exports_visible_to(request.user).filter(status="done").count()
            if can_export_analytics(request.user) else None}


FACULTY_LIMIT = 8


def _faculty(request) -> dict:
    user = request.user
    courses = list(course_selectors.authoring_list(user))
    reviewer = can_review(user)
    return {
        "template": "frontend/home/faculty.html",
        "courses": courses[:FACULTY_LIMIT],
        "total": len(courses),
        "drafts": sum(1 for c in courses if c.working_status == "draft"),
        "submitted": sum(1 for c in courses if c.working_status == "in_review"),
        "published": sum(1 for c in courses if c.published_version_id),
        "in_review": _count_link(course_selectors.review_queue(user).count(), reverse("courses:review-queue"))
        if reviewer else None,
        "approvals": _count_link(approval_queue(user).filter(status="pending_provider").count(),
                                 reverse("enrollment:approvals")),
        "activity": course_selectors.recent_learner_activity(user),
    }


def _partner(request) -> dict:
    user = request.user
    registrations = [r for r in registrations_of(user) if r.status != "cancelled"]
    return {"template": "frontend/home/partner.html", "partner": _partner_profile(user),
            "registrations": registrations[:10],
            "certificates": certificates_of(user)[:5],
            "scholarships": own_applications(user).order_by("-pk")[:5]}


def _partner_profile(user) -> PartnerParticipant | None:
    try:
        return user.partner_profile
    except PartnerParticipant.DoesNotExist:
        return None
