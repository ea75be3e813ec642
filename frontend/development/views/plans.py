"""Development plan pages: the servant's plan (edit items, add a course from the proposals, submit) and the
line manager's queue (approve or return with a comment). Reads through development.selectors (scoped: a plan
outside the actor's sight is a 404); writes through development.services with call_service."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from development import permissions as perms
from development import selectors as sel
from development import services
from development.progress import plan_progress, plans_sync
from frontend.development.forms import CommentForm, ItemForm, ReviewForm
from frontend.development.views.common import PAGE_SIZE
from frontend.service_calls import call_service
from lms.clock import today_almaty


def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 1990 <= int(value) <= 2100 else today_almaty().year


@login_required
@require_http_methods(["GET", "POST"])
def my_plan(request):
    year = _year(request)
    plan = sel.my_plan(request.user, year)
    if plan is not None:
        return redirect("development:plan", plan.pk)
    servant = sel.own_servant(request.user)
    if request.method == "POST" and servant is not None:
        outcome = call_service(
            request,
            services.plan_create,
            servant=servant,
            year=year,
            actor=request.user,
            success=_("Your draft plan is ready."),
        )
        if outcome.ok:
            return redirect("development:plan", outcome.value.pk)
    return render(
        request,
        "frontend/development/mine.html",
        {"year": year, "servant": servant, "has_adaptation": sel.has_adaptation_plan(request.user)},
    )


def _plan_or_404(request, pk):
    plan = sel.plan_for(request.user, pk)
    if plan is None:
        raise Http404
    return plan


@login_required
def plan_detail(request, pk, item_form=None, comment_form=None, review_form=None):
    plan = _plan_or_404(request, pk)
    plans_sync(plans=[plan])
    roles = sel.plan_servant_roles(request.user, plan)
    return render(
        request,
        "frontend/development/plan.html",
        {
            "plan": plan,
            "items": sel.plan_items(plan),
            "steps": sel.plan_steps(plan),
            "roles": roles,
            "progress": plan_progress(plan, as_of=today_almaty()),
            "proposals": sel.proposals(plan, language=(get_language() or "ru")[:2])
            if roles["can_edit"]
            else [],
            "item_form": item_form or ItemForm(),
            "comment_form": comment_form or CommentForm(),
            "review_form": review_form or ReviewForm(),
            "reserve": sel.reserve_of(plan.servant),
            "has_adaptation": plan.servant.user_id == request.user.pk
            and sel.has_adaptation_plan(request.user),
        },
    )


@login_required
@require_POST
def plan_action(request, pk, action):
    plan = _plan_or_404(request, pk)
    actor = request.user
    if action == "add-item":
        form = ItemForm(request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
            outcome = call_service(
                request,
                services.plan_item_add,
                form=form,
                plan=plan,
                actor=actor,
                success=_("Item added."),
                **data,
            )
            if outcome.ok:
                return redirect("development:plan", plan.pk)
        return plan_detail(request, pk, item_form=form)
    if action == "add-course":
        call_service(
            request,
            services.plan_item_add_course,
            plan=plan,
            actor=actor,
            course_id=_int(request.POST.get("course_id")),
            competency_id=_int(request.POST.get("competency_id")),
            target_level=_int(request.POST.get("target_level")),
            success=_("Course added to the plan."),
        )
        return redirect("development:plan", plan.pk)
    if action in ("approve", "return", "confirm"):
        form = CommentForm(request.POST)
        form.is_valid()
        outcome = call_service(
            request,
            getattr(services, f"plan_{action}"),
            form=form,
            plan=plan,
            actor=actor,
            comment=form.cleaned_data.get("comment", ""),
            success=_("Done."),
        )
        return (
            redirect("development:plan", plan.pk)
            if outcome.ok
            else plan_detail(request, pk, comment_form=form)
        )
    if action == "close":
        form = ReviewForm(request.POST)
        form.is_valid()
        outcome = call_service(
            request,
            services.plan_close,
            form=form,
            plan=plan,
            actor=actor,
            review=form.cleaned_data.get("review", ""),
            success=_("The plan is closed."),
        )
        return (
            redirect("development:plan", plan.pk)
            if outcome.ok
            else plan_detail(request, pk, review_form=form)
        )
    if action == "submit":
        call_service(
            request, services.plan_submit, plan=plan, actor=actor, success=_("Submitted to your manager.")
        )
        return redirect("development:plan", plan.pk)
    raise Http404


def _int(value):
    return int(value) if value and str(value).isdigit() else None


@login_required
@require_POST
def item_delete(request, pk, item_id):
    plan = _plan_or_404(request, pk)
    item = plan.items.filter(pk=item_id).first()
    if item is None:
        raise Http404
    call_service(
        request, services.plan_item_delete, item=item, actor=request.user, success=_("Item removed.")
    )
    return redirect("development:plan", plan.pk)


@login_required
def approvals(request):
    if not perms.is_manager(request.user):
        raise PermissionDenied
    page = Paginator(sel.approval_queue(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "frontend/development/approvals.html", {"page": page})
