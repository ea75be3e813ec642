"""Allocation runs: build the engine's instance from eligible, fully reviewed applications (ids pseudonymised,
seats capped by the budget), run `scholarships.allocation`, store the run with its input hash, parameters,
results and who ran it; publish a run on the results date (offers go out); a later round re-runs over the seats
and applicants left, keeping everyone who accepted fixed (`allocation_instance.later_round`)."""

import hashlib
import hmac
import math
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed
from scholarships import allocation as engine
from scholarships.allocation_instance import instance_from_dict, instance_to_dict, later_round
from scholarships.allocation_report import programme_to_dict
from scholarships.models import AllocationRun, Application, Call, Programme, Result, Status
from scholarships.permissions import is_committee

ENGINE = (
    "applicant-proposing deferred acceptance with country reserves (released) and caps; issue 13 contract"
)
LATER_ROUND_DAYS = 7  # a later round's offers may be answered for at least this long
FORMULA = "review = sum(weight*points/max)/sum(weight)*100; final = mean of the two closest reviews"


def respond_by(run: AllocationRun) -> datetime:
    """The answer deadline of a published run's offers: the call's for round 1, set at publication later."""
    value = run.parameters.get("respond_by")
    return datetime.fromisoformat(value) if value else run.call.acceptance_deadline


def _committee_only(actor) -> None:
    if not is_committee(actor):
        raise NotAllowed(_("Only the scholarship committee may do this."))


# --- budget ---------------------------------------------------------------------------------------------------


def budget_seats(programmes: list[Programme], budget: Decimal) -> dict[str, int]:
    """Seats per programme such that sum(seats * grant cost) <= budget: proportional scaling rounded down, then
    seats given back one at a time in programme order while the budget allows. Admitted <= seats, so the grants
    of any allocation stay within the budget."""
    full = {p.code: p.seats for p in programmes}
    if sum(p.seats * p.grant_cost for p in programmes) <= budget:
        return full
    total = sum(p.seats * p.grant_cost for p in programmes)
    seats = {p.code: math.floor(p.seats * budget / total) for p in programmes}
    spent = sum(seats[p.code] * p.grant_cost for p in programmes)
    grew = True
    while grew:
        grew = False
        for p in programmes:
            if seats[p.code] < p.seats and spent + p.grant_cost <= budget:
                seats[p.code] += 1
                spent += p.grant_cost
                grew = True
    return seats


def _reserved_within(reserved: dict, seats: int) -> dict[str, int]:
    """Reserved seats never exceed the (possibly budget-capped) seats: countries in code order keep theirs."""
    out, left = {}, seats
    for country in sorted(reserved):
        n = min(int(reserved[country]), left)
        if n > 0:
            out[country], left = n, left - n
    return out


def _engine_programmes(call: Call) -> tuple[list[engine.Programme], dict]:
    programmes = list(call.programmes.order_by("position", "code"))
    seats = budget_seats(programmes, call.budget)
    built = [
        engine.Programme(
            code=p.code,
            seats=seats[p.code],
            reserved=_reserved_within(p.reserved, seats[p.code]),
            country_cap=p.country_cap,
        )
        for p in programmes
        if seats[p.code] > 0
    ]
    caps = {p.code: {"offered": p.seats, "after_budget": seats[p.code]} for p in programmes}
    return built, caps


# --- instance ---------------------------------------------------------------------------------------------------


def pseudonym(call: Call, application_id: int) -> str:
    """A stable pseudonymous id: the same application gets the same id in every round, nobody can reverse it
    without the server's secret."""
    key = f"{settings.SECRET_KEY}:scholarships:{call.code}".encode()
    return "A-" + hmac.new(key, str(application_id).encode(), hashlib.sha256).hexdigest()[:12]


def _excluded(application: Application) -> set[str]:
    return {f["programme"] for f in application.eligibility if f.get("programme")}


def _applicants(call: Call, codes: set[str]) -> tuple[list[engine.Applicant], dict[str, str]]:
    rows = (
        Application.objects.filter(call=call, status=Status.REVIEWED, final_score__isnull=False)
        .prefetch_related("preferences__programme")
        .order_by("pk")
    )
    applicants, names = [], {}
    for a in rows:
        excluded = _excluded(a)
        prefs = tuple(
            p.programme.code
            for p in a.preferences.all()
            if p.programme.code in codes and p.programme.code not in excluded
        )
        pid = pseudonym(call, a.pk)
        names[str(a.pk)] = pid
        applicants.append(
            engine.Applicant(
                id=pid,
                country=a.country,
                score=float(a.final_score),
                submitted_at=a.submitted_at,
                preferences=prefs,
            )
        )
    return applicants, names


def _last_published(call: Call) -> AllocationRun | None:
    return call.runs.filter(published_at__isnull=False).order_by("-round").first()


def _next_round_instance(call: Call, previous: AllocationRun) -> tuple[engine.Instance, dict[str, str]]:
    instance = instance_from_dict(previous.instance)
    result = engine.allocate(instance)
    names = previous.pseudonyms
    states = dict(Application.objects.filter(pk__in=[int(k) for k in names]).values_list("pk", "status"))
    accepted = [names[str(pk)] for pk, s in states.items() if s == Status.ACCEPTED]
    deadline_passed = timezone.now() > respond_by(previous)
    leaving = [
        names[str(pk)]
        for pk, s in states.items()
        if s == Status.DECLINED or (s == Status.OFFERED and deadline_passed)
    ]
    if not deadline_passed and any(s == Status.OFFERED for s in states.values()):
        raise ApplicationError(
            "offers_open", _("Some offers are still unanswered and the acceptance deadline has not passed.")
        )
    accepted = [a for a in accepted if result.outcomes.get(a) and result.outcomes[a].programme]
    return later_round(instance, result, accepted=accepted, leaving=leaving), names


# --- run, publish -------------------------------------------------------------------------------------------------


@transaction.atomic
def run_create(*, call: Call, actor) -> AllocationRun:
    """Allocate now and store the run (unpublished). Round 1 over every reviewed application; once a round is
    published, the next round over what is left."""
    _committee_only(actor)
    call = Call.objects.select_for_update().get(pk=call.pk)
    previous = _last_published(call)
    if previous is None:
        programmes, caps = _engine_programmes(call)
        applicants, names = _applicants(call, {p.code for p in programmes})
        if not applicants:
            raise ApplicationError("nothing_to_allocate", _("No eligible, fully reviewed application yet."))
        instance = engine.Instance(programmes=tuple(programmes), applicants=tuple(applicants))
        number = 1
    else:
        instance, names = _next_round_instance(call, previous)
        caps, number = previous.parameters.get("seat_caps", {}), previous.round + 1
    try:
        result = engine.allocate(instance)
    except engine.InstanceError as exc:
        raise ApplicationError("invalid_instance", str(exc))
    run = AllocationRun.objects.create(
        call=call,
        round=number,
        input_hash=result.input_hash,
        instance=instance_to_dict(instance),
        pseudonyms=names,
        ran_by=actor,
        parameters={
            "round": number,
            "budget": str(call.budget),
            "seat_caps": caps,
            "engine": ENGINE,
            "score_formula": FORMULA,
            "review_margin": str(call.review_margin),
        },
        summary={
            "rounds": result.rounds,
            "programmes": [programme_to_dict(p) for p in result.programmes.values()],
        },
    )
    _store_results(run, result, names)
    audit_record(
        actor=actor,
        action="scholarships.run.create",
        obj=run,
        summary=f"{call.code} round {number}",
        after={"input_hash": run.input_hash, "applicants": len(names)},
    )
    return run


def _store_results(run: AllocationRun, result, names: dict[str, str]) -> None:
    programme_ids = dict(run.call.programmes.values_list("code", "pk"))
    scores = dict(Application.objects.filter(pk__in=[int(k) for k in names]).values_list("pk", "final_score"))
    rows = []
    for app_id, pid in names.items():
        outcome = result.outcomes.get(pid)
        if outcome is None:  # left in an earlier round
            continue
        rows.append(
            Result(
                run=run,
                application_id=int(app_id),
                programme_id=programme_ids.get(outcome.programme),
                admitted=outcome.status == engine.ADMITTED,
                reason_code=outcome.headline.code,
                reason_params={**outcome.headline.params, "seat": outcome.seat, "kept": outcome.kept},
                explanation=[r.as_dict() for r in outcome.above],
                score=scores.get(int(app_id)),
            )
        )
    Result.objects.bulk_create(rows)


@transaction.atomic
def run_publish(*, run: AllocationRun, actor) -> AllocationRun:
    """Publish on or after the call's results date: admitted applicants get an offer to accept or decline by the
    acceptance deadline (those who accepted earlier keep their seat), the others are told they were not admitted."""
    _committee_only(actor)
    run = AllocationRun.objects.select_for_update().select_related("call").get(pk=run.pk)
    call = run.call
    if run.is_published:
        raise ApplicationError("already_published", _("This run is already published."))
    if timezone.now() < call.results_at:
        raise ApplicationError(
            "too_early",
            _("Results may be published from %(day)s.")
            % {"day": date_format(timezone.localtime(call.results_at), "DATETIME_FORMAT")},
        )
    last = _last_published(call)
    if (last.round + 1 if last else 1) != run.round:
        raise ApplicationError(
            "stale_run", _("This run is not for the next round; run the allocation again.")
        )
    now = timezone.now()
    if now > call.acceptance_deadline and run.round == 1:
        raise ApplicationError("acceptance_closed", _("The acceptance deadline has passed."))
    deadline = (
        call.acceptance_deadline
        if run.round == 1
        else max(call.acceptance_deadline, now + timedelta(days=LATER_ROUND_DAYS))
    )
    run.published_at, run.published_by = now, actor
    run.parameters = {**run.parameters, "respond_by": deadline.isoformat()}
    run.save(update_fields=["published_at", "published_by", "parameters"])
    _apply_offers(run)
    _notify(run)
    audit_record(
        actor=actor, action="scholarships.run.publish", obj=run, after={"input_hash": run.input_hash}
    )
    return run


def _apply_offers(run: AllocationRun) -> None:
    results = run.results.exclude(reason_code="kept")
    admitted = list(results.filter(admitted=True).values_list("application_id", "programme_id"))
    for application_id, programme_id in admitted:
        Application.objects.filter(pk=application_id).update(
            status=Status.OFFERED,
            offer_id=programme_id,
            offer_round=run.round,
            responded_at=None,
            updated_at=timezone.now(),
        )
    Application.objects.filter(pk__in=results.filter(admitted=False).values("application_id")).exclude(
        status=Status.ACCEPTED
    ).update(status=Status.NOT_ADMITTED, offer=None, offer_round=None, updated_at=timezone.now())
    # Unanswered offers of the previous round lapse when the next round is published.
    Application.objects.filter(call=run.call, status=Status.OFFERED, offer_round__lt=run.round).update(
        status=Status.DECLINED, updated_at=timezone.now()
    )


def _notify(run: AllocationRun) -> None:
    """One notice per applicant and round (the dedup key makes a repeated publication send nothing)."""
    from notifications.services import notification_send
    from scholarships.notices import RESULT_OFFERED, RESULT_OUT

    for result in run.results.exclude(reason_code="kept").select_related("application__applicant"):
        offered = result.admitted
        notification_send(
            user=result.application.applicant,
            kind="scholarships.result",
            dedup_key=f"scholarships:result:{run.call_id}:{run.round}:{result.application_id}",
            message=RESULT_OFFERED if offered else RESULT_OUT,
            url=f"/scholarships/applications/{result.application_id}/",
        )
