"""Training pages under /training/: course runs with the Apply button, "My applications", the approvals queue,
the provider's run page (attendance, completion), "My training" with external uploads, and HR's training
records with verification. Thin: reads from enrollment.selectors_offerings, writes through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from compliance import selectors as compliance_selectors
from compliance.records import external_training_upload
from compliance.services import training_record_reject, training_record_verify
from enrollment import applications as app_services
from enrollment import offerings as run_services
from enrollment import selectors_offerings as sel
from enrollment.scopes import is_provider_for, today_almaty
from frontend.enrollment.forms import (
    ApplyForm,
    AttendanceForm,
    ConfirmForm,
    DecisionForm,
    ExternalTrainingForm,
    ManageFilterForm,
    NominateForm,
    OfferingCancelForm,
    OfferingFilterForm,
    OfferingForm,
    RecordFilterForm,
    WithdrawForm,
)
from frontend.service_calls import call_service
from people.models import CivilServant
from people.permissions import actor_for


def _servant(user) -> CivilServant | None:
    return CivilServant.objects.select_related("body").filter(user=user).first() if user.is_authenticated else None


def _page(request, qs, size=25):
    return Paginator(qs, size).get_page(request.GET.get("page"))


@login_required
def offering_list(request):
    form = OfferingFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    qs = sel.offerings_filtered(course_type=f.get("course_type", ""), language=f.get("language", ""),
                                funding=f.get("funding", ""), open_now=f.get("open_now", False), q=f.get("q", ""))
    return render(request, "frontend/enrollment/offerings.html", {"form": form, "page": _page(request, qs),
                                                                   "today": today_almaty()})


def _offering(pk):
    offering = sel.offering_detail(pk)
    if offering is None:
        raise Http404
    return offering


@login_required
def offering_detail(request, pk):
    offering = _offering(pk)
    servant = _servant(request.user)
    mine = sel.latest_application(offering=offering, servant=servant)
    window = call_service(request, app_services.window_check, quiet=True, offering=offering)
    return render(request, "frontend/enrollment/offering_detail.html", {
        "offering": offering, "mine": mine, "servant": servant, "window_error": window.message or None,
        "apply_form": ApplyForm(), "nominate_form": NominateForm() if sel.can_nominate(request.user) else None, "is_provider": is_provider_for(request.user, offering), "today": today_almaty()})


@login_required
@require_POST
def apply(request, pk):
    offering = _offering(pk)
    servant = _servant(request.user)
    form = ApplyForm(request.POST)
    if servant is None:
        messages.error(request, _("Only civil servants can apply."))
    elif not form.is_valid():
        messages.error(request, _("Check the form: %(errors)s") % {"errors": form.errors.as_text()})
    else:
        outcome = call_service(request, app_services.application_create, offering=offering, servant=servant,
                               actor=request.user, **form.cleaned_data)
        if outcome.ok:
            app = outcome.value
            messages.success(request, _("Your application is submitted.") if app.seat_number else _(
                "The run is full: you are number %(n)s on the waiting list.") % {"n": app.waitlist_position})
            return redirect("enrollment:mine")
    return redirect("enrollment:offering", pk=pk)


@login_required
@require_POST
def nominate(request, pk):
    offering = _offering(pk)
    form = NominateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the form: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("enrollment:offering", pk=pk)
    servant = sel.nominable_servant(request.user, form.cleaned_data["personnel_number"])
    if servant is None:
        messages.error(request, _("No civil servant with this personnel number in your scope."))
        return redirect("enrollment:offering", pk=pk)
    call_service(request, app_services.application_nominate, success=_("%(name)s is nominated.") % {"name": servant},
                 offering=offering, servant=servant, actor=request.user,
                 voucher_code=form.cleaned_data["voucher_code"], comment=form.cleaned_data["comment"])
    return redirect("enrollment:offering", pk=pk)


@login_required
def my_applications(request):
    return render(request, "frontend/enrollment/mine.html", {
        "applications": sel.my_applications(request.user), "withdraw_form": WithdrawForm()})


def _visible_application(request, pk):
    return get_object_or_404(sel.applications_visible_to(request.user), pk=pk)


@login_required
@require_POST
def withdraw(request, pk):
    application = _visible_application(request, pk)
    form = WithdrawForm(request.POST)
    call_service(request, app_services.application_withdraw, success=_("The application is withdrawn."),
                 application=application, actor=request.user, reason=form.data.get("reason", "")[:2000])
    return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/training/")
                    else "enrollment:mine")


@login_required
def approvals(request):
    page = _page(request, sel.approval_queue(request.user))
    for application in page:
        application.acts_now = sel.acts_now(request.user, application)
    return render(request, "frontend/enrollment/approvals.html", {"page": page, "form": DecisionForm()})


@login_required
@require_POST
def decide(request, pk):
    application = _visible_application(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("enrollment:approvals")
    if form.cleaned_data["decision"] == "approve":
        call_service(request, app_services.application_approve, success=_("Approved."), application=application,
                     actor=request.user, comment=form.cleaned_data["reason"])
    else:
        call_service(request, app_services.application_reject, success=_("Rejected."), application=application,
                     actor=request.user, reason=form.cleaned_data["reason"])
    return redirect("enrollment:approvals")


def _managed(request, pk):
    offering = get_object_or_404(sel.offerings_managed_by(request.user), pk=pk)
    return offering


@login_required
def manage(request, pk):
    offering = _managed(request, pk)
    participants = list(sel.roster(offering))
    for app in participants:
        app.state = run_services.completion_state(app) if app.status == "approved" else None
    return render(request, "frontend/enrollment/manage.html", {
        "offering": offering, "participants": participants, "waitlist": sel.waitlist(offering),
        "attendance_form": AttendanceForm(offering=offering, participants=participants),
        "confirm_form": ConfirmForm(), "days": offering.session_days()})


@login_required
@require_POST
def attendance(request, pk):
    offering = _managed(request, pk)
    participants = list(sel.roster(offering))
    form = AttendanceForm(request.POST, offering=offering, participants=participants)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("enrollment:manage", pk=pk)
    from datetime import date

    outcome = call_service(request, run_services.attendance_set, offering=offering, actor=request.user,
                           day=date.fromisoformat(form.cleaned_data["day"]),
                           present_ids=set(form.cleaned_data["present"]))
    if outcome.ok:
        messages.success(request, _("Attendance saved for %(n)s participants.") % {"n": outcome.value})
    return redirect("enrollment:manage", pk=pk)


@login_required
@require_POST
def confirm(request, pk):
    application = _visible_application(request, pk)
    form = ConfirmForm(request.POST)
    override = form.is_valid() and form.cleaned_data["override"]
    outcome = call_service(request, run_services.completion_confirm, application=application, actor=request.user,
                           override=override)
    if outcome.ok:
        messages.success(request, _("Completion confirmed, certificate %(n)s.") % {
            "n": outcome.value.certificate_number})
    return redirect("enrollment:manage", pk=application.offering_id)


# --- managing runs (APA administrators; faculty for the courses they author) -------------------------------

def _require_run_manager(request) -> None:
    if not sel.can_manage_runs(request.user):
        raise PermissionDenied


@login_required
def runs(request):
    """ "Manage runs": the runs the user schedules, with places and waiting list, newest start first."""
    _require_run_manager(request)
    form = ManageFilterForm(request.GET or None)
    when = form.cleaned_data.get("when", "") if form.is_valid() else ""
    return render(request, "frontend/enrollment/runs.html", {
        "form": form, "page": _page(request, sel.offerings_managed_list(request.user, when=when)),
        "today": today_almaty()})


@login_required
def run_create(request):
    _require_run_manager(request)
    versions = sel.versions_schedulable_by(request.user)
    initial = {"version": request.GET.get("version")} if request.GET.get("version", "").isdigit() else {}
    form = OfferingForm(request.POST or None, versions=versions, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = call_service(request, run_services.offering_create, quiet=True,
                               version=form.cleaned_data["version"], actor=request.user, **form.service_fields())
        if outcome.ok:
            messages.success(request, _("The run %(code)s is scheduled.") % {"code": outcome.value.code})
            return redirect("enrollment:runs")
        form.add_service_errors(outcome.error)  # several fields at once (extra["fields"])
    return render(request, "frontend/enrollment/run_form.html", {"form": form, "offering": None},
                  status=400 if form.errors else 200)


def _initial(offering) -> dict:
    return {f: getattr(offering, f) for f in run_services.EDITABLE_FIELDS}


@login_required
def run_edit(request, pk):
    offering = _managed(request, pk)
    if offering.is_cancelled:
        messages.error(request, _("This course run has been cancelled."))
        return redirect("enrollment:runs")
    form = OfferingForm(request.POST or None, offering=offering, initial=_initial(offering))
    if request.method == "POST" and form.is_valid():
        outcome = call_service(request, run_services.offering_update, quiet=True, offering=offering,
                               actor=request.user, **form.service_fields())
        if outcome.ok:
            messages.success(request, _("The run %(code)s is saved.") % {"code": offering.code})
            return redirect("enrollment:runs")
        form.add_service_errors(outcome.error)  # several fields at once (extra["fields"])
    return render(request, "frontend/enrollment/run_form.html", {"form": form, "offering": offering},
                  status=400 if form.errors else 200)


@login_required
def run_cancel(request, pk):
    offering = _managed(request, pk)
    form = OfferingCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = call_service(request, run_services.offering_cancel, quiet=True, offering=offering,
                               actor=request.user, reason=form.cleaned_data["reason"])
        if outcome.ok:
            messages.success(request, _("The run %(code)s is cancelled; applicants are told.") % {
                "code": offering.code})
            return redirect("enrollment:runs")
        exc = outcome.error
        form.add_error("reason" if "reason" in (exc.extra.get("fields") or {}) else None, str(exc.message))
    open_count = sel.open_applications(offering).count()
    return render(request, "frontend/enrollment/run_cancel.html", {
        "form": form, "offering": offering, "open_count": open_count}, status=400 if form.errors else 200)


@login_required
def my_training(request):
    records = compliance_selectors.my_training(request.user)
    total = sum(r.hours for r in records)
    servant = _servant(request.user)
    # the three-year rule's status and due date, which a completed course moves
    three_year = servant and next((r for r in compliance_selectors.servant_statuses(servant, as_of=today_almaty())
                                   if r.rule == "three_year"), None)
    return render(request, "frontend/enrollment/my_training.html", {
        "records": records, "total_hours": total, "servant": servant, "three_year": three_year})


@login_required
def upload(request):
    servant = _servant(request.user)
    if servant is None:
        raise Http404
    form = ExternalTrainingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        outcome = call_service(request, external_training_upload, form=form,
                               success=_("Saved. HR will verify the certificate."), servant=servant,
                               actor=request.user, **form.cleaned_data)
        if outcome.ok:
            return redirect("enrollment:my-training")
    return render(request, "frontend/enrollment/upload.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def records(request):
    if not compliance_selectors.can_view_hr_records(request.user):
        raise Http404
    form = RecordFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    qs = compliance_selectors.training_records_for_hr(request.user, course_type=f.get("course_type") or "",
                                     source=f.get("source") or "", pending=f.get("pending") or False,
                                     q=(f.get("q") or "").strip(), year=f.get("year"))
    page = _page(request, qs, 50)
    show_iin = actor_for(request.user).can_see_iin
    return render(request, "frontend/enrollment/records.html", {"form": form, "page": page, "show_iin": show_iin})


def _hr_record(request, pk):
    if not compliance_selectors.can_view_hr_records(request.user):
        raise Http404
    return get_object_or_404(compliance_selectors.training_records_for_hr(request.user), pk=pk)


@login_required
@require_POST
def verify(request, pk):
    record = _hr_record(request, pk)
    call_service(request, training_record_verify, success=_("The record is verified."), record=record,
                 actor=request.user)
    return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/training/")
                    else "enrollment:records")


@login_required
@require_POST
def reject(request, pk):
    record = _hr_record(request, pk)
    call_service(request, training_record_reject, success=_("The record is rejected; the servant sees why."),
                 record=record, actor=request.user, reason=request.POST.get("reason", ""))
    return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/training/")
                    else "enrollment:records")


@login_required
def evidence(request, pk):
    """The uploaded certificate, to its owner and to HR of their body only."""
    record = compliance_selectors.evidence_record_for(request.user, pk)
    if record is None:
        raise Http404
    return FileResponse(record.evidence.open("rb"), as_attachment=False,
                        filename=record.evidence.name.rsplit("/", 1)[-1])
