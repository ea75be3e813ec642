"""Reads, scoped to the actor: the committee (and administrators) see every application of a call; a reviewer
only the applications assigned to them (not those they declared a conflict on); an applicant only their own."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from scholarships.models import AllocationRun, Application, Call, Preference, Result, Review
from scholarships.permissions import is_committee

ACTIVE_REVIEW = (Review.State.ASSIGNED, Review.State.DONE)


def calls_visible_to(user) -> QuerySet[Call]:
    """Calls are public to signed-in users; programmes come with them."""
    return Call.objects.prefetch_related("programmes")


def applications_visible_to(user, *, call: Call | None = None) -> QuerySet[Application]:
    qs = Application.objects.select_related("call", "offer", "applicant")
    if call is not None:
        qs = qs.filter(call=call)
    if is_committee(user):
        return qs
    assigned = Review.objects.filter(reviewer=user, state__in=ACTIVE_REVIEW).values("application_id")
    return qs.filter(Q(applicant=user) | Q(pk__in=assigned))


def with_details(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.prefetch_related(
        Prefetch("preferences", queryset=Preference.objects.select_related("programme").order_by("rank")),
        "documents",
    )


def own_applications(user) -> QuerySet[Application]:
    return with_details(Application.objects.filter(applicant=user).select_related("call", "offer"))


def reviews_assigned_to(user) -> QuerySet[Review]:
    return (
        Review.objects.filter(reviewer=user, state__in=ACTIVE_REVIEW)
        .select_related("application__call")
        .order_by("state", "application__call", "application_id")
    )


def review_for(user, application: Application) -> Review | None:
    return Review.objects.filter(reviewer=user, application=application, state__in=ACTIVE_REVIEW).first()


def runs_visible_to(user, *, call: Call | None = None) -> QuerySet[AllocationRun]:
    if not is_committee(user):
        return AllocationRun.objects.none()
    qs = AllocationRun.objects.select_related("call", "ran_by", "published_by")
    return qs.filter(call=call) if call is not None else qs


def results_visible(application: Application) -> bool:
    """Applicants see results once a run is published and the results date has come."""
    return timezone.now() >= application.call.results_at


def published_result(application: Application) -> Result | None:
    """The applicant's result in the latest published run that includes them."""
    if not results_visible(application):
        return None
    return (
        Result.objects.filter(application=application, run__published_at__isnull=False)
        .select_related("programme", "run")
        .order_by("-run__round")
        .first()
    )


def committee_table(call: Call) -> QuerySet[Application]:
    """Every application of the call with its preferences and reviews (three queries whatever the count)."""
    return (
        Application.objects.filter(call=call)
        .select_related("offer")
        .order_by("-final_score", "pk")
        .prefetch_related(
            Prefetch("preferences", queryset=Preference.objects.select_related("programme").order_by("rank")),
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
        )
    )
