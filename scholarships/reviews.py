"""Review: conflict-free, balanced and deterministic reviewer assignment; scoring on weighted criteria; the
automatic third review; the final score.

Final score (docs/scholarships.md): each review's score is the weighted mean of its criterion points scaled to
0..100, sum(weight * points / max_points) / sum(weight) * 100. With two reviews the final score is their mean.
When they differ by more than the call's margin a third reviewer is assigned; with three reviews the final
score is the mean of the two closest scores (on a tie, the pair with the higher mean)."""

from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed
from people.models import CivilServant, PartnerParticipant, Role, RoleAssignment
from scholarships.models import Application, Call, Criterion, Review, Status
from scholarships.permissions import is_committee, same_organisation

REVIEWS_NEEDED = 2
CENT = Decimal("0.01")
IN_REVIEW = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.THIRD_REVIEW)


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def weighted_total(criteria: list[Criterion], scores: dict) -> Decimal:
    weights = sum((c.weight for c in criteria), Decimal(0))
    points = sum((c.weight * Decimal(str(scores[c.code])) / c.max_points for c in criteria), Decimal(0))
    return _round(points / weights * 100)


def final_score(totals: list[Decimal]) -> Decimal | None:
    """Mean of the two closest review scores (all two when there are two); None below two reviews."""
    if len(totals) < 2:
        return None
    pairs = sorted(combinations(sorted(totals), 2), key=lambda p: (abs(p[0] - p[1]), -(p[0] + p[1])))
    a, b = pairs[0]
    return _round((a + b) / 2)


# --- assignment -------------------------------------------------------------------------------------------


def _reviewer_pool() -> list[dict]:
    """Every scholarship reviewer with their (country, organisation), in id order, in three queries."""
    ids = sorted(
        set(RoleAssignment.objects.filter(role=Role.GRANT_REVIEWER).values_list("user_id", flat=True))
    )
    partners = {
        p.user_id: (p.country, p.organisation) for p in PartnerParticipant.objects.filter(user_id__in=ids)
    }
    servants = {
        s.user_id: ("KZ", s.body.name_ru)
        for s in CivilServant.objects.filter(user_id__in=ids).select_related("body")
    }
    return [
        {
            "id": i,
            "country": (partners.get(i) or servants.get(i) or ("", ""))[0],
            "organisation": (partners.get(i) or servants.get(i) or ("", ""))[1],
        }
        for i in ids
    ]


def _conflicted(reviewer: dict, application: Application) -> bool:
    return reviewer["country"] == application.country or same_organisation(
        reviewer["organisation"], application.organisation
    )


def _needed(application: Application, active: int) -> int:
    wanted = REVIEWS_NEEDED + (1 if application.status == Status.THIRD_REVIEW else 0)
    return max(wanted - active, 0)


def _assign(applications: list[Application], pool: list[dict], load: dict[int, int]) -> tuple[int, int]:
    """Greedy: each application in id order takes the least-loaded eligible reviewers (ties: lower user id).
    Returns (reviews created, reviews still missing)."""
    taken = {(r.application_id, r.reviewer_id) for r in Review.objects.filter(application__in=applications)}
    active = dict(
        Review.objects.filter(application__in=applications)
        .exclude(state=Review.State.CONFLICT)
        .values("application")
        .annotate(n=Count("pk"))
        .values_list("application", "n")
    )
    created, missing, rows = 0, 0, []
    for application in applications:
        need = _needed(application, active.get(application.pk, 0))
        candidates = sorted(
            (r for r in pool if (application.pk, r["id"]) not in taken and not _conflicted(r, application)),
            key=lambda r: (load.get(r["id"], 0), r["id"]),
        )
        for reviewer in candidates[:need]:
            rows.append(
                Review(
                    application=application,
                    reviewer_id=reviewer["id"],
                    is_third=application.status == Status.THIRD_REVIEW,
                )
            )
            load[reviewer["id"]] = load.get(reviewer["id"], 0) + 1
        created += min(need, len(candidates))
        missing += max(need - len(candidates), 0)
    Review.objects.bulk_create(rows)
    Application.objects.filter(pk__in=[r.application_id for r in rows], status=Status.SUBMITTED).update(
        status=Status.UNDER_REVIEW
    )
    return created, missing


def _call_load(call: Call) -> dict[int, int]:
    return dict(
        Review.objects.filter(application__call=call)
        .exclude(state=Review.State.CONFLICT)
        .values("reviewer")
        .annotate(n=Count("pk"))
        .values_list("reviewer", "n")
    )


@transaction.atomic
def reviewers_assign(*, call: Call, actor) -> dict:
    """Give every submitted application (and any that lost a reviewer) the reviewers it still needs."""
    if not is_committee(actor):
        raise NotAllowed(_("Only the scholarship committee may assign reviewers."))
    Call.objects.select_for_update().get(pk=call.pk)  # one assignment at a time per call keeps loads exact
    applications = list(Application.objects.filter(call=call, status__in=IN_REVIEW).order_by("pk"))
    created, missing = _assign(applications, _reviewer_pool(), _call_load(call))
    audit_record(
        actor=actor,
        action="scholarships.reviewers.assign",
        obj=call,
        after={"created": created, "missing": missing},
    )
    return {"created": created, "missing": missing}


def _reassign_one(application: Application) -> None:
    Call.objects.select_for_update().get(pk=application.call_id)
    _assign([application], _reviewer_pool(), _call_load(application.call))


# --- scoring ----------------------------------------------------------------------------------------------


def _own_review(review: Review, actor) -> Review:
    review = Review.objects.select_for_update().select_related("application__call").get(pk=review.pk)
    if review.reviewer_id != getattr(actor, "pk", None):
        raise NotAllowed(_("This review is assigned to someone else."))
    if review.state != Review.State.ASSIGNED:
        raise ApplicationError("review_closed", _("This review is already closed."))
    if timezone.now() > review.application.call.review_close_at:
        raise ApplicationError("review_deadline", _("The review deadline has passed."))
    return review


def _clean_scores(criteria: list[Criterion], scores: dict) -> dict:
    clean = {}
    for c in criteria:
        value = scores.get(c.code)
        try:
            number = Decimal(str(value))
        except (ArithmeticError, ValueError, TypeError):
            number = None
        if number is None or not number.is_finite() or not (0 <= number <= c.max_points):
            raise ApplicationError(
                "invalid_score",
                _("%(name)s: give points from 0 to %(max)s.") % {"name": c.name, "max": c.max_points},
                extra={"field": c.code},
            )
        clean[c.code] = str(number)
    return clean


@transaction.atomic
def review_submit(*, review: Review, actor, scores: dict, comment: str = "") -> Review:
    review = _own_review(review, actor)
    criteria = list(Criterion.objects.filter(call=review.application.call_id))
    review.scores = _clean_scores(criteria, scores)
    review.total = weighted_total(criteria, review.scores)
    review.comment, review.state, review.submitted_at = (
        comment.strip()[:4000],
        Review.State.DONE,
        timezone.now(),
    )
    review.save(update_fields=["scores", "total", "comment", "state", "submitted_at"])
    audit_record(
        actor=actor,
        action="scholarships.review.submit",
        obj=review,
        summary=f"application {review.application_id}",
        after={"total": str(review.total)},
    )
    _after_review(review.application)
    return review


def _after_review(application: Application) -> None:
    """Third review when the first two differ by more than the margin; final score once enough are in."""
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    totals = list(
        application.reviews.filter(state=Review.State.DONE)
        .order_by("submitted_at", "pk")
        .values_list("total", flat=True)
    )
    third_requested = application.reviews.filter(is_third=True).exclude(state=Review.State.CONFLICT).exists()
    if (
        len(totals) == 2
        and abs(totals[0] - totals[1]) > application.call.review_margin
        and not third_requested
    ):
        application.status = Status.THIRD_REVIEW
        application.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=None,
            action="scholarships.review.third_requested",
            obj=application,
            after={"scores": [str(t) for t in totals], "margin": str(application.call.review_margin)},
        )
        _reassign_one(application)
        return
    if len(totals) >= (3 if application.status == Status.THIRD_REVIEW else 2):
        application.final_score, application.status = final_score(totals), Status.REVIEWED
        application.save(update_fields=["final_score", "status", "updated_at"])


@transaction.atomic
def review_declare_conflict(*, review: Review, actor, reason: str) -> Review:
    """The reviewer steps aside; another conflict-free reviewer is assigned at once."""
    review = _own_review(review, actor)
    if not reason.strip():
        raise ApplicationError("reason_required", _("Say what the conflict is."), extra={"field": "reason"})
    review.state, review.conflict_reason = Review.State.CONFLICT, reason.strip()[:500]
    review.save(update_fields=["state", "conflict_reason"])
    audit_record(
        actor=actor,
        action="scholarships.review.conflict",
        obj=review,
        summary=f"application {review.application_id}",
    )
    _reassign_one(review.application)
    return review
