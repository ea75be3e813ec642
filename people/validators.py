"""Validators for Kazakh identifiers: the IIN and the corps B category code (DOMAIN.md)."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_IIN_WEIGHTS_1 = range(1, 12)
_IIN_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def iin_check_digit(first_11: str) -> int | None:
    """The 12th digit for 11 IIN digits, or None when no valid check digit exists."""
    digits = [int(c) for c in first_11]
    check = sum(d * w for d, w in zip(digits, _IIN_WEIGHTS_1, strict=True)) % 11
    if check == 10:
        check = sum(d * w for d, w in zip(digits, _IIN_WEIGHTS_2, strict=True)) % 11
    return None if check == 10 else check


def iin_birth_date(iin: str) -> date | None:
    century = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}.get(iin[6])
    if century is None:
        return None
    try:
        return date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return None


def iin_problem(value: str) -> str | None:
    """Why `value` is not a valid IIN (translated), or None when it is valid."""
    if not re.fullmatch(r"\d{12}", value or ""):
        return _("IIN must be exactly 12 digits.")
    if iin_birth_date(value) is None:
        return _("IIN does not start with a valid birth date and century digit.")
    if iin_check_digit(value[:11]) != int(value[11]):
        return _("IIN check digit is wrong.")
    return None


def validate_iin(value: str) -> None:
    problem = iin_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_iin")


# Register of corps B positions (Presidential Decree No. 150 of 29.12.2015): group prefix -> highest digit.
# Assumption (DOMAIN.md): groups A and B rank 1..5 and 1..6; the others are as listed in DOMAIN.md.
CATEGORY_GROUPS: dict[str, int] = {
    "A": 5, "B": 6,
    "C": 5, "C-O": 6, "C-R": 5,
    "D": 5, "D-O": 6,
    "E": 5, "E-R": 5, "E-G": 4,
}
_CATEGORY_RE = re.compile(r"^(A|B|C|C-O|C-R|D|D-O|E|E-R|E-G)-([1-9])$")
# E-kyzmet exports are typed in Cyrillic layouts: fold look-alike letters and dashes to the register's Latin.
_FOLD = str.maketrans({"А": "A", "В": "B", "С": "C", "Д": "D", "Е": "E", "О": "O", "Р": "R", "Г": "G",
                       "–": "-", "—": "-", "‑": "-", " ": ""})


def normalize_category_code(value: str) -> str:
    return (value or "").strip().upper().translate(_FOLD)


def category_group(code: str) -> str | None:
    """'C-O-3' -> 'C-O'; None when the code does not follow the register grammar."""
    match = _CATEGORY_RE.match(normalize_category_code(code))
    if not match:
        return None
    group, rank = match.group(1), int(match.group(2))
    return group if 1 <= rank <= CATEGORY_GROUPS[group] else None


def validate_category_code(value: str) -> None:
    if category_group(value) is None:
        raise ValidationError(
            _("“%(code)s” is not a corps B category code (e.g. C-4, C-O-3, E-G-2)."),
            code="invalid_category", params={"code": value},
        )
