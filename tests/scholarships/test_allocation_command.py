"""`manage.py allocate_scholarships`: the contract's CSV exactly, JSON, the input-hash check, and bad instance
files refused with a message naming the item and a non-zero exit, never a traceback, with no database."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

INSTANCE = {
    "programmes": [
        {"code": "MPM-1", "seats": 3, "reserved": {"KG": 1}, "country_cap": 2},
        {"code": "DPA-1", "seats": 1},
    ],
    "applicants": [
        {
            "id": "A003",
            "country": "TJ",
            "score": 91,
            "submitted_at": "2027-03-01T10:00:00Z",
            "preferences": ["MPM-1", "DPA-1"],
        },
        {
            "id": "A001",
            "country": "KG",
            "score": 70.5,
            "submitted_at": "2027-03-01T10:00:00Z",
            "preferences": ["MPM-1"],
        },
        {
            "id": "A002",
            "country": "TJ",
            "score": 92,
            "submitted_at": "2027-03-01T10:00:00Z",
            "preferences": ["MPM-1"],
        },
        {
            "id": "A004",
            "country": "TJ",
            "score": 95,
            "submitted_at": "2027-03-01T15:00:00+05:00",
            "preferences": ["MPM-1", "DPA-1"],
        },
        {
            "id": "A005",
            "country": "UZ",
            "score": 91,
            "submitted_at": "2027-03-01T09:00:00Z",
            "preferences": ["DPA-1", "MPM-1"],
        },
        {
            "id": "A006",
            "country": "UZ",
            "score": 60,
            "submitted_at": "2027-03-01T09:00:00Z",
            "preferences": [],
        },
    ],
}

EXPECTED_CSV = """applicant_id,programme_code,status,reason
A001,MPM-1,admitted,admitted to MPM-1 (seat reserved for your country)
A002,MPM-1,admitted,admitted to MPM-1 (open seat)
A003,,not_admitted,"not admitted; MPM-1: cut-off 92 above your score 91; DPA-1: cut-off 91 equal to your score, an earlier application came first"
A004,MPM-1,admitted,admitted to MPM-1 (open seat)
A005,DPA-1,admitted,admitted to DPA-1 (open seat)
A006,,not_admitted,not admitted: no programme ranked
"""


def write(tmp_path: Path, data, name="instance.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def allocate_command(*args) -> str:
    out = io.StringIO()
    call_command("allocate_scholarships", *args, stdout=out)
    return out.getvalue()


def test_csv_output_is_exactly_the_contracts(tmp_path):
    assert allocate_command("--instance", write(tmp_path, INSTANCE), "--format", "csv") == EXPECTED_CSV


def test_json_output_carries_the_input_hash_cutoffs_and_structured_reasons(tmp_path):
    data = json.loads(allocate_command("--instance", write(tmp_path, INSTANCE), "--format", "json"))
    assert len(data["input_hash"]) == 64
    mpm = next(p for p in data["programmes"] if p["code"] == "MPM-1")
    assert mpm["classes"]["open"] == {"seats": 2, "filled": 2, "lowest_score": 92.0, "cutoff": 92.0}
    assert mpm["by_country"] == {"KG": 1, "TJ": 2}
    a003 = next(o for o in data["outcomes"] if o["applicant_id"] == "A003")
    assert [(e["programme"], e["code"]) for e in a003["explanation"]] == [
        ("MPM-1", "below_cutoff"),
        ("DPA-1", "tie_break"),
    ]


def test_the_same_instance_in_another_order_and_spelling_gives_the_same_output_and_hash(tmp_path):
    shuffled = {
        "applicants": list(reversed(INSTANCE["applicants"])),
        "programmes": INSTANCE["programmes"][::-1],
    }
    shuffled["applicants"][0] = {**shuffled["applicants"][0], "score": 60.0}
    first = allocate_command("--instance", write(tmp_path, INSTANCE, "a.json"), "--format", "json")
    second = allocate_command("--instance", write(tmp_path, shuffled, "b.json"), "--format", "json")
    assert first == second
    digest = json.loads(first)["input_hash"]
    assert (
        allocate_command("--instance", write(tmp_path, shuffled, "b.json"), "--expect-hash", digest)
        == EXPECTED_CSV
    )
    with pytest.raises(CommandError, match="differs from the expected"):
        allocate_command("--instance", write(tmp_path, shuffled, "b.json"), "--expect-hash", "0" * 64)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["applicants"][0].pop("score"), "applicants[0] (id 'A003'): 'score' is missing"),
        (lambda d: d["applicants"][2].update(id="A001"), "applicants[2] (id 'A001'): duplicate applicant id"),
        (
            lambda d: d["programmes"][1].update(seats=-2),
            "programmes[1] (code 'DPA-1'): seats must be a whole number",
        ),
        (
            lambda d: d["programmes"][0].update(reserved={"KG": 4}),
            "programmes[0] (code 'MPM-1'): reserved seats (4) exceed seats (3)",
        ),
        (
            lambda d: d["applicants"][3].update(submitted_at="2027-02-30T10:00:00Z"),
            "applicants[3] (id 'A004'): submitted_at '2027-02-30T10:00:00Z' is not an ISO 8601 timestamp",
        ),
    ],
)
def test_bad_instances_are_refused_naming_the_item(tmp_path, change, message):
    data = json.loads(json.dumps(INSTANCE))
    change(data)
    with pytest.raises(CommandError) as refused:
        allocate_command("--instance", write(tmp_path, data))
    assert message in str(refused.value)


def test_not_json_and_missing_file(tmp_path):
    with pytest.raises(CommandError, match="not JSON: Expecting value at line 1 column 1"):
        allocate_command("--instance", write(tmp_path, "programmes: []"))
    with pytest.raises(CommandError, match="cannot read the instance: No such file or directory"):
        allocate_command("--instance", str(tmp_path / "missing.json"))


def _manage(*args, env_overrides=None):
    env = {**os.environ, "LMS_TESTING": "1", **(env_overrides or {})}
    return subprocess.run(
        [sys.executable, "manage.py", "allocate_scholarships", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )


def test_the_command_runs_without_a_database_and_fails_cleanly(tmp_path):
    unreachable = {"DATABASE_URL": "postgres://nobody@127.0.0.1:1/no_such_database"}
    good = _manage("--instance", write(tmp_path, INSTANCE), "--format", "csv", env_overrides=unreachable)
    assert (good.returncode, good.stdout) == (0, EXPECTED_CSV)
    bad = _manage("--instance", write(tmp_path, "{", "bad.json"), env_overrides=unreachable)
    assert bad.returncode != 0 and bad.stdout == ""
    assert "not a valid instance" in bad.stderr and "not JSON" in bad.stderr and "Traceback" not in bad.stderr


def test_the_issue_example_runs_and_an_undefined_preference_is_ignored_with_a_note(tmp_path):
    """The contract's own example ranks DPA-1 without defining it: it runs, and the command says why DPA-1
    played no part (on standard error, so the CSV stays exactly the contract's)."""
    example = {
        "programmes": [{"code": "MPM-1", "seats": 10, "reserved": {"KG": 2}, "country_cap": 4}],
        "applicants": [
            {
                "id": "A001",
                "country": "KG",
                "score": 87.5,
                "submitted_at": "2027-03-01T10:00:00Z",
                "preferences": ["MPM-1", "DPA-1"],
            }
        ],
    }
    path = write(tmp_path, example)
    out = io.StringIO()
    err = io.StringIO()
    call_command("allocate_scholarships", "--instance", path, "--format", "csv", stdout=out, stderr=err)
    assert (
        out.getvalue()
        == "applicant_id,programme_code,status,reason\nA001,MPM-1,admitted,admitted to MPM-1 (open seat)\n"
    )
    assert "DPA-1 name no programme of this instance" in err.getvalue()
