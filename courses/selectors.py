"""Reads for courses, already scoped to the user: the catalog (published versions only, search in kk/ru/en,
filters, sorting), what a learner or an author may open, outlines, translation completeness, progress."""

from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from competency_framework import selectors as cf
from courses.models import (
    LANGUAGES,
    Course,
    CourseCompetency,
    CourseProgress,
    CourseType,
    CourseVersion,
    DeliveryFormat,
    Lesson,
    LessonProgress,
    Module,
    Provider,
    VersionStatus,
)
from courses.permissions import can_edit_course, can_review
from courses.search import search_versions
from lms.models import AuditEntry
from people.models import Role
from people.permissions import actor_for

SORTS = ("title", "-title", "hours", "-hours", "newest")


# ---- catalog ----------------------------------------------------------------------------------------------

def _catalog_base() -> QuerySet[CourseVersion]:
    """Current published versions: the row the catalog shows for each course."""
    return CourseVersion.objects.filter(status=VersionStatus.PUBLISHED, course__published_version=F("pk"))


def _title_order(language: str):
    chain = [NullIf(f"title_{lang}", Value("")) for lang in (language, "ru", "kk", "en")]
    return Coalesce(*chain)


def catalog(*, q: str = "", competency=None, min_level: int | None = None, course_type=None, provider=None,
            delivery_format: str | None = None, language: str | None = None, hours_min: int | None = None,
            hours_max: int | None = None, sort: str = "title", sort_language: str | None = None
            ) -> QuerySet[CourseVersion]:
    """Published courses matching every given filter. `competency`: Competency, pk or idnumber (with
    `min_level`: develops it at least to that level value); `course_type`/`provider`: object or code.
    Constant queries per page: 1 count + 1 page + 1 competency prefetch."""
    qs = search_versions(_catalog_base(), q)  # search_text, or transcripts of the video lessons
    if competency not in (None, "") or min_level:
        mapping = CourseCompetency.objects.filter(version=OuterRef("pk"))
        if competency not in (None, ""):
            mapping = mapping.filter(_competency_q(competency))
        if min_level:
            mapping = mapping.filter(level__value__gte=int(min_level))
        qs = qs.filter(Exists(mapping))
    if course_type not in (None, ""):
        qs = qs.filter(_by_code("course_type", course_type))
    if provider not in (None, ""):
        qs = qs.filter(_by_code("provider", provider))
    if delivery_format:
        qs = qs.filter(delivery_format=delivery_format)
    if language in LANGUAGES:
        qs = qs.filter(languages__contains=language)
    if hours_min not in (None, ""):
        qs = qs.filter(hours__gte=int(hours_min))
    if hours_max not in (None, ""):
        qs = qs.filter(hours__lte=int(hours_max))
    return _catalog_order(qs, sort, sort_language).select_related("course", "course_type", "provider").prefetch_related(
        Prefetch("competencies", queryset=CourseCompetency.objects.select_related("competency", "level")))


def _competency_q(competency) -> Q:
    if hasattr(competency, "pk"):
        return Q(competency_id=competency.pk)
    if isinstance(competency, int) or str(competency).isdigit():
        return Q(competency_id=int(competency))
    return Q(competency__idnumber=competency)


def _by_code(name: str, value) -> Q:
    if hasattr(value, "pk"):
        return Q(**{f"{name}_id": value.pk})
    return Q(**{f"{name}__code": value})


def _catalog_order(qs, sort: str, sort_language: str | None):
    lang = (sort_language or get_language() or "ru")[:2]
    if sort == "hours":
        return qs.order_by("hours", "course__code")
    if sort == "-hours":
        return qs.order_by("-hours", "course__code")
    if sort == "newest":
        return qs.order_by("-published_at", "course__code")
    title = _title_order(lang if lang in LANGUAGES else "ru")
    return qs.order_by(title.desc() if sort == "-title" else title.asc(), "course__code")


@dataclass
class FilterOptions:
    course_types: list
    providers: list
    competencies: list
    levels: list
    formats: list
    languages: list = field(default_factory=lambda: list(LANGUAGES))


def catalog_filter_options() -> FilterOptions:
    """Choices for the catalog's filter form: types, active providers, the primary framework's competencies
    and scale levels."""
    fw = cf.primary_framework()
    comps = cf.top_competencies(fw)
    levels = list(cf.levels_by_value(fw).values())
    return FilterOptions(list(CourseType.objects.all()), list(Provider.objects.filter(is_active=True)), comps,
                         levels, list(DeliveryFormat.choices))


# ---- what a user may open ---------------------------------------------------------------------------------

def courses_editable_by(user) -> QuerySet[Course]:
    """Courses `user` may author: all for administrators, their own for faculty, none otherwise."""
    actor = actor_for(user)
    if actor.is_admin:
        return Course.objects.all()
    if actor.has(Role.FACULTY):
        return Course.objects.filter(authors=user)
    return Course.objects.none()


def authoring_list(user) -> QuerySet[Course]:
    """The faculty's "my courses": each course with its working version's id and status annotated."""
    working = CourseVersion.objects.filter(course=OuterRef("pk"), status__in=[VersionStatus.DRAFT,
                                                                              VersionStatus.IN_REVIEW])
    return (courses_editable_by(user).select_related("published_version")
            .annotate(working_version_id=Subquery(working.values("pk")[:1]),
                      working_status=Subquery(working.values("status")[:1]))
            .order_by("code"))


def review_queue(user) -> QuerySet[CourseVersion]:
    if not can_review(user):
        return CourseVersion.objects.none()
    return (CourseVersion.objects.filter(status=VersionStatus.IN_REVIEW)
            .select_related("course", "course_type", "provider").order_by("submitted_at"))


def working_version(course: Course) -> CourseVersion | None:
    return course.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.IN_REVIEW]).first()


def versions_visible_to(user) -> QuerySet[CourseVersion]:
    """Published versions (current or archived that the user started) for everyone signed in; every
    version of the courses they author for faculty; everything for administrators."""
    actor = actor_for(user)
    if actor.is_admin:
        return CourseVersion.objects.all()
    visible = Q(status=VersionStatus.PUBLISHED) | Q(progress__learner=user)
    if actor.has(Role.FACULTY):
        visible |= Q(course__authors=user)
    return CourseVersion.objects.filter(pk__in=CourseVersion.objects.filter(visible).values("pk"))


def version_for_learner(user, course: Course) -> CourseVersion | None:
    """The version a learner sees: the one they started and have not finished (they keep it after a newer
    version is published), else the latest they finished, else the current published one."""
    return _version_and_progress(user, course)[0]


def _version_and_progress(user, course: Course) -> tuple[CourseVersion | None, CourseProgress | None]:
    """version_for_learner and the learner's progress in that version (None if not started): one query."""
    progress = (CourseProgress.objects.filter(learner=user, version__course=course)
                .select_related("version__course_type", "version__provider")
                .order_by(F("completed_at").desc(nulls_first=True), "-started_at").first()
                if getattr(user, "is_authenticated", False) else None)
    if progress is not None:
        return progress.version, progress
    return course.published_version, None


def course_for_learner(user, code: str) -> tuple[Course, CourseVersion] | None:
    """The course a learner opens by its code and the version they see, or None. A learner who started a
    since-archived course keeps it (it is no longer published, but it is theirs)."""
    found = learner_course(user, code)
    return found[:2] if found else None


def learner_course(user, code: str) -> tuple[Course, CourseVersion, CourseProgress | None] | None:
    """course_for_learner and the learner's progress in that version (progress_for(user, version), read by the
    same query)."""
    course = published_course(code)
    version, progress = _version_and_progress(user, course) if course else (None, None)
    if version is None:
        started = my_learning(user).filter(version__course__code=code).first()
        if started is None:
            return None
        course = started.version.course
        version, progress = _version_and_progress(user, course)
    return course, version, progress


def published_course(code: str) -> Course | None:
    return Course.objects.filter(code=code, published_version__isnull=False).select_related(
        "published_version__course_type", "published_version__provider").first()


def can_preview(user, version: CourseVersion) -> bool:
    return can_edit_course(user, version.course) or version.status == VersionStatus.PUBLISHED


def version_outline(version: CourseVersion) -> list[Module]:
    """Modules in order with their lessons (`module.ordered_lessons`): two queries."""
    lessons = Lesson.objects.filter(version=version).select_related("video").order_by("position", "id")
    return list(version.modules.order_by("position", "id").prefetch_related(
        Prefetch("lessons", queryset=lessons, to_attr="ordered_lessons")))


def modules_editable_by(user) -> QuerySet[Module]:
    """Modules of the courses `user` may author (another author's module does not exist for them)."""
    return Module.objects.select_related("version__course").filter(version__course__in=courses_editable_by(user))


def lessons_editable_by(user) -> QuerySet[Lesson]:
    return Lesson.objects.select_related("module", "version__course").filter(
        version__course__in=courses_editable_by(user))


def last_return_comment(version: CourseVersion) -> str | None:
    """The reviewer's comment when the version was last sent back to its authors."""
    entry = version_history(version).filter(action="courses.version.return").last()
    return (entry.after or {}).get("comment") if entry else None


def version_history(version: CourseVersion) -> QuerySet[AuditEntry]:
    """Who moved the version when and why (the audit log: action courses.version.*)."""
    return AuditEntry.objects.filter(object_type=CourseVersion._meta.label_lower, object_id=str(version.pk)
                                     ).select_related("actor").order_by("at", "id")


# ---- translation completeness -----------------------------------------------------------------------------

def version_language_completeness(version: CourseVersion) -> dict[str, dict]:
    """{lang: {"complete": bool, "missing": [field labels]}} over the course title and summary, module titles,
    lesson titles, and text-lesson bodies. Two queries."""
    from courses.sanitize import html_to_text

    missing: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    for lang in LANGUAGES:
        if not getattr(version, f"title_{lang}").strip():
            missing[lang].append(str(_("course title")))
        if not getattr(version, f"summary_{lang}").strip():
            missing[lang].append(str(_("course summary")))
    for module in version_outline(version):
        for lang in LANGUAGES:
            if not getattr(module, f"title_{lang}").strip():
                missing[lang].append(str(_("module %(n)d: title") % {"n": module.position}))
        for lesson in module.ordered_lessons:
            label = f"{module.position}.{lesson.position}"
            for lang in LANGUAGES:
                if not getattr(lesson, f"title_{lang}").strip():
                    missing[lang].append(str(_("lesson %(n)s: title") % {"n": label}))
                if lesson.kind == "text" and not html_to_text(getattr(lesson, f"body_{lang}")):
                    missing[lang].append(str(_("lesson %(n)s: text") % {"n": label}))
    return {lang: {"complete": not items, "missing": items} for lang, items in missing.items()}


# ---- learner progress -------------------------------------------------------------------------------------

def progress_for(user, version: CourseVersion) -> CourseProgress | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CourseProgress.objects.filter(learner=user, version=version).first()


def _lessons_total():
    return (Lesson.objects.filter(version=OuterRef("version")).order_by().values("version")
            .annotate(n=Count("pk")).values("n"))


def _lessons_done():
    return (LessonProgress.objects.filter(progress=OuterRef("pk"), completed_at__isnull=False).order_by()
            .values("progress").annotate(n=Count("pk")).values("n"))


def with_percent(qs: QuerySet[CourseProgress]) -> QuerySet[CourseProgress]:
    """Annotate lessons_total, lessons_done and percent (0-100, integer) with two correlated subqueries."""
    qs = qs.annotate(lessons_total=Coalesce(Subquery(_lessons_total(), output_field=IntegerField()), 0),
                     lessons_done=Coalesce(Subquery(_lessons_done(), output_field=IntegerField()), 0))
    return qs.annotate(percent=_percent_expr())


def _percent_expr():
    from django.db.models import Case, When

    return Case(When(lessons_total=0, then=Value(0)),
                default=F("lessons_done") * 100 / F("lessons_total"), output_field=IntegerField())


def my_learning(user) -> QuerySet[CourseProgress]:
    """The learner's courses, most recently active first, with percent done; constant queries."""
    if not getattr(user, "is_authenticated", False):
        return CourseProgress.objects.none()
    return with_percent(CourseProgress.objects.filter(learner=user)).select_related(
        "version", "version__course", "version__course_type", "version__provider", "last_lesson",
    ).order_by(F("completed_at").desc(nulls_first=True), F("last_activity_at").desc(nulls_last=True),
               "-started_at")


@dataclass
class ModuleProgress:
    module: Module
    total: int
    done: int

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 0


@dataclass
class ProgressSummary:
    progress: CourseProgress
    modules: list[ModuleProgress]
    completed_lesson_ids: set[int]

    @property
    def total(self) -> int:
        return sum(m.total for m in self.modules)

    @property
    def done(self) -> int:
        return sum(m.done for m in self.modules)

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 0


def progress_summary(progress: CourseProgress, outline: list[Module] | None = None) -> ProgressSummary:
    """Per module and for the course: lessons total and done (GROUP BY module), three queries; one when the
    version's `outline` (version_outline) is given, which already holds every module's lessons."""
    done_ids = set(LessonProgress.objects.filter(progress=progress, completed_at__isnull=False)
                   .values_list("lesson_id", flat=True))
    if outline is not None:
        module_of = {lesson.pk: m.pk for m in outline for lesson in m.ordered_lessons}
        done_in: dict[int, int] = {}
        for lesson_id in done_ids:
            if lesson_id in module_of:
                done_in[module_of[lesson_id]] = done_in.get(module_of[lesson_id], 0) + 1
        rows = [ModuleProgress(m, len(m.ordered_lessons), done_in.get(m.pk, 0)) for m in outline]
        return ProgressSummary(progress, rows, done_ids)
    modules = list(Module.objects.filter(version=progress.version_id).order_by("position", "id").annotate(
        total=Count("lessons", distinct=True)))
    done_by_module: dict[int, int] = {}
    for module_id in Lesson.objects.filter(pk__in=done_ids).values_list("module_id", flat=True):
        done_by_module[module_id] = done_by_module.get(module_id, 0) + 1
    rows = [ModuleProgress(m, m.total, done_by_module.get(m.pk, 0)) for m in modules]
    return ProgressSummary(progress, rows, done_ids)


def resume_lesson(progress: CourseProgress) -> Lesson | None:
    """Where to continue: the last lesson opened, else the first lesson not yet completed, else the first."""
    if progress.last_lesson_id:
        return progress.last_lesson
    done = LessonProgress.objects.filter(progress=progress, completed_at__isnull=False).values("lesson_id")
    lessons = Lesson.objects.filter(version=progress.version_id).order_by("module__position", "position", "id")
    return lessons.exclude(pk__in=done).first() or lessons.first()


# ---- what media asks through its registries (media.audiences, media.tracking.listeners) ------------------

def course_ids_learned_by(user) -> QuerySet:
    """Ids of the courses the user has started: media's "learners of a course" audience (a subquery there)."""
    return CourseProgress.objects.filter(learner=user).values_list("version__course_id", flat=True)


def lesson_video_ids_learned_by(user) -> QuerySet:
    """Videos of the video lessons in the course versions the user learns (media's lesson-video audience)."""
    return Lesson.objects.filter(kind="video", video__isnull=False,
                                 version__progress__learner=user).values_list("video_id", flat=True)


def video_lesson_asset_ids(asset_ids: set[int]) -> QuerySet:
    """Which of these videos a video lesson uses (media feeds watched shares only for those)."""
    return Lesson.objects.filter(video_id__in=asset_ids, kind="video").values_list("video_id", flat=True)


def course_type_codes() -> list[str]:
    """Every course type code, in the vocabulary's order (sort order, then code)."""
    return list(CourseType.objects.order_by("sort_order", "code").values_list("code", flat=True))


def course_types() -> QuerySet[CourseType]:
    """The course types with their hour ranges: the platform's one vocabulary (compliance counts by it)."""
    return CourseType.objects.all()


def published_versions() -> QuerySet[CourseVersion]:
    """Published versions with their course (what course runs are scheduled of)."""
    return CourseVersion.objects.filter(status="published").select_related("course")


def version_with_course(pk) -> CourseVersion | None:
    """One version, any status (the caller's service decides what it may do with it)."""
    return CourseVersion.objects.select_related("course").filter(pk=pk).first()


def published_courses() -> QuerySet[Course]:
    return Course.objects.filter(published_version__isnull=False).select_related("published_version__course_type")


def version_has_lessons(version_id: int) -> bool:
    return Lesson.objects.filter(version_id=version_id).exists()


def learner_completed(*, user_id: int | None, version_id: int) -> bool:
    """The learner finished the version's lessons (course progress completed)."""
    return bool(user_id) and CourseProgress.objects.filter(
        learner_id=user_id, version_id=version_id, completed_at__isnull=False).exists()
# ---- for development plans (proposals per competency gap, progress from completions) ----------------------

@dataclass(frozen=True)
class CompetencyCourse:
    """A published course that develops a competency to `level` (one row per course and competency)."""
    course_id: int
    version_id: int
    code: str
    title: str
    competency_id: int
    level: int
    hours: int
    languages: tuple[str, ...]
    delivery_format: str
    provider_code: str
    provider_name: str
    provider_kind: str


def competency_courses(competency_ids=None) -> list[CompetencyCourse]:
    """Every current published version's competency mappings (one query): development plans rank them per gap."""
    qs = CourseCompetency.objects.filter(version__status=VersionStatus.PUBLISHED,
                                         version__course__published_version=F("version_id"))
    if competency_ids is not None:
        qs = qs.filter(competency_id__in=list(competency_ids))
    rows = qs.select_related("version__course", "version__provider", "level").order_by("version__course__code")
    return [CompetencyCourse(course_id=m.version.course_id, version_id=m.version_id, code=m.version.course.code,
                             title=m.version.title, competency_id=m.competency_id, level=m.level.value,
                             hours=m.version.hours, languages=tuple(m.version.languages.split()),
                             delivery_format=m.version.delivery_format, provider_code=m.version.provider.code,
                             provider_name=m.version.provider.name, provider_kind=m.version.provider.kind)
            for m in rows]


def course_titles(course_ids) -> dict[int, str]:
    """course id -> title of its published (else latest) version, in the active language."""
    titles = {}
    for version in CourseVersion.objects.filter(course_id__in=list(course_ids)).order_by("course_id", "number"):
        if version.status == VersionStatus.PUBLISHED or version.course_id not in titles:
            titles[version.course_id] = version.title
    return titles


def courses_completed_by(user_ids, *, since, until) -> list[tuple[int, int, object]]:
    """(user id, course id, completion day) of self-paced courses finished in [since, until]."""
    rows = CourseProgress.objects.filter(learner_id__in=list(user_ids), completed_at__date__gte=since,
                                         completed_at__date__lte=until)
    return [(u, c, at.date()) for u, c, at in rows.values_list("learner_id", "version__course_id", "completed_at")]


def courses_closing_gaps(*, user, gaps: dict[int, int], limit: int = 6) -> QuerySet[CourseVersion]:
    """Recommended training: current published versions that develop a competency of `gaps`
    ({competency id: the level the learner must reach}) up to at least that level, except courses the learner
    has already started or finished. One query; `closes` names one competency closed (for the card)."""
    if not gaps:
        return CourseVersion.objects.none()
    closing = Q()
    for competency_id, level in gaps.items():
        closing |= Q(competency_id=competency_id, level__value__gte=level)
    mapped = CourseCompetency.objects.filter(closing, version=OuterRef("pk")).order_by(
        "competency__sort_order", "competency__idnumber")
    return (CourseVersion.objects.filter(course__published_version=F("pk"))
            .filter(Exists(mapped))
            .exclude(course__versions__progress__learner=user)
            .annotate(closes=Subquery(mapped.values("competency__name_" + _lang())[:1]))
            .select_related("course", "course_type", "provider").order_by("course__code")[:limit])


def _lang() -> str:
    lang = (get_language() or "ru")[:2]
    return lang if lang in LANGUAGES else "ru"
def recent_learner_activity(user, limit: int = 10) -> QuerySet[CourseProgress]:
    """The latest learner progress on the courses `user` may author (the faculty home), newest first."""
    return (CourseProgress.objects.filter(version__course__in=courses_editable_by(user).values("pk"),
                                          last_activity_at__isnull=False)
            .select_related("learner", "version__course", "last_lesson")
            .order_by("-last_activity_at")[:limit])
