"""Contract tests: schemathesis generates requests from the OpenAPI schema (`/api/schema/`) for every
operation, as one signed-in user per role on the demo data, and no answer may be a server error (5xx).

Bounded and reproducible: `CONTRACT_EXAMPLES` examples per operation and role (default 3; 2 took 58 s of CPU for 122 operations x 9 roles), Hypothesis
derandomized (the same cases on every run), no shrinking (a failure is recorded, not minimised). The requests
go in-process to the Django WSGI application inside the test's transaction, so nothing is left behind.
Known 500s owned by issue 15's security fixes are listed in KNOWN_ELSEWHERE with the finding they belong to;
they are reported, not failed, until that branch lands (then the list empties).
"""

import os
import time

import pytest
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings

pytestmark = [pytest.mark.django_db, pytest.mark.contract]

EXAMPLES = int(os.environ.get("CONTRACT_EXAMPLES", "3"))
# demo username -> role it stands for (people.demo_users); faculty authors, committee decides grants.
ROLE_USERS = {
    "apa_admin": "admin",
    "hr_officer": "hr",
    "line_manager": "manager",
    "servant": "servant",
    "faculty": "faculty",
    "analyst": "analyst",
    "partner": "partner",
    "grant_committee": "committee",
    "grant_reviewer": "reviewer",
}
# (method, path) -> why it is not fixed here: findings of issue 15 fixed in the security branch.
KNOWN_ELSEWHERE: dict[tuple[str, str], str] = {}


@pytest.fixture
def demo_tokens(db):
    from rest_framework.authtoken.models import Token

    from people.models import User

    call_command("seed_demo", verbosity=0)
    tokens = {}
    for role, username in ROLE_USERS.items():
        user = User.objects.get(username=username)
        tokens[role] = Token.objects.get_or_create(user=user)[0].key
    return tokens


@pytest.fixture
def in_process_wsgi():
    """The WSGI handler closes the connection at each request's end; inside the test transaction it must
    not (Django's test client disconnects the same two receivers)."""
    from django.core.wsgi import get_wsgi_application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _run_operation(operation, headers: dict, failures: list, role: str) -> int:
    sent = 0

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        nonlocal sent
        sent += 1
        response = case.call(headers=headers)
        if response.status_code >= 500:
            failures.append(
                (
                    role,
                    operation.method.upper(),
                    operation.path,
                    response.status_code,
                    case.as_curl_command(headers=headers),
                )
            )

    check()
    return sent


def test_no_operation_answers_a_server_error_for_any_role(demo_tokens, in_process_wsgi):
    import schemathesis

    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json",
        in_process_wsgi,
        headers={"Authorization": f"Token {demo_tokens['apa_admin']}"},
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 50
    failures: list = []
    sent, started = 0, time.monotonic()
    for role, token in demo_tokens.items():
        headers = {"Authorization": f"Token {token}"}
        for operation in operations:
            sent += _run_operation(operation, headers, failures, role)
    elapsed = time.monotonic() - started
    print(
        f"contract: {len(operations)} operations x {len(demo_tokens)} roles, {sent} requests in "
        f"{elapsed:.0f} s, {len(failures)} server errors"
    )
    known = [f for f in failures if (f[1], f[2]) in KNOWN_ELSEWHERE]
    for role, method, path, status, _curl in known:
        print(f"known elsewhere ({KNOWN_ELSEWHERE[(method, path)]}): {role} {method} {path} -> {status}")
    unexpected = [f for f in failures if (f[1], f[2]) not in KNOWN_ELSEWHERE]
    assert not unexpected, "\n".join(f"{r} {m} {p} -> {s}\n  {c}" for r, m, p, s, c in unexpected[:20])
