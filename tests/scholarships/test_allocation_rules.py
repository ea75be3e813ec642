"""Hand-made instances for each step of the contract's choice rule, the rounds of deferred acceptance, the
explanations, later rounds with fixed seats, the canonical form and validation."""

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scholarships.allocation import Applicant, Fixed, Instance, InstanceError, Programme, allocate
from scholarships.allocation_instance import canonical_json, input_hash, later_round, load_instance

T0 = datetime(2027, 3, 1, 10, tzinfo=UTC)


def a(aid, country, score, *prefs, minutes=0):
    return Applicant(aid, country, float(score), T0 + timedelta(minutes=minutes), tuple(prefs))


def run(programmes, applicants, fixed=()):
    return allocate(Instance(tuple(programmes), tuple(applicants), tuple(fixed)))


def admitted(result, code):
    return list(result.programmes[code].admitted)


def test_open_seats_go_by_score_then_earlier_submission_then_id():
    result = run(
        [Programme("P", 3)],
        [
            a("A4", "KG", 80, "P"),
            a("A3", "KG", 90, "P", minutes=5),
            a("A2", "KG", 90, "P"),
            a("A1", "KG", 80, "P"),
            a("A0", "KG", 70, "P"),
        ],
    )
    assert admitted(result, "P") == ["A2", "A3", "A1"]  # 90 early, 90 late, then 80 with the smaller id
    assert result.outcomes["A4"].above[0].code == "tie_break"
    assert result.outcomes["A4"].above[0].params["decided_by"] == "id"
    assert result.outcomes["A4"].text.endswith(
        "equal to your score, an application with a smaller id came first"
    )
    assert result.outcomes["A0"].above[0].params == {
        "programme": "P",
        "cutoff": 80.0,
        "score": 70.0,
        "seat_class": "open",
    }


def test_reserved_seats_go_to_their_countrys_best_remaining_after_the_open_seats():
    result = run(
        [Programme("P", 3, {"KG": 2})],
        [
            a("T1", "TJ", 95, "P"),
            a("K1", "KG", 90, "P"),
            a("T2", "TJ", 85, "P"),
            a("K2", "KG", 60, "P"),
            a("K3", "KG", 50, "P"),
        ],
    )
    assert admitted(result, "P") == ["T1", "K1", "K2"]  # open seat to the best; then KG's best two remaining
    assert result.outcomes["T1"].seat == "open"
    assert result.outcomes["K1"].seat_class == "reserved"
    why = result.outcomes["T2"].above[0]
    assert (why.code, why.params["cutoff"], why.params["seat_class"]) == ("below_cutoff", 95.0, "open")
    classes = result.programmes["P"].classes
    assert classes["open"].cutoff == 95.0 and classes["reserved:KG"].cutoff == 60.0
    assert result.outcomes["K3"].above[0].params["cutoff"] == 60.0  # KG's easiest bar: its reserve


def test_reserved_seats_left_empty_go_to_the_best_remaining_of_any_country():
    result = run(
        [Programme("P", 4, {"KG": 2, "UZ": 1})],
        [
            a("T1", "TJ", 95, "P"),
            a("T2", "TJ", 90, "P"),
            a("K1", "KG", 40, "P"),
            a("T3", "TJ", 85, "P"),
            a("U1", "UZ", 10, "P"),
        ],
    )
    assert set(admitted(result, "P")) == {"T1", "K1", "U1", "T2"}
    assert result.outcomes["T2"].seat == "reserved:KG" and result.outcomes["T2"].seat_class == "dereserved"
    assert result.programmes["P"].classes["dereserved"].seats == 1
    assert result.outcomes["T3"].above[0].code == "below_cutoff"


def test_a_country_at_its_cap_is_skipped_in_every_step_and_the_next_candidates_move_up():
    result = run(
        [Programme("P", 4, {"KG": 1}, country_cap=2)],
        [
            a("T1", "TJ", 99, "P"),
            a("T2", "TJ", 98, "P"),
            a("T3", "TJ", 97, "P"),
            a("U1", "UZ", 50, "P"),
            a("K1", "KG", 40, "P"),
            a("T4", "TJ", 30, "P"),
        ],
    )
    assert set(admitted(result, "P")) == {"T1", "T2", "U1", "K1"}  # T3 and T4 skipped: TJ at its cap
    cap = result.outcomes["T3"].above[0]
    assert (cap.code, cap.params) == ("country_cap", {"programme": "P", "country": "TJ", "cap": 2})
    assert result.programmes["P"].by_country == {"KG": 1, "TJ": 2, "UZ": 1}
    assert "country cap reached (2 admitted from TJ)" in result.outcomes["T3"].text


def test_unfilled_reserve_is_released_but_still_under_the_cap():
    result = run(
        [Programme("P", 3, {"KG": 2}, country_cap=1)],
        [a("T1", "TJ", 99, "P"), a("T2", "TJ", 98, "P"), a("U1", "UZ", 10, "P")],
    )
    assert admitted(result, "P") == ["T1", "U1"]  # one KG seat released to UZ, the other stays empty
    assert result.programmes["P"].empty_seats == 1


def test_deferred_acceptance_moves_a_displaced_applicant_to_the_next_preference():
    result = run(
        [Programme("P", 1), Programme("Q", 1)],
        [a("A1", "KG", 50, "P", "Q"), a("A2", "KG", 60, "Q", "P"), a("A3", "KG", 70, "P")],
    )
    # Round 1: A1 and A3 to P (A3 kept), A2 to Q. Round 2: A1 to Q, which keeps A2.
    assert result.matching() == {"A1": None, "A2": "Q", "A3": "P"}
    assert result.rounds == 2
    assert [r.code for r in result.outcomes["A1"].above] == ["below_cutoff", "below_cutoff"]
    assert result.outcomes["A2"].text == "admitted to Q (open seat)"


def test_explanations_for_no_seats_and_reserves_of_other_countries():
    result = run(
        [Programme("Z", 0), Programme("R", 1, {"KG": 1}), Programme("O", 5)],
        [a("K1", "KG", 90, "R"), a("T1", "TJ", 95, "Z", "R", "O")],
    )
    assert [r.code for r in result.outcomes["T1"].above] == ["no_seats", "reserved_for_others"]
    assert result.outcomes["T1"].text == (
        "admitted to O (open seat); Z: no seats left in this round; "
        "R: its seats left were reserved for other countries and taken by them"
    )
    assert result.outcomes["K1"].programme == "R"


def test_caps_with_reserves_can_leave_justified_envy():
    """The contract's rule with a cap and reserves on one programme is not substitutable: here a newcomer of C
    takes an open seat, C reaches its cap, so a second C reserve seat is released and goes to N7, although N6,
    rejected in round 1, ranks above N7. Pinned so a change of the contract's rule is a conscious one."""
    result = run(
        [Programme("P", 5, {"B": 1, "C": 3}, country_cap=2), Programme("Q", 1)],
        [
            a("Z", "D", 100, "Q"),
            a("N0", "C", 99, "Q", "P"),
            a("N2", "B", 97, "P"),
            a("N3", "D", 96, "P"),
            a("N4", "C", 95, "P"),
            a("N5", "C", 94, "P"),
            a("N6", "A", 93, "P"),
            a("N7", "B", 92, "P"),
            a("N8", "C", 91, "P"),
        ],
    )
    assert set(admitted(result, "P")) == {"N0", "N2", "N3", "N4", "N7"}
    assert result.outcomes["N7"].seat_class == "dereserved"
    assert result.outcomes["N6"].above[0].code == "rejected_earlier"


def test_caps_with_reserves_can_reward_ranking_an_unreachable_programme_first():
    """Same cause, and it breaks strategy-proofness: N3 only wants P. Truthfully N3 proposes to P in round 1,
    when C is not yet at its cap, and is rejected; N0's later arrival brings C to its cap and releases a C
    seat. By ranking the unreachable Q first, N3 reaches P only in round 3 and takes that released seat."""
    programmes = [Programme("P", 4, {"B": 1, "C": 2}, country_cap=2), Programme("Q", 1), Programme("R", 0)]

    def applicants(n3_preferences):
        return [
            a("Z", "D", 100, "R", "Q"),
            a("N0", "C", 99, "R", "Q", "P"),
            a("N2", "B", 98, "P"),
            a("N3", "D", 97, *n3_preferences),
            a("N4", "C", 96, "P"),
            a("N5", "C", 95, "P"),
            a("N6", "A", 94, "P"),
            a("N7", "B", 93, "P"),
            a("N8", "C", 92, "R"),
        ]

    truthful = run(programmes, applicants(["P"]))
    assert truthful.outcomes["N3"].programme is None
    assert truthful.outcomes["N3"].above[0].code == "rejected_earlier"
    assert run(programmes, applicants(["Q", "P"])).outcomes["N3"].programme == "P"


def test_a_later_round_keeps_accepted_seats_and_allocates_the_rest():
    programmes = [Programme("P", 2, {"KG": 1}, country_cap=1), Programme("Q", 1)]
    first_instance = Instance(
        tuple(programmes),
        (
            a("K1", "KG", 90, "P"),
            a("T1", "TJ", 95, "P", "Q"),
            a("T2", "TJ", 80, "Q"),
            a("K2", "KG", 85, "P"),
            a("U1", "UZ", 70, "P"),
        ),
    )
    first = allocate(first_instance)
    assert first.matching() == {"K1": "P", "T1": "P", "T2": "Q", "K2": None, "U1": None}
    second_instance = later_round(first_instance, first, accepted={"K1", "T2"}, leaving={"T1"})
    assert [(f.applicant_id, f.seat) for f in second_instance.fixed] == [
        ("K1", "reserved:KG"),
        ("T2", "open"),
    ]
    second = allocate(second_instance)
    assert second.matching() == {"K1": "P", "T2": "Q", "K2": None, "U1": "P"}  # KG at its cap: K2 stays out
    assert second.outcomes["K1"].kept and second.outcomes["K1"].headline.code == "kept"
    assert second.outcomes["K2"].above[0].code == "country_cap"
    assert second.programmes["P"].fixed == 1 and second.programmes["P"].by_country == {"KG": 1, "UZ": 1}
    assert second.outcomes["K1"].text == "keeps the seat at P accepted in an earlier round"


def test_seats_fixed_in_an_earlier_round_do_not_make_a_country_without_a_cap_look_capped():
    """Regression (hypothesis, CI): with no country cap the choice rule used len(candidates) + 1 as its bound,
    and seats fixed in earlier rounds count towards it, so a country with as many fixed seats as there were
    candidates was refused a free seat of its own reserve."""
    programmes = (Programme("P0", 3, {"KG": 1}),)
    first_instance = Instance(programmes, tuple(a(f"A0{i}", "KG", 0, "P0") for i in range(3)))
    first = allocate(first_instance)
    assert first.matching() == {"A00": "P0", "A01": "P0", "A02": "P0"}
    assert first.outcomes["A02"].seat == "reserved:KG"
    second = allocate(later_round(first_instance, first, accepted={"A00", "A01"}, leaving=()))
    assert second.matching() == {"A00": "P0", "A01": "P0", "A02": "P0"}  # was None: KG "at its cap" of 2
    assert second.outcomes["A02"].seat == "reserved:KG" and not second.outcomes["A02"].kept
    # One more candidate in the round: deferred acceptance held T's seat, but re-choosing the held set alone
    # (the explanation's step) refused it: "a programme's held set must choose itself".
    applicants = (a("A00", "KG", 0, "P0"), a("A01", "KG", 0, "P0"), a("A02", "TJ", 0, "P0"))
    first_instance = Instance(programmes, (*applicants, a("A03", "KG", 0, "P0")))
    first = allocate(first_instance)
    assert first.matching() == {"A00": "P0", "A01": "P0", "A02": None, "A03": "P0"}
    second = allocate(later_round(first_instance, first, accepted={"A00", "A01"}, leaving=()))
    assert second.matching() == {"A00": "P0", "A01": "P0", "A02": None, "A03": "P0"}
    assert second.outcomes["A02"].above[0].code == "reserved_for_others"
    assert second.programmes["P0"].by_country == {"KG": 3}


def test_fixed_seats_default_to_their_countrys_reserve_and_refuse_overflow():
    programmes = (Programme("P", 2, {"KG": 1}),)
    applicants = (a("K1", "KG", 90, "P"), a("K2", "KG", 80, "P"), a("K3", "KG", 70, "P"))
    ok = Instance(programmes, applicants, (Fixed("K1", "P"), Fixed("K2", "P")))
    assert allocate(ok).matching() == {"K1": "P", "K2": "P", "K3": None}
    assert '"seat":"reserved:KG"' in canonical_json(ok) and '"seat":"open"' in canonical_json(ok)
    with pytest.raises(InstanceError, match="no free seat left at P"):
        allocate(Instance(programmes, applicants, tuple(Fixed(x.id, "P") for x in applicants)))
    with pytest.raises(InstanceError, match="seat 'reserved:UZ' must be"):
        allocate(Instance(programmes, applicants, (Fixed("K1", "P", "reserved:UZ"),)))


def test_canonical_form_normalises_numbers_timestamps_order_and_empty_reserves():
    one = load_instance(
        '{"programmes": [{"code": "Q", "seats": 1}, {"code": "P", "seats": 2, "reserved": {"KG": 0}}],'
        ' "applicants": [{"id": "B", "country": "KG", "score": 87, "submitted_at": "2027-03-01T15:00:00+05:00",'
        ' "preferences": ["P"]}, {"id": "A", "country": "TJ", "score": 80.25,'
        ' "submitted_at": "2027-03-01T10:00:00.500000Z", "preferences": ["Q", "P"]}]}'
    )
    two = Instance(
        (Programme("P", 2, {}, None), Programme("Q", 1)),
        (
            Applicant("A", "TJ", 80.25, datetime(2027, 3, 1, 10, 0, 0, 500000, tzinfo=UTC), ("Q", "P")),
            Applicant("B", "KG", 87.0, datetime(2027, 3, 1, 12, tzinfo=timezone(timedelta(hours=2))), ("P",)),
        ),
    )
    assert canonical_json(one) == canonical_json(two)
    assert input_hash(one) == input_hash(two)
    assert canonical_json(one) == (
        '{"applicants":[{"country":"TJ","id":"A","preferences":["Q","P"],"score":80.25,'
        '"submitted_at":"2027-03-01T10:00:00.500000Z"},{"country":"KG","id":"B","preferences":["P"],"score":87.0,'
        '"submitted_at":"2027-03-01T10:00:00Z"}],"programmes":[{"code":"P","country_cap":null,"reserved":{},'
        '"seats":2},{"code":"Q","country_cap":null,"reserved":{},"seats":1}]}'
    )
    decimal = Instance(
        two.programmes, (two.applicants[0], Applicant("B", "KG", Decimal("87.00"), T0, ("P",)))
    )
    assert input_hash(decimal) == input_hash(two)
    changed = Instance(two.programmes, (two.applicants[0], Applicant("B", "KG", 87.01, T0, ("P",))))
    assert input_hash(changed) != input_hash(two)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "file: not JSON: Expecting property name enclosed in double quotes at line 1 column 2"),
        ("[]", "file: the instance must be a JSON object"),
        ('{"applicants": []}', "instance: 'programmes' is missing"),
        ('{"programmes": [], "applicants": [], "extra": 1}', "instance: unknown field 'extra'"),
        (
            '{"programmes": [{"code": "P", "seats": -1}], "applicants": []}',
            "programmes[0] (code 'P'): seats must be a whole number of at least 0, got -1",
        ),
        (
            '{"programmes": [{"code": "P", "seats": 2, "reserved": {"KG": 3}}], "applicants": []}',
            "programmes[0] (code 'P'): reserved seats (3) exceed seats (2)",
        ),
        (
            '{"programmes": [{"code": "P", "seats": 2, "country_cap": 0}], "applicants": []}',
            "country_cap must be a whole number of at least 1 or null, got 0",
        ),
        (
            '{"programmes": [{"code": "P", "seats": 1}, {"code": "P", "seats": 1}], "applicants": []}',
            "programmes[1] (code 'P'): duplicate programme code",
        ),
        (
            '{"programmes": [{"code": "P", "seats": 1}], "applicants": [{"id": "A1", "country": "KG", "score": 1,'
            ' "submitted_at": "2027-03-01T10:00:00Z", "preferences": [["P"]]}]}',
            "applicants[0] (id 'A1'): preference ['P'] is not a programme code",
        ),
        (
            '{"programmes": [], "applicants": [{"id": "A1", "country": "KG", "score": 1, "submitted_at": '
            '"2027-03-01T10:00:00Z", "preferences": []}, {"id": "A1", "country": "KG", "score": 1, "submitted_at":'
            ' "2027-03-01T10:00:00Z", "preferences": []}]}',
            "applicants[1] (id 'A1'): duplicate applicant id",
        ),
        (
            '{"programmes": [], "applicants": [{"id": "A1", "country": "KG", "score": 1, "submitted_at": '
            '"1 March 2027", "preferences": []}]}',
            "applicants[0] (id 'A1'): submitted_at '1 March 2027' is not an ISO 8601 timestamp",
        ),
        (
            '{"programmes": [], "applicants": [{"id": "A1", "country": "KG", "score": 1, "submitted_at": '
            '"2027-03-01T10:00:00", "preferences": []}]}',
            "has no time zone",
        ),
        (
            '{"programmes": [], "applicants": [{"id": "A1", "country": "KG", "score": NaN, "submitted_at": '
            '"2027-03-01T10:00:00Z", "preferences": []}]}',
            "NaN is not a number",
        ),
        (
            '{"programmes": [], "applicants": [{"id": "A1", "score": 1}]}',
            "applicants[0] (id 'A1'): 'country' is missing",
        ),
        ('{"programmes": [], "applicants": [], "applicants": []}', "key 'applicants' appears twice"),
        (
            '{"programmes": [], "applicants": [], "fixed": [{"applicant_id": "Z", "programme": "P"}]}',
            "fixed[0] (applicant_id 'Z'): not an applicant of the instance",
        ),
    ],
)
def test_bad_instances_are_refused_with_the_item_named(text, message):
    with pytest.raises(InstanceError) as refused:
        load_instance(text)
    assert message in str(refused.value)


VALID = {
    "programmes": [
        {"code": "P", "seats": 2, "reserved": {"KG": 1}, "country_cap": 1},
        {"code": "Q", "seats": 1},
    ],
    "applicants": [
        {
            "id": "A1",
            "country": "KG",
            "score": 80,
            "submitted_at": "2027-03-01T10:00:00Z",
            "preferences": ["P", "Q"],
        },
        {
            "id": "A2",
            "country": "TJ",
            "score": 90,
            "submitted_at": "2027-03-01T10:00:00Z",
            "preferences": ["P"],
        },
    ],
    "fixed": [{"applicant_id": "A2", "programme": "P", "seat": "open"}],
}
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False)
    | st.sampled_from(["", "P", "KG", "x"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["code", "id", "KG", "z"]), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(list(_paths(VALID))[1:]), JSON_VALUES)
def test_any_damaged_instance_is_refused_with_a_message_never_an_exception(path, value):
    data = json.loads(json.dumps(VALID))
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    try:
        instance = load_instance(json.dumps(data))
    except InstanceError as refused:
        assert refused.problems and all(where and message for where, message in refused.problems)
    else:
        allocate(instance)
