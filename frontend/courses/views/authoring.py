"""Faculty authoring pages: my courses, create, edit a draft, modules and lessons, reorder, preview, submit,
new draft. Thin: scoping comes from courses.selectors (another author's course is a 404), every write is one
courses.services call through `call_service`, which shows its refusal (translated in the user's language) next
to the field it names or as a message; services are atomic, so a refused step saves nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import permissions, selectors, services
from courses.models import CourseVersion, Lesson, Module, VersionStatus
from frontend.courses.forms import (
    LANGUAGE_CHOICES,
    CompetencyMapForm,
    CourseCreateForm,
    LessonForm,
    ModuleForm,
    VersionForm,
)
from frontend.courses.views.learning import lesson_video_player, nav_modules
from frontend.service_calls import call_service

# ---- scoping helpers --------------------------------------------------------------------------------------

def require_author_role(user) -> None:
    if not permissions.can_create_courses(user):
        raise PermissionDenied


def _course(request, code: str):
    """A course the user may edit; another faculty member's course does not exist for them (404)."""
    require_author_role(request.user)
    return get_object_or_404(selectors.courses_editable_by(request.user), code=code)


def _module(request, pk: int) -> Module:
    require_author_role(request.user)
    return get_object_or_404(selectors.modules_editable_by(request.user), pk=pk)


def _lesson(request, pk: int) -> Lesson:
    require_author_role(request.user)
    return get_object_or_404(selectors.lessons_editable_by(request.user), pk=pk)


def _working_version(course):
    version = selectors.working_version(course)
    if version is None:
        raise Http404
    return version


def _edit_url(course, anchor: str = "") -> str:
    return reverse("courses:edit", kwargs={"code": course.code}) + (f"#{anchor}" if anchor else "")


def language_rows(version) -> list[tuple]:
    """(code, name, completeness, is a language of delivery) per language, for the completeness table."""
    completeness = selectors.version_language_completeness(version)
    return [(code, name, completeness[code], code in version.language_list) for code, name in LANGUAGE_CHOICES]


# ---- my courses, create -----------------------------------------------------------------------------------

@login_required
def my_courses(request):
    require_author_role(request.user)
    courses = selectors.authoring_list(request.user).prefetch_related(
        Prefetch("versions", queryset=CourseVersion.objects.order_by("-number"), to_attr="all_versions"))
    rows = [{"course": c, "latest": c.all_versions[0] if c.all_versions else None} for c in courses]
    can_review = permissions.can_review(request.user)
    return render(request, "frontend/courses/authoring/my_courses.html", {
        "rows": rows, "can_review": can_review,
        "in_review": selectors.review_queue(request.user).count() if can_review else 0,
    })


@login_required
def course_create(request):
    require_author_role(request.user)
    form = CourseCreateForm(request.POST or None, initial={"languages": ["kk", "ru"], "delivery_format": "online"})
    if request.method == "POST" and form.is_valid():
        outcome = call_service(request, services.course_create, form=form,
                               success=_("The course is created as a draft. Add modules and lessons."),
                               actor=request.user, **form.service_kwargs())
        if outcome.ok:
            return redirect("courses:edit", code=outcome.value.code)
    return render(request, "frontend/courses/authoring/course_create.html", {"form": form},
                  status=400 if form.errors else 200)


# ---- edit a draft -----------------------------------------------------------------------------------------

def _competency_form(version, data=None):
    options = selectors.catalog_filter_options()
    return CompetencyMapForm(data, competencies=options.competencies, levels=options.levels,
                             initial=CompetencyMapForm.initial_from(version.competencies.all()))


@login_required
def course_edit(request, code: str):
    course = _course(request, code)
    version = selectors.working_version(course)
    form = None
    if version is not None and version.is_editable:
        form = VersionForm(request.POST or None, initial=VersionForm.initial_from(version))
        if request.method == "POST" and form.is_valid():
            if call_service(request, services.version_update, form=form, success=_("The course is saved."),
                            version=version, actor=request.user, **form.service_kwargs()).ok:
                return redirect("courses:edit", code=code)
    elif request.method == "POST":
        messages.error(request, _("Only a draft can be edited."))
        return redirect("courses:edit", code=code)
    return render(request, "frontend/courses/authoring/edit.html", _edit_context(request, course, version, form),
                  status=400 if form is not None and form.errors else 200)


def _edit_context(request, course, version, form):
    context = {"course": course, "version": version, "form": form, "published": course.published_version,
               "can_review": permissions.can_review(request.user)}
    if version is not None:
        context.update({
            "completeness": language_rows(version),
            "outline": selectors.version_outline(version), "module_form": ModuleForm(auto_id="new-module-%s"),
            "competency_form": _competency_form(version) if version.is_editable else None,
            "competencies": version.competencies.select_related("competency", "level"),
            "return_comment": selectors.last_return_comment(version)
            if version.status == VersionStatus.DRAFT else None,
            "history": selectors.version_history(version),
        })
    return context


@login_required
@require_POST
def course_competencies(request, code: str):
    course = _course(request, code)
    version = _working_version(course)
    form = _competency_form(version, request.POST)
    if form.is_valid():
        call_service(request, services.version_set_competencies, success=_("Competencies are saved."),
                     version=version, actor=request.user, items=form.items())
    else:
        messages.error(request, _("Choose a level from the list."))
    return redirect(_edit_url(course, "competencies"))


@login_required
@require_POST
def course_submit(request, code: str):
    version = _working_version(_course(request, code))
    call_service(request, services.version_submit, success=_("The course is submitted for review."),
                 version=version, actor=request.user, comment=request.POST.get("comment", ""))
    return redirect("courses:edit", code=code)


@login_required
@require_POST
def course_new_draft(request, code: str):
    course = _course(request, code)
    call_service(request, services.version_new_draft,
                 success=_("A new draft is copied from the published version."), course=course, actor=request.user)
    return redirect("courses:edit", code=code)


# ---- modules ----------------------------------------------------------------------------------------------

def _form_page(request, template: str, form, **context):
    return render(request, f"frontend/courses/authoring/{template}", {"form": form, **context},
                  status=400 if form.errors else 200)


@login_required
def module_create(request, code: str):
    course = _course(request, code)
    version = _working_version(course)
    form = ModuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = call_service(request, services.module_create, form=form, success=_("The module is added."),
                               version=version, actor=request.user, **form.cleaned_data)
        if outcome.ok:
            return redirect(_edit_url(course, f"module-{outcome.value.pk}"))
    return _form_page(request, "module_form.html", form, course=course, module=None)


@login_required
def module_edit(request, pk: int):
    module = _module(request, pk)
    course = module.version.course
    form = ModuleForm(request.POST or None, initial={f: getattr(module, f) for f in ModuleForm.base_fields})
    if request.method == "POST" and form.is_valid():
        if call_service(request, services.module_update, form=form, success=_("The module is saved."),
                        module=module, actor=request.user, **form.cleaned_data).ok:
            return redirect(_edit_url(course, f"module-{module.pk}"))
    return _form_page(request, "module_form.html", form, course=course, module=module)


@login_required
def module_delete(request, pk: int):
    module = _module(request, pk)
    course = module.version.course
    if request.method == "POST":
        call_service(request, services.module_delete, success=_("The module and its lessons are deleted."),
                     module=module, actor=request.user)
        return redirect(_edit_url(course, "outline"))
    return render(request, "frontend/courses/authoring/confirm_delete.html", {
        "course": course, "object": module, "lessons": module.lessons.count(), "is_module": True})


@login_required
@require_POST
def module_move(request, pk: int):
    module = _module(request, pk)
    call_service(request, services.module_move, module=module, position=_target(request, module),
                 actor=request.user)
    return redirect(_edit_url(module.version.course, f"module-{module.pk}"))


def _target(request, item) -> int:
    return max(1, item.position - 1) if request.POST.get("direction") == "up" else item.position + 1


# ---- lessons ----------------------------------------------------------------------------------------------

@login_required
def lesson_create(request, pk: int):
    module = _module(request, pk)
    course = module.version.course
    form = LessonForm(request.POST or None, request.FILES or None, initial={"kind": "text", "completion_rule": "marked"})
    if request.method == "POST" and form.is_valid():
        outcome = call_service(request, services.lesson_create, form=form, success=_("The lesson is added."),
                               module=module, actor=request.user, **form.service_kwargs())
        if outcome.ok:
            return redirect(_edit_url(course, f"lesson-{outcome.value.pk}"))
    return _form_page(request, "lesson_form.html", form, course=course, module=module, lesson=None)


@login_required
def lesson_edit(request, pk: int):
    lesson = _lesson(request, pk)
    course = lesson.version.course
    form = LessonForm(request.POST or None, request.FILES or None, initial=LessonForm.initial_from(lesson))
    if request.method == "POST" and form.is_valid():
        if call_service(request, services.lesson_update, form=form, success=_("The lesson is saved."),
                        lesson=lesson, actor=request.user, **form.service_kwargs()).ok:
            return redirect(_edit_url(course, f"lesson-{lesson.pk}"))
    return _form_page(request, "lesson_form.html", form, course=course, module=lesson.module, lesson=lesson)


@login_required
def lesson_delete(request, pk: int):
    lesson = _lesson(request, pk)
    course = lesson.version.course
    if request.method == "POST":
        call_service(request, services.lesson_delete, success=_("The lesson is deleted."),
                     lesson=lesson, actor=request.user)
        return redirect(_edit_url(course, f"module-{lesson.module_id}"))
    return render(request, "frontend/courses/authoring/confirm_delete.html", {
        "course": course, "object": lesson, "is_module": False})


@login_required
@require_POST
def lesson_move(request, pk: int):
    lesson = _lesson(request, pk)
    call_service(request, services.lesson_move, lesson=lesson, position=_target(request, lesson),
                 actor=request.user)
    return redirect(_edit_url(lesson.version.course, f"lesson-{lesson.pk}"))


# ---- preview as a learner ---------------------------------------------------------------------------------

@login_required
def preview(request, code: str, lesson_id: int | None = None):
    course = _course(request, code)
    version = selectors.working_version(course) or course.published_version
    if version is None:
        raise Http404
    outline = selectors.version_outline(version)
    flat = [les for module in outline for les in module.ordered_lessons]
    current = None
    if lesson_id is not None:
        current = next((les for les in flat if les.pk == lesson_id), None)
        if current is None:
            raise Http404
    elif flat:
        current = flat[0]
    index = flat.index(current) if current else 0
    return render(request, "frontend/courses/player.html", {
        "course": course, "version": version, "outline": outline, "lesson": current, "preview": True,
        "module": next((m for m in outline if current and m.pk == current.module_id), None),
        "previous": flat[index - 1] if current and index else None,
        "next": flat[index + 1] if current and index + 1 < len(flat) else None,
        "competencies": version.competencies.select_related("competency", "level"),
        "nav_modules": nav_modules(outline),
        "video_player": lesson_video_player(request, current, track=False) if current else None,
    })
