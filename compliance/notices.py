"""Notification messages of the compliance app (notifications.messages): stored as keys with JSON parameters
and rendered in the reader's language and date format when read or e-mailed."""

from django.utils.translation import gettext

from compliance.models import ComplianceRule
from notifications import messages

OVERDUE = "overdue"


def rule_label(rule: str) -> str:
    try:
        return str(ComplianceRule.Code(rule).label)
    except ValueError:
        return rule


def _title(p: dict) -> str:
    if p["step"] == OVERDUE:
        return gettext("Training overdue: %(rule)s") % {"rule": rule_label(p["rule"])}
    return gettext("Training due by %(date)s: %(rule)s") % {"rule": rule_label(p["rule"]), "date": p["due"]}


def _body(p: dict) -> str:
    rule, due = rule_label(p["rule"]), p["due"]
    if p["step"] == OVERDUE:
        return gettext(
            "The deadline for “%(rule)s” was %(date)s. Please apply for a course now or ask your "
            "HR department about the options."
        ) % {"rule": rule, "date": due}
    return gettext(
        "“%(rule)s” falls due on %(date)s (in %(days)s days). Apply for a course in good time."
    ) % {"rule": rule, "date": due, "days": p["days"]}


def _digest_title(p: dict) -> str:
    return gettext("Weekly training compliance digest: %(overdue)s overdue, %(soon)s due soon") % {
        "overdue": p["overdue"],
        "soon": p["due_soon"],
    }


def _digest_body(p: dict) -> str:
    lines = [
        gettext("Training compliance of the civil servants in your scope as of %(date)s:")
        % {"date": p["as_of"]}
    ]
    for rule, counts in p["summary"].items():
        lines.append(
            gettext(
                "%(rule)s: %(overdue)s overdue, %(due_soon)s due soon, %(compliant)s compliant, "
                "%(exempt)s exempt"
            )
            % {"rule": rule_label(rule), **counts}
        )
    return "\n".join(lines)


REMINDER = messages.register("compliance.reminder", title=_title, body=_body)
DIGEST = messages.register("compliance.digest", title=_digest_title, body=_digest_body)


def reminder_params(*, rule: str, due, step: str, days: int) -> dict:
    return {"rule": rule, "due": messages.day(due), "step": step, "days": days}


def digest_params(*, as_of, summary: dict, overdue: int, due_soon: int) -> dict:
    return {
        "as_of": messages.day(as_of),
        "overdue": overdue,
        "due_soon": due_soon,
        "summary": {rule: dict(counts) for rule, counts in summary.items()},
    }
