"""Scholarship pages under /scholarships/: calls and the applicant's own application (form, uploads, submit,
eligibility, explanation, accept/decline), the reviewer's assigned list with the score and conflict forms, and
the committee's pages (applications table, reviewer assignment, runs, publication, results with cut-offs and
seat use by country, exports, spend). Thin: reads from scholarships.selectors, writes through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontend.scholarships.forms import ApplicationForm, ConflictForm, DocumentForm, RespondForm, ScoreForm
from frontend.service_calls import call_service
from scholarships import exports, reviews, runs, selectors, services
from scholarships.eligibility import rule_message
from scholarships.explanations import explain, programme_titles
from scholarships.models import Criterion, DocumentKind, Result, Status
from scholarships.permissions import can_apply, is_committee, is_reviewer
from scholarships.services import EDITABLE_FIELDS


def _committee(request) -> None:
    if not is_committee(request.user):
        raise PermissionDenied


def _call(request, code):
    return get_object_or_404(selectors.calls_visible_to(request.user), code=code)


@login_required
def call_list(request):
    now = timezone.now()
    calls = list(selectors.calls_visible_to(request.user).order_by("-applications_close_at"))
    mine = {a.call_id: a for a in selectors.own_applications(request.user)}
    return render(
        request,
        "frontend/scholarships/calls.html",
        {
            "calls": [
                {"call": c, "open": c.opens_at <= now <= c.applications_close_at, "mine": mine.get(c.pk)}
                for c in calls
            ],
            "can_apply": can_apply(request.user),
            "is_reviewer": is_reviewer(request.user),
            "is_committee": is_committee(request.user),
        },
    )


@login_required
@require_POST
def apply(request, code):
    outcome = call_service(
        request, services.application_create, call=_call(request, code), actor=request.user
    )
    if outcome.ok:
        return redirect("scholarships:application", pk=outcome.value.pk)
    return redirect("scholarships:calls")


def _own(request, pk):
    return get_object_or_404(selectors.own_applications(request.user), pk=pk)


def _form_initial(application) -> dict:
    initial = {name: getattr(application, name) for name in EDITABLE_FIELDS}
    for p in application.preferences.all():
        initial[f"preference_{p.rank}"] = p.programme.code
    return initial


@login_required
def application_detail(request, pk):
    """The applicant's page. The committee sees the same application read-only with its reviews; a reviewer is
    sent to the review page; anyone else gets 404."""
    application = get_object_or_404(
        selectors.with_details(selectors.applications_visible_to(request.user)), pk=pk
    )
    if application.applicant_id != request.user.pk:
        if is_committee(request.user):
            return render(request, "frontend/scholarships/application_readonly.html", _readonly(application))
        review = selectors.review_for(request.user, application)
        if review is None:
            raise Http404
        return redirect("scholarships:review", pk=review.pk)
    programmes = list(application.call.programmes.all())
    form = ApplicationForm(initial=_form_initial(application), programmes=programmes)
    if request.method == "POST":
        form = ApplicationForm(request.POST, programmes=programmes)
        if form.is_valid():
            fields, prefs = form.split()
            saved = call_service(
                request,
                services.application_update,
                form=form,
                application=application,
                actor=request.user,
                **fields,
            )
            if (
                saved.ok
                and call_service(
                    request,
                    services.application_set_preferences,
                    form=form,
                    application=application,
                    actor=request.user,
                    programme_codes=prefs,
                    success=_("Saved."),
                ).ok
            ):
                return redirect("scholarships:application", pk=pk)
    return render(request, "frontend/scholarships/application.html", _applicant_context(application, form))


def _applicant_context(application, form) -> dict:
    result = selectors.published_result(application)
    titles = programme_titles(application.call_id)
    return {
        "application": application,
        "form": form,
        "document_form": DocumentForm(),
        "documents": {d.kind: d for d in application.documents.all()},
        "document_kinds": DocumentKind.choices,
        "failures": [
            {"text": rule_message(f["rule"], f.get("params")), "programme": titles.get(f.get("programme"))}
            for f in application.eligibility
        ],
        "explanation": explain(application, result, titles=titles) if result else None,
        "editable": application.is_editable and timezone.now() <= application.call.applications_close_at,
        "can_respond": application.status == Status.OFFERED and result is not None,
        "offer_deadline": services.offer_deadline(application) if application.offer_id else None,
    }


@login_required
@require_POST
def application_upload(request, pk):
    application = _own(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        call_service(
            request,
            services.document_upload,
            application=application,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            data=upload.read(),
            name=upload.name,
            success=_("Document uploaded."),
        )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("scholarships:application", pk=pk)


@login_required
@require_POST
def application_submit(request, pk):
    outcome = call_service(
        request, services.application_submit, application=_own(request, pk), actor=request.user
    )
    if outcome.ok:
        if outcome.value.status == Status.SUBMITTED:
            messages.success(request, _("Your application is submitted and eligible for review."))
        else:
            messages.error(request, _("Your application is not eligible yet: see the reasons below."))
    return redirect("scholarships:application", pk=pk)


@login_required
@require_POST
def application_respond(request, pk):
    form = RespondForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        call_service(
            request,
            services.application_respond,
            application=_own(request, pk),
            actor=request.user,
            accept=accept,
            success=_("You accepted the offer.") if accept else _("You declined the offer."),
        )
    return redirect("scholarships:application", pk=pk)


@login_required
def document(request, pk, kind):
    """A document of an application the user may see (own, assigned for review, or committee)."""
    application = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
    doc = application.documents.filter(kind=kind).first()
    if doc is None:
        raise Http404
    return FileResponse(
        doc.file.open("rb"), content_type="application/pdf", filename=f"{application.pk}-{kind}.pdf"
    )


# --- reviewers ---------------------------------------------------------------------------------------------


@login_required
def review_list(request):
    return render(
        request,
        "frontend/scholarships/reviews.html",
        {"reviews": selectors.reviews_assigned_to(request.user)},
    )


@login_required
def review_detail(request, pk):
    review = get_object_or_404(selectors.reviews_assigned_to(request.user), pk=pk)
    application = get_object_or_404(
        selectors.with_details(selectors.applications_visible_to(request.user)), pk=review.application_id
    )
    criteria = list(Criterion.objects.filter(call=application.call_id))
    form = ScoreForm(criteria=criteria, initial=review.scores)
    if request.method == "POST":
        form = ScoreForm(request.POST, criteria=criteria)
        if (
            form.is_valid()
            and call_service(
                request,
                reviews.review_submit,
                form=form,
                review=review,
                actor=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                success=_("Score saved."),
            ).ok
        ):
            return redirect("scholarships:reviews")
    return render(
        request,
        "frontend/scholarships/review.html",
        {"review": review, "application": application, "form": form, "conflict_form": ConflictForm()},
    )


@login_required
@require_POST
def review_conflict(request, pk):
    review = get_object_or_404(selectors.reviews_assigned_to(request.user), pk=pk)
    form = ConflictForm(request.POST)
    if (
        form.is_valid()
        and call_service(
            request,
            reviews.review_declare_conflict,
            review=review,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            success=_("Conflict declared; another reviewer takes over."),
        ).ok
    ):
        return redirect("scholarships:reviews")
    messages.error(request, _("Say what the conflict is."))
    return redirect("scholarships:review", pk=pk)


# --- committee ---------------------------------------------------------------------------------------------


def _readonly(application) -> dict:
    result = selectors.published_result(application) if application.status != Status.DRAFT else None
    return {
        "application": application,
        "reviews": application.reviews.select_related("reviewer"),
        "failures": [rule_message(f["rule"], f.get("params")) for f in application.eligibility],
        "explanation": explain(application, result) if result else None,
    }


@login_required
def committee_calls(request):
    _committee(request)
    return render(
        request,
        "frontend/scholarships/committee_calls.html",
        {"calls": selectors.calls_visible_to(request.user).order_by("-applications_close_at")},
    )


@login_required
def committee(request, code):
    _committee(request)
    call = _call(request, code)
    applications = list(selectors.committee_table(call))
    counts = {}
    for a in applications:
        counts[a.status] = counts.get(a.status, 0) + 1
    return render(
        request,
        "frontend/scholarships/committee.html",
        {
            "call": call,
            "applications": applications,
            "counts": [(label, counts.get(value, 0)) for value, label in Status.choices],
            "runs": selectors.runs_visible_to(request.user, call=call),
        },
    )


@login_required
@require_POST
def committee_assign(request, code):
    _committee(request)
    outcome = call_service(request, reviews.reviewers_assign, call=_call(request, code), actor=request.user)
    if outcome.ok:
        messages.success(
            request, _("%(created)s reviews assigned; %(missing)s could not be assigned.") % outcome.value
        )
    return redirect("scholarships:committee", code=code)


@login_required
@require_POST
def committee_run(request, code):
    _committee(request)
    outcome = call_service(
        request,
        runs.run_create,
        call=_call(request, code),
        actor=request.user,
        success=_("Allocation run stored."),
    )
    if outcome.ok:
        return redirect("scholarships:run", pk=outcome.value.pk)
    return redirect("scholarships:committee", code=code)


@login_required
def run_detail(request, pk):
    _committee(request)
    run = get_object_or_404(selectors.runs_visible_to(request.user), pk=pk)
    titles = programme_titles(run.call_id)
    results = (
        Result.objects.filter(run=run)
        .select_related("programme", "application")
        .prefetch_related("application__preferences__programme")
        .order_by("-score", "application_id")
    )
    rows = [{"result": r, "explanation": explain(r.application, r, titles=titles)} for r in results]
    return render(
        request,
        "frontend/scholarships/run.html",
        {"run": run, "rows": rows, "programmes": _programme_rows(run, titles), "chart": country_chart(run)},
    )


def _programme_rows(run, titles) -> list[dict]:
    out = []
    for p in run.summary.get("programmes", []):
        classes = [{"key": k, "label": _class_label(k), **v} for k, v in p["classes"].items() if v["seats"]]
        out.append(
            {
                **p,
                "title": titles.get(p["code"], p["code"]),
                "class_rows": classes,
                "countries": sorted(p["by_country"].items()),
            }
        )
    return out


def _class_label(key: str) -> str:
    if key.startswith("reserved:"):
        return _("reserved for %(country)s") % {"country": key.split(":", 1)[1]}
    return {"open": _("open competition"), "dereserved": _("released reserved seats")}.get(key, key)


CHART = {"width": 640, "bar": 22, "gap": 8, "left": 48, "right": 40}


def country_chart(run) -> dict:
    """Seats used per country over all programmes: horizontal bars (inline SVG drawn by the template)."""
    totals: dict[str, int] = {}
    for p in run.summary.get("programmes", []):
        for country, n in p["by_country"].items():
            totals[country] = totals.get(country, 0) + n
    top = max(totals.values(), default=0) or 1
    span = CHART["width"] - CHART["left"] - CHART["right"]
    bars = [
        {
            "country": c,
            "n": n,
            "y": i * (CHART["bar"] + CHART["gap"]),
            "w": round(span * n / top, 1),
            "text_y": i * (CHART["bar"] + CHART["gap"]) + CHART["bar"] / 2,
        }
        for i, (c, n) in enumerate(sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])))
    ]
    for bar in bars:
        bar["label_x"] = CHART["left"] + bar["w"] + 6
    return {
        **CHART,
        "label_left": CHART["left"] - 6,
        "bars": bars,
        "height": max(len(bars), 1) * (CHART["bar"] + CHART["gap"]),
    }


@login_required
@require_POST
def run_publish(request, pk):
    _committee(request)
    run = get_object_or_404(selectors.runs_visible_to(request.user), pk=pk)
    call_service(request, runs.run_publish, run=run, actor=request.user, success=_("Results published."))
    return redirect("scholarships:run", pk=pk)


@login_required
def spend(request, code):
    _committee(request)
    call = _call(request, code)
    return render(
        request, "frontend/scholarships/spend.html", {"call": call, "report": exports.spend_report(call)}
    )
