"""An existing database migrates forward with every row: the compliance models left enrollment (state-only
moves, same tables) and training records / rule versions now refer to courses.CourseType. The database is taken
back to the schema before the move (enrollment 0005, no compliance app), filled through the historical models,
migrated forward, and read through today's models."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import CivilServantFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("enrollment", "0005_compliance_indexes"), ("compliance", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _old_rows(apps, servant_id: int, user_id: int) -> dict:
    CourseType = apps.get_model("courses", "CourseType")
    CourseType.objects.get_or_create(
        code="advanced_training",
        defaults={
            "name_kk": "Біліктілікті арттыру",
            "name_ru": "Повышение квалификации",
            "name_en": "Advanced training",
            "min_hours": 8,
            "max_hours": 80,
        },
    )
    CourseType.objects.get_or_create(
        code="seminar",
        defaults={
            "name_kk": "Семинар",
            "name_ru": "Семинар",
            "name_en": "Seminar",
            "min_hours": 2,
            "max_hours": 16,
        },
    )
    CourseType.objects.filter(code="other").delete()  # the old vocabulary had it, courses did not
    TrainingRecord = apps.get_model("enrollment", "TrainingRecord")
    advanced = TrainingRecord.objects.create(
        servant_id=servant_id,
        title="Проектное управление",
        course_type="advanced_training",
        hours=36,
        completed_on=date(2023, 3, 15),
        provider="АГУ",
        source="import",
    )
    other = TrainingRecord.objects.create(
        servant_id=servant_id,
        title="Что-то ещё",
        course_type="other",
        hours=4,
        completed_on=date(2024, 5, 1),
        provider="",
        source="external_upload",
        verified_by_id=user_id,
    )
    Exemption = apps.get_model("enrollment", "Exemption")
    exemption = Exemption.objects.create(
        servant_id=servant_id,
        reason="parental_leave",
        start_on=date(2024, 1, 1),
        end_on=date(2024, 12, 31),
        note="приказ 12",
        approved_by_id=user_id,
    )
    ComplianceRule = apps.get_model("enrollment", "ComplianceRule")
    RuleVersion = apps.get_model("enrollment", "RuleVersion")
    rule, _created = ComplianceRule.objects.get_or_create(code="three_year")
    RuleVersion.objects.filter(rule=rule).delete()
    old_version = RuleVersion.objects.create(
        rule=rule,
        valid_from=date(2000, 1, 1),
        valid_to=date(2025, 12, 31),
        qualifying_types=["advanced_training"],
        min_hours=8,
        max_hours=80,
        thresholds=[180, 90, 30],
    )
    new_version = RuleVersion.objects.create(
        rule=rule,
        valid_from=date(2026, 1, 1),
        period_years=2,
        qualifying_types=["advanced_training", "seminar"],
        min_hours=8,
        max_hours=80,
        thresholds=[60],
    )
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    crontab = CrontabSchedule.objects.create(minute="0", hour="9", timezone="Asia/Almaty")
    PeriodicTask.objects.filter(name="old reminders").delete()
    PeriodicTask.objects.create(
        name="old reminders", task="enrollment.tasks.send_compliance_reminders", crontab=crontab
    )
    return {
        "advanced": advanced.pk,
        "other": other.pk,
        "exemption": exemption.pk,
        "old_version": old_version.pk,
        "new_version": new_version.pk,
        "rule": rule.pk,
    }


def test_a_database_at_the_previous_schema_migrates_forward_with_every_row():
    servant = CivilServantFactory()
    user_id = UserFactory().pk
    try:
        executor = _migrate(BEFORE)
        old_apps = executor.loader.project_state(BEFORE[:1]).apps
        ids = _old_rows(old_apps, servant.pk, user_id)
        _migrate(_leaves())
    finally:
        _migrate(_leaves())

    from django_celery_beat.models import PeriodicTask

    from compliance.models import ComplianceRule, Exemption, RuleVersion, TrainingRecord
    from courses.models import CourseType

    advanced = TrainingRecord.objects.get(pk=ids["advanced"])
    assert (
        advanced.servant_id,
        advanced.title,
        advanced.course_type_id,
        advanced.hours,
        advanced.completed_on,
        advanced.provider,
        advanced.source,
    ) == (servant.pk, "Проектное управление", "advanced_training", 36, date(2023, 3, 15), "АГУ", "import")
    other = TrainingRecord.objects.get(pk=ids["other"])
    assert other.course_type.code == "other" and other.verified_by_id == user_id  # the type row was created
    assert CourseType.objects.get(code="other").min_hours is None
    exemption = Exemption.objects.get(pk=ids["exemption"])
    assert (
        exemption.reason,
        exemption.start_on,
        exemption.end_on,
        exemption.note,
        exemption.approved_by_id,
    ) == ("parental_leave", date(2024, 1, 1), date(2024, 12, 31), "приказ 12", user_id)
    old, new = RuleVersion.objects.get(pk=ids["old_version"]), RuleVersion.objects.get(pk=ids["new_version"])
    assert old.rule_id == new.rule_id == ids["rule"] == ComplianceRule.objects.get(code="three_year").pk
    assert (old.valid_to, new.period_years, new.thresholds) == (date(2025, 12, 31), 2, [60])
    assert sorted(old.qualifying_course_types.values_list("code", flat=True)) == ["advanced_training"]
    assert sorted(new.qualifying_course_types.values_list("code", flat=True)) == [
        "advanced_training",
        "seminar",
    ]
    assert PeriodicTask.objects.get(name="old reminders").task == "compliance.tasks.send_compliance_reminders"
    # the tables kept their names: nothing was copied
    assert TrainingRecord._meta.db_table == "enrollment_trainingrecord"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM enrollment_trainingrecord WHERE course_type = 'other'")
        assert cursor.fetchone()[0] == 1
