"""Automatic grading of closed kinds: pure functions of (question, its choices, the response) → fraction of
the question's mark in [0, 1]. No database access: callers load questions and choices in bulk.

Responses (JSON, as autosaved): single/truefalse `choice id`; multiple `[choice ids]`; numeric and short
`"text"`; matching `{left choice id: right choice id}`; ordering `[choice ids in the learner's order]`;
essay `"text"` (graded by faculty)."""

import re
from decimal import Decimal

from assessments.formats.common import parse_decimal

ZERO, ONE = Decimal(0), Decimal(1)
SPACES = re.compile(r"\s+")


def clamp(value: Decimal) -> Decimal:
    return max(ZERO, min(ONE, value))


def grade(question, choices: list, response) -> Decimal | None:
    """The fraction earned; None when a person must grade (essay). No response earns 0."""
    if question.kind == "essay":
        return None
    if response in (None, "", [], {}):
        return ZERO
    try:
        return clamp(GRADERS[question.kind](question, choices, response))
    except (TypeError, ValueError, KeyError, AttributeError):
        return ZERO  # a malformed response earns nothing; the API validates shapes before saving


def _single(question, choices, response) -> Decimal:
    by_id = {c.pk: c for c in choices}
    choice = by_id.get(int(response))
    return choice.fraction if choice else ZERO


def multiple_penalties(choices) -> dict[int, Decimal]:
    """The penalty rule: an option with a negative weight costs that weight (Moodle); a wrong option left at
    0% costs 1/(number of correct options), so ticking every box never earns full marks."""
    correct = sum(1 for c in choices if c.fraction > 0) or 1
    return {c.pk: (c.fraction if c.fraction != 0 else -ONE / correct) for c in choices}


def _multiple(question, choices, response) -> Decimal:
    selected = {int(x) for x in response}
    weights = multiple_penalties(choices)
    return sum((weights[c] for c in selected if c in weights), ZERO)


def normalise_text(value: str, case_sensitive: bool) -> str:
    value = SPACES.sub(" ", str(value)).strip()
    return value if case_sensitive else value.casefold()


def _short(question, choices, response) -> Decimal:
    """Whitespace runs count as one space, ends are trimmed; case matters only if the question says so;
    `*` in an accepted answer is a wildcard (Moodle)."""
    given = normalise_text(response, question.case_sensitive)
    best = ZERO
    for c in choices:
        accepted = normalise_text(c.text, question.case_sensitive)
        if "*" in accepted:
            pattern = re.escape(accepted).replace(r"\*", ".*")
            hit = re.fullmatch(pattern, given, re.DOTALL) is not None
        else:
            hit = given == accepted
        if hit:
            best = max(best, c.fraction)
    return best


def _numeric(question, choices, response) -> Decimal:
    value = parse_decimal(str(response))
    if value is None:
        return ZERO
    best = ZERO
    for c in choices:
        target = parse_decimal(c.text)
        if target is not None and abs(value - target) <= (c.tolerance or ZERO):
            best = max(best, c.fraction)
    return best


def _matching(question, choices, response) -> Decimal:
    """Share of the pairs matched right. A right-hand item is identified by the id of the pair it belongs to;
    two pairs with the same right-hand text are interchangeable."""
    pairs = [
        c for c in choices if c.text.strip() or c.text_ru.strip() or c.text_kk.strip() or c.text_en.strip()
    ]
    if not pairs:
        return ZERO
    right_text = {c.pk: (c.match_kk, c.match_ru, c.match_en) for c in choices}
    hits = 0
    for c in pairs:
        picked = response.get(str(c.pk), response.get(c.pk))
        if picked is not None and right_text.get(int(picked)) == right_text[c.pk]:
            hits += 1
    return Decimal(hits) / len(pairs)


def _ordering(question, choices, response) -> Decimal:
    """Share of the items in their right place."""
    expected = [c.pk for c in sorted(choices, key=lambda c: c.position)]
    given = [int(x) for x in response]
    hits = sum(1 for a, b in zip(expected, given, strict=False) if a == b)
    return Decimal(hits) / len(expected)


GRADERS = {
    "single": _single,
    "truefalse": _single,
    "multiple": _multiple,
    "short": _short,
    "numeric": _numeric,
    "matching": _matching,
    "ordering": _ordering,
}
