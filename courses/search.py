"""The catalog's search text: code, titles, summaries, provider and competency names in kk/ru/en, lower-cased
so one `contains` works the same on PostgreSQL and SQLite (whose LIKE folds only ASCII). Published versions
are frozen, so the text is computed when a version is saved or published and rarely needs a refresh."""

from collections.abc import Iterable

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
