from decimal import Decimal

import pytest

from lms.errors import NotAllowed
from scholarships import reviews
from scholarships.models import Review, Status
from tests.scholarships.world import committee, complete_application, make_call, partner, reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call = make_call()
    revs = [
        reviewer("rev_kg", "KG"),
        reviewer("rev_tj", "TJ"),
        reviewer("rev_uz", "UZ", "Civil Service Agency"),
        reviewer("rev_am", "AM"),
        reviewer("rev_ge", "GE"),
    ]
    apps = [
        complete_application(call, partner(f"app{i}", country, org))
        for i, (country, org) in enumerate(
            [
                ("KG", "Civil Service Agency"),
                ("TJ", "Ministry of Finance"),
                ("UZ", "Academy"),
                ("KG", "Mayor office"),
                ("AM", "Civil Service Agency"),
                ("GE", "Ministry"),
            ]
        )
    ]
    return {"call": call, "reviewers": revs, "apps": apps, "committee": committee()}


def test_assignment_is_conflict_free_balanced_and_deterministic(world):
    result = reviews.reviewers_assign(call=world["call"], actor=world["committee"])
    assert result == {"created": 12, "missing": 0}
    rows = list(Review.objects.select_related("application", "reviewer__partner_profile"))
    for r in rows:
        profile = r.reviewer.partner_profile
        assert profile.country != r.application.country
        assert profile.organisation.casefold() != r.application.organisation.casefold()
    loads = {}
    for r in rows:
        loads[r.reviewer_id] = loads.get(r.reviewer_id, 0) + 1
    assert max(loads.values()) - min(loads.values()) <= 1
    assert all(a.reviews.count() == 2 for a in world["apps"])
    first = sorted((r.application_id, r.reviewer_id) for r in rows)
    Review.objects.all().delete()
    reviews.reviewers_assign(call=world["call"], actor=world["committee"])
    assert sorted(Review.objects.values_list("application_id", "reviewer_id")) == first
    assert reviews.reviewers_assign(call=world["call"], actor=world["committee"]) == {
        "created": 0,
        "missing": 0,
    }


def test_only_the_committee_assigns(world):
    with pytest.raises(NotAllowed):
        reviews.reviewers_assign(call=world["call"], actor=world["reviewers"][0])


def _score(review, acad, motiv):
    return reviews.review_submit(review=review, actor=review.reviewer, scores={"ACAD": acad, "MOTIV": motiv})


def test_two_close_scores_give_their_mean(world):
    reviews.reviewers_assign(call=world["call"], actor=world["committee"])
    application = world["apps"][0]
    first, second = application.reviews.all()
    assert _score(first, 8, 8).total == Decimal("80.00")
    _score(second, 7, 7)
    application.refresh_from_db()
    assert application.status == Status.REVIEWED
    assert application.final_score == Decimal("75.00")


def test_third_review_when_scores_differ_by_more_than_the_margin(world):
    reviews.reviewers_assign(call=world["call"], actor=world["committee"])
    application = world["apps"][1]
    first, second = application.reviews.all()
    _score(first, 9, 9)  # 90
    _score(second, 5, 5)  # 50: 40 points apart, margin 15
    application.refresh_from_db()
    assert application.status == Status.THIRD_REVIEW
    third = application.reviews.get(is_third=True)
    assert third.reviewer.partner_profile.country != application.country
    _score(third, 6, 6)  # 60: closest pair 50 and 60
    application.refresh_from_db()
    assert application.status == Status.REVIEWED
    assert application.final_score == Decimal("55.00")


def test_final_score_formula():
    assert reviews.final_score([Decimal(90), Decimal(50), Decimal(70)]) == Decimal(
        "80.00"
    )  # tie: higher pair
    assert reviews.final_score([Decimal(80)]) is None


def test_conflict_declaration_brings_a_replacement(world):
    reviews.reviewers_assign(call=world["call"], actor=world["committee"])
    application = world["apps"][2]
    review = application.reviews.first()
    reviews.review_declare_conflict(review=review, actor=review.reviewer, reason="former colleague")
    active = application.reviews.exclude(state=Review.State.CONFLICT)
    assert active.count() == 2
    assert review.reviewer_id not in set(active.values_list("reviewer_id", flat=True))


def test_a_reviewer_cannot_score_someone_elses_assignment(world):
    reviews.reviewers_assign(call=world["call"], actor=world["committee"])
    review = Review.objects.first()
    other = next(r for r in world["reviewers"] if r.pk != review.reviewer_id)
    with pytest.raises(NotAllowed):
        reviews.review_submit(review=review, actor=other, scores={"ACAD": 1, "MOTIV": 1})
