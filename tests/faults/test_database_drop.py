"""PostgreSQL drops the request's connection mid-request (pg_terminate_backend from another connection, at the
moment the import writes its audit row, after the bodies were inserted in the same transaction): the client
gets the error page, not a traceback, and nothing of the import is left in the database."""

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.faults.conftest import database_url

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]


def _terminate_on(marker: str):
    """An execute wrapper that cuts this connection from another one just before the first statement
    containing `marker` runs (PostgreSQL ends the backend: the statement fails with an admin shutdown)."""
    fired = []

    def wrapper(execute, sql, params, many, context):
        if not fired and marker in sql:
            fired.append(sql)
            pid = context["connection"].connection.info.backend_pid
            with psycopg.connect(database_url(), autocommit=True) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])
        return execute(sql, params, many, context)

    return wrapper, fired


def test_connection_cut_mid_import_gives_an_error_page_and_writes_nothing():
    from people.models import StateBody
    from tests.factories import user_with_role

    admin = user_with_role("apa_admin")
    client = Client(raise_request_exception=False)
    client.force_login(admin)
    before = StateBody.objects.count()
    wrapper, fired = _terminate_on('INSERT INTO "lms_auditentry"')
    with open(settings.BASE_DIR / "docs/samples/bodies.csv", "rb") as sample:
        with connection.execute_wrapper(wrapper):
            response = client.post("/import/", {"file": sample, "dry_run": ""})
    assert fired, "the import never reached its audit row"
    assert response.status_code == 500
    text = response.content.decode()
    assert "Traceback" not in text and "psycopg" not in text and "terminating connection" not in text
    connection.close()  # the test process reconnects
    assert StateBody.objects.count() == before, "half of the import was committed"
    response = client.post(
        "/import/", {"file": open(settings.BASE_DIR / "docs/samples/bodies.csv", "rb"), "dry_run": ""}
    )
    assert response.status_code == 200  # the next request gets a fresh connection and succeeds
    assert StateBody.objects.count() > before
