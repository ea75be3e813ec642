"""Learner-side writes: start a course (on its published version; a learner keeps the version they started),
open a lesson (resume point), mark complete (idempotent), report video watched. Formal enrolment
(applications, vouchers, offerings) is the enrollment app's later issue."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CompletionRule, Course, CourseProgress, Lesson, LessonProgress
from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed
from media.tracking import selectors as tracking


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
    if progress.completed_at is not None:
        return
    total = Lesson.objects.filter(version_id=progress.version_id).count()
    done = LessonProgress.objects.filter(progress=progress, completed_at__isnull=False).count()
    if total and done >= total:
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at"])
        audit_record(actor=progress.learner, action="courses.progress.complete", obj=progress,
                     summary=f"version {progress.version_id}")


@transaction.atomic
def lesson_open(*, user, lesson: Lesson) -> LessonProgress:
    """The learner opened a lesson: it becomes the resume point; a "viewed" lesson is complete."""
    progress = _progress_for_lesson(user, lesson)
    record, _created = _get_or_create(LessonProgress, progress=progress, lesson=lesson)
    if record.first_viewed_at is None:
        record.first_viewed_at = timezone.now()
        record.save(update_fields=["first_viewed_at"])
    _touch(progress, lesson)
    if lesson.completion_rule == CompletionRule.VIEWED:
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
    if lesson.completion_rule == CompletionRule.VIDEO_SHARE and lesson.video_id:
        # The share measured from validated heartbeats (media.tracking), never a client's claim.
        record.watched_share = max(record.watched_share, int(tracking.watched_share(user, lesson.video) * 100))
        threshold = lesson.completion_param or int(tracking.watched_share_setting() * 100)
    else:
        threshold = lesson.completion_param or 0
    if lesson.completion_rule == CompletionRule.VIDEO_SHARE and record.watched_share < threshold:
        raise ApplicationError("video_not_watched", _("Watch at least %(p)d%% of the video to complete this lesson.")
                               % {"p": threshold})
    if record.first_viewed_at is None:
        record.first_viewed_at = timezone.now()
    _touch(progress, lesson)
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
    if lesson.completion_rule == CompletionRule.VIDEO_SHARE and record.watched_share >= lesson.completion_param:
        _complete(progress, record)
    elif lesson.completion_rule == CompletionRule.VIEWED:
        _complete(progress, record)
    return record
