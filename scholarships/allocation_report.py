"""An allocation result as plain JSON-ready data: what the app stores with a run (summary, per-applicant
reasons) and what `allocate_scholarships --format json` prints."""

from __future__ import annotations

from scholarships.allocation import AllocationResult, Outcome, ProgrammeReport


def outcome_to_dict(outcome: Outcome) -> dict:
    return {
        "applicant_id": outcome.applicant_id,
        "status": outcome.status,
        "programme": outcome.programme,
        "seat": outcome.seat,
        "seat_class": outcome.seat_class,
        "kept": outcome.kept,
        "reason_code": outcome.headline.code,
        "reason_params": dict(outcome.headline.params),
        "explanation": [r.as_dict() for r in outcome.above],
        "reason": outcome.text,
    }


def programme_to_dict(report: ProgrammeReport) -> dict:
    return {
        "code": report.code,
        "seats": report.seats,
        "fixed": report.fixed,
        "admitted": len(report.admitted),
        "empty_seats": report.empty_seats,
        "country_cap": report.country_cap,
        "classes": {
            key: {"seats": c.seats, "filled": c.filled, "lowest_score": c.lowest_score, "cutoff": c.cutoff}
            for key, c in report.classes.items()
        },
        "by_country": dict(report.by_country),
    }


def result_to_dict(result: AllocationResult) -> dict:
    return {
        "input_hash": result.input_hash,
        "rounds": result.rounds,
        "programmes": [programme_to_dict(p) for p in result.programmes.values()],
        "outcomes": [outcome_to_dict(o) for o in result.outcomes.values()],
    }
