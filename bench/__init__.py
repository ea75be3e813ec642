"""Benchmarks: each bench_*.py module has main(argv) and prints lines like
`<what>: <measured> s (bound <bound> s) ratio <measured/bound>`, measured side by side in one run."""

import os

PG_SERVER_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")


def use_fresh_database(name: str) -> None:
    """Drop and create PostgreSQL database `name`, point Django at it (setting Django up if needed) and
    migrate it. Benchmarks never touch the development or test databases."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER_URL}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"{PG_SERVER_URL}/{name}"
    os.environ.setdefault("LMS_TESTING", "1")  # dev-only secret key; DEBUG stays off (no query log)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    import django
    from django.conf import settings

    if not settings.configured or not hasattr(django, "apps") or not django.apps.apps.ready:
        django.setup()
    from django.db import connections

    connections["default"].close()
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def drop_database(name: str) -> None:
    import psycopg
    from django.db import connections

    connections["default"].close()
    with psycopg.connect(f"{PG_SERVER_URL}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def report(what: str, seconds: float, bound: float) -> str:
    line = f"{what}: {seconds:.1f} s (bound {bound:.0f} s) ratio {seconds / bound:.2f}"
    print(line, flush=True)
    return line
