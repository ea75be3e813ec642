"""Scholarship allocation engine (issue 13): applicant-proposing deferred acceptance with per-programme
reserved seats per country (released when unfilled) and a cap per country. Pure Python, no database: the app
builds an `Instance`, the `allocate_scholarships` command reads one from JSON (`allocation_instance`).

    result = allocate(instance)
    result.outcomes["A001"].programme / .status / .headline / .above / .text
    result.programmes["MPM-1"].classes["open"].cutoff / .by_country

Semantics (the binding interface contract, docs/scholarships-allocation.md):
1. simultaneous rounds: everyone not held proposes to the next programme on their list; each programme keeps
   what its choice rule picks out of held + new proposers and rejects the rest; stop when nobody proposes;
2. the choice rule orders candidates by score desc, submitted_at asc, id asc, fills the open seats (seats minus
   the reserved ones), then each country's reserved seats with that country's best remaining candidates, then
   the reserved seats left empty with the best remaining candidates of any country; throughout a candidate whose
   country already has `country_cap` chosen is skipped;
3. deterministic: ranks are a total order (ids are unique), so nothing depends on input order.

Speed: every applicant gets one global rank (a single sort); programmes keep their held set as a sorted list of
ranks, so a round only merges the new proposers in and makes one linear pass.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

ADMITTED = "admitted"
NOT_ADMITTED = "not_admitted"
OPEN = "open"
RESERVED_PREFIX = "reserved:"  # a seat from country XX's reserve is "reserved:XX"

# Seat classes: how an admitted applicant got the seat (the class their cut-off is measured in).
CLASS_OPEN = "open"
CLASS_RESERVED = "reserved"  # a reserved seat of the applicant's own country
CLASS_DERESERVED = "dereserved"  # a reserved seat left empty by its country, released to everyone


# --- input ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Programme:
    code: str
    seats: int
    reserved: Mapping[str, int] = field(default_factory=dict)  # country -> reserved seats
    country_cap: int | None = None  # at most this many admitted per country; None: no cap

    @property
    def open_seats(self) -> int:
        return self.seats - sum(self.reserved.values())


@dataclass(frozen=True, slots=True)
class Applicant:
    id: str
    country: str
    score: float  # any real number (Decimal from the database too); ranked as a float
    submitted_at: datetime  # timezone-aware
    preferences: tuple[str, ...]  # programme codes, best first


@dataclass(frozen=True, slots=True)
class Fixed:
    """A seat accepted in an earlier round: the applicant keeps it and does not take part in this round.
    `seat` is "open" or "reserved:XX" (which pot the seat is counted against); None lets the engine choose:
    the applicant's own country's reserve if it has room, else an open seat, else another country's reserve."""

    applicant_id: str
    programme: str
    seat: str | None = None


@dataclass(frozen=True, slots=True)
class Instance:
    programmes: tuple[Programme, ...]
    applicants: tuple[Applicant, ...]
    fixed: tuple[Fixed, ...] = ()


class InstanceError(ValueError):
    """An instance that cannot be allocated. `problems` lists (where, message) pairs, e.g.
    ("applicants[3] (id 'A004')", "preference 'XX-1' is not a programme code")."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{where}: {message}" for where, message in problems))


# --- output ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reason:
    """A structured reason: a stable `code` and its parameters (rendered translated by the app, in English by
    `text()`). Codes: admitted, kept, not_admitted, no_preferences (headlines); below_cutoff, tie_break,
    country_cap, reserved_for_others, no_seats (why not a programme ranked above the outcome)."""

    code: str
    params: Mapping[str, object]

    def as_dict(self) -> dict:
        return {"programme": self.params.get("programme"), "code": self.code, "params": dict(self.params)}

    def text(self) -> str:
        from scholarships.allocation_text import reason_text

        return reason_text(self)


@dataclass(frozen=True, slots=True)
class Outcome:
    applicant_id: str
    status: str  # ADMITTED or NOT_ADMITTED
    programme: str | None
    seat: str | None  # "open" or "reserved:XX"
    seat_class: str | None  # CLASS_OPEN / CLASS_RESERVED / CLASS_DERESERVED
    headline: Reason
    above: tuple[Reason, ...]  # one per programme ranked above the outcome, in preference order
    kept: bool = False  # a seat accepted in an earlier round

    @property
    def text(self) -> str:
        from scholarships.allocation_text import outcome_text

        return outcome_text(self)


@dataclass(frozen=True, slots=True)
class SeatClass:
    """One class of seats of a programme: "open", "reserved:XX" (held by XX's own applicants) or
    "dereserved" (reserved seats released to everyone). `cutoff` is the weakest admitted score when the class
    is full (a better-ranked applicant eligible for the class would have got in), else None."""

    seats: int
    filled: int
    lowest_score: float | None

    @property
    def full(self) -> bool:
        return self.filled >= self.seats

    @property
    def cutoff(self) -> float | None:
        return self.lowest_score if self.full and self.seats else None


@dataclass(frozen=True, slots=True)
class ProgrammeReport:
    code: str
    seats: int  # as given, including seats fixed in earlier rounds
    fixed: int  # seats kept from earlier rounds
    admitted: tuple[str, ...]  # applicant ids admitted this round, best rank first
    classes: Mapping[str, SeatClass]  # "open", "reserved:XX", "dereserved"
    by_country: Mapping[str, int]  # admitted per country, fixed seats included
    country_cap: int | None

    @property
    def empty_seats(self) -> int:
        return self.seats - self.fixed - len(self.admitted)


@dataclass(frozen=True)
class AllocationResult:
    instance: Instance
    outcomes: Mapping[str, Outcome]  # by applicant id, in applicant-id order
    programmes: Mapping[str, ProgrammeReport]  # by code, in code order
    rounds: int

    @property
    def input_hash(self) -> str:
        from scholarships.allocation_instance import input_hash

        return input_hash(self.instance)

    def matching(self) -> dict[str, str | None]:
        return {aid: o.programme for aid, o in self.outcomes.items()}


# --- the engine -----------------------------------------------------------------------------------------------


def rank_key(applicant: Applicant) -> tuple:
    """Every programme's priority order: score desc, submitted_at asc, id asc (a total order). Scores compare
    as floats, as in the canonical JSON, so an instance built from Decimal scores ranks like its export."""
    return (-float(applicant.score), applicant.submitted_at, applicant.id)


class _Seats:
    """A programme's capacities for this round (after fixed seats) and its choice rule over ranks."""

    __slots__ = ("code", "seats", "open", "reserved", "cap", "fixed_count", "country")

    def __init__(
        self, programme: Programme, fixed_pots: dict[str, int], fixed_count: dict[str, int], country
    ):
        self.code = programme.code
        reserved = ((c, n - fixed_pots.get(c, 0)) for c, n in sorted(programme.reserved.items()))
        self.reserved = {c: n for c, n in reserved if n > 0}  # country order: released seats fill pots in it
        self.open = programme.open_seats - fixed_pots.get(OPEN, 0)
        self.seats = self.open + sum(self.reserved.values())
        self.cap = programme.country_cap
        self.fixed_count = fixed_count  # country -> seats fixed in earlier rounds (count towards the cap)
        self.country = country  # rank -> country

    def choose(self, candidates: list[int]) -> tuple[list[int], list[int], dict[int, str]]:
        """The contract's choice rule over `candidates` (sorted ranks): (chosen, sorted; rejected; the seat of
        each chosen rank, "open" or "reserved:XX")."""
        if self.cap is None and not self.reserved:  # plain responsive choice: the best `seats`
            chosen = candidates[: self.seats]
            return chosen, candidates[self.seats :], dict.fromkeys(chosen, OPEN)
        # No cap: no bound at all. (A bound derived from len(candidates) is wrong once seats fixed in earlier
        # rounds count towards it: a country with as many fixed seats as there are candidates looked capped.)
        country, cap = self.country, self.cap if self.cap is not None else math.inf
        count = dict(self.fixed_count)
        seat_of: dict[int, str] = {}
        left = self.open
        remaining = []
        for r in candidates:  # 1. open seats in rank order
            c = country[r]
            if left and count.get(c, 0) < cap:
                seat_of[r] = OPEN
                count[c] = count.get(c, 0) + 1
                left -= 1
            else:
                remaining.append(r)
        reserve = dict(self.reserved)
        after = []
        for r in remaining:  # 2. each country's reserve with its own best remaining (countries are disjoint)
            c = country[r]
            if reserve.get(c) and count.get(c, 0) < cap:
                seat_of[r] = RESERVED_PREFIX + c
                count[c] = count.get(c, 0) + 1
                reserve[c] -= 1
            else:
                after.append(r)
        pots = [c for c, n in reserve.items() for _ in range(n)]  # 3. empty reserved seats, country order
        rejected = []
        taken = 0
        for r in after:
            c = country[r]
            if taken < len(pots) and count.get(c, 0) < cap:
                seat_of[r] = RESERVED_PREFIX + pots[taken]
                count[c] = count.get(c, 0) + 1
                taken += 1
            else:
                rejected.append(r)
        return sorted(seat_of), rejected, seat_of


def allocate(instance: Instance) -> AllocationResult:
    """Run the contract's deferred acceptance over `instance` (validated first: InstanceError)."""
    from scholarships.allocation_explain import build_result
    from scholarships.allocation_instance import check_instance

    check_instance(instance)
    fixed_ids = {f.applicant_id for f in instance.fixed}
    ranked = sorted((a for a in instance.applicants if a.id not in fixed_ids), key=rank_key)
    country = [a.country for a in ranked]
    seats = _programme_seats(instance, country)
    held, rounds = _deferred_acceptance(ranked, seats)
    return build_result(instance, ranked, seats, held, rounds)


def _programme_seats(instance: Instance, country: list[str]) -> dict[str, _Seats]:
    from scholarships.allocation_instance import fixed_seats

    pots, counts = fixed_seats(instance)
    return {
        p.code: _Seats(p, pots.get(p.code, {}), counts.get(p.code, {}), country) for p in instance.programmes
    }


def _deferred_acceptance(
    ranked: list[Applicant], seats: dict[str, _Seats]
) -> tuple[dict[str, list[int]], int]:
    preferences = [a.preferences for a in ranked]
    next_choice = [0] * len(ranked)
    held: dict[str, list[int]] = {code: [] for code in seats}
    free = list(range(len(ranked)))
    rounds = 0
    while True:
        proposals: dict[str, list[int]] = {}
        for r in free:
            k = next_choice[r]
            if k < len(preferences[r]):
                next_choice[r] = k + 1
                proposals.setdefault(preferences[r][k], []).append(r)
        if not proposals:
            return held, rounds
        rounds += 1
        free = []
        for code, new in proposals.items():
            candidates = held[code] + new
            candidates.sort()  # two sorted runs: timsort merges them in linear time
            held[code], rejected, _ = seats[code].choose(candidates)
            free.extend(rejected)
