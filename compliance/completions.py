"""Course completions become training records: a completed e-course counts toward the three-year rule like any
other training. courses (below us) sends `course_completed` inside its completion transaction; this receiver,
connected in ComplianceConfig.ready(), writes the record in that same transaction, once per progress (its
source key is UNIQUE)."""

from django.utils import timezone

from compliance.services import training_record_create
from people.models import CivilServant


def course_completion_record(sender, *, progress, certificate=None, **kwargs):
    """The servant's training record for a completed course (nothing for a learner who is not a servant)."""
    servant = CivilServant.objects.filter(user_id=progress.learner_id).first()
    if servant is None:
        return None
    version = progress.version
    title = (version.title_ru or version.title_kk or version.title_en or version.course.code)[:300]
    return training_record_create(
        servant=servant,
        title=title,
        course_type=version.course_type.code,
        hours=version.hours,
        completed_on=timezone.localdate(progress.completed_at),
        provider=(version.provider.name_ru if version.provider_id else "")[:300],
        actor=None,
        source_key=f"course-progress:{progress.pk}",
        titles={lang: getattr(version, f"title_{lang}") for lang in ("kk", "ru", "en")},
        title_language=next((lang for lang in ("ru", "kk", "en") if getattr(version, f"title_{lang}")), ""),
    )
