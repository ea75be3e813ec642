"""Pages for HR officers, line managers and administrators: servants, E-kyzmet import, audit log."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from development.selectors import reserve_of
from frontend.forms import AuditFilterForm, ImportForm, ServantFilterForm
from lms.errors import ApplicationError
from lms.models import AuditEntry
from people.masking import mask_iin
from people.models import Role
from people.permissions import actor_for
from people.selectors import bodies_visible_to, servants_visible_to
from people.validators import normalize_category_code

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
    qs = servants_visible_to(request.user).order_by("last_name_ru", "first_name_ru", "pk")
    if form.is_valid():
        qs = _filter_servants(qs, form.cleaned_data, bodies, actor.can_see_iin)
    page = Paginator(qs, SERVANTS_PER_PAGE).get_page(request.GET.get("page"))
    for servant in page:
        servant.iin_shown = servant.iin if actor.can_see_iin else mask_iin(servant.iin)
    return render(request, "frontend/servants.html", {"form": form, "page": page})


def _filter_servants(qs, data: dict, bodies, can_see_iin: bool):
    if data["body"]:
        body = next(b for b in bodies if b.code == data["body"])  # the choices are the visible bodies
        qs = qs.filter(body__path__startswith=body.path)
    if data["corps"]:
        qs = qs.filter(position__corps=data["corps"])
    if data["category"]:
        qs = qs.filter(position__category_code=normalize_category_code(data["category"]))
    term = data["q"].strip()
    if term:
        match = Q(personnel_number__iexact=term)
        for field in ("last_name", "first_name"):
            for lang in ("kk", "ru", "en"):
                match |= Q(**{f"{field}_{lang}__icontains": term})
        if can_see_iin and term.isdigit() and len(term) == 12:
            match |= Q(iin=term)
        qs = qs.filter(match)
    return qs


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
    report, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            report = _run_import(request, form)
        if form.errors:
            status = 400
    return render(request, "frontend/import.html", {"form": form, "report": report, **_import_layouts()},
                  status=status)


def _import_layouts() -> dict:
    """The columns of the two E-kyzmet layouts (docs/ekyzmet-format.md), shown as help."""
    try:  # imported lazily, like the service: the page still renders if the import module is broken
        from people.ekyzmet_read import BODIES_COLUMNS, SERVANTS_COLUMNS
    except ImportError:
        return {}
    return {"servants_columns": SERVANTS_COLUMNS, "bodies_columns": BODIES_COLUMNS}


def _run_import(request, form):
    # Imported lazily: the import service lives in its own module, loaded only when a file arrives.
    from people.ekyzmet import ekyzmet_import

    upload = form.cleaned_data["file"]
    try:
        return ekyzmet_import(content=upload.read(), filename=upload.name, actor=request.user,
                              dry_run=form.cleaned_data["dry_run"])
    except ApplicationError as exc:
        form.add_error(None, str(exc.message))
        return None


@login_required
def audit_log(request):
    if not actor_for(request.user).can_view_audit:
        raise PermissionDenied
    actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    form = AuditFilterForm(request.GET or None, actions=list(actions))
    qs = AuditEntry.objects.select_related("actor")
    if form.is_valid() and form.cleaned_data["action"]:
        qs = qs.filter(action=form.cleaned_data["action"])
    page = Paginator(qs, AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "frontend/audit.html", {"form": form, "page": page})
