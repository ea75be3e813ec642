"""What each applicant reads about their outcome, in their language: where they were admitted or why not, and
for every programme they ranked above the outcome the reason it was not that one (the engine's cut-off for
their class against their score, the country cap, ...) or the eligibility rule that kept them out of it."""

from django.utils.translation import gettext_lazy as _

from scholarships.eligibility import rule_message
from scholarships.models import Application, Programme, Result

SEAT_CLASSES = {
    "open": _("open competition"),
    "reserved": _("seats reserved for your country"),
    "dereserved": _("reserved seats released to open competition"),
}

HEADLINES = {
    "admitted": _("You are offered a place at %(programme)s (%(seat_class)s)."),
    "kept": _("You keep the place at %(programme)s that you accepted in an earlier round."),
    "not_admitted": _("You were not admitted to any programme you ranked."),
    "no_preferences": _("You were not admitted: no programme you ranked was open to you."),
}

REASONS = {
    "below_cutoff": _(
        "%(programme)s: the cut-off score for your class (%(seat_class)s) was %(cutoff)s; your "
        "score is %(score)s."
    ),
    "tie_break": _(
        "%(programme)s: the cut-off score %(cutoff)s equals your score; an earlier submission came first."
    ),
    "country_cap": _(
        "%(programme)s: the cap for your country was reached (%(cap)s admitted from %(country)s)."
    ),
    "reserved_for_others": _(
        "%(programme)s: the seats left were reserved for other countries and taken by them."
    ),
    "no_seats": _("%(programme)s: no seats were left in this round."),
    "rejected_earlier": _(
        "%(programme)s: your score %(score)s did not hold a seat in an earlier step of the allocation."
    ),
}


def _number(value) -> str:
    if value is None:
        return "—"
    value = float(value)
    return f"{value:.0f}" if value.is_integer() else f"{value:.2f}".rstrip("0")


def _render(template, params: dict, titles: dict[str, str]) -> str:
    shown = dict(params)
    if "programme" in shown:
        shown["programme"] = titles.get(shown["programme"], shown["programme"])
    for key in ("cutoff", "score"):
        if key in shown:
            shown[key] = _number(shown[key])
    if "seat_class" in shown:
        shown["seat_class"] = SEAT_CLASSES.get(shown["seat_class"], shown["seat_class"])
    try:
        return str(template) % shown
    except (KeyError, TypeError, ValueError):
        return str(template)


def programme_titles(call_id: int) -> dict[str, str]:
    return {p.code: f"{p.title} ({p.code})" for p in Programme.objects.filter(call_id=call_id)}


def explain(application: Application, result: Result, *, titles: dict[str, str] | None = None) -> dict:
    """{"headline": text, "programme": code or None, "above": [{"programme", "title", "text", "code"}]}: one
    line per ranked programme above the outcome, in the applicant's order. Pass `titles` (and prefetch the
    application's preferences) to explain many results without extra queries."""
    titles = titles if titles is not None else programme_titles(application.call_id)
    engine_reasons = {r["programme"]: r for r in result.explanation}
    excluded = {f["programme"]: f for f in application.eligibility if f.get("programme")}
    ranked = [p.programme.code for p in sorted(application.preferences.all(), key=lambda p: p.rank)]
    outcome = result.programme.code if result.programme_id else None
    above = ranked[: ranked.index(outcome)] if outcome in ranked else ranked
    lines = []
    for code in above:
        if code in excluded:
            text, kind = (
                rule_message(excluded[code]["rule"], excluded[code]["params"]),
                excluded[code]["rule"],
            )
            text = f"{titles.get(code, code)}: {text}"
        elif code in engine_reasons:
            reason = engine_reasons[code]
            text, kind = (
                _render(REASONS.get(reason["code"], reason["code"]), reason["params"], titles),
                reason["code"],
            )
        else:
            text, kind = _render(REASONS["no_seats"], {"programme": code}, titles), "no_seats"
        lines.append({"programme": code, "title": titles.get(code, code), "text": text, "code": kind})
    headline = _render(
        HEADLINES.get(result.reason_code, HEADLINES["not_admitted"]), result.reason_params, titles
    )
    return {"headline": headline, "programme": outcome, "score": _number(result.score), "above": lines}
