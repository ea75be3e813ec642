"""English texts of the engine's reasons (the offline command's `reason` column). The app renders the same
codes and parameters through gettext instead."""

from __future__ import annotations

from scholarships.allocation import Outcome, Reason

_SEAT = {
    "open": "open seat",
    "reserved": "seat reserved for your country",
    "dereserved": "released reserved seat",
}


def number(value) -> str:
    """87.0 -> "87", 87.5 -> "87.5" (the shortest text that reads back as the same float)."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def reason_text(reason: Reason) -> str:
    p = reason.params
    match reason.code:
        case "admitted":
            return f"admitted to {p['programme']} ({_SEAT[p['seat_class']]})"
        case "kept":
            return f"keeps the seat at {p['programme']} accepted in an earlier round"
        case "not_admitted":
            return "not admitted"
        case "no_preferences":
            return "not admitted: no programme ranked"
        case "below_cutoff":
            return f"{p['programme']}: cut-off {number(p['cutoff'])} above your score {number(p['score'])}"
        case "tie_break":
            first = (
                "an earlier application"
                if p.get("decided_by") != "id"
                else "an application with a smaller id"
            )
            return f"{p['programme']}: cut-off {number(p['cutoff'])} equal to your score, {first} came first"
        case "country_cap":
            return f"{p['programme']}: country cap reached ({p['cap']} admitted from {p['country']})"
        case "reserved_for_others":
            return f"{p['programme']}: its seats left were reserved for other countries and taken by them"
        case "no_seats":
            return f"{p['programme']}: no seats left in this round"
        case "rejected_earlier":
            return f"{p['programme']}: rejected in an earlier round of the allocation"
    return reason.code


def outcome_text(outcome: Outcome) -> str:
    return "; ".join(reason_text(r) for r in (outcome.headline, *outcome.above))
