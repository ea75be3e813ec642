"""Pages for HR officers, line managers and administrators: servants, E-kyzmet import, audit log. Thin: reads
from people.selectors (scoped) and lms.audit, the import through its service."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from development.selectors import reserve_of
from frontend.imports.views import start_job_if_large
from frontend.people.forms import AuditFilterForm, ImportForm, ServantFilterForm
from frontend.service_calls import call_service
from lms.audit import audit_actions, audit_entries
from people.masking import mask_iin
from people.models import Role
from people.permissions import actor_for
from people.selectors import bodies_visible_to, servant_search, servants_visible_to

SERVANTS_PER_PAGE = 25
AUDIT_PER_PAGE = 50


def _require_staff(actor) -> None:
    if not (actor.is_admin or actor.has(Role.HR_OFFICER) or actor.has(Role.LINE_MANAGER)):
        raise PermissionDenied


@login_required
def servant_list(request):
    actor = actor_for(request.user)
    _require_staff(actor)
    bodies = list(bodies_visible_to(request.user).order_by("path"))
    form = ServantFilterForm(request.GET or None, bodies=bodies)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {"body": next((b for b in bodies if b.code == data["body"]), None),  # choices: visible bodies
                   "corps": data["corps"], "category": data["category"], "term": data["q"]}
    page = Paginator(servant_search(request.user, **filters), SERVANTS_PER_PAGE).get_page(request.GET.get("page"))
    for servant in page:
        servant.iin_shown = servant.iin if actor.can_see_iin else mask_iin(servant.iin)
    return render(request, "frontend/servants.html", {"form": form, "page": page})


@login_required
def servant_detail(request, pk: int):
    actor = actor_for(request.user)
    servant = get_object_or_404(servants_visible_to(request.user).select_related("mentor"), pk=pk)
    own = servant.user_id == request.user.pk
    history = servant.employment.select_related("position", "body").order_by("-started_on")
    return render(request, "frontend/servant_detail.html", {
        "servant": servant, "history": history, "reserve": reserve_of(servant),
        "iin_shown": servant.iin if (own or actor.can_see_iin) else mask_iin(servant.iin),
    })


@login_required
def personnel_import(request):
    if not actor_for(request.user).can_import_personnel:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        started = start_job_if_large(request, kind="ekyzmet", form=form, content=content, filename=upload.name,
                                     dry_run=form.cleaned_data["dry_run"])
        if started is None:
            report = _run_import(request, form, content)
        elif started.ok:
            return redirect("imports:job", started.value.pk)
    return render(request, "frontend/import.html", {"form": form, "report": report, **_import_layouts()},
                  status=400 if form.errors else 200)


def _import_layouts() -> dict:
    """The columns of the two E-kyzmet layouts (docs/ekyzmet-format.md), shown as help."""
    try:  # imported lazily, like the service: the page still renders if the import module is broken
        from people.ekyzmet_columns import extra_columns
        from people.ekyzmet_read import BODIES_COLUMNS, SERVANTS_COLUMNS
    except ImportError:
        return {}
    return {"servants_columns": SERVANTS_COLUMNS, "bodies_columns": BODIES_COLUMNS,
            "optional_columns": extra_columns()}


def _run_import(request, form, content: bytes):
    # Imported lazily: the import service lives in its own module, loaded only when a file arrives.
    from people.ekyzmet import ekyzmet_import

    upload = form.cleaned_data["file"]
    return call_service(request, ekyzmet_import, form=form, content=content, filename=upload.name,
                        actor=request.user, dry_run=form.cleaned_data["dry_run"]).value


@login_required
def audit_log(request):
    if not actor_for(request.user).can_view_audit:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, actions=audit_actions())
    action = form.cleaned_data["action"] if form.is_valid() else ""
    page = Paginator(audit_entries(action=action), AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "frontend/audit.html", {"form": form, "page": page})
