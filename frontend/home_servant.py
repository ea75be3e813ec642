"""The servant's home: their learning dashboard. Every piece is read through its app's selector for the
signed-in user's own data only (courses in progress with the resume point, the three-year status, open
obligations, courses that close competency gaps, upcoming registered events, certificates). The query count
is constant (pinned by tests/frontend/test_servant_home.py)."""

from certificates import selectors as certificate_selectors
from competency_framework import selectors as competency_selectors
from compliance import selectors as compliance_selectors
from compliance.dashboard import today
from compliance.exports import STATUS_LABELS
from compliance.rules import COMPLIANT, EXEMPT
from conferences import selectors as conference_selectors
from courses import selectors as course_selectors

IN_PROGRESS_LIMIT = 6
CERTIFICATE_LIMIT = 5


def learning_dashboard(user, servant) -> dict:
    statuses = [
        {
            "rule": r.rule,
            "label": compliance_selectors.rule_label(r.rule),
            "status": r.status,
            "status_label": STATUS_LABELS[r.status],
            "due_date": r.due_date,
        }
        for r in compliance_selectors.servant_statuses(servant, as_of=today())
    ]
    return {
        "in_progress": list(
            course_selectors.my_learning(user).filter(completed_at__isnull=True)[:IN_PROGRESS_LIMIT]
        ),
        "three_year": next((s for s in statuses if s["rule"] == "three_year"), None),
        "required": [s for s in statuses if s["status"] not in (COMPLIANT, EXEMPT)],
        "recommended": list(course_selectors.courses_closing_gaps(user=user, gaps=_gaps(servant))),
        "events": list(conference_selectors.upcoming_registrations_of(user)),
        "certificates": list(certificate_selectors.certificates_of(user)[:CERTIFICATE_LIMIT]),
    }


def _gaps(servant) -> dict[int, int]:
    """{competency id: level to reach} for competencies the position requires above the assessed level
    (or not assessed yet)."""
    return {
        row.competency.pk: row.required_level
        for row in competency_selectors.servant_gaps(servant)
        if row.required_level is not None and (row.gap is None or row.gap > 0)
    }
