"""At most one open attendance interval per person and session (join clicks become INSERT … ON CONFLICT DO
NOTHING). Older duplicate open intervals are dropped first, keeping the earliest: an open interval lasts until
the session ends, so the earliest covers the later ones and attended minutes do not change."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('conferences', '0002_periodic_tasks'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(
            """DELETE FROM conferences_attendanceinterval WHERE left_at IS NULL AND EXISTS (
                 SELECT 1 FROM conferences_attendanceinterval b
                 WHERE b.left_at IS NULL AND b.session_id = conferences_attendanceinterval.session_id
                   AND b.user_id = conferences_attendanceinterval.user_id
                   AND (b.joined_at < conferences_attendanceinterval.joined_at
                        OR (b.joined_at = conferences_attendanceinterval.joined_at
                            AND b.id < conferences_attendanceinterval.id)))""",
            migrations.RunSQL.noop,
        ),
        migrations.AddConstraint(
            model_name='attendanceinterval',
            constraint=models.UniqueConstraint(condition=models.Q(('left_at__isnull', True)), fields=('session', 'user'), name='attendance_one_open_stay'),
        ),
    ]
