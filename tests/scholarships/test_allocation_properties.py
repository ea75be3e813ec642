"""Properties of the allocation engine on random small instances (hypothesis): seats, caps, released reserves,
no justified envy within a class, strategy-proofness by brute force, identical re-runs, and equality with the
applicant-optimal stable matching of the independent `matching` package when there are no reserves or caps."""

import itertools
import random
import warnings
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scholarships.allocation import Applicant, Instance, Programme, allocate, rank_key
from scholarships.allocation_instance import canonical_json, input_hash, later_round, load_instance

COUNTRIES = ("KG", "TJ", "UZ", "AZ")
T0 = datetime(2027, 3, 1, 10, tzinfo=UTC)
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def instances(draw, reserves=True, caps=True, max_programmes=3, max_applicants=8, both_on_one=True):
    """Random small instances. `both_on_one=False`: a programme has reserves or a cap, not both (the contract's
    rule with both is not substitutable: see test_allocation_rules.test_caps_with_reserves_...)."""
    programmes = []
    for i in range(draw(st.integers(1, max_programmes))):
        seats = draw(st.integers(0, 5))
        reserved = {}
        with_cap = caps and (both_on_one or not reserves or draw(st.booleans()))
        if reserves and (both_on_one or not with_cap):
            for country in draw(st.lists(st.sampled_from(COUNTRIES), unique=True, max_size=3)):
                n = draw(st.integers(0, seats - sum(reserved.values())))
                if n:
                    reserved[country] = n
        cap = draw(st.none() | st.integers(1, 3)) if with_cap else None
        programmes.append(Programme(f"P{i}", seats, reserved, cap))
    codes = [p.code for p in programmes]
    applicants = []
    for i in range(draw(st.integers(0, max_applicants))):
        preferences = draw(
            st.permutations(codes).flatmap(lambda p: st.integers(0, len(p)).map(lambda k: p[:k]))
        )
        applicants.append(
            Applicant(
                id=f"A{i:02d}",
                country=draw(st.sampled_from(COUNTRIES)),
                score=float(draw(st.integers(0, 4))),  # few values: ties are the interesting cases
                submitted_at=T0 + timedelta(hours=draw(st.integers(0, 2))),
                preferences=tuple(preferences),
            )
        )
    return Instance(tuple(programmes), tuple(applicants))


def _position(applicant: Applicant, code: str | None) -> int:
    """Where `code` is on the applicant's list (unlisted or None: after the end)."""
    prefs = applicant.preferences
    return prefs.index(code) if code in prefs else len(prefs)


def _prefers(applicant: Applicant, code: str, outcome: str | None) -> bool:
    return code in applicant.preferences and _position(applicant, code) < _position(applicant, outcome)


def _admitted(result, code):
    by_id = {a.id: a for a in result.instance.applicants}
    return [by_id[aid] for aid in result.programmes[code].admitted]


@FAST
@given(instances())
def test_no_programme_over_its_seats_and_caps_respected(instance):
    result = allocate(instance)
    for p in instance.programmes:
        admitted = _admitted(result, p.code)
        assert len(admitted) <= p.seats
        assert sum(1 for o in result.outcomes.values() if o.programme == p.code) == len(admitted)
        if p.country_cap is not None:
            for country in COUNTRIES:
                assert sum(a.country == country for a in admitted) <= p.country_cap
    for a in instance.applicants:  # admitted only to a programme they listed
        programme = result.outcomes[a.id].programme
        assert programme is None or programme in a.preferences


@FAST
@given(instances())
def test_a_reserved_seat_goes_to_another_country_only_when_none_of_its_own_was_left(instance):
    result = allocate(instance)
    for p in instance.programmes:
        admitted = _admitted(result, p.code)
        for country, reserved in p.reserved.items():
            own = sum(
                1
                for a in admitted
                if result.outcomes[a.id].seat == f"reserved:{country}" and a.country == country
            )
            if own == reserved:
                continue
            # Seats of this reserve stayed empty or went to others: every applicant of the country who wanted
            # the programme more than what they got is blocked by the country cap.
            at_cap = (
                p.country_cap is not None and sum(a.country == country for a in admitted) >= p.country_cap
            )
            left = [
                a
                for a in instance.applicants
                if a.country == country and _prefers(a, p.code, result.outcomes[a.id].programme)
            ]
            assert not left or at_cap, (p, country, left)


def _classes_open_to(applicant: Applicant, seat: str) -> bool:
    return seat == "open" or seat.startswith("reserved:")  # own reserve, or a released one


@FAST
@given(instances(both_on_one=False, max_applicants=10))
def test_no_justified_envy_within_a_class(instance):
    """If i wants programme P more than their outcome, nobody ranked below i holds a seat at P in a class open
    to i, unless i's country is at P's cap without that person. (Reserves and a cap on the same programme can
    break this: test_allocation_rules pins the counterexample.)"""
    result = allocate(instance)
    for p in instance.programmes:
        admitted = _admitted(result, p.code)
        for i in instance.applicants:
            if not _prefers(i, p.code, result.outcomes[i.id].programme):
                continue
            for j in admitted:
                seat = result.outcomes[j.id].seat
                own_reserve = seat == f"reserved:{j.country}"
                if own_reserve and j.country != i.country:
                    continue  # another country's reserve, held by that country: not i's class
                if rank_key(i) < rank_key(j):
                    others = sum(a.country == i.country for a in admitted if a.id != j.id)
                    assert p.country_cap is not None and others >= p.country_cap, (p.code, i, j)


def _misreports(codes):
    for k in range(len(codes) + 1):
        yield from itertools.permutations(codes, k)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_programmes=3, max_applicants=5, both_on_one=False))
def test_nobody_gains_by_misreporting_preferences(instance):
    truthful = allocate(instance)
    codes = [p.code for p in instance.programmes]
    for i, applicant in enumerate(instance.applicants):
        got = truthful.outcomes[applicant.id].programme
        for lie in _misreports(codes):
            applicants = list(instance.applicants)
            applicants[i] = Applicant(
                applicant.id, applicant.country, applicant.score, applicant.submitted_at, lie
            )
            gets = allocate(Instance(instance.programmes, tuple(applicants))).outcomes[applicant.id].programme
            assert not (gets is not None and _prefers(applicant, gets, got)), (applicant, lie, got, gets)


@FAST
@given(instances(), st.randoms(use_true_random=False))
def test_identical_reruns_whatever_the_input_order(instance, rnd):
    first = allocate(instance)
    programmes, applicants = list(instance.programmes), list(instance.applicants)
    rnd.shuffle(programmes)
    rnd.shuffle(applicants)
    shuffled = Instance(tuple(programmes), tuple(applicants))
    again = allocate(shuffled)
    assert again.outcomes == first.outcomes
    assert again.programmes == first.programmes
    assert input_hash(shuffled) == input_hash(instance)
    reloaded = load_instance(canonical_json(instance))  # the exported instance re-runs to the same result
    assert canonical_json(reloaded) == canonical_json(instance)
    assert allocate(reloaded).outcomes == first.outcomes


def _hospital_resident(instance):
    from matching.games import HospitalResident

    ranked = sorted(instance.applicants, key=rank_key)
    open_codes = {p.code for p in instance.programmes if p.seats > 0}
    resident_prefs = {a.id: [c for c in a.preferences if c in open_codes] for a in ranked}
    resident_prefs = {r: prefs for r, prefs in resident_prefs.items() if prefs}
    hospital_prefs = {c: [r for r in resident_prefs if c in resident_prefs[r]] for c in sorted(open_codes)}
    hospital_prefs = {c: prefs for c, prefs in hospital_prefs.items() if prefs}
    capacities = {p.code: p.seats for p in instance.programmes if p.code in hospital_prefs}
    for prefs in resident_prefs.values():
        prefs[:] = [c for c in prefs if c in hospital_prefs]
    matched = dict.fromkeys((a.id for a in instance.applicants), None)
    if not hospital_prefs:
        return matched
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        for hospital, residents in game.solve(optimal="resident").items():
            for resident in residents:
                matched[resident.name] = hospital.name
    return matched


@FAST
@given(instances(reserves=False, caps=False, max_programmes=4, max_applicants=12))
def test_without_reserves_or_caps_equals_the_applicant_optimal_stable_matching(instance):
    assert allocate(instance).matching() == _hospital_resident(instance)


def test_the_oracle_agrees_on_a_larger_random_instance():
    rnd = random.Random(13)
    programmes = tuple(Programme(f"P{i}", rnd.randint(0, 12)) for i in range(8))
    applicants = tuple(
        Applicant(
            f"A{i:03d}",
            rnd.choice(COUNTRIES),
            float(rnd.randint(50, 100)),
            T0 + timedelta(minutes=rnd.randint(0, 50)),
            tuple(rnd.sample([p.code for p in programmes], 3)),
        )
        for i in range(150)
    )
    instance = Instance(programmes, applicants)
    assert allocate(instance).matching() == _hospital_resident(instance)


@FAST
@given(instances(), st.data())
def test_a_later_round_keeps_accepted_seats_and_respects_seats_and_caps(instance, data):
    first = allocate(instance)
    admitted = [aid for aid, o in first.outcomes.items() if o.programme]
    accepted = data.draw(st.sets(st.sampled_from(admitted)) if admitted else st.just(set()))
    others = [aid for aid in first.outcomes if aid not in accepted]
    leaving = data.draw(st.sets(st.sampled_from(others)) if others else st.just(set()))
    second_instance = later_round(instance, first, accepted=accepted, leaving=leaving)
    second = allocate(second_instance)
    for aid in accepted:
        assert second.outcomes[aid].programme == first.outcomes[aid].programme
        assert second.outcomes[aid].kept
    assert not set(leaving) & set(second.outcomes)
    by_id = {a.id: a for a in second_instance.applicants}
    for p in instance.programmes:
        holders = [by_id[aid] for aid, o in second.outcomes.items() if o.programme == p.code]
        assert len(holders) <= p.seats
        if p.country_cap is not None:
            assert all(sum(a.country == c for a in holders) <= p.country_cap for c in COUNTRIES)
    assert allocate(load_instance(canonical_json(second_instance))).outcomes == second.outcomes


@FAST
@given(instances())
def test_every_programme_ranked_above_the_outcome_is_explained(instance):
    result = allocate(instance)
    for a in instance.applicants:
        outcome = result.outcomes[a.id]
        above = a.preferences[: _position(a, outcome.programme)]
        assert [r.params["programme"] for r in outcome.above] == list(above)
        for reason in outcome.above:
            assert reason.code in {
                "below_cutoff",
                "tie_break",
                "country_cap",
                "reserved_for_others",
                "no_seats",
                "rejected_earlier",
            }
            if reason.code == "below_cutoff":
                assert reason.params["cutoff"] > a.score
            if reason.code == "tie_break":
                assert reason.params["cutoff"] == a.score
            if reason.code == "country_cap":
                p = result.programmes[reason.params["programme"]]
                assert p.by_country[a.country] >= p.country_cap


@FAST
@given(instances(both_on_one=False, max_applicants=10))
def test_explanations_need_no_rejected_earlier_when_the_rule_is_substitutable(instance):
    result = allocate(instance)
    assert not [r for o in result.outcomes.values() for r in o.above if r.code == "rejected_earlier"]


@settings(max_examples=300, deadline=None)
@given(
    seats=st.integers(1, 6),
    reserved=st.dictionaries(st.sampled_from(COUNTRIES), st.integers(1, 3), max_size=3),
    cap=st.none() | st.integers(1, 3),
    countries=st.lists(st.sampled_from(COUNTRIES), min_size=2, max_size=10),
    data=st.data(),
)
def test_the_choice_rule_never_takes_back_a_rejected_candidate_when_more_apply(
    seats, reserved, cap, countries, data
):
    """What deferred acceptance needs of a choice rule along its growing candidate sets (observable
    substitutability): with reserves or a cap (not both), someone rejected from S is rejected from S + {n}."""
    from scholarships.allocation import _Seats

    if sum(reserved.values()) > seats or (reserved and cap is not None):
        reserved = {}
    rule = _Seats(Programme("P", seats, reserved, cap), {}, {}, countries)
    every = list(range(len(countries)))
    subset = sorted(data.draw(st.sets(st.sampled_from(every), min_size=1, max_size=len(every) - 1)))
    newcomer = data.draw(st.sampled_from([r for r in every if r not in subset]))
    chosen, rejected, _ = rule.choose(subset)
    chosen_after, _, _ = rule.choose(sorted([*subset, newcomer]))
    assert not set(rejected) & set(chosen_after)
    assert len(chosen_after) >= len(chosen)  # size monotonic
