"""Finding 2 of issue 15: a partner's self-chosen name and organisation reach participants.csv as text."""

import csv
import io

from conferences import services
from conferences.models import Registration
from tests.conferences.conftest import make_event, make_partner

HYPERLINK = '=HYPERLINK("http://evil.example","x")'
CMD = "@SUM(1+1)*cmd|' /C calc'!A0"


def test_participants_csv_cells_cannot_start_a_formula(client, organiser):
    event = make_event(organiser)
    partner = make_partner("evil")
    partner.first_name, partner.last_name = HYPERLINK, "-2+3"
    partner.save()
    services.registration_create(event=event, user=partner)
    Registration.objects.filter(user=partner).update(organisation=CMD)
    client.force_login(organiser)
    for url in (f"/events/{event.slug}/manage/export.csv", f"/api/v1/events/{event.slug}/participants.csv"):
        response = client.get(url)
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        row = rows[1]
        assert row[1] == "'-2+3" and row[2] == "'" + HYPERLINK and row[4] == "'" + CMD
