"""Reads of training and compliance, scoped to what the actor may see (people.selectors)."""

from datetime import date

from django.db.models import QuerySet

from enrollment import compliance
from enrollment.models import Exemption, TrainingRecord
from people.models import StateBody
from people.selectors import servants_visible_to


def training_records_visible_to(user) -> QuerySet[TrainingRecord]:
    return TrainingRecord.objects.filter(servant__in=servants_visible_to(user).values("pk")).select_related(
        "servant")


def exemptions_visible_to(user) -> QuerySet[Exemption]:
    return Exemption.objects.filter(servant__in=servants_visible_to(user).values("pk")).select_related("servant")


def servants_in_subtree(servants: QuerySet, body: StateBody | None) -> QuerySet:
    return servants if body is None else servants.filter(body__path__startswith=body.path)


def compliance_summary_for(user, *, as_of: date, body: StateBody | None = None,
                           rules: list[str] | None = None) -> dict[str, dict[str, int]]:
    """Counts by rule and status of the servants the actor may see (optionally one body's subtree)."""
    return compliance.status_summary(servants_in_subtree(servants_visible_to(user), body), as_of, rules)


def compliance_list_for(user, *, as_of: date, rule: str, status: str, body: StateBody | None = None,
                        limit: int = 50, offset: int = 0) -> list[compliance.StatusRow]:
    return compliance.status_page(servants_in_subtree(servants_visible_to(user), body), as_of,
                                  rule=rule, status=status, limit=limit, offset=offset)
