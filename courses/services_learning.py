"""Learner-side writes: start a course (on its published version; a learner keeps the version they started),
open a lesson (resume point), mark complete (idempotent), report video watched. Formal enrolment
(applications, vouchers, offerings) is the enrollment app's later issue."""

from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates import services as certificates
from courses.lesson_kinds import REGISTRY
from courses.models import CompletionRule, Course, CourseProgress, Lesson, LessonProgress
from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed
from media.tracking import selectors as tracking

# Sent INSIDE the completion transaction, exactly once per progress (the row is locked and completed_at set
# first), with keywords `progress` and `certificate`. Apps above courses that must write with the completion
# (compliance: the servant's training record) connect in their ready(); a receiver that raises rolls the
# completion back, so "complete" never exists without its record.
course_completed = Signal()


def completion_rule_of(lesson: Lesson) -> str:
    """The rule that applies: a kind with one rule (a quiz: "passed") imposes it, whatever an older row says."""
    kind = REGISTRY.get(lesson.kind)
    if kind is not None and len(kind.completion_rules) == 1:
        return kind.completion_rules[0]
    return lesson.completion_rule


def _get_or_create(model, **keys):
    """get_or_create that survives a concurrent insert of the same unique keys."""
    try:
        with transaction.atomic():
            return model.objects.get_or_create(**keys)
    except IntegrityError:
        return model.objects.get(**keys), False


@transaction.atomic
def course_start(*, user, course: Course) -> CourseProgress:
    """Idempotent. An unfinished (or finished) progress on any version of the course is returned as is;
    otherwise the learner starts the current published version."""
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed(_("Sign in to start a course."))
    existing = (CourseProgress.objects.filter(learner=user, version__course=course)
                .order_by("completed_at", "-started_at").first())
    if existing is not None and existing.completed_at is None:
        return existing
    version = course.published_version
    if version is None:
        if existing is not None:
            return existing
        raise ApplicationError("not_published", _("This course is not open for learning."), http_status=404)
    if not version.lessons.exists():  # a 0% course whose "Continue" goes nowhere helps nobody
        raise ApplicationError("no_lessons", _("This course has no lessons yet."), http_status=409)
    progress, created = _get_or_create(CourseProgress, learner=user, version=version)
    if created:
        audit_record(actor=user, action="courses.progress.start", obj=progress,
                     summary=f"{course.code} v{version.number}")
    return progress


def _progress_for_lesson(user, lesson: Lesson) -> CourseProgress:
    progress = CourseProgress.objects.select_for_update().filter(learner=user, version_id=lesson.version_id).first()
    if progress is None:
        raise NotAllowed(_("Start the course before taking its lessons."), code="not_started")
    return progress


def _touch(progress: CourseProgress, lesson: Lesson) -> None:
    progress.last_lesson = lesson
    progress.last_activity_at = timezone.now()
    progress.save(update_fields=["last_lesson", "last_activity_at"])


def _complete(progress: CourseProgress, record: LessonProgress) -> None:
    if record.completed_at is None:
        record.completed_at = timezone.now()
        record.save(update_fields=["completed_at", "watched_share", "first_viewed_at"])
    _maybe_complete_course(progress)


def _maybe_complete_course(progress: CourseProgress) -> None:
    """The course is complete when every lesson is (a final test is a quiz lesson, complete only when passed).
    Callers hold the progress row locked (select_for_update), so this runs once per progress."""
    if progress.completed_at is not None:
        return
    total = Lesson.objects.filter(version_id=progress.version_id).count()
    done = LessonProgress.objects.filter(progress=progress, completed_at__isnull=False).count()
    if total and done >= total:
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at"])
        audit_record(actor=progress.learner, action="courses.progress.complete", obj=progress,
                     summary=f"version {progress.version_id}")
        certificate = _certificate_issue(progress)
        course_completed.send(sender=CourseProgress, progress=progress, certificate=certificate)


def _certificate_issue(progress: CourseProgress):
    """The completion certificate, in the completion transaction (idempotent by the progress' source key)."""
    version = (type(progress.version).objects.select_related("course", "course_type", "provider")
               .get(pk=progress.version_id))
    provider = version.provider
    return certificates.certificate_issue(
        holder=progress.learner, source_key=f"course-progress:{progress.pk}", kind="course",
        title_kk=version.title_kk, title_ru=version.title_ru, title_en=version.title_en,
        course_type=version.course_type.code,
        course_type_names=(version.course_type.name_kk, version.course_type.name_ru, version.course_type.name_en),
        hours=version.hours,
        provider=provider.name_ru if provider else "", provider_kk=provider.name_kk if provider else "",
        provider_en=provider.name_en if provider else "",
        started_on=timezone.localdate(progress.started_at), completed_on=timezone.localdate(progress.completed_at),
        actor=None, achievement_key=f"course:{version.course.code}",
    )


@transaction.atomic
def lesson_open(*, user, lesson: Lesson) -> LessonProgress:
    """The learner opened a lesson: it becomes the resume point; a "viewed" lesson is complete."""
    progress = _progress_for_lesson(user, lesson)
    record, _created = _get_or_create(LessonProgress, progress=progress, lesson=lesson)
    if record.first_viewed_at is None:
        record.first_viewed_at = timezone.now()
        record.save(update_fields=["first_viewed_at"])
    _touch(progress, lesson)
    if completion_rule_of(lesson) == CompletionRule.VIEWED:
        _complete(progress, record)
    return record


@transaction.atomic
def lesson_mark_complete(*, user, lesson: Lesson) -> LessonProgress:
    """Idempotent: marking a completed lesson again changes nothing. A lesson completed by watching a share
    of its video cannot be ticked off by hand before that share is reached."""
    progress = _progress_for_lesson(user, lesson)
    record, _created = _get_or_create(LessonProgress, progress=progress, lesson=lesson)
    if record.completed_at is not None:
        return record
    rule = completion_rule_of(lesson)
    if rule == CompletionRule.PASSED:
        raise ApplicationError("lesson_needs_pass", _("This lesson is complete when you pass it."))
    if rule == CompletionRule.VIDEO_SHARE:
        _require_share_watched(user, lesson, record)
    if record.first_viewed_at is None:
        record.first_viewed_at = timezone.now()
    _touch(progress, lesson)
    _complete(progress, record)
    return record


def _require_share_watched(user, lesson: Lesson, record: LessonProgress) -> None:
    """The share measured from validated heartbeats (media.tracking), never a client's claim. The threshold
    is never below 1 %: a lesson whose video is missing or unmeasured cannot be ticked off by hand."""
    threshold = max(1, lesson.completion_param or int(tracking.watched_share_setting() * 100))
    if lesson.video_id:
        record.watched_share = max(record.watched_share, int(tracking.watched_share(user, lesson.video) * 100))
    if record.watched_share < threshold:
        raise ApplicationError("video_not_watched", _("Watch at least %(p)d%% of the video to complete this lesson.")
                               % {"p": threshold})


@transaction.atomic
def lesson_complete_by_kind(*, user, lesson: Lesson) -> LessonProgress:
    """The app that owns a lesson kind ("passed" rule: assessments, when the learner passes the quiz) completes
    it. Idempotent; starts the learner's progress on the lesson's version if needed (a quiz taken from the
    course page). Runs the course completion in the caller's transaction."""
    if completion_rule_of(lesson) != CompletionRule.PASSED:
        raise ApplicationError("bad_completion_rule", _("This lesson is not completed by its kind."))
    _get_or_create(CourseProgress, learner=user, version_id=lesson.version_id)
    progress = _progress_for_lesson(user, lesson)
    record, _created = _get_or_create(LessonProgress, progress=progress, lesson=lesson)
    if record.first_viewed_at is None:
        record.first_viewed_at = timezone.now()
    _complete(progress, record)
    return record


def video_share_record(*, user, asset, watched_share: int) -> None:
    """media.tracking's watch listener (registered in CoursesConfig.ready): the measured share reaches every
    video lesson of this video in a course the viewer has started."""
    lessons = Lesson.objects.filter(video=asset, kind="video", version__progress__learner=user).distinct()
    for lesson in lessons:
        lesson_record_video_progress(user=user, lesson=lesson, watched_share=watched_share)


@transaction.atomic
def lesson_record_video_progress(*, user, lesson: Lesson, watched_share: int) -> LessonProgress:
    """The player reports the share watched (0-100); the highest value is kept."""
    if lesson.kind != "video":
        raise ApplicationError("not_a_video", _("This lesson has no video."))
    if not 0 <= int(watched_share) <= 100:
        raise ApplicationError("bad_share", _("The share watched is a percentage from 0 to 100."))
    progress = _progress_for_lesson(user, lesson)
    record, _created = _get_or_create(LessonProgress, progress=progress, lesson=lesson)
    record.watched_share = max(record.watched_share, int(watched_share))
    record.first_viewed_at = record.first_viewed_at or timezone.now()
    record.save(update_fields=["watched_share", "first_viewed_at"])
    _touch(progress, lesson)
    rule = completion_rule_of(lesson)
    if rule == CompletionRule.VIDEO_SHARE and record.watched_share >= max(1, lesson.completion_param or 0):
        _complete(progress, record)
    elif rule == CompletionRule.VIEWED:
        _complete(progress, record)
    return record
