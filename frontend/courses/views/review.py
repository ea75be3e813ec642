"""The administrators' review queue of submitted course versions: read, then publish or send back."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import permissions, selectors, services
from frontend.courses.forms import CommentForm
from frontend.courses.views.authoring import language_rows
from frontend.service_calls import call_service


def _require_reviewer(user) -> None:
    if not permissions.can_review(user):
        raise PermissionDenied


@login_required
def review_queue(request):
    _require_reviewer(request.user)
    return render(request, "frontend/courses/authoring/review_queue.html",
                  {"versions": selectors.review_queue(request.user)})


def _in_review(request, code: str):
    _require_reviewer(request.user)
    return get_object_or_404(selectors.review_queue(request.user), course__code=code)


@login_required
def review(request, code: str):
    version = _in_review(request, code)
    return render(request, "frontend/courses/authoring/review.html", {
        "version": version, "course": version.course, "outline": selectors.version_outline(version),
        "competencies": version.competencies.select_related("competency", "level"),
        "completeness": language_rows(version),
        "history": selectors.version_history(version), "form": CommentForm(),
    })


@login_required
@require_POST
def review_decide(request, code: str):
    version = _in_review(request, code)
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    if request.POST.get("decision") == "publish":
        service, success = services.version_publish, _("The course is published.")
    else:
        service, success = services.version_return_to_draft, _("The course is sent back to its authors.")
    if not call_service(request, service, success=success, version=version, actor=request.user, comment=comment).ok:
        return redirect("courses:review", code=code)
    return redirect("courses:review-queue")
