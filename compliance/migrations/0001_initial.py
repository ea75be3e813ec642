"""The training ledger and the compliance rules move here from `enrollment` without touching the database:
the tables keep their names (Meta.db_table), this migration only tells Django's state that they are this
app's models now, exactly as enrollment left them (0001 + 0005 there). enrollment 0006 removes them from
enrollment's state and points Application.training_record here."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def default_thresholds():  # the field defaults of that time (enrollment.models), for the historical state
    return [180, 90, 30]


def default_qualifying_types():
    return ["advanced_training"]


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("enrollment", "0005_compliance_indexes"),
        ("people", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='ComplianceRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(choices=[('three_year', 'advanced training at least every three years'), ('retraining', 'retraining after entry or managerial appointment (corps B)'), ('corps_a_course', 'management course before taking office (corps A)')], max_length=20, unique=True, verbose_name='code')),
                ('description', models.TextField(blank=True, verbose_name='description')),
            ],
            options={
                'db_table': 'enrollment_compliancerule',
                'verbose_name': 'compliance rule',
                'verbose_name_plural': 'compliance rules',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='Exemption',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(choices=[('parental_leave', 'parental leave'), ('secondment', 'secondment'), ('illness', 'illness'), ('other', 'other')], max_length=20, verbose_name='reason')),
                ('start_on', models.DateField(verbose_name='from')),
                ('end_on', models.DateField(verbose_name='to (inclusive)')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='approved at')),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='approved by')),
                ('servant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='exemptions', to='people.civilservant', verbose_name='civil servant')),
            ],
            options={
                'db_table': 'enrollment_exemption',
                'verbose_name': 'exemption',
                'verbose_name_plural': 'exemptions',
                'ordering': ['servant', 'start_on'],
                'indexes': [models.Index(fields=['servant', 'start_on'], name='exemption_servant_start')],
                'constraints': [models.CheckConstraint(condition=models.Q(('end_on__gte', models.F('start_on'))), name='exemption_dates_ordered')],
            },
        ),
        migrations.CreateModel(
            name='RuleVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(verbose_name='valid from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='valid to (inclusive)')),
                ('period_years', models.PositiveSmallIntegerField(default=3, verbose_name='period, years')),
                ('window_months', models.PositiveSmallIntegerField(default=6, verbose_name='window after appointment, months')),
                ('newly_appointed_months', models.PositiveSmallIntegerField(default=12, verbose_name='appointments younger than this many months are new')),
                ('months_before_appointment', models.PositiveSmallIntegerField(default=0, verbose_name='completions up to this many months before the appointment count')),
                ('qualifying_types', models.JSONField(default=default_qualifying_types, verbose_name='qualifying course types')),
                ('min_hours', models.PositiveSmallIntegerField(default=8, verbose_name='minimum hours')),
                ('max_hours', models.PositiveSmallIntegerField(blank=True, default=80, null=True, verbose_name='maximum hours')),
                ('thresholds', models.JSONField(default=default_thresholds, verbose_name='reminder thresholds, days')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('rule', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='compliance.compliancerule', verbose_name='rule')),
            ],
            options={
                'db_table': 'enrollment_ruleversion',
                'verbose_name': 'rule version',
                'verbose_name_plural': 'rule versions',
                'ordering': ['rule', 'valid_from'],
                'constraints': [models.CheckConstraint(condition=models.Q(('valid_to__isnull', True), ('valid_to__gte', models.F('valid_from')), _connector='OR'), name='rule_version_dates_ordered'), models.CheckConstraint(condition=models.Q(('max_hours__isnull', True), ('max_hours__gte', models.F('min_hours')), _connector='OR'), name='rule_version_hours_ordered'), models.UniqueConstraint(fields=('rule', 'valid_from'), name='rule_version_unique_start')],
            },
        ),
        migrations.CreateModel(
            name='TrainingRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('course_type', models.CharField(choices=[('advanced_training', 'advanced training'), ('retraining', 'retraining'), ('management_course', 'management course (corps A)'), ('seminar', 'seminar'), ('master_class', 'master class'), ('e_course', 'e-course'), ('other', 'other')], max_length=20, verbose_name='course type')),
                ('hours', models.PositiveSmallIntegerField(verbose_name='academic hours')),
                ('completed_on', models.DateField(verbose_name='completed on')),
                ('provider', models.CharField(blank=True, default='', max_length=300, verbose_name='provider')),
                ('source', models.CharField(choices=[('import', 'imported'), ('internal', 'completed on the platform'), ('external_upload', 'uploaded by the servant')], default='import', max_length=20, verbose_name='source')),
                ('evidence', models.FileField(blank=True, upload_to='training-evidence/%Y/', verbose_name='certificate / evidence')),
                ('verified_at', models.DateTimeField(blank=True, null=True, verbose_name='verified at')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('servant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='training_records', to='people.civilservant', verbose_name='civil servant')),
                ('verified_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='verified by')),
            ],
            options={
                'db_table': 'enrollment_trainingrecord',
                'verbose_name': 'training record',
                'verbose_name_plural': 'training records',
                'ordering': ['servant', '-completed_on'],
                'indexes': [models.Index(fields=['servant', 'course_type', 'completed_on'], include=('hours',), name='training_servant_type_day'), models.Index(condition=models.Q(('course_type', 'advanced_training'), ('hours__gte', 8), ('hours__lte', 80)), fields=['servant', 'completed_on'], include=('hours',), name='training_advanced_last')],
                'constraints': [models.CheckConstraint(condition=models.Q(('hours__gt', 0)), name='training_hours_positive'), models.CheckConstraint(condition=models.Q(('course_type__in', ['advanced_training', 'retraining', 'management_course', 'seminar', 'master_class', 'e_course', 'other'])), name='training_course_type_valid'), models.UniqueConstraint(fields=('servant', 'title', 'completed_on', 'provider'), name='training_record_natural_key')],
            },
        ),
                ],
        ),
    ]
