"""Development pages: the servant's plan (edit items, add a course from the proposals, submit), the line
manager's queue (approve or return with a comment), HR's subtree list by status with overdue items, the most
frequent gap competencies (chart) and demand, the reserve, probationers and mentors, the evaluations import.
Reads through development.selectors (scoped: a plan outside the actor's sight is a 404); writes through
development.services with call_service."""

from datetime import date

from django.contrib import messages
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
from development.evaluations import evaluations_import
from development.exports import export_response
from development.progress import plan_progress, plans_sync
from frontend.development.forms import (
    AdaptationForm,
    AdaptationTaskForm,
    CommentForm,
    ExtendForm,
    HRFilterForm,
    ImportForm,
    ItemForm,
    MentorForm,
    PeriodForm,
    ReserveForm,
    ReviewForm,
)
from frontend.imports.views import start_job_if_large
from frontend.service_calls import call_service
from lms.clock import today_almaty
from people.models import StateBody

PAGE_SIZE = 25


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
    return render(request, "frontend/development/mine.html", {
        "year": year, "servant": servant, "has_adaptation": sel.has_adaptation_plan(request.user)})


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
            "has_adaptation": plan.servant.user_id == request.user.pk and sel.has_adaptation_plan(request.user),
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


def _require_hr(request):
    if not perms.is_hr(request.user):
        raise PermissionDenied


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
    _require_hr(request)
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
    _require_hr(request)
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


def _servant_in_scope(request, number: str):
    return sel.hr_servants(request.user).filter(personnel_number=(number or "").strip()).first()


@login_required
@require_http_methods(["GET", "POST"])
def reserve(request):
    _require_hr(request)
    form = ReserveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        servant = _servant_in_scope(request, data.pop("personnel_number"))
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
def probation(request):
    _require_hr(request)
    form = AdaptationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        servant = _servant_in_scope(request, form.cleaned_data["personnel_number"])
        mentor = _servant_in_scope(request, form.cleaned_data["mentor"])
        if servant is None:
            form.add_error(
                "personnel_number", _("No civil servant of your bodies has this personnel number.")
            )
        elif mentor is None:
            form.add_error("mentor", _("No civil servant of your bodies has this personnel number."))
        elif call_service(
            request,
            services.adaptation_plan_create,
            form=form,
            servant=servant,
            mentor=mentor,
            actor=request.user,
            starts_on=form.cleaned_data["starts_on"],
            success=_("Mentor assigned."),
        ).ok:
            return redirect("development:probation")
    today = today_almaty()
    return render(
        request,
        "frontend/development/probation.html",
        {
            "form": form,
            "plans": sel.probationers(request.user)[:200],
            "mentors": sel.mentors(request.user),
            "period": PeriodForm(initial={"since": today.replace(day=1), "until": today}),
        },
    )


def _hr_adaptation(request, pk):
    """An adaptation plan of the HR officer's subtree: anyone else who is not HR is refused (403), HR of
    another body does not find it (404)."""
    _require_hr(request)
    plan = sel.probationers(request.user).filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


@login_required
def probation_plan(request, pk, task_form=None, mentor_form=None, extend_form=None):
    """HR's page of one probationer: tasks (add, mark done), replace the mentor, extend the probation."""
    plan = _hr_adaptation(request, pk)
    return render(
        request,
        "frontend/development/probation_plan.html",
        {
            "plan": plan,
            "tasks": list(plan.tasks.all()),
            "actions": sel.adaptation_actions(request.user, plan),
            "max_extensions": sel.probation_max_extensions(),
            "task_form": task_form or AdaptationTaskForm(kinds=sel.adaptation_task_kind_choices()),
            "mentor_form": mentor_form or MentorForm(),
            "extend_form": extend_form or ExtendForm(),
        },
    )


@login_required
@require_POST
def probation_action(request, pk, action):
    """HR acts on an adaptation plan through the same services as the API; a refusal is shown next to the
    form on the plan's page and nothing is written."""
    plan = _hr_adaptation(request, pk)
    actor = request.user
    if action == "tasks":
        form = AdaptationTaskForm(request.POST, kinds=sel.adaptation_task_kind_choices())
        if (
            form.is_valid()
            and call_service(
                request,
                services.adaptation_task_add,
                form=form,
                plan=plan,
                actor=actor,
                success=_("Task added."),
                **form.cleaned_data,
            ).ok
        ):
            return redirect("development:probation-plan", plan.pk)
        return probation_plan(request, pk, task_form=form)
    if action == "mentor":
        form = MentorForm(request.POST)
        if form.is_valid():
            mentor = _servant_in_scope(request, form.cleaned_data["mentor"])
            if mentor is None:
                form.add_error("mentor", _("No civil servant of your bodies has this personnel number."))
            elif call_service(
                request,
                services.adaptation_mentor_change,
                form=form,
                plan=plan,
                mentor=mentor,
                actor=actor,
                success=_("Mentor replaced."),
            ).ok:
                return redirect("development:probation-plan", plan.pk)
        return probation_plan(request, pk, mentor_form=form)
    if action == "extend":
        form = ExtendForm(request.POST)
        form.is_valid()
        if call_service(
            request,
            services.adaptation_extend,
            form=form,
            plan=plan,
            actor=actor,
            success=_("Probation extended."),
        ).ok:
            return redirect("development:probation-plan", plan.pk)
        return probation_plan(request, pk, extend_form=form)
    raise Http404


@login_required
@require_POST
def probation_task_done(request, pk, task_id):
    plan = _hr_adaptation(request, pk)
    task = next((t for t in plan.tasks.all() if t.pk == task_id), None)
    if task is None:
        raise Http404
    call_service(
        request,
        services.adaptation_task_done,
        task=task,
        actor=request.user,
        done_on=today_almaty(),
        success=_("Marked as done."),
    )
    return redirect("development:probation-plan", plan.pk)


@login_required
def allowance_export(request, fmt):
    _require_hr(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form = PeriodForm(request.GET or None)
    today = today_almaty()
    since, until = (
        (form.cleaned_data["since"], form.cleaned_data["until"])
        if request.GET and form.is_valid()
        else (today.replace(day=1), today)
    )
    if until < since:
        since, until = until, since
    rows = sel.mentor_allowance_rows(request.user, since=since, until=until)
    return export_response(
        user=request.user,
        name=f"mentor-allowance-{since}-{until}",
        fmt=fmt,
        what="allowance",
        headers=[
            _("Mentor's personnel number"),
            _("Mentor"),
            _("Probationer's personnel number"),
            _("Probationer"),
            _("Probation from"),
            _("Probation until"),
            _("From"),
            _("To"),
            _("Days"),
        ],
        rows=rows,
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluations_import_page(request):
    _require_hr(request)
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


@login_required
def adaptation(request):
    plans = sel.adaptation_plans_of(request.user)
    kinds = sel.adaptation_task_kind_choices()
    for plan in plans:  # one form per plan the actor mentors, with its own field ids
        plan.task_form = AdaptationTaskForm(kinds=kinds, prefix=f"plan{plan.pk}")
    return render(
        request, "frontend/development/adaptation.html", {"plans": plans, "user_id": request.user.pk}
    )


@login_required
@require_POST
def adaptation_task_add(request, pk):
    """The mentor adds a task or training (retraining included) with its due date."""
    plan = _my_adaptation(request, pk)
    form = AdaptationTaskForm(request.POST, kinds=sel.adaptation_task_kind_choices(), prefix=f"plan{plan.pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("development:adaptation")
    call_service(
        request,
        services.adaptation_task_add,
        plan=plan,
        actor=request.user,
        success=_("Task added."),
        **form.cleaned_data,
    )
    return redirect("development:adaptation")


def _my_adaptation(request, pk):
    plan = next((p for p in sel.adaptation_plans_of(request.user) if p.pk == pk), None)
    if plan is None:
        raise Http404
    return plan


@login_required
@require_POST
def adaptation_sign(request, pk):
    plan = _my_adaptation(request, pk)
    call_service(request, services.adaptation_sign, plan=plan, actor=request.user, success=_("Signed."))
    return redirect("development:adaptation")


@login_required
@require_POST
def adaptation_task_done(request, pk, task_id):
    plan = _my_adaptation(request, pk)
    task = next((t for t in plan.tasks.all() if t.pk == task_id), None)
    if task is None:
        raise Http404
    call_service(
        request,
        services.adaptation_task_done,
        task=task,
        actor=request.user,
        done_on=today_almaty(),
        success=_("Marked as done."),
    )
    return redirect("development:adaptation")
