"""Each kind's automatic grading, partial credit and the multiple-choice penalty rule."""

from decimal import Decimal

import pytest

from assessments.grading import grade
from assessments.models import Question


@pytest.fixture
def q(sample_bank):
    def get(key):
        question = Question.objects.get(bank=sample_bank, key=key)
        return question, list(question.choices.order_by("position"))

    return get


def ids(choices, *positions):
    return [choices[p].pk for p in positions]


def test_single_choice(q):
    question, choices = q("ethics-gift")
    assert grade(question, choices, choices[0].pk) == 1
    assert grade(question, choices, choices[1].pk) == 0
    assert grade(question, choices, None) == 0


def test_multiple_choice_partial_credit_and_penalty(q):
    question, choices = q("ethics-multi")  # 50%, 50%, -100%
    assert grade(question, choices, ids(choices, 0, 1)) == 1
    assert grade(question, choices, ids(choices, 0)) == Decimal("0.5")
    assert grade(question, choices, ids(choices, 0, 1, 2)) == 0  # clamped at 0
    assert grade(question, choices, ids(choices, 2)) == 0


def test_multiple_choice_zero_weight_wrong_option_costs_a_share(sample_bank, q):
    question, choices = q("ethics-multi")
    choices[2].fraction = Decimal(0)  # a wrong option left at 0%: costs 1/(number of correct) = 50%
    assert grade(question, choices, ids(choices, 0, 1, 2)) == Decimal("0.5")
    assert grade(question, choices, ids(choices, 0, 1)) == 1


def test_true_false(q):
    question, choices = q("ethics-tf")
    assert [c.text for c in choices] == ["true", "false"]
    assert grade(question, choices, choices[0].pk) == 1
    assert grade(question, choices, choices[1].pk) == 0


def test_numeric_tolerance_and_range(q):
    question, choices = q("law-numeric")
    assert grade(question, choices, "5") == 1
    assert grade(question, choices, "5.1") == 0
    question, choices = q("law-range")  # {#8..80} = 44 ± 36
    assert grade(question, choices, "8") == 1
    assert grade(question, choices, "80,0") == 1  # decimal comma
    assert grade(question, choices, "81") == 0
    assert grade(question, choices, "abc") == 0


def test_short_answer_case_whitespace_and_partial(q):
    question, choices = q("law-short")  # @usecase: APA (100%), A.P.A. (50%)
    assert question.case_sensitive
    assert grade(question, choices, "  APA ") == 1
    assert grade(question, choices, "apa") == 0
    assert grade(question, choices, "A.P.A.") == Decimal("0.5")
    question.case_sensitive = False
    assert grade(question, choices, "a p a") == 0
    assert grade(question, choices, "apa") == 1
    choices[0].text_ru = choices[0].text_en = choices[0].text_kk = "Astana  civil*hub"
    assert grade(question, choices, "astana civil service hub") == 1


def test_matching_share_of_pairs(q):
    question, choices = q("law-match")  # two pairs + a distractor
    right = {c.match: c.pk for c in choices}
    good = {
        str(choices[0].pk): right["Ответственный секретарь"],
        str(choices[1].pk): right["Главный эксперт"],
    }
    assert grade(question, choices, good) == 1
    half = {str(choices[0].pk): right["Ответственный секретарь"], str(choices[1].pk): right["Депутат"]}
    assert grade(question, choices, half) == Decimal("0.5")


def test_ordering_share_in_place(q):
    question, choices = q("law-order")
    assert grade(question, choices, ids(choices, 0, 1, 2)) == 1
    assert grade(question, choices, ids(choices, 0, 2, 1)) == Decimal(1) / 3
    assert grade(question, choices, ids(choices, 2, 1, 0)) == Decimal(1) / 3


def test_essay_needs_a_person(q):
    question, choices = q("law-essay")
    assert grade(question, choices, "Меритократия") is None
