"""Allocation instances as data: validation with a message naming the item, JSON in and out, the canonical
form and its SHA-256 (the input hash a run is stored and published with), and the instance of a later round.

Canonical form: UTF-8 JSON with sorted keys and no spaces; programmes sorted by code with `reserved` (zero
entries dropped) and `country_cap` (null for none) always present; applicants sorted by id, scores as JSON
floats (87 -> 87.0), `submitted_at` in UTC as YYYY-MM-DDTHH:MM:SS[.ffffff]Z; `fixed` (only when non-empty)
sorted by applicant with its seat resolved. Two files with the same canonical form allocate identically.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from numbers import Real

from scholarships.allocation import (
    OPEN,
    RESERVED_PREFIX,
    AllocationResult,
    Applicant,
    Fixed,
    Instance,
    InstanceError,
    Programme,
)

_TOP_KEYS = {"programmes", "applicants", "fixed"}
_PROGRAMME_KEYS = {"code", "seats", "reserved", "country_cap"}
_APPLICANT_KEYS = {"id", "country", "score", "submitted_at", "preferences"}
_FIXED_KEYS = {"applicant_id", "programme", "seat"}


# --- JSON in --------------------------------------------------------------------------------------------------


def load_instance(text: str | bytes, notes: list[str] | None = None) -> Instance:
    """Parse and validate an instance file's text; InstanceError names every problem found. Preferences for
    programmes the file does not define are dropped and described in `notes` (when given)."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant)
    except UnicodeDecodeError as error:
        raise InstanceError([("file", f"not UTF-8 text ({error.reason} at byte {error.start})")])
    except json.JSONDecodeError as error:
        raise InstanceError([("file", f"not JSON: {error.msg} at line {error.lineno} column {error.colno}")])
    except ValueError as error:
        raise InstanceError([("file", str(error))])
    dropped = drop_unknown_preferences(data)
    if notes is not None:
        notes.extend(dropped)
    return instance_from_dict(data)


def drop_unknown_preferences(data) -> list[str]:
    """A preference naming no programme of the instance is not offered: dropped (a proposal to it could only be
    refused) and reported, not an error, so an instance listing a programme of another call still runs."""
    if not isinstance(data, dict) or not isinstance(data.get("programmes"), list):
        return []
    codes = {p.get("code") for p in data["programmes"] if isinstance(p, dict) and isinstance(p.get("code"), str)}
    notes = []
    applicants = data.get("applicants")
    if not isinstance(applicants, list):
        return notes  # instance_from_dict names the problem
    for i, item in enumerate(applicants):
        if isinstance(item, dict) and isinstance(item.get("preferences"), list):
            unknown = [c for c in item["preferences"] if isinstance(c, str) and c not in codes]
            if unknown:
                item["preferences"] = [c for c in item["preferences"] if not (isinstance(c, str) and c in unknown)]
                notes.append(
                    f"applicants[{i}] (id {item.get('id')!r}): preference(s) {', '.join(unknown)} "
                    "name no programme of this instance and are ignored"
                )
    return notes


def _no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ValueError(f"not valid: key {duplicates[0]!r} appears twice in one object")
    return dict(pairs)


def _no_constant(name):
    raise ValueError(f"not valid JSON: {name} is not a number")


def instance_from_dict(data) -> Instance:
    problems: list[tuple[str, str]] = []
    if not isinstance(data, dict):
        raise InstanceError(
            [("file", "the instance must be a JSON object with 'programmes' and 'applicants'")]
        )
    _unknown_keys("instance", data, _TOP_KEYS, problems)
    for key in ("programmes", "applicants"):
        if not isinstance(data.get(key), list):
            problems.append(("instance", f"'{key}' must be a list" if key in data else f"'{key}' is missing"))
    if problems:
        raise InstanceError(problems)
    fixed = data.get("fixed", [])
    if not isinstance(fixed, list):
        raise InstanceError([("instance", "'fixed' must be a list")])
    programmes = [(i, _programme(i, item, problems)) for i, item in enumerate(data["programmes"])]
    applicants = [(i, _applicant(i, item, problems)) for i, item in enumerate(data["applicants"])]
    fixeds = [_fixed(i, item, problems) for i, item in enumerate(fixed)]
    if problems:  # report the items' own problems together with the cross-item ones of those that parsed
        codes = _check_programmes([(i, p) for i, p in programmes if p is not None], problems)
        _check_applicants([(i, a) for i, a in applicants if a is not None], codes, problems)
        raise InstanceError(sorted(problems, key=_position))
    instance = Instance(tuple(p for _, p in programmes), tuple(a for _, a in applicants), tuple(fixeds))
    check_instance(instance)
    return instance


def _position(problem: tuple[str, str]) -> tuple:
    where = problem[0]
    kind, _, rest = where.partition("[")
    index = rest.split("]")[0]
    return (
        ["file", "instance", "programmes", "applicants", "fixed"].index(kind)
        if kind in ("file", "instance", "programmes", "applicants", "fixed")
        else 9,
        int(index) if index.isdigit() else -1,
    )


def _where(kind: str, index: int, item, key: str) -> str:
    name = item.get(key) if isinstance(item, dict) else None
    return f"{kind}[{index}] ({key} {name!r})" if isinstance(name, str) and name else f"{kind}[{index}]"


def _unknown_keys(where: str, item: dict, allowed: set[str], problems) -> None:
    for key in sorted(set(item) - allowed):
        problems.append((where, f"unknown field {key!r} (allowed: {', '.join(sorted(allowed))})"))


def _required(where: str, item: dict, keys: Iterable[str], problems) -> bool:
    missing = [k for k in keys if k not in item]
    for key in missing:
        problems.append((where, f"'{key}' is missing"))
    return not missing


def _programme(index: int, item, problems) -> Programme | None:
    where = _where("programmes", index, item, "code")
    if not isinstance(item, dict):
        problems.append((where, "must be an object"))
        return None
    _unknown_keys(where, item, _PROGRAMME_KEYS, problems)
    if not _required(where, item, ("code", "seats"), problems):
        return None
    reserved = item.get("reserved") or {}
    if not isinstance(reserved, dict):
        problems.append((where, "'reserved' must be an object of country: seats"))
        reserved = {}
    return Programme(item["code"], item["seats"], reserved, item.get("country_cap"))


def _applicant(index: int, item, problems) -> Applicant | None:
    where = _where("applicants", index, item, "id")
    if not isinstance(item, dict):
        problems.append((where, "must be an object"))
        return None
    _unknown_keys(where, item, _APPLICANT_KEYS, problems)
    if not _required(where, item, sorted(_APPLICANT_KEYS), problems):
        return None
    submitted_at = item["submitted_at"]
    if isinstance(submitted_at, str):
        try:
            submitted_at = datetime.fromisoformat(submitted_at)
        except ValueError:
            problems.append((where, f"submitted_at {submitted_at!r} is not an ISO 8601 timestamp"))
            return None
    preferences = item["preferences"]
    if not isinstance(preferences, list):
        problems.append((where, "'preferences' must be a list of programme codes"))
        return None
    return Applicant(item["id"], item["country"], item["score"], submitted_at, tuple(preferences))


def _fixed(index: int, item, problems) -> Fixed | None:
    where = _where("fixed", index, item, "applicant_id")
    if not isinstance(item, dict):
        problems.append((where, "must be an object"))
        return None
    _unknown_keys(where, item, _FIXED_KEYS, problems)
    if not _required(where, item, ("applicant_id", "programme"), problems):
        return None
    return Fixed(item["applicant_id"], item["programme"], item.get("seat"))


# --- validation (also of instances the app builds) ------------------------------------------------------------


def check_instance(instance: Instance) -> None:
    """Raise InstanceError listing every problem: types, duplicates, unknown codes, seat arithmetic, fixed
    seats beyond a programme's capacity or cap."""
    problems: list[tuple[str, str]] = []
    codes = _check_programmes(list(enumerate(instance.programmes)), problems)
    _check_applicants(list(enumerate(instance.applicants)), codes, problems)
    if not problems:
        _check_fixed(instance, problems)
    if problems:
        raise InstanceError(sorted(problems, key=_position))


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_programmes(programmes, problems) -> set[str]:
    codes: set[str] = set()
    for i, p in programmes:
        where = f"programmes[{i}] (code {p.code!r})"
        if not isinstance(p.code, str) or not p.code.strip():
            problems.append((f"programmes[{i}]", "code must be a non-empty string"))
            continue
        if p.code in codes:
            problems.append((where, "duplicate programme code"))
        codes.add(p.code)
        if not _is_int(p.seats) or p.seats < 0:
            problems.append((where, f"seats must be a whole number of at least 0, got {p.seats!r}"))
            continue
        for country, n in p.reserved.items():
            if not isinstance(country, str) or not country.strip():
                problems.append((where, f"reserved: country {country!r} must be a non-empty string"))
            if not _is_int(n) or n < 0:
                problems.append(
                    (where, f"reserved[{country!r}] must be a whole number of at least 0, got {n!r}")
                )
        reserved = sum(n for n in p.reserved.values() if _is_int(n))
        if reserved > p.seats:
            problems.append((where, f"reserved seats ({reserved}) exceed seats ({p.seats})"))
        if p.country_cap is not None and (not _is_int(p.country_cap) or p.country_cap < 1):
            problems.append(
                (where, f"country_cap must be a whole number of at least 1 or null, got {p.country_cap!r}")
            )
    return codes


def _check_applicants(applicants, codes: set[str], problems) -> None:
    ids: set[str] = set()
    for i, a in applicants:
        if not isinstance(a.id, str) or not a.id.strip():
            problems.append((f"applicants[{i}]", f"id must be a non-empty string, got {a.id!r}"))
            continue
        where = f"applicants[{i}] (id {a.id!r})"
        if a.id in ids:
            problems.append((where, "duplicate applicant id"))
        ids.add(a.id)
        if not isinstance(a.country, str) or not a.country.strip():
            problems.append((where, f"country must be a non-empty string, got {a.country!r}"))
        if isinstance(a.score, bool) or not isinstance(a.score, Real | Decimal) or not math.isfinite(a.score):
            problems.append((where, f"score must be a finite number, got {a.score!r}"))
        if not isinstance(a.submitted_at, datetime):
            problems.append((where, f"submitted_at must be a timestamp, got {a.submitted_at!r}"))
        elif a.submitted_at.utcoffset() is None:
            problems.append(
                (where, f"submitted_at {a.submitted_at.isoformat()} has no time zone (add Z or +05:00)")
            )
        _check_preferences(where, a.preferences, codes, problems)


def _check_preferences(where: str, preferences, codes: set[str], problems) -> None:
    seen = set()
    for code in preferences:
        if not isinstance(code, str) or code not in codes:
            problems.append((where, f"preference {code!r} is not a programme code"))
        elif code in seen:
            problems.append((where, f"preference {code!r} is listed twice"))
        else:
            seen.add(code)


def _check_fixed(instance: Instance, problems) -> None:
    programmes = {p.code: p for p in instance.programmes}
    applicants = {a.id for a in instance.applicants}
    seen: set[str] = set()
    for i, f in enumerate(instance.fixed):
        problem = _fixed_problem(f, programmes, applicants, seen)
        if problem:
            problems.append((f"fixed[{i}] (applicant_id {f.applicant_id!r})", problem))
        if isinstance(f.applicant_id, str):
            seen.add(f.applicant_id)
    if not problems:
        try:
            fixed_seats(instance)
        except InstanceError as error:
            problems.extend(error.problems)


def _fixed_problem(
    f: Fixed, programmes: dict[str, Programme], applicants: set[str], seen: set[str]
) -> str | None:
    if not isinstance(f.applicant_id, str) or not isinstance(f.programme, str):
        return "applicant_id and programme must be strings"
    if f.applicant_id not in applicants:
        return "not an applicant of the instance"
    if f.applicant_id in seen:
        return "applicant fixed twice"
    if f.programme not in programmes:
        return f"programme {f.programme!r} is not a programme code"
    reserves = programmes[f.programme].reserved
    if f.seat is None or f.seat == OPEN:
        return None
    if (
        not isinstance(f.seat, str)
        or f.seat.removeprefix(RESERVED_PREFIX) not in reserves
        or f.seat in reserves
    ):
        return f"seat {f.seat!r} must be 'open' or 'reserved:XX' for a reserve of {f.programme}"
    return None


def fixed_seats(instance: Instance) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """Seats kept from earlier rounds: ({programme: {pot: n}}, {programme: {country: n}}) where a pot is
    "open" or a reserve's country. Explicit seats first, then the default (own reserve, open, other reserves
    in country order), in applicant-id order."""
    return _resolve_fixed(instance)[1:]


def resolved_fixed(instance: Instance) -> list[Fixed]:
    return _resolve_fixed(instance)[0]


def _resolve_fixed(instance: Instance):
    programmes = {p.code: p for p in instance.programmes}
    country = {a.id: a.country for a in instance.applicants}
    pots: dict[str, dict[str, int]] = {}
    counts: dict[str, dict[str, int]] = {}
    resolved: list[Fixed] = []
    ordered = sorted(instance.fixed, key=lambda f: (f.seat is None, f.applicant_id))
    for f in ordered:
        p, c = programmes[f.programme], country[f.applicant_id]
        used = pots.setdefault(p.code, {})
        room = {OPEN: p.open_seats - used.get(OPEN, 0)}
        room.update({k: n - used.get(k, 0) for k, n in sorted(p.reserved.items())})
        pot = f.seat.removeprefix(RESERVED_PREFIX) if f.seat else _default_pot(c, room)
        where = f"fixed (applicant_id {f.applicant_id!r})"
        if pot is None or room.get(pot, 0) <= 0:
            raise InstanceError(
                [(where, f"no {f.seat or 'free'} seat left at {p.code} for the seats fixed there")]
            )
        used[pot] = used.get(pot, 0) + 1
        by_country = counts.setdefault(p.code, {})
        by_country[c] = by_country.get(c, 0) + 1
        if p.country_cap is not None and by_country[c] > p.country_cap:
            raise InstanceError(
                [(where, f"fixed seats of {c} at {p.code} exceed its country cap ({p.country_cap})")]
            )
        resolved.append(Fixed(f.applicant_id, p.code, OPEN if pot == OPEN else RESERVED_PREFIX + pot))
    resolved.sort(key=lambda f: f.applicant_id)
    return resolved, pots, counts


def _default_pot(country: str, room: dict[str, int]) -> str | None:
    if room.get(country, 0) > 0:
        return country
    return next((pot for pot, n in room.items() if n > 0), None)  # open first, then reserves in country order


# --- canonical form and hash ----------------------------------------------------------------------------------


def _timestamp(value: datetime) -> str:
    utc = value.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ" if utc.microsecond else "%Y-%m-%dT%H:%M:%SZ")


def instance_to_dict(instance: Instance) -> dict:
    """The canonical form as Python data (the JSON export of a run)."""
    check_instance(instance)
    data = {
        "programmes": [
            {
                "code": p.code,
                "seats": p.seats,
                "reserved": {c: n for c, n in sorted(p.reserved.items()) if n},
                "country_cap": p.country_cap,
            }
            for p in sorted(instance.programmes, key=lambda p: p.code)
        ],
        "applicants": [
            {
                "id": a.id,
                "country": a.country,
                "score": float(a.score),
                "submitted_at": _timestamp(a.submitted_at),
                "preferences": list(a.preferences),
            }
            for a in sorted(instance.applicants, key=lambda a: a.id)
        ],
    }
    if instance.fixed:
        data["fixed"] = [
            {"applicant_id": f.applicant_id, "programme": f.programme, "seat": f.seat}
            for f in resolved_fixed(instance)
        ]
    return data


def canonical_json(instance: Instance) -> str:
    return json.dumps(instance_to_dict(instance), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def input_hash(instance: Instance) -> str:
    """SHA-256 (hex) of the canonical JSON: the same for every file that allocates identically."""
    return hashlib.sha256(canonical_json(instance).encode()).hexdigest()


# --- multi-round ----------------------------------------------------------------------------------------------


def later_round(
    instance: Instance, result: AllocationResult, *, accepted: Iterable[str], leaving: Iterable[str]
) -> Instance:
    """The instance of the next round: applicants in `accepted` keep the seat `result` gave them (fixed: never
    moved, not even up), applicants in `leaving` (declined, withdrawn, no answer by the deadline) are dropped
    with any seat they had kept, everyone else takes part again with the same preferences over the seats left."""
    accepted, leaving = set(accepted), set(leaving)
    problems = [
        (f"accepted {aid!r}", "not admitted in this result")
        for aid in sorted(accepted)
        if aid not in result.outcomes or result.outcomes[aid].programme is None
    ]
    problems += [(f"leaving {aid!r}", "also in accepted") for aid in sorted(accepted & leaving)]
    if problems:
        raise InstanceError(problems)
    fixed = {f.applicant_id: f for f in resolved_fixed(instance) if f.applicant_id not in leaving}
    for aid in sorted(accepted):
        outcome = result.outcomes[aid]
        fixed.setdefault(aid, Fixed(aid, outcome.programme, outcome.seat))
    applicants = tuple(a for a in instance.applicants if a.id not in leaving)
    return Instance(instance.programmes, applicants, tuple(fixed[k] for k in sorted(fixed)))
