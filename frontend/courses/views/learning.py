"""Learner pages of the courses: catalog, course page, the player (resume, mark complete with htmx or a plain
POST) and "my learning". Thin: reads from courses.selectors, writes through courses.services."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import selectors, services
from courses.cache import catalog_version
from courses.models import Lesson
from frontend.courses.forms import PER_PAGE, CatalogForm
from frontend.media.views.player import player_context
from frontend.service_calls import call_service
from media.selectors import asset_visible_to


@login_required
def catalog(request):
    """The page body is the same for every signed-in reader of a language: cached for CATALOG_CACHE_SECONDS per
    language, query string and catalog version (courses.cache; any write to courses, versions, their competencies,
    types, providers or the competency framework makes a new key). Not cached: searches (they also read video
    transcripts) and pages with errors."""
    seconds = settings.CATALOG_CACHE_SECONDS
    key = None
    if seconds and not request.GET.get("q"):
        raw = repr((get_language(), sorted(request.GET.lists()), catalog_version()))
        key = "catalog-page:" + hashlib.sha256(raw.encode()).hexdigest()
    body = cache.get(key) if key else None
    status = 200
    if body is None:
        body, status = _catalog_body(request)
        if key and status == 200:
            cache.set(key, body, seconds)
    return render(request, "frontend/courses/catalog.html", {"body": body}, status=status)


def _catalog_body(request):
    options = selectors.catalog_filter_options()
    form = CatalogForm(request.GET or None, options=options)
    if form.is_bound and form.is_valid():
        versions = selectors.catalog(**form.selector_kwargs())
    elif form.is_bound:
        versions = selectors.catalog().none()
    else:
        versions = selectors.catalog()
    per_page = _per_page(request)
    page = Paginator(versions, per_page).get_page(request.GET.get("page"))
    return render_to_string("frontend/courses/_catalog_body.html", {
        "form": form, "page": page, "per_page": per_page, "per_page_choices": PER_PAGE,
        "filtered": form.is_bound and any(v for k, v in request.GET.items() if k not in ("page", "per_page", "sort")),
    }, request), 400 if form.errors else 200


def _per_page(request) -> int:
    value = request.GET.get("per_page", "")
    return int(value) if value.isdigit() and int(value) in PER_PAGE else PER_PAGE[0]


def _course_and_version(request, code: str):
    found = selectors.course_for_learner(request.user, code)
    if found is None:
        raise Http404
    return found


def _course_version_progress(request, code: str):
    """(course, version, the learner's progress in it or None): course_for_learner and progress_for at once."""
    found = selectors.learner_course(request.user, code)
    if found is None:
        raise Http404
    return found


@login_required
def course_detail(request, code: str):
    course, version, progress = _course_version_progress(request, code)
    outline = selectors.version_outline(version)
    summary = selectors.progress_summary(progress, outline) if progress else None
    return render(request, "frontend/courses/course_detail.html", {
        "course": course, "version": version, "outline": outline,
        "has_lessons": any(module.ordered_lessons for module in outline),
        "competencies": version.competencies.select_related("competency", "level"),
        "progress": progress, "summary": summary,
        "newer": course.published_version_id and course.published_version_id != version.pk,
    })


@login_required
@require_POST
def course_start(request, code: str):
    course, _version = _course_and_version(request, code)
    if not call_service(request, services.course_start, user=request.user, course=course).ok:
        return redirect("courses:detail", code=code)
    return redirect("courses:learn", code=code)


@login_required
def learn(request, code: str):
    """Resume where the learner left off."""
    course, version = _course_and_version(request, code)
    progress = selectors.progress_for(request.user, version)
    if progress is None:
        return redirect("courses:detail", code=code)
    lesson = selectors.resume_lesson(progress)
    if lesson is None:
        messages.info(request, _("This course has no lessons yet."))
        return redirect("courses:detail", code=code)
    return redirect("courses:lesson", code=code, lesson_id=lesson.pk)


def _player_context(request, course, version, progress, lesson):
    outline = selectors.version_outline(version)
    summary = selectors.progress_summary(progress, outline)
    flat = [les for module in outline for les in module.ordered_lessons]
    index = next(i for i, les in enumerate(flat) if les.pk == lesson.pk)
    return {
        "course": course, "version": version, "progress": progress, "summary": summary, "outline": outline,
        "lesson": lesson, "module": next(m for m in outline if m.pk == lesson.module_id),
        "previous": flat[index - 1] if index else None, "next": flat[index + 1] if index + 1 < len(flat) else None,
        "done": lesson.pk in summary.completed_lesson_ids, "preview": False,
        "nav_modules": nav_modules(outline, summary),
    }


def nav_modules(outline, summary=None) -> list[dict]:
    """The player's sidebar: each module with its lessons and (for a learner) its progress."""
    by_module = {m.module.pk: m for m in summary.modules} if summary else {}
    return [{"module": m, "progress": by_module.get(m.pk)} for m in outline]


@login_required
def lesson(request, code: str, lesson_id: int):
    course, version, progress = _course_version_progress(request, code)
    if progress is None:
        messages.info(request, _("Start the course to take its lessons."))
        return redirect("courses:detail", code=code)
    current = get_object_or_404(Lesson.objects.select_related("video"), pk=lesson_id, version=version)
    services.lesson_open(user=request.user, lesson=current)
    return render(request, "frontend/courses/player.html",
                  {**_player_context(request, course, version, progress, current),
                   "video_player": lesson_video_player(request, current, track=True)})


def lesson_video_player(request, lesson, *, track: bool) -> dict | None:
    """The media player's context for a video lesson whose video the viewer may watch (a learner of the
    course may: media.selectors.asset_visible_to), else None."""
    if lesson.kind != "video" or lesson.video is None or not asset_visible_to(request.user, lesson.video):
        return None
    return player_context(request, lesson.video, track=track)


@login_required
@require_POST
def lesson_complete(request, code: str, lesson_id: int):
    course, version = _course_and_version(request, code)
    current = get_object_or_404(Lesson, pk=lesson_id, version=version)
    # htmx shows a refusal inside the swapped fragment; a plain POST shows it as a page message
    outcome = call_service(request, services.lesson_mark_complete, quiet=bool(request.htmx),
                           success=None if request.htmx else _("Lesson completed."),
                           user=request.user, lesson=current)
    error = outcome.message or None
    if request.htmx:
        progress = selectors.progress_for(request.user, version)
        if progress is None:
            raise Http404
        context = _player_context(request, course, version, progress, current)
        context["error"] = error
        return render(request, "frontend/courses/_player_update.html", context, status=400 if error else 200)
    return redirect(reverse("courses:lesson", kwargs={"code": code, "lesson_id": current.pk}))


@login_required
def my_learning(request):
    rows = list(selectors.my_learning(request.user))
    return render(request, "frontend/courses/my_learning.html", {
        "in_progress": [p for p in rows if p.completed_at is None],
        "completed": [p for p in rows if p.completed_at is not None],
    })
