"""Writes for courses: authoring (course, version, modules, lessons, competency mapping), the review workflow
draft -> in review -> published -> archived, and new drafts copied from the published version. Every write is
atomic and audited; a published version is frozen (services refuse edits, PostgreSQL triggers too).

Learner-side writes (start, open, mark complete) live in courses.services_learning and are re-exported here."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import permissions
from courses.cache import catalog_changed
from courses.lesson_kinds import get_kind
from courses.models import (
    LANGUAGES,
    CompletionRule,
    Course,
    CourseCompetency,
    CourseType,
    CourseVersion,
    DeliveryFormat,
    Lesson,
    Module,
    Provider,
    VersionStatus,
)
from courses.search import build_search_text
from courses.selectors import version_language_completeness
from courses.services_learning import (  # noqa: F401  (re-exported: one face for other apps)
    course_start,
    lesson_complete_by_kind,
    lesson_mark_complete,
    lesson_open,
    lesson_record_video_progress,
)
from lms.audit import audit_record
from lms.errors import ApplicationError

CODE_RE = re.compile(r"[A-Z0-9][A-Z0-9-]{1,31}")
VERSION_FIELDS = ("title_kk", "title_ru", "title_en", "summary_kk", "summary_ru", "summary_en", "course_type",
                  "provider", "delivery_format", "languages", "hours")
MODULE_FIELDS = ("title_kk", "title_ru", "title_en")
LESSON_FIELDS = ("kind", "title_kk", "title_ru", "title_en", "body_kk", "body_ru", "body_en", "video", "file",
                 "url", "duration_minutes", "completion_rule", "completion_param")


# ---- validation -------------------------------------------------------------------------------------------

def normalize_languages(value) -> str:
    """["en", "kk"] or "kk,en" or "kk en" -> "kk en" (kk-ru-en order). At least one is required."""
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value or [])
    unknown = [x for x in items if x not in LANGUAGES]
    if unknown:
        raise ApplicationError("bad_language", _("Languages of delivery must be among kk, ru, en."),
                               extra={"field": "languages"})
    if not items:
        raise ApplicationError("no_language", _("Choose at least one language of delivery."),
                               extra={"field": "languages"})
    return " ".join(lang for lang in LANGUAGES if lang in items)


def check_hours(course_type: CourseType, hours) -> None:
    """The hours rule of the course type; a clear translated error naming the bounds."""
    if hours is None or int(hours) < 1:
        raise ApplicationError("bad_hours", _("Enter the number of academic hours."), extra={"field": "hours"})
    lo, hi, name = course_type.min_hours, course_type.max_hours, course_type.name
    if (lo is None or hours >= lo) and (hi is None or hours <= hi):
        return
    values = {"type": name, "min": lo, "max": hi, "hours": hours}
    if lo is not None and hi is not None:
        message = _("%(type)s must last from %(min)d to %(max)d academic hours (this course: %(hours)d).") % values
    elif lo is not None:
        message = _("%(type)s must last at least %(min)d academic hours (this course: %(hours)d).") % values
    else:
        message = _("%(type)s must last at most %(max)d academic hours (this course: %(hours)d).") % values
    raise ApplicationError("hours_out_of_range", message, extra={"field": "hours", "min": lo, "max": hi})


def _check_version(version: CourseVersion) -> None:
    if version.delivery_format not in DeliveryFormat.values:
        raise ApplicationError("bad_format", _("Unknown format."), extra={"field": "delivery_format"})
    version.languages = normalize_languages(version.languages)
    check_hours(version.course_type, version.hours)
    if not (version.title_kk or version.title_ru or version.title_en):
        raise ApplicationError("no_title", _("Give the course a title in at least one language."),
                               extra={"field": "title"})


def check_publishable(version: CourseVersion) -> None:
    """Hours rule, every delivery language complete, lessons for self-paced courses."""
    _check_version(version)
    completeness = version_language_completeness(version)
    missing = {lang: completeness[lang]["missing"] for lang in version.language_list
               if not completeness[lang]["complete"]}
    if missing:
        names = {"kk": _("Kazakh"), "ru": _("Russian"), "en": _("English")}
        parts = [f"{names[lang]}: {', '.join(items)}" for lang, items in missing.items()]
        raise ApplicationError(
            "translation_missing",
            _("The course cannot be published: texts are missing in its languages of delivery. %(list)s.")
            % {"list": "; ".join(parts)},
            extra={"missing": missing},
        )
    if not version.lessons.exists():  # nothing to start: the catalog would offer an empty course
        raise ApplicationError("no_lessons", _("A course needs at least one lesson before it is published."))


def _require_draft(version: CourseVersion) -> None:
    if version.frozen or version.status != VersionStatus.DRAFT:
        raise ApplicationError(
            "version_not_editable",
            _("Only a draft can be edited; this version is %(status)s.") % {"status": version.get_status_display()},
            http_status=409,
        )


def _require_status(version: CourseVersion, status: str) -> None:
    if version.status != status:
        raise ApplicationError("bad_transition", _("This version is %(status)s; the step is not possible.")
                               % {"status": version.get_status_display()}, http_status=409)


def _locked(version: CourseVersion) -> CourseVersion:
    """Re-read the version under a row lock so two reviewers cannot move it at once."""
    return CourseVersion.objects.select_for_update().select_related("course", "course_type", "provider").get(
        pk=version.pk)


def _refresh_search(version: CourseVersion) -> None:
    text = build_search_text(version, version.competencies.select_related("competency"))
    if text != version.search_text:
        version.search_text = text
        CourseVersion.objects.filter(pk=version.pk).update(search_text=text)
        catalog_changed()


def _audit(actor, action: str, version: CourseVersion, *, summary: str = "", **after) -> None:
    audit_record(actor=actor, action=f"courses.{action}", obj=version,
                 summary=summary or f"{version.course.code} v{version.number}", after=after or None)


# ---- courses and versions ---------------------------------------------------------------------------------

@transaction.atomic
def course_create(*, actor, code: str, course_type: CourseType, provider: Provider, hours: int,
                  languages="ru", delivery_format: str = DeliveryFormat.ONLINE, **texts) -> Course:
    """A new course with version 1 as a draft; the creating faculty member becomes its author."""
    permissions.require_create(actor)
    code = (code or "").strip().upper()
    if Course.objects.filter(code=code).exists():
        raise ApplicationError("course_code_taken", _("A course with code %(code)s exists.") % {"code": code},
                               extra={"field": "code"})
    unknown = set(texts) - set(VERSION_FIELDS)
    if unknown:
        raise ApplicationError("bad_field", _("Unknown fields: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    if not CODE_RE.fullmatch(code):
        raise ApplicationError("bad_code", _("A course code is 2-32 capital letters, digits and hyphens."),
                               extra={"field": "code"})
    course = Course(code=code, created_by=actor)
    version = CourseVersion(number=1, course_type=course_type, provider=provider, hours=hours,
                            languages=languages, delivery_format=delivery_format, created_by=actor, **texts)
    _check_version(version)
    course.save()
    version.course = course
    version.save()
    if actor is not None:
        course.authors.add(actor)
    _refresh_search(version)
    _audit(actor, "course.create", version, code=code)
    return course


@transaction.atomic
def version_update(*, version: CourseVersion, actor, **fields) -> CourseVersion:
    """Edit a draft's texts and catalog attributes (hours are checked against the type on every save)."""
    version = _locked(version)
    permissions.require_edit(actor, version.course)
    _require_draft(version)
    unknown = set(fields) - set(VERSION_FIELDS)
    if unknown:
        raise ApplicationError("bad_field", _("Unknown fields: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    before = {k: _plain(getattr(version, k)) for k in fields}
    for name, value in fields.items():
        setattr(version, name, value)
    _check_version(version)
    version.save()
    _refresh_search(version)
    changed = {k: _plain(getattr(version, k)) for k in fields if before[k] != _plain(getattr(version, k))}
    if changed:
        audit_record(actor=actor, action="courses.version.update", obj=version,
                     summary=f"{version.course.code} v{version.number}: {', '.join(changed)}",
                     before={k: before[k] for k in changed}, after=changed)
    return version


def _plain(value):
    return value.pk if hasattr(value, "pk") else value


@transaction.atomic
def course_set_authors(*, course: Course, authors, actor) -> None:
    permissions.require_edit(actor, course)
    if not authors:
        raise ApplicationError("no_authors", _("A course needs at least one author."))
    before = sorted(course.authors.values_list("username", flat=True))
    course.authors.set(authors)
    course._author_ids = None
    audit_record(actor=actor, action="courses.course.authors", obj=course, summary=course.code,
                 before={"authors": before}, after={"authors": sorted(a.username for a in authors)})


@transaction.atomic
def version_set_competencies(*, version: CourseVersion, actor, items: list[dict]) -> list[CourseCompetency]:
    """Replace the mapping: items = [{"competency": Competency, "level": ScaleLevel, "weight": int|None}]."""
    version = _locked(version)
    permissions.require_edit(actor, version.course)
    _require_draft(version)
    seen = set()
    rows = []
    for item in items:
        comp, level, weight = item["competency"], item["level"], item.get("weight")
        if level.framework_id != comp.framework_id:
            raise ApplicationError("level_not_in_framework",
                                   _("The level must come from the competency's own framework."))
        if comp.pk in seen:
            raise ApplicationError("duplicate_competency", _("Each competency may be listed once."))
        if weight is not None and not 1 <= int(weight) <= 100:
            raise ApplicationError("bad_weight", _("A weight is a percentage from 1 to 100."))
        seen.add(comp.pk)
        rows.append(CourseCompetency(version=version, competency=comp, level=level, weight=weight))
    version.competencies.all().delete()
    created = CourseCompetency.objects.bulk_create(rows)
    catalog_changed()
    _refresh_search(version)
    _audit(actor, "version.competencies", version,
           competencies={r.competency.idnumber: r.level.value for r in rows})
    return created


# ---- modules and lessons ----------------------------------------------------------------------------------

def _renumber(model, items: list, moved, position: int | None) -> None:
    """Put `moved` at 1-based `position` (None/past the end = last) and renumber 1..n in one UPDATE."""
    others = [x for x in items if x.pk != moved.pk]
    index = len(others) if position is None else max(0, min(int(position) - 1, len(others)))
    ordered = [*others[:index], moved, *others[index:]]
    for number, item in enumerate(ordered, start=1):
        item.position = number
    model.objects.bulk_update(ordered, ["position"])


def _texts(fields: dict, allowed: tuple[str, ...]) -> dict:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ApplicationError("bad_field", _("Unknown fields: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    return fields


@transaction.atomic
def module_create(*, version: CourseVersion, actor, position: int | None = None, **titles) -> Module:
    version = _locked(version)
    permissions.require_edit(actor, version.course)
    _require_draft(version)
    module = Module(version=version, position=0, **_texts(titles, MODULE_FIELDS))
    module.save()
    _renumber(Module, list(version.modules.exclude(pk=module.pk).order_by("position", "id")), module, position)
    _audit(actor, "module.create", version, module=module.pk)
    return module


@transaction.atomic
def module_update(*, module: Module, actor, **titles) -> Module:
    version = _locked(module.version)
    permissions.require_edit(actor, version.course)
    _require_draft(version)
    for name, value in _texts(titles, MODULE_FIELDS).items():
        setattr(module, name, value)
    module.save(update_fields=list(titles) or None)
    _refresh_search(version)
    _audit(actor, "module.update", version, module=module.pk)
    return module


@transaction.atomic
def module_delete(*, module: Module, actor) -> None:
    version = _locked(module.version)
    permissions.require_edit(actor, version.course)
    _require_draft(version)
    pk = module.pk
    module.delete()
    rest = list(version.modules.order_by("position", "id"))
    if rest:
        _renumber(Module, rest, rest[-1], None)
    _audit(actor, "module.delete", version, module=pk)


@transaction.atomic
def module_move(*, module: Module, position: int, actor) -> Module:
    version = _locked(module.version)
    permissions.require_edit(actor, version.course)
    _require_draft(version)
    _renumber(Module, list(version.modules.order_by("position", "id")), module, position)
    _audit(actor, "module.move", version, module=module.pk, position=module.position)
    return module


def _clean_lesson(lesson: Lesson) -> None:
    try:
        kind = get_kind(lesson.kind)
        kind.clean(lesson)
    except ValidationError as exc:  # the kind's validator -> one clear API error naming the field
        field, messages = next(iter(exc.message_dict.items()))
        raise ApplicationError("bad_lesson", messages[0], extra={"field": field}) from None
    if len(kind.completion_rules) == 1:  # the kind decides (a quiz: "passed"), whatever the form sent
        lesson.completion_rule = kind.completion_rules[0]
    if lesson.completion_rule not in kind.completion_rules:
        raise ApplicationError("bad_completion_rule", _("This completion rule does not apply to this kind of lesson."),
                               extra={"field": "completion_rule"})
    if lesson.completion_rule == CompletionRule.VIDEO_SHARE:
        if lesson.completion_param is None or not 1 <= int(lesson.completion_param) <= 100:
            raise ApplicationError("bad_completion_param", _("Give the share of the video to watch, 1 to 100 %."),
                                   extra={"field": "completion_param"})
    else:
        lesson.completion_param = None


@transaction.atomic
def lesson_create(*, module: Module, actor, kind: str = "text", position: int | None = None, **fields) -> Lesson:
    version = _locked(module.version)
    permissions.require_edit(actor, version.course)
    _require_draft(version)
    lesson = Lesson(version=version, module=module, position=0, kind=kind, **_texts(fields, LESSON_FIELDS))
    _clean_lesson(lesson)
    lesson.save()
    _renumber(Lesson, list(module.lessons.exclude(pk=lesson.pk).order_by("position", "id")), lesson, position)
    _refresh_search(version)
    _audit(actor, "lesson.create", version, lesson=lesson.pk, kind=kind)
    return lesson


@transaction.atomic
def lesson_update(*, lesson: Lesson, actor, **fields) -> Lesson:
    version = _locked(lesson.version)
    permissions.require_edit(actor, version.course)
    _require_draft(version)
    for name, value in _texts(fields, LESSON_FIELDS).items():
        setattr(lesson, name, value)
    _clean_lesson(lesson)
    lesson.save()
    _audit(actor, "lesson.update", version, lesson=lesson.pk, fields=sorted(fields))
    return lesson


@transaction.atomic
def lesson_delete(*, lesson: Lesson, actor) -> None:
    version = _locked(lesson.version)
    permissions.require_edit(actor, version.course)
    _require_draft(version)
    module, pk = lesson.module, lesson.pk
    lesson.delete()
    rest = list(module.lessons.order_by("position", "id"))
    if rest:
        _renumber(Lesson, rest, rest[-1], None)
    _audit(actor, "lesson.delete", version, lesson=pk)


@transaction.atomic
def lesson_move(*, lesson: Lesson, position: int, actor, module: Module | None = None) -> Lesson:
    """Reorder within its module, or move to `module` (same version) at `position`."""
    version = _locked(lesson.version)
    permissions.require_edit(actor, version.course)
    _require_draft(version)
    source = lesson.module
    target = module or source
    if target.version_id != version.pk:
        raise ApplicationError("bad_module", _("A lesson can move only between modules of the same version."))
    if target.pk != source.pk:
        lesson.module = target
        lesson.save(update_fields=["module"])
        rest = list(source.lessons.order_by("position", "id"))
        if rest:
            _renumber(Lesson, rest, rest[-1], None)
    _renumber(Lesson, list(target.lessons.order_by("position", "id")), lesson, position)
    _audit(actor, "lesson.move", version, lesson=lesson.pk, module=target.pk, position=lesson.position)
    return lesson


# ---- workflow ---------------------------------------------------------------------------------------------

@transaction.atomic
def version_submit(*, version: CourseVersion, actor, comment: str = "") -> CourseVersion:
    """Author: draft -> in review. Refused while hours or translations are not ready."""
    version = _locked(version)
    permissions.require_edit(actor, version.course)
    _require_status(version, VersionStatus.DRAFT)
    check_publishable(version)
    version.status = VersionStatus.IN_REVIEW
    version.submitted_at = timezone.now()
    version.save(update_fields=["status", "submitted_at", "languages"])
    _audit(actor, "version.submit", version, comment=comment, **{"from": "draft", "to": "in_review"})
    return version


@transaction.atomic
def version_return_to_draft(*, version: CourseVersion, actor, comment: str) -> CourseVersion:
    """Reviewer: in review -> draft, saying why."""
    permissions.require_review(actor)
    version = _locked(version)
    _require_status(version, VersionStatus.IN_REVIEW)
    if not (comment or "").strip():
        raise ApplicationError("comment_required", _("Say what must change before the course can be published."),
                               extra={"field": "comment"})
    version.status = VersionStatus.DRAFT
    version.save(update_fields=["status"])
    _audit(actor, "version.return", version, summary=f"{version.course.code} v{version.number}: {comment}",
           comment=comment, **{"from": "in_review", "to": "draft"})
    return version


@transaction.atomic
def version_publish(*, version: CourseVersion, actor, comment: str = "") -> CourseVersion:
    """Reviewer: in review -> published. The version freezes; the previously published one is archived
    (learners who started it keep it)."""
    permissions.require_review(actor)
    version = _locked(version)
    _require_status(version, VersionStatus.IN_REVIEW)
    check_publishable(version)
    course = Course.objects.select_for_update().get(pk=version.course_id)
    now = timezone.now()
    previous = course.published_version
    if previous is not None:
        CourseVersion.objects.filter(pk=previous.pk).update(status=VersionStatus.ARCHIVED, archived_at=now)
        catalog_changed()
    version.search_text = build_search_text(version, version.competencies.select_related("competency"))
    version.status, version.frozen = VersionStatus.PUBLISHED, True
    version.published_at, version.published_by = now, actor
    version.save(update_fields=["status", "frozen", "published_at", "published_by", "search_text"])
    course.published_version = version
    course.save(update_fields=["published_version"])
    _audit(actor, "version.publish", version, comment=comment, previous=previous.number if previous else None,
           **{"from": "in_review", "to": "published"})
    return version


@transaction.atomic
def course_archive(*, course: Course, actor, comment: str = "") -> Course:
    """Reviewer: take the course out of the catalog. Learners who started it keep their version."""
    permissions.require_review(actor)
    course = Course.objects.select_for_update().get(pk=course.pk)
    version = course.published_version
    if version is None:
        raise ApplicationError("not_published", _("The course is not in the catalog."), http_status=409)
    CourseVersion.objects.filter(pk=version.pk).update(status=VersionStatus.ARCHIVED, archived_at=timezone.now())
    catalog_changed()
    course.published_version = None
    course.save(update_fields=["published_version"])
    version.refresh_from_db()
    _audit(actor, "version.archive", version, comment=comment, **{"from": "published", "to": "archived"})
    return course


@transaction.atomic
def version_new_draft(*, course: Course, actor) -> CourseVersion:
    """A new draft copied from the published version (or the latest one): modules, lessons and competency
    mapping in three bulk inserts."""
    permissions.require_edit(actor, course)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.IN_REVIEW]).exists():
        raise ApplicationError("draft_exists", _("This course already has a draft or a version in review."),
                               http_status=409)
    source = course.published_version or course.versions.order_by("-number").first()
    number = (course.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = CourseVersion.objects.create(
        course=course, number=number, created_by=actor, search_text=source.search_text,
        **{f: getattr(source, f) for f in VERSION_FIELDS},
    )
    _copy_content(source, draft)
    _audit(actor, "version.new_draft", draft, source=source.number)
    return draft


def _copy_content(source: CourseVersion, draft: CourseVersion) -> None:
    modules = list(source.modules.order_by("position", "id"))
    copies = Module.objects.bulk_create(
        [Module(version=draft, position=m.position, **{f: getattr(m, f) for f in MODULE_FIELDS}) for m in modules])
    new_module = {old.pk: new.pk for old, new in zip(modules, copies, strict=True)}
    lesson_fields = [f for f in LESSON_FIELDS if f != "video"]
    Lesson.objects.bulk_create([
        Lesson(version=draft, module_id=new_module[les.module_id], position=les.position, video_id=les.video_id,
               **{f: getattr(les, f) for f in lesson_fields})
        for les in source.lessons.all()
    ])
    CourseCompetency.objects.bulk_create([
        CourseCompetency(version=draft, competency_id=c.competency_id, level_id=c.level_id, weight=c.weight)
        for c in source.competencies.all()
    ])
