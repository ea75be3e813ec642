"""The catalog's search text: code, titles, summaries, provider and competency names in kk/ru/en, lower-cased
so one `contains` works the same on PostgreSQL and SQLite (whose LIKE folds only ASCII). Published versions
are frozen, so the text is computed when a version is saved or published and rarely needs a refresh."""

from collections.abc import Iterable

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, TextField, Value
from django.db.models.functions import Lower, Replace

from courses.models import Lesson
from media.selectors import VIDEO_READY

TEXT_FIELDS = ("title_kk", "title_ru", "title_en", "summary_kk", "summary_ru", "summary_en")
NAME_FIELDS = ("name_kk", "name_ru", "name_en")


def normalize(text: str) -> str:
    return " ".join((text or "").lower().replace("ё", "е").split())


def build_search_text(version, mappings: Iterable) -> str:
    """`mappings`: CourseCompetency rows with `competency` loaded."""
    parts = [version.course.code]
    parts += [getattr(version, f) for f in TEXT_FIELDS]
    parts += [getattr(version.provider, f) for f in NAME_FIELDS]
    for mapping in mappings:
        parts += [mapping.competency.idnumber, *(getattr(mapping.competency, f) for f in NAME_FIELDS)]
    return normalize(" | ".join(p for p in parts if p))


def search_terms(query: str) -> list[str]:
    return [t for t in normalize(query).split() if t][:8]


# ---- transcripts of the version's video lessons -------------------------------------------------------------
# Matched live with a correlated EXISTS rather than folded into `search_text`: subtitles are usually added or
# corrected after a course is published (the version is frozen, the video is not), and a live match can never
# go stale. The video's transcript (media.VideoAsset.transcript: all subtitle languages) is lower-cased in SQL
# the same way `normalize` does it (PostgreSQL's lower() folds Cyrillic and Kazakh letters; SQLite's only ASCII).

def _transcript_hit(term: str):
    lessons = (Lesson.objects.filter(version=OuterRef("pk"), kind="video", video__status=VIDEO_READY)
               .annotate(_transcript=Replace(Lower("video__transcript"), Value("ё"), Value("е"),
                                                  output_field=TextField()))
               .filter(_transcript__contains=term))
    return Exists(lessons)


def search_versions(qs, query: str):
    """Versions where every word of `query` occurs in `search_text` or in a transcript of one of their ready
    video lessons (words may come from different places). Annotates `transcript_only` (True when the words are
    not all in `search_text`, i.e. the match needed a transcript) for the catalog card's hint. Set-based: one
    EXISTS per word (at most 8) inside the same query, so the query count does not depend on the page size."""
    terms = search_terms(query)
    if not terms:
        return qs
    for term in terms:
        qs = qs.filter(Q(search_text__contains=term) | _transcript_hit(term))
    in_text = Q()
    for term in terms:
        in_text &= Q(search_text__contains=term)
    return qs.annotate(transcript_only=ExpressionWrapper(~in_text, output_field=BooleanField()))
