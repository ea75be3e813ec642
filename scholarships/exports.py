"""Exports of a run: the anonymised instance (the JSON `allocate_scholarships --instance` reads), the results as
CSV and XLSX (formula-like cells neutralised), and the spend report by country and programme."""

import io
import json
from decimal import Decimal

from django.db.models import Count
from openpyxl import Workbook

from lms.exports import csv_writer, safe_cell
from scholarships.models import AllocationRun, Application, Call, Programme, Status

RESULT_HEADER = [
    "applicant_id",
    "application",
    "applicant",
    "country",
    "score",
    "programme_code",
    "status",
    "reason",
]


def instance_json(run: AllocationRun) -> str:
    """The stored canonical instance: ids are pseudonyms, no names, scores and countries only."""
    return json.dumps(run.instance, sort_keys=True, indent=1, ensure_ascii=False)


def result_rows(run: AllocationRun) -> list[list]:
    from scholarships.allocation import Reason
    from scholarships.allocation_text import reason_text

    rows = []
    results = run.results.select_related("application", "programme").order_by("application_id")
    for r in results:
        reason = reason_text(Reason(r.reason_code, {k: v for k, v in r.reason_params.items()}))
        rows.append(
            [
                run.pseudonyms.get(str(r.application_id), ""),
                r.application_id,
                r.application.full_name,
                r.application.country,
                r.score,
                r.programme.code if r.programme_id else "",
                "admitted" if r.admitted else "not_admitted",
                reason,
            ]
        )
    return rows


def results_csv(run: AllocationRun) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(RESULT_HEADER)
    writer.writerows(result_rows(run))
    return out.getvalue()


def results_xlsx(run: AllocationRun) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("results")
    sheet.append(RESULT_HEADER)
    for row in result_rows(run):
        sheet.append([safe_cell(float(c) if isinstance(c, Decimal) else c) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def spend_report(call: Call) -> dict:
    """Grants by programme and country: accepted (committed) and offered (pending), at each programme's cost;
    one GROUP BY."""
    costs = {p.pk: p for p in Programme.objects.filter(call=call)}
    grouped = (
        Application.objects.filter(call=call, status__in=[Status.ACCEPTED, Status.OFFERED])
        .values("offer", "country", "status")
        .annotate(n=Count("pk"))
        .order_by("offer", "country")
    )
    rows: dict[tuple, dict] = {}
    for g in grouped:
        programme = costs[g["offer"]]
        row = rows.setdefault(
            (programme.position, programme.code, g["country"]),
            {
                "programme": programme.code,
                "country": g["country"],
                "accepted": 0,
                "offered": 0,
                "committed": Decimal(0),
                "pending": Decimal(0),
            },
        )
        if g["status"] == Status.ACCEPTED:
            row["accepted"] += g["n"]
            row["committed"] += g["n"] * programme.grant_cost
        else:
            row["offered"] += g["n"]
            row["pending"] += g["n"] * programme.grant_cost
    ordered = [rows[k] for k in sorted(rows)]
    committed = sum((r["committed"] for r in ordered), Decimal(0))
    pending = sum((r["pending"] for r in ordered), Decimal(0))
    by_country: dict[str, Decimal] = {}
    for r in ordered:
        by_country[r["country"]] = by_country.get(r["country"], Decimal(0)) + r["committed"] + r["pending"]
    return {
        "budget": call.budget,
        "currency": call.currency,
        "rows": ordered,
        "committed": committed,
        "pending": pending,
        "remaining": call.budget - committed - pending,
        "by_country": dict(sorted(by_country.items())),
    }
