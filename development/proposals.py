"""Course proposals for a competency gap: published courses that develop the competency to at least the needed
level (never below), ranked by fit. The catalog and the next runs are read once per batch (courses and
enrollment selectors), then ranked in memory for every (competency, level, language) asked."""

from dataclasses import dataclass
from datetime import date

from courses import selectors as course_selectors
from enrollment import selectors_offerings

FORMAT_ORDER = {"online": 0, "blended": 1, "onsite": 2}  # reachable from any region first
PROVIDER_ORDER = {"apa": 0, "apa_branch": 1, "retraining_centre": 2, "foreign_partner": 3, "other": 4}
FAR = date(9999, 12, 31)


@dataclass(frozen=True)
class Proposal:
    course_id: int
    code: str
    title: str
    level: int
    hours: int
    languages: tuple[str, ...]
    delivery_format: str
    provider: str
    next_start: date | None
    free_places: int | None
    rank: int = 0


class CourseRanker:
    """Ranks the catalog's courses for gaps. Fit, in order: the level reached (the closest at or above the
    need), the servant's language, a next run with free places, the earliest next run, fewer hours, format
    (online, blended, on-site), provider (APA, its branches, others), then the course code."""

    def __init__(self, competency_ids=None, *, today: date | None = None):
        self._by_competency: dict[int, list] = {}
        rows = course_selectors.competency_courses(competency_ids)
        for row in rows:
            self._by_competency.setdefault(row.competency_id, []).append(row)
        self._next = selectors_offerings.next_offerings_by_course({r.course_id for r in rows}, today=today)
        self._cache: dict[tuple, list[Proposal]] = {}

    def _key(self, row, needed: int, language: str):
        run = self._next.get(row.course_id)
        seats = 0 if run and run["free"] > 0 else (1 if run else 2)
        return (
            row.level - needed,
            0 if language in row.languages else 1,
            seats,
            run["starts_on"] if run else FAR,
            row.hours,
            FORMAT_ORDER.get(row.delivery_format, 9),
            PROVIDER_ORDER.get(row.provider_kind, 9),
            row.code,
        )

    def rank(
        self, competency_id: int, needed: int, language: str = "ru", limit: int | None = None
    ) -> list[Proposal]:
        key = (competency_id, needed, language)
        if key not in self._cache:
            rows = [r for r in self._by_competency.get(competency_id, []) if r.level >= needed]
            rows.sort(key=lambda r: self._key(r, needed, language))
            self._cache[key] = [self._proposal(r, i) for i, r in enumerate(rows, start=1)]
        found = self._cache[key]
        return found[:limit] if limit else found

    def all_courses(self) -> list[Proposal]:
        """Every course of the catalog once (at its highest mapped level), for items without a competency."""
        best = {}
        for rows in self._by_competency.values():
            for row in rows:
                if row.course_id not in best or row.level > best[row.course_id].level:
                    best[row.course_id] = row
        return [self._proposal(r, 0) for r in best.values()]

    def _proposal(self, row, rank: int) -> Proposal:
        run = self._next.get(row.course_id)
        return Proposal(
            course_id=row.course_id,
            code=row.code,
            title=row.title,
            level=row.level,
            hours=row.hours,
            languages=row.languages,
            delivery_format=row.delivery_format,
            provider=row.provider_name,
            next_start=run["starts_on"] if run else None,
            free_places=run["free"] if run else None,
            rank=rank,
        )
