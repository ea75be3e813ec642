"""Probation and adaptation pages: HR's probationers and mentors (assign, one probationer's plan: tasks,
mentor, extension; the mentor allowance export) and the mentor's own adaptation plans (tasks, sign). Reads
through development.selectors (scoped); writes through development.services with call_service."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from development import selectors as sel
from development import services
from development.exports import export_response
from frontend.development.forms import AdaptationForm, AdaptationTaskForm, ExtendForm, MentorForm, PeriodForm
from frontend.development.views.common import require_hr, servant_in_scope
from frontend.service_calls import call_service
from lms.clock import today_almaty


@login_required
@require_http_methods(["GET", "POST"])
def probation(request):
    require_hr(request)
    form = AdaptationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        servant = servant_in_scope(request, form.cleaned_data["personnel_number"])
        mentor = servant_in_scope(request, form.cleaned_data["mentor"])
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
    require_hr(request)
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
            mentor = servant_in_scope(request, form.cleaned_data["mentor"])
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
    _task_done(request, plan, task_id)
    return redirect("development:probation-plan", plan.pk)


def _task_done(request, plan, task_id) -> None:
    """Mark one task of a plan the actor may already act on as done today (404 for another plan's task)."""
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


@login_required
def allowance_export(request, fmt):
    require_hr(request)
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
def adaptation(request, task_form=None):
    """The actor's adaptation plans; `task_form`: a refused submission, shown again under its own plan with
    the errors next to the fields and the input kept."""
    plans = sel.adaptation_plans_of(request.user)
    kinds = sel.adaptation_task_kind_choices()
    for plan in plans:  # one form per plan the actor mentors, with its own field ids
        prefix = f"plan{plan.pk}"
        plan.task_form = (
            task_form
            if task_form is not None and task_form.prefix == prefix
            else AdaptationTaskForm(kinds=kinds, prefix=prefix)
        )
    return render(
        request, "frontend/development/adaptation.html", {"plans": plans, "user_id": request.user.pk}
    )


@login_required
@require_POST
def adaptation_task_add(request, pk):
    """The mentor adds a task or training (retraining included) with its due date. Bad input or a refusal of
    the service is shown next to the field on the page again, and nothing is written."""
    plan = _my_adaptation(request, pk)
    form = AdaptationTaskForm(request.POST, kinds=sel.adaptation_task_kind_choices(), prefix=f"plan{plan.pk}")
    if (
        form.is_valid()
        and call_service(
            request,
            services.adaptation_task_add,
            form=form,
            plan=plan,
            actor=request.user,
            success=_("Task added."),
            **form.cleaned_data,
        ).ok
    ):
        return redirect("development:adaptation")
    return adaptation(request, task_form=form)


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
    _task_done(request, plan, task_id)
    return redirect("development:adaptation")
