"""Corps A personnel reserve from the E-kyzmet servants file: optional columns that people's import hands to
this handler (people.ekyzmet_columns; registered in DevelopmentConfig.ready(), people imports nothing of ours).

    reserve_certificate_number  the key of a membership: the certificate of admission's number
    reserve_admitted_on         required with a certificate number
    reserve_certificate_date    optional
    reserve_valid_until         optional, not before the admission
    reserve_left_on             optional, not before the admission (the servant left the reserve)

A row without any of these cells leaves the servant's reserve record alone. A known certificate of the same
servant is updated from the columns present in the header (an empty cell clears that date); a new certificate
admits the servant. Refused, as row errors: a certificate number of another servant or twice in the file, a
new open membership while the servant has one under another certificate, bad dates. The writes go through
development.services.reserve_memberships_import (set-based, audited), in the import's transaction."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from development.models import ReserveMembership
from people.ekyzmet_base import OUTSIDE_AREA
from people.ekyzmet_read import parse_date

CERTIFICATE = "reserve_certificate_number"
ADMITTED = "reserve_admitted_on"
CERTIFICATE_DATE = "reserve_certificate_date"
VALID_UNTIL = "reserve_valid_until"
LEFT = "reserve_left_on"
COLUMNS = (CERTIFICATE, ADMITTED, CERTIFICATE_DATE, VALID_UNTIL, LEFT)
# column -> model field, for the dates
DATE_FIELDS = {
    ADMITTED: "admitted_on",
    CERTIFICATE_DATE: "certificate_date",
    VALID_UNTIL: "valid_until",
    LEFT: "left_on",
}
CHUNK = 5000


@dataclass
class ReservePlan:
    create: list[tuple[str, dict]] = field(default_factory=list)  # (personnel number, model fields)
    update: list[tuple[int, str, dict, dict]] = field(default_factory=list)  # (pk, number, before, after)
    changed_rows: set[int] = field(default_factory=set)


class ReserveColumns:
    name = "development.reserve"
    columns = COLUMNS

    def validate(self, rows, ctx, state: dict) -> ReservePlan:
        plan = ReservePlan()
        seen = state.setdefault("certificates", set())  # across the sheets of a workbook
        by_certificate, open_of = _existing(rows)
        for row in rows:
            values = _parse(row, ctx)
            if values is None:
                continue
            number = values["certificate_number"]
            if number in seen:
                ctx.error(
                    row.row,
                    CERTIFICATE,
                    _("Certificate number %(number)s appears twice in the file.") % {"number": number},
                )
                continue
            seen.add(number)
            known = by_certificate.get(number)
            if known is not None and known["personnel_number"] != row.personnel_number:
                # scope-neutral, as the IIN check: a certificate held outside the actor's area is not confirmed
                held_outside = not ctx.scope.covers(known["body_path"])
                ctx.error(
                    row.row,
                    CERTIFICATE,
                    OUTSIDE_AREA if held_outside else _("This certificate number is already recorded."),
                )
                continue
            other_open = [
                n for pk, n in open_of.get(row.personnel_number, []) if known is None or pk != known["pk"]
            ]
            if values.get("left_on", known and known["left_on"]) is None and other_open:
                ctx.error(
                    row.row,
                    CERTIFICATE,
                    _(
                        "The servant is already in the reserve (certificate %(number)s); close that membership first."
                    )
                    % {"number": other_open[0]},
                )
                continue
            merged = {**(known or {}), **values}
            if not _dates_ordered(row, merged, ctx):
                continue
            if known is None:
                plan.create.append((row.personnel_number, values))
                plan.changed_rows.add(row.row)
                continue
            before = {f: known[f] for f in values if f != "certificate_number"}
            after = {f: values[f] for f in before}
            if before != after:
                plan.update.append((known["pk"], row.personnel_number, before, after))
                plan.changed_rows.add(row.row)
        return plan

    def write(self, plan: ReservePlan, ctx) -> None:
        from development.services import reserve_memberships_import

        reserve_memberships_import(create=plan.create, update=plan.update, actor=ctx.user)


def _parse(row, ctx) -> dict | None:
    """The row's model fields (dates of the columns present in the header), or None after reporting errors."""
    cells = row.values
    errors = len(ctx.errors)
    number = cells.get(CERTIFICATE, "")
    if not number:
        ctx.error(row.row, CERTIFICATE, _("Enter the number of the certificate of admission."))
    elif len(number) > 64:
        ctx.error(row.row, CERTIFICATE, _("This value is longer than %(max)d characters.") % {"max": 64})
    values: dict = {"certificate_number": number}
    for column, name in DATE_FIELDS.items():
        if column not in cells:
            continue
        text = cells[column]
        values[name] = parse_date(text) if text else None
        if text and values[name] is None:
            ctx.error(
                row.row,
                column,
                _("“%(value)s” is not a date (YYYY-MM-DD or DD.MM.YYYY).") % {"value": text},
            )
    if number and not cells.get(ADMITTED):
        ctx.error(row.row, ADMITTED, _("Enter the date of admission to the reserve."))
    return None if len(ctx.errors) > errors else values


def _dates_ordered(row, merged: dict, ctx) -> bool:
    """The dates after the row is applied (a known membership keeps the dates of columns absent from the
    header) respect the model's order: valid_until and left_on not before the admission."""
    admitted: date = merged["admitted_on"]
    ok = True
    if merged.get("valid_until") and merged["valid_until"] < admitted:
        ctx.error(row.row, VALID_UNTIL, _("The end date is before the admission."))
        ok = False
    if merged.get("left_on") and merged["left_on"] < admitted:
        ctx.error(row.row, LEFT, _("The date of leaving the reserve is before the admission."))
        ok = False
    return ok


def _existing(rows) -> tuple[dict[str, dict], dict[str, list[tuple[int, str]]]]:
    """Memberships of the rows' servants and of their certificate numbers: certificate -> membership, and
    personnel number -> its open memberships (pk, certificate); one query per chunk."""
    numbers = sorted({r.personnel_number for r in rows})
    certificates = sorted({r.values.get(CERTIFICATE, "") for r in rows} - {""})
    by_certificate, open_of = {}, {}
    for start in range(0, max(len(numbers), len(certificates)), CHUNK):
        q = Q(servant__personnel_number__in=numbers[start : start + CHUNK]) | Q(
            certificate_number__in=certificates[start : start + CHUNK]
        )
        for m in ReserveMembership.objects.filter(q).values(
            "pk",
            "certificate_number",
            "admitted_on",
            "certificate_date",
            "valid_until",
            "left_on",
            "servant__personnel_number",
            "servant__body__path",
        ):
            m["personnel_number"] = m.pop("servant__personnel_number")
            m["body_path"] = m.pop("servant__body__path")
            by_certificate[m["certificate_number"]] = m
    for m in by_certificate.values():
        if m["left_on"] is None:
            open_of.setdefault(m["personnel_number"], []).append((m["pk"], m["certificate_number"]))
    return by_certificate, open_of
