"""The default three-year rule still reads the partial index training_advanced_last after the course-type move:
the engine writes the course type's range as literals, the very predicate of the index."""

from datetime import date

import pytest
from django.db import connection, transaction

from compliance import engine
from people.models import CivilServant
from tests.factories import CivilServantFactory

pytestmark = pytest.mark.django_db


def _plan(servants) -> str:
    params = engine.params_in_force(date(2024, 6, 1), ["three_year"])
    q = params["three_year"].qualifying[0]
    assert (q.course_type, q.min_hours, q.max_hours) == ("advanced_training", 8, 80)  # the range of courses
    sql, args = engine.statuses_sql(servants, date(2024, 6, 1), params)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned otherwise
        cursor.execute(f"EXPLAIN {sql}", args)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_default_rule_uses_the_partial_index_for_everyone_and_for_a_subset():
    servant = CivilServantFactory()
    assert "training_advanced_last" in _plan(CivilServant.objects.all())
    assert "training_advanced_last" in _plan(CivilServant.objects.filter(body=servant.body))
