"""Faculty authoring pages (my courses, create, edit a draft, modules and lessons, reorder, preview, submit,
new draft) and the administrators' review queue (publish / send back). Thin: scoping comes from
courses.selectors (another author's course is a 404), every write is one courses.services call, whose
ApplicationError (translated in the user's language) is shown on the page; services are atomic, so a refused
step saves nothing."""

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
from frontend.forms_courses import (
    LANGUAGE_CHOICES,
    CommentForm,
    CompetencyMapForm,
    CourseCreateForm,
    LessonForm,
    ModuleForm,
    VersionForm,
)
from frontend.views_learning import lesson_video_player, nav_modules
from lms.errors import ApplicationError

# ---- scoping helpers --------------------------------------------------------------------------------------

def _require_author_role(user) -> None:
    if not permissions.can_create_courses(user):
        raise PermissionDenied


def _course(request, code: str):
    """A course the user may edit; another faculty member's course does not exist for them (404)."""
    _require_author_role(request.user)
    return get_object_or_404(selectors.courses_editable_by(request.user), code=code)


def _module(request, pk: int) -> Module:
    _require_author_role(request.user)
    return get_object_or_404(Module.objects.select_related("version__course"), pk=pk,
                             version__course__in=selectors.courses_editable_by(request.user))


def _lesson(request, pk: int) -> Lesson:
    _require_author_role(request.user)
    return get_object_or_404(Lesson.objects.select_related("module", "version__course"), pk=pk,
                             version__course__in=selectors.courses_editable_by(request.user))


def _show_error(request, exc: ApplicationError, form=None) -> None:
    """Next to its field when the service names one the form has, else as a page message."""
    field = exc.extra.get("field")
    if form is not None and field in form.fields:
        form.add_error(field, str(exc.message))
    else:
        messages.error(request, exc.message)


def _edit_url(course, anchor: str = "") -> str:
    return reverse("courses:edit", kwargs={"code": course.code}) + (f"#{anchor}" if anchor else "")


# ---- my courses, create -----------------------------------------------------------------------------------

@login_required
def my_courses(request):
    _require_author_role(request.user)
    courses = selectors.authoring_list(request.user).prefetch_related(
        Prefetch("versions", queryset=CourseVersion.objects.order_by("-number"), to_attr="all_versions"))
    rows = [{"course": c, "latest": c.all_versions[0] if c.all_versions else None} for c in courses]
    return render(request, "frontend/courses/authoring/my_courses.html", {
        "rows": rows, "can_review": permissions.can_review(request.user),
        "in_review": selectors.review_queue(request.user).count() if permissions.can_review(request.user) else 0,
    })


@login_required
def course_create(request):
    _require_author_role(request.user)
    form = CourseCreateForm(request.POST or None, initial={"languages": ["kk", "ru"], "delivery_format": "online"})
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        try:
            course = services.course_create(actor=request.user, **data)
        except ApplicationError as exc:
            _show_error(request, exc, form)
        else:
            messages.success(request, _("The course is created as a draft. Add modules and lessons."))
            return redirect("courses:edit", code=course.code)
    return render(request, "frontend/courses/authoring/course_create.html", {"form": form},
                  status=400 if form.errors else 200)


# ---- edit a draft -----------------------------------------------------------------------------------------

def _last_return_comment(version):
    entry = selectors.version_history(version).filter(action="courses.version.return").last()
    return (entry.after or {}).get("comment") if entry else None


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
            try:
                services.version_update(version=version, actor=request.user, **form.service_kwargs())
            except ApplicationError as exc:
                _show_error(request, exc, form)
            else:
                messages.success(request, _("The course is saved."))
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
        completeness = selectors.version_language_completeness(version)
        context.update({
            "completeness": [(code, name, completeness[code], code in version.language_list)
                             for code, name in LANGUAGE_CHOICES],
            "outline": selectors.version_outline(version), "module_form": ModuleForm(auto_id="new-module-%s"),
            "competency_form": _competency_form(version) if version.is_editable else None,
            "competencies": version.competencies.select_related("competency", "level"),
            "return_comment": _last_return_comment(version) if version.status == VersionStatus.DRAFT else None,
            "history": selectors.version_history(version),
        })
    return context


@login_required
@require_POST
def course_competencies(request, code: str):
    course = _course(request, code)
    version = selectors.working_version(course)
    if version is None:
        raise Http404
    form = _competency_form(version, request.POST)
    if form.is_valid():
        try:
            services.version_set_competencies(version=version, actor=request.user, items=form.items())
        except ApplicationError as exc:
            _show_error(request, exc)
        else:
            messages.success(request, _("Competencies are saved."))
    else:
        messages.error(request, _("Choose a level from the list."))
    return redirect(_edit_url(course, "competencies"))


@login_required
@require_POST
def course_submit(request, code: str):
    course = _course(request, code)
    version = selectors.working_version(course)
    if version is None:
        raise Http404
    try:
        services.version_submit(version=version, actor=request.user, comment=request.POST.get("comment", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The course is submitted for review."))
    return redirect("courses:edit", code=code)


@login_required
@require_POST
def course_new_draft(request, code: str):
    course = _course(request, code)
    try:
        services.version_new_draft(course=course, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("A new draft is copied from the published version."))
    return redirect("courses:edit", code=code)


# ---- modules ----------------------------------------------------------------------------------------------

def _form_page(request, template: str, form, **context):
    return render(request, f"frontend/courses/authoring/{template}", {"form": form, **context},
                  status=400 if form.errors else 200)


@login_required
def module_create(request, code: str):
    course = _course(request, code)
    version = selectors.working_version(course)
    if version is None:
        raise Http404
    form = ModuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            module = services.module_create(version=version, actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            _show_error(request, exc, form)
        else:
            messages.success(request, _("The module is added."))
            return redirect(_edit_url(course, f"module-{module.pk}"))
    return _form_page(request, "module_form.html", form, course=course, module=None)


@login_required
def module_edit(request, pk: int):
    module = _module(request, pk)
    course = module.version.course
    form = ModuleForm(request.POST or None, initial={f: getattr(module, f) for f in ModuleForm.base_fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.module_update(module=module, actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            _show_error(request, exc, form)
        else:
            messages.success(request, _("The module is saved."))
            return redirect(_edit_url(course, f"module-{module.pk}"))
    return _form_page(request, "module_form.html", form, course=course, module=module)


@login_required
def module_delete(request, pk: int):
    module = _module(request, pk)
    course = module.version.course
    if request.method == "POST":
        try:
            services.module_delete(module=module, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The module and its lessons are deleted."))
        return redirect(_edit_url(course, "outline"))
    return render(request, "frontend/courses/authoring/confirm_delete.html", {
        "course": course, "object": module, "lessons": module.lessons.count(), "is_module": True})


@login_required
@require_POST
def module_move(request, pk: int):
    module = _module(request, pk)
    try:
        services.module_move(module=module, position=_target(request, module), actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
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
        try:
            lesson = services.lesson_create(module=module, actor=request.user, **form.service_kwargs())
        except ApplicationError as exc:
            _show_error(request, exc, form)
        else:
            messages.success(request, _("The lesson is added."))
            return redirect(_edit_url(course, f"lesson-{lesson.pk}"))
    return _form_page(request, "lesson_form.html", form, course=course, module=module, lesson=None)


@login_required
def lesson_edit(request, pk: int):
    lesson = _lesson(request, pk)
    course = lesson.version.course
    form = LessonForm(request.POST or None, request.FILES or None, initial=LessonForm.initial_from(lesson))
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_update(lesson=lesson, actor=request.user, **form.service_kwargs())
        except ApplicationError as exc:
            _show_error(request, exc, form)
        else:
            messages.success(request, _("The lesson is saved."))
            return redirect(_edit_url(course, f"lesson-{lesson.pk}"))
    return _form_page(request, "lesson_form.html", form, course=course, module=lesson.module, lesson=lesson)


@login_required
def lesson_delete(request, pk: int):
    lesson = _lesson(request, pk)
    course = lesson.version.course
    if request.method == "POST":
        try:
            services.lesson_delete(lesson=lesson, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The lesson is deleted."))
        return redirect(_edit_url(course, f"module-{lesson.module_id}"))
    return render(request, "frontend/courses/authoring/confirm_delete.html", {
        "course": course, "object": lesson, "is_module": False})


@login_required
@require_POST
def lesson_move(request, pk: int):
    lesson = _lesson(request, pk)
    try:
        services.lesson_move(lesson=lesson, position=_target(request, lesson), actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
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


# ---- review (administrators) ------------------------------------------------------------------------------

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
    completeness = selectors.version_language_completeness(version)
    return render(request, "frontend/courses/authoring/review.html", {
        "version": version, "course": version.course, "outline": selectors.version_outline(version),
        "competencies": version.competencies.select_related("competency", "level"),
        "completeness": [(code_, name, completeness[code_], code_ in version.language_list)
                         for code_, name in LANGUAGE_CHOICES],
        "history": selectors.version_history(version), "form": CommentForm(),
    })


@login_required
@require_POST
def review_decide(request, code: str):
    version = _in_review(request, code)
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    publish = request.POST.get("decision") == "publish"
    try:
        if publish:
            services.version_publish(version=version, actor=request.user, comment=comment)
        else:
            services.version_return_to_draft(version=version, actor=request.user, comment=comment)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("courses:review", code=code)
    messages.success(request, _("The course is published.") if publish else _("The course is sent back to its authors."))
    return redirect("courses:review-queue")
