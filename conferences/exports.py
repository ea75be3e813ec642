"""Participants of an event by country (CSV, UTF-8 with BOM so Excel opens Cyrillic correctly). No IIN."""

import io

from django.http import HttpResponse
from django.utils import timezone

from conferences import selectors
from conferences.models import Event
from lms.exports import csv_writer

HEADER = ["country", "last_name", "first_name", "email", "organisation", "status", "registered_at"]


def participants_csv(event: Event) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(HEADER)
    for reg in selectors.participants_by_country(event):
        writer.writerow([reg.country, reg.user.last_name, reg.user.first_name, reg.user.email, reg.organisation,
                         reg.status, timezone.localtime(reg.created_at).strftime("%Y-%m-%d %H:%M")])
    return out.getvalue()


def participants_response(event: Event) -> HttpResponse:
    response = HttpResponse("\ufeff" + participants_csv(event), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-participants.csv"'
    return response
