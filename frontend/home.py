"""The home page's sections, one per role of the signed-in user. Each builder reads through the
people selectors (already scoped) and returns the context of its template; no rule lives here."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404

from frontend.home_servant import learning_dashboard
from lms.health import health_checks
from lms.models import AuditEntry
from people.models import CivilServant, Corps, PartnerParticipant, Role, StateBody
from people.permissions import actor_for
from people.selectors import (
    bodies_visible_to,
    headcount_by_child_body,
    headcount_by_corps_category,
    servants_visible_to,
)
from people.selectors_national import headcount_by_region

LINE_MANAGER_LIMIT = 50


def home_sections(request) -> list[dict]:
    actor = actor_for(request.user)
    builders = [
        (actor.has(Role.SERVANT), _servant),
        (actor.has(Role.LINE_MANAGER), _line_manager),
        (actor.has(Role.HR_OFFICER), _hr_officer),
        (actor.is_admin, _admin),
        (actor.has(Role.ANALYST), _analyst),
        (actor.has(Role.FACULTY), _faculty),
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
            "servants": servants[:LINE_MANAGER_LIMIT], "total": servants.count(), "limit": LINE_MANAGER_LIMIT}


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
    return {
        "template": "frontend/home/admin.html",
        "checks": checks,
        "healthy": checks["database"]["state"] == "ok" and checks["redis"]["state"] in ("ok", "not_configured"),
        "counts": {
            "bodies": bodies_visible_to(request.user).count(),
            "servants": servants_visible_to(request.user).filter(is_active=True).count(),
            "users": get_user_model().objects.filter(is_active=True).count(),
        },
        "audit": AuditEntry.objects.select_related("actor")[:10],
    }


def _analyst(request) -> dict:
    rows = headcount_by_region(user=request.user)
    return {"template": "frontend/home/analyst.html", "rows": bar_rows(rows),
            "total": sum(r["headcount"] for r in rows)}


def _faculty(request) -> dict:
    return {"template": "frontend/home/faculty.html"}


def _partner(request) -> dict:
    return {"template": "frontend/home/partner.html", "partner": _partner_profile(request.user)}


def _partner_profile(user) -> PartnerParticipant | None:
    try:
        return user.partner_profile
    except PartnerParticipant.DoesNotExist:
        return None
