"""From the engine's final held sets to what people see: per-programme seat classes, cut-offs and seat use by
country, and per applicant the outcome with a reason for every programme ranked above it.

Why an applicant is not at a programme P they ranked above their outcome (they proposed to P and P rejected
them): the classes of P's seats open to them are "open", their own country's reserve and the released
("dereserved") reserved seats. If every such class is full with applicants ranked above them, the weakest of
those admitted is their cut-off (below_cutoff, or tie_break on an equal score); otherwise their country had
reached P's cap (country_cap). No seat at all this round: no_seats; only other countries' reserves, all taken
by those countries: reserved_for_others.
"""

from __future__ import annotations

from scholarships.allocation import (
    ADMITTED,
    CLASS_DERESERVED,
    CLASS_OPEN,
    CLASS_RESERVED,
    NOT_ADMITTED,
    OPEN,
    RESERVED_PREFIX,
    AllocationResult,
    Applicant,
    Instance,
    Outcome,
    ProgrammeReport,
    Reason,
    SeatClass,
    _Seats,
)
from scholarships.allocation_instance import resolved_fixed

_DERESERVED_KEY = "dereserved"


def seat_class(seat: str, country: str) -> str:
    if seat == OPEN:
        return CLASS_OPEN
    return CLASS_RESERVED if seat == RESERVED_PREFIX + country else CLASS_DERESERVED


class _Programme:
    """The final state of one programme: who holds which seat, class sizes and the weakest rank per class."""

    def __init__(self, seats: _Seats, chosen: list[int], ranked: list[Applicant]):
        _, rejected, self.seat_of = seats.choose(
            chosen
        )  # the held set chooses itself: recover each one's seat
        assert not rejected, "a programme's held set must choose itself"
        self.seats, self.chosen = seats, chosen
        self.classes: dict[str, list[int]] = {OPEN: []}  # class key -> ranks, best first
        self.classes.update({RESERVED_PREFIX + c: [] for c in seats.reserved})
        self.classes[_DERESERVED_KEY] = []
        for r in chosen:
            key = self.seat_of[r]
            own = key == OPEN or key == RESERVED_PREFIX + ranked[r].country
            self.classes[key if own else _DERESERVED_KEY].append(r)
        own_reserved = sum(len(self.classes[RESERVED_PREFIX + c]) for c in seats.reserved)
        self.size = {OPEN: seats.open, _DERESERVED_KEY: sum(seats.reserved.values()) - own_reserved}
        self.size.update({RESERVED_PREFIX + c: n for c, n in seats.reserved.items()})
        self.by_country = dict(seats.fixed_count)
        self.weakest_of: dict[str, int] = {}  # country -> rank of its weakest admitted
        for r in chosen:
            country = ranked[r].country
            self.by_country[country] = self.by_country.get(country, 0) + 1
            self.weakest_of[country] = r
        self._bars: dict[str, tuple] = {}

    def eligible(self, country: str) -> list[str]:
        keys = [OPEN, RESERVED_PREFIX + country, _DERESERVED_KEY]
        return [k for k in keys if self.size.get(k, 0) > 0]

    def _bar(self, country: str) -> tuple:
        """(fixed reason or None, weakest rank in the classes open to `country` if all are full else None,
        its class): the same for every applicant of the country, computed once."""
        bar = self._bars.get(country)
        if bar is None:
            code, keys = self.seats.code, self.eligible(country)
            if self.seats.seats == 0:
                bar = (Reason("no_seats", {"programme": code}), None, None)
            elif not keys:
                bar = (Reason("reserved_for_others", {"programme": code}), None, None)
            elif any(len(self.classes[k]) < self.size[k] for k in keys):
                bar = (None, None, None)
            else:
                weakest = max(self.classes[k][-1] for k in keys)
                bar = (None, weakest, next(k for k in keys if self.classes[k][-1] == weakest))
            self._bars[country] = bar
        return bar

    def why_not(self, rank: int, applicant: Applicant, ranked: list[Applicant]) -> Reason:
        fixed, weakest, key = self._bar(applicant.country)
        if fixed is not None:
            return fixed
        code, score = self.seats.code, float(applicant.score)
        if weakest is None or weakest > rank:  # they would beat someone in a class open to them
            cap, count = self.seats.cap, self.by_country.get(applicant.country, 0)
            if cap is not None and count >= cap and self.weakest_of.get(applicant.country, -1) < rank:
                return Reason("country_cap", {"programme": code, "country": applicant.country, "cap": cap})
            # The contract's rule with both caps and reserves on one programme is not substitutable, so deferred
            # acceptance can leave out someone it would now choose: they were rejected in an earlier round.
            return Reason("rejected_earlier", {"programme": code, "score": score})
        cutoff = float(ranked[weakest].score)
        params = {"programme": code, "cutoff": cutoff, "score": score, "seat_class": _class_name(key)}
        if cutoff != score:
            return Reason("below_cutoff", params)
        same_time = ranked[weakest].submitted_at == applicant.submitted_at
        return Reason("tie_break", {**params, "decided_by": "id" if same_time else "submitted_at"})

    def report(self, programme, ranked: list[Applicant]) -> ProgrammeReport:
        classes = {
            key: SeatClass(self.size[key], len(ranks), float(ranked[ranks[-1]].score) if ranks else None)
            for key, ranks in self.classes.items()
        }
        return ProgrammeReport(
            code=programme.code,
            seats=programme.seats,
            fixed=sum(self.seats.fixed_count.values()),
            admitted=tuple(ranked[r].id for r in self.chosen),
            classes=classes,
            by_country=dict(sorted(self.by_country.items())),
            country_cap=programme.country_cap,
        )


def _class_name(key: str) -> str:
    return CLASS_OPEN if key == OPEN else CLASS_DERESERVED if key == _DERESERVED_KEY else CLASS_RESERVED


def build_result(instance: Instance, ranked: list[Applicant], seats: dict[str, _Seats], held, rounds: int):
    states = {code: _Programme(seats[code], held[code], ranked) for code in seats}
    outcomes: dict[str, Outcome] = {}
    country = {a.id: a.country for a in instance.applicants}
    for f in resolved_fixed(instance):
        klass = seat_class(f.seat, country[f.applicant_id])
        headline = Reason("kept", {"programme": f.programme, "seat_class": klass})
        outcomes[f.applicant_id] = Outcome(
            f.applicant_id, ADMITTED, f.programme, f.seat, klass, headline, (), True
        )
    admitted_at = {r: code for code, state in states.items() for r in state.chosen}
    for r, applicant in enumerate(ranked):
        outcomes[applicant.id] = _outcome(r, applicant, admitted_at.get(r), states, ranked)
    return AllocationResult(
        instance=instance,
        outcomes={aid: outcomes[aid] for aid in sorted(outcomes)},
        programmes={
            p.code: states[p.code].report(p, ranked)
            for p in sorted(instance.programmes, key=lambda p: p.code)
        },
        rounds=rounds,
    )


def _outcome(r: int, applicant: Applicant, code: str | None, states, ranked) -> Outcome:
    prefs = applicant.preferences
    above = prefs[: prefs.index(code)] if code else prefs
    reasons = tuple(states[p].why_not(r, applicant, ranked) for p in above)
    if code is None:
        headline = Reason("not_admitted" if prefs else "no_preferences", {"score": float(applicant.score)})
        return Outcome(applicant.id, NOT_ADMITTED, None, None, None, headline, reasons)
    seat = states[code].seat_of[r]
    klass = seat_class(seat, applicant.country)
    headline = Reason("admitted", {"programme": code, "seat_class": klass, "score": float(applicant.score)})
    return Outcome(applicant.id, ADMITTED, code, seat, klass, headline, reasons)
