"""Learners see options by their index in the attempt's stored order, never by choice id (ids follow the
authoring order, so they would give away an ordering question or a matching pair). The API takes and returns
indexes; the database keeps choice ids (what grading and regrades read)."""

from django.utils.translation import gettext as _

from lms.errors import ApplicationError

CHOICE_KINDS = ("single", "truefalse", "multiple", "ordering")


def _bad():
    return ApplicationError(
        "bad_response", _("This answer does not fit the question."), extra={"field": "response"}
    )


def _pick(items: list, index) -> int:
    try:
        i = int(index)
    except (TypeError, ValueError):
        raise _bad() from None
    if not 0 <= i < len(items):
        raise _bad()
    return items[i]


def to_canonical(kind: str, order, response):
    if response is None or response == "":
        return None
    if kind in ("single", "truefalse"):
        return _pick(order, response)
    if kind in ("multiple", "ordering"):
        if not isinstance(response, list):
            raise _bad()
        return [_pick(order, i) for i in response]
    if kind == "matching":
        if not isinstance(response, dict):
            raise _bad()
        return {
            str(_pick(order["left"], left)): _pick(order["right"], right)
            for left, right in response.items()
            if right not in (None, "")
        }
    return response


def to_indexes(kind: str, order, stored):
    if stored is None:
        return None
    if kind in ("single", "truefalse"):
        return order.index(stored) if stored in order else None
    if kind in ("multiple", "ordering"):
        return [order.index(c) for c in stored if c in order]
    if kind == "matching":
        left, right = order["left"], order["right"]
        return {
            str(left.index(int(k))): right.index(v)
            for k, v in stored.items()
            if int(k) in left and v in right
        }
    return stored
