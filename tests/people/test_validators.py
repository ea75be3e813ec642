from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from people.masking import mask_iin, mask_iin_in, mask_iins_in_text
from people.validators import (
    category_group,
    iin_birth_date,
    iin_check_digit,
    iin_problem,
    normalize_category_code,
    validate_category_code,
    validate_iin,
)


@pytest.mark.parametrize("iin", ["850312400118", "900721503421"])
def test_known_valid_iins(iin):
    assert iin_problem(iin) is None
    validate_iin(iin)


@pytest.mark.parametrize("iin", ["850312400119", "900721503420", "85031240011", "8503124001180", "85031240011a",
                                 "851312400118", "850312900118", ""])
def test_invalid_iins_are_refused(iin):
    assert iin_problem(iin) is not None
    with pytest.raises(ValidationError):
        validate_iin(iin)


def test_iin_birth_date_and_century():
    assert iin_birth_date("850312400118") == date(1985, 3, 12)
    assert iin_birth_date("900721503421") == date(2090, 7, 21)  # digit 5 -> 2000s


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_check_digit_rule_matches_domain_definition(first11):
    digits = [int(c) for c in first11]
    first = sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11
    second = sum(d * w for d, w in zip(digits, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True)) % 11
    expected = first if first != 10 else (None if second == 10 else second)
    assert iin_check_digit(first11) == expected


@given(st.text(alphabet="0123456789", min_size=11, max_size=11), st.integers(0, 9))
def test_exactly_one_last_digit_is_valid(first11, last):
    check = iin_check_digit(first11)
    candidate = first11 + str(last)
    if iin_birth_date(candidate) is None:
        return
    assert (iin_problem(candidate) is None) == (check == last)


@pytest.mark.parametrize("code,group", [
    ("A-1", "A"), ("B-6", "B"), ("C-1", "C"), ("C-5", "C"), ("C-O-3", "C-O"), ("C-O-6", "C-O"), ("C-R-5", "C-R"),
    ("D-2", "D"), ("D-O-6", "D-O"), ("E-5", "E"), ("E-R-1", "E-R"), ("E-G-4", "E-G"),
    ("c-o-3", "C-O"), ("С-О-3", "C-O"), ("E–G–2", "E-G"),  # lower case, Cyrillic look-alikes, en dashes
])
def test_category_codes_following_the_register(code, group):
    assert category_group(code) == group
    validate_category_code(code)


@pytest.mark.parametrize("code", ["C-9", "C-6", "C-O-7", "E-G-5", "E-G-0", "F-1", "C", "C-O", "CO-3", "C-X-1",
                                  "", "C-1-1", "A-6"])
def test_category_codes_outside_the_register_are_refused(code):
    assert category_group(code) is None
    with pytest.raises(ValidationError):
        validate_category_code(code)


def test_normalize_category_code():
    assert normalize_category_code(" с-r-2 ") == "C-R-2"


def test_iin_masking():
    assert mask_iin("850312400118") == "85********18"
    assert mask_iins_in_text("IIN 850312400118 and pn 12345") == "IIN 85********18 and pn 12345"
    assert mask_iin_in({"iin": "850312400118", "nested": [{"note": "x 900721503421"}]}) == {
        "iin": "85********18", "nested": [{"note": "x 90********21"}]}
