from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from courses.permissions import can_create_courses, can_review
from people.models import Role
from people.permissions import actor_for

# Each language names itself (endonyms), so they are not translated.
LANGUAGE_SWITCH = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]


def _hr_or_manager(user, actor) -> bool:
    return actor.is_admin or actor.has(Role.HR_OFFICER) or actor.has(Role.LINE_MANAGER)


def _everyone(user, actor) -> bool:
    return True


def _on_probation(user) -> bool:
    """A probationer (no query: the servant is loaded with the user, see people.backends and actor_for)."""
    servant = user._state.fields_cache.get("servant")
    return servant is not None and servant.probation_until is not None


# (group label or None for a top-level link, [(url name, label, who may see it)])
NAVIGATION = [
    (None, [("frontend:home", _("Home"), _everyone)]),
    # One entry per destination (issue 14). Pages reached from an entry instead of a look-alike entry of their own:
    # "My learning" from the catalog and the home (a servant's home is the learning dashboard), "My applications"
    # from the course runs and "My training", the three-year status from "My training", "My events" from the
    # events, a mentor's adaptation plans from the development plan.
    (_("Learning"), [
        ("courses:catalog", _("Course catalog"), _everyone),
        ("enrollment:offerings", _("Course runs"), _everyone),
        ("enrollment:my-training", _("My training"), lambda u, a: a.has(Role.SERVANT)),
        ("development:mine", _("My development plan"), lambda u, a: a.has(Role.SERVANT)),
        ("development:adaptation", _("Adaptation plan"), lambda u, a: a.has(Role.SERVANT) and _on_probation(u)),
        ("certificates:mine", _("My certificates"), _everyone),
        ("conferences:calendar", _("Events"), _everyone),
        ("media:list", _("Recordings"), _everyone),
        ("scholarships:calls", _("Scholarships"), _everyone),
    ]),
    (_("Competencies"), [
        ("competency:mine", _("My competencies"), lambda u, a: a.has(Role.SERVANT)),
        ("competency:heat-map", _("Competency gaps"), _hr_or_manager),
        ("competency:frameworks", _("Competency frameworks"), _everyone),
    ]),
    (_("Personnel"), [
        ("frontend:servants", _("Civil servants"), _hr_or_manager),
        ("frontend:import", _("E-kyzmet import"), lambda u, a: a.can_import_personnel),
        ("compliance:dashboard", _("Training compliance"), _hr_or_manager),
        ("enrollment:approvals", _("Applications to approve"),
         lambda u, a: a.is_admin or a.has(Role.HR_OFFICER) or a.has(Role.LINE_MANAGER) or a.has(Role.FACULTY)),
        ("enrollment:records", _("Training records"), lambda u, a: a.is_admin or a.has(Role.HR_OFFICER)),
        ("certificates:issued", _("Issued certificates"), lambda u, a: a.is_admin or a.has(Role.HR_OFFICER)),
        ("development:approvals", _("Plans to approve"), lambda u, a: bool(a.managed_unit_ids)),
        ("development:hr", _("Development plans"), lambda u, a: a.is_admin or a.has(Role.HR_OFFICER)),
        ("development:reserve", _("Personnel reserve"), lambda u, a: a.is_admin or a.has(Role.HR_OFFICER)),
        ("development:probation", _("Probationers and mentors"), lambda u, a: a.is_admin or a.has(Role.HR_OFFICER)),
        ("development:evaluations-import", _("Evaluation results import"),
         lambda u, a: a.is_admin or a.has(Role.HR_OFFICER)),
    ]),
    (_("Teaching"), [
        ("courses:authoring", _("My courses"), lambda u, a: can_create_courses(u)),
        ("courses:review-queue", _("Review queue"), lambda u, a: can_review(u)),
        ("media:upload", _("Upload a recording"), lambda u, a: a.is_admin or a.has(Role.FACULTY)),
        ("enrollment:runs", _("Manage runs"), lambda u, a: a.is_admin or a.has(Role.FACULTY)),
        ("assessments:banks", _("Question banks"), lambda u, a: a.is_admin or a.has(Role.FACULTY)),
        ("assessments:essays", _("Essays to grade"), lambda u, a: a.is_admin or a.has(Role.FACULTY)),
    ]),
    (_("Scholarships"), [
        ("scholarships:reviews", _("My reviews"), lambda u, a: a.has(Role.GRANT_REVIEWER)),
        ("scholarships:committee-calls", _("Scholarship committee"),
         lambda u, a: a.is_admin or a.has(Role.GRANT_COMMITTEE)),
    ]),
    (_("Analytics"), [
        ("compliance:national", _("National compliance"), lambda u, a: a.sees_national_figures),
        ("player:exports", _("Analytics export"), lambda u, a: a.sees_national_figures),
    ]),
    (_("Administration"), [
        ("frontend:audit", _("Audit log"), lambda u, a: a.can_view_audit),
        ("admin:index", _("Django administration"), lambda u, a: u.is_staff),
    ]),
    (None, [("frontend:preferences", _("Preferences"), _everyone)]),
]


def navigation(request):
    """The language switch, `actor` and the navigation the signed-in user's roles allow: groups of links
    (a group with a single visible link is shown as that link). Once per request (a page may render a cached
    part of itself first)."""
    if not hasattr(request, "_navigation"):
        request._navigation = _navigation(request)
    return request._navigation


def _navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"LANGUAGE_SWITCH": LANGUAGE_SWITCH}
    actor = actor_for(user)
    visible = [(group_label, [(reverse(name), label) for name, label, allowed in entries if allowed(user, actor)])
               for group_label, entries in NAVIGATION]
    current = _current_url(request.path, [url for _group, items in visible for url, _label in items])
    groups = []
    for group_label, entries in visible:
        items = [{"url": url, "label": label, "active": url == current} for url, label in entries]
        if not items:
            continue
        if group_label is None or len(items) == 1:
            groups.extend({"label": i["label"], "items": [i], "active": i["active"], "single": True} for i in items)
        else:
            groups.append({"label": group_label, "items": items, "active": any(i["active"] for i in items),
                           "single": False})
    nav_items = [item for group in groups for item in group["items"]]
    return {"LANGUAGE_SWITCH": LANGUAGE_SWITCH, "actor": actor, "nav_groups": groups, "nav_items": nav_items}


def _current_url(path: str, urls: list[str]) -> str | None:
    """The one entry the page belongs to: the longest entry URL that prefixes the path (the home only when it is
    the path), so /training/mine/ marks "My training", not also "Course runs" at /training/."""
    matches = [url for url in urls if path == url or (url != "/" and path.startswith(url))]
    return max(matches, key=len, default=None)
