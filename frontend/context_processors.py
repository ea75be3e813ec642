from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from courses.permissions import can_create_courses, can_review
from people.models import Role
from people.permissions import actor_for

# Each language names itself (endonyms), so they are not translated.
EXACT_MATCH = {"frontend:home", "courses:catalog"}  # their URLs prefix other entries' URLs
LANGUAGE_SWITCH = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]


def navigation(request):
    """The language switch, `actor` and the navigation entries the signed-in user's roles allow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"LANGUAGE_SWITCH": LANGUAGE_SWITCH}
    actor = actor_for(user)
    entries = [("frontend:home", _("Home"), True),
               ("courses:catalog", _("Course catalog"), True),
               ("courses:my-learning", _("My learning"), True),
               ("courses:authoring", _("My courses"), can_create_courses(user)),
               ("courses:review-queue", _("Review queue"), can_review(user)),
               ("conferences:calendar", _("Events"), True),
               ("conferences:mine", _("My events"), True),
               ("frontend:servants", _("Civil servants"),
                actor.is_admin or actor.has(Role.HR_OFFICER) or actor.has(Role.LINE_MANAGER)),
               ("frontend:import", _("E-kyzmet import"), actor.can_import_personnel),
               ("competency:mine", _("My competencies"), actor.has(Role.SERVANT)),
               ("competency:heat-map", _("Competency gaps"),
                actor.is_admin or actor.has(Role.HR_OFFICER) or actor.has(Role.LINE_MANAGER)),
               ("competency:frameworks", _("Competency frameworks"), True),
               ("frontend:audit", _("Audit log"), actor.can_view_audit),
               ("frontend:preferences", _("Preferences"), True)]
    current = request.path
    nav = []
    for name, label, allowed in entries:
        if allowed:
            url = reverse(name)
            active = current == url if name in EXACT_MATCH else current.startswith(url)
            nav.append({"url": url, "label": label, "active": active})
    return {"LANGUAGE_SWITCH": LANGUAGE_SWITCH, "actor": actor, "nav_items": nav}
