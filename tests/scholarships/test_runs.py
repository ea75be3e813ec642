import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from lms.errors import ApplicationError, NotAllowed
from scholarships import exports, runs, services
from scholarships.explanations import explain
from scholarships.models import Application, Programme, Status
from tests.scholarships.world import (
    committee,
    complete_application,
    make_call,
    partner,
    results_day,
    reviewer,
    score_all,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call = make_call()
    for name, country in (("r1", "AM"), ("r2", "GE"), ("r3", "UZ"), ("r4", "KG"), ("r5", "TJ")):
        reviewer(name, country, f"Org {name}")
    people = {
        "kg_best": ("KG", ("MPM-1", "MDPA-1"), 9),
        "tj_good": ("TJ", ("MPM-1", "MDPA-1"), 8),
        "uz_good": ("UZ", ("MPM-1", "MDPA-1"), 7),
        "kg_weak": ("KG", ("MDPA-1", "MPM-1"), 8.2),
        "kg_mid": ("KG", ("MDPA-1",), 8.5),
        "am_phd": ("AM", ("PHD-PA", "MPM-1"), 5),
    }
    apps = {
        name: complete_application(call, partner(name, country, f"Body {name}"), preferences=prefs)
        for name, (country, prefs, _) in people.items()
    }
    boss = committee()
    score_all(call, boss, {name: p for name, (_, _, p) in people.items()})
    return {"call": call, "apps": apps, "committee": boss}


def _status(world, name):
    return Application.objects.get(pk=world["apps"][name].pk)


def test_run_is_stored_with_hash_and_reproducible_offline(world, capsys):
    run = runs.run_create(call=world["call"], actor=world["committee"])
    assert len(run.input_hash) == 64 and run.ran_by == world["committee"]
    assert run.results.count() == 6
    assert all(a["id"].startswith("A-") for a in run.instance["applicants"])
    assert "kg_best" not in exports.instance_json(run)
    again = runs.run_create(call=world["call"], actor=world["committee"])
    assert again.input_hash == run.input_hash


def test_publish_makes_offers_and_explains(world):
    run = runs.run_create(call=world["call"], actor=world["committee"])
    with pytest.raises(ApplicationError) as exc:
        runs.run_publish(run=run, actor=world["committee"])
    assert exc.value.code == "too_early"
    results_day(world["call"])
    runs.run_publish(run=run, actor=world["committee"])
    # MPM-1: one open seat (kg_best, 90) and one reserved for KG (kg_weak); MDPA-1 caps a country at one
    assert _status(world, "kg_best").offer.code == "MPM-1"
    assert _status(world, "kg_weak").offer.code == "MPM-1"
    assert _status(world, "kg_mid").offer.code == "MDPA-1"
    assert _status(world, "tj_good").offer.code == "MDPA-1"
    assert _status(world, "am_phd").offer.code == "PHD-PA"
    uz = _status(world, "uz_good")
    assert uz.status == Status.NOT_ADMITTED and uz.offer is None
    text = explain(uz, run.results.get(application=uz))
    assert text["programme"] is None
    assert [(line["programme"], line["code"]) for line in text["above"]] == [
        ("MPM-1", "below_cutoff"),
        ("MDPA-1", "below_cutoff"),
    ]
    assert "90" in text["above"][0]["text"] and "70" in text["above"][0]["text"]
    from notifications.models import Notification

    assert Notification.objects.filter(kind="scholarships.result").count() == 6
    weak = _status(world, "kg_weak")
    lines = explain(weak, run.results.get(application=weak))["above"]
    assert [line["code"] for line in lines] == ["country_cap"]
    assert "KG" in lines[0]["text"]


def test_only_the_committee_runs_and_publishes(world):
    with pytest.raises(NotAllowed):
        runs.run_create(call=world["call"], actor=world["apps"]["kg_best"].applicant)


def test_decline_and_the_next_round_keeps_the_accepted(world):
    run = runs.run_create(call=world["call"], actor=world["committee"])
    results_day(world["call"])
    runs.run_publish(run=run, actor=world["committee"])
    for name in ("kg_best", "kg_weak", "kg_mid", "am_phd"):
        a = _status(world, name)
        services.application_respond(application=a, actor=a.applicant, accept=True)
    tj = _status(world, "tj_good")
    services.application_respond(application=tj, actor=tj.applicant, accept=False)
    with pytest.raises(ApplicationError):
        services.application_respond(application=tj, actor=tj.applicant, accept=True)
    second = runs.run_create(call=world["call"], actor=world["committee"])
    assert second.round == 2 and second.instance["fixed"]
    runs.run_publish(run=second, actor=world["committee"])
    for name, code in (
        ("kg_best", "MPM-1"),
        ("kg_weak", "MPM-1"),
        ("kg_mid", "MDPA-1"),
        ("am_phd", "PHD-PA"),
    ):
        a = _status(world, name)
        assert (a.status, a.offer.code) == (Status.ACCEPTED, code)  # accepted: never moved
    assert _status(world, "tj_good").status == Status.DECLINED
    uz = _status(world, "uz_good")  # the declined MDPA-1 seat goes to the next in line
    assert (uz.status, uz.offer.code, uz.offer_round) == (Status.OFFERED, "MDPA-1", 2)
    services.application_respond(application=uz, actor=uz.applicant, accept=True)


def test_an_offer_is_answered_by_its_owner_only(world):
    run = runs.run_create(call=world["call"], actor=world["committee"])
    results_day(world["call"])
    runs.run_publish(run=run, actor=world["committee"])
    with pytest.raises(NotAllowed):
        services.application_respond(
            application=_status(world, "kg_best"), actor=_status(world, "tj_good").applicant, accept=False
        )


def test_grants_never_exceed_the_budget(world):
    call = world["call"]
    call.budget = Decimal("12000000")  # 2 seats at 5,000,000
    call.save()
    run = runs.run_create(call=call, actor=world["committee"])
    assert run.parameters["seat_caps"]["MPM-1"]["after_budget"] <= 2
    admitted = run.results.filter(admitted=True).select_related("programme")
    assert sum(r.programme.grant_cost for r in admitted) <= call.budget
    assert admitted.count() == 2
    results_day(call)
    runs.run_publish(run=run, actor=world["committee"])
    report = exports.spend_report(call)
    assert report["committed"] + report["pending"] <= call.budget
    assert report["pending"] == Decimal("10000000")


def test_budget_seats_formula():
    programmes = [
        Programme(code="A", seats=10, grant_cost=Decimal(3)),
        Programme(code="B", seats=5, grant_cost=Decimal(7)),
    ]
    for budget in range(0, 80):
        seats = runs.budget_seats(programmes, Decimal(budget))
        assert seats["A"] * 3 + seats["B"] * 7 <= budget
        assert seats["A"] <= 10 and seats["B"] <= 5


def test_csv_export_escapes_formula_cells(world):
    application = world["apps"]["kg_best"]
    Application.objects.filter(pk=application.pk).update(full_name='=HYPERLINK("http://x")')
    run = runs.run_create(call=world["call"], actor=world["committee"])
    rows = list(csv.reader(io.StringIO(exports.results_csv(run))))
    assert rows[0][:2] == ["applicant_id", "application"]
    assert any(r[2] == '\'=HYPERLINK("http://x")' for r in rows[1:])
    assert (
        exports.safe_cell("-1") == "'-1" and exports.safe_cell("\tx") == "'\tx" and exports.safe_cell(5) == 5
    )
    assert exports.results_xlsx(run)[:2] == b"PK"


def test_exported_instance_rerun_by_the_command_gives_the_stored_result(world, tmp_path, capsys):
    run = runs.run_create(call=world["call"], actor=world["committee"])
    path = tmp_path / "instance.json"
    path.write_text(exports.instance_json(run))
    call_command("allocate_scholarships", "--instance", str(path), "--format", "csv")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "applicant_id,programme_code,status,reason"
    offline = {row[0]: row[1] for row in csv.reader(lines[1:])}
    stored = {
        run.pseudonyms[str(r.application_id)]: (r.programme.code if r.programme_id else "")
        for r in run.results.select_related("programme")
    }
    assert offline == stored
    assert json.loads(path.read_text()) == run.instance
