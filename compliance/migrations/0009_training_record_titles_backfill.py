"""Existing training records (issue 14): the language of each title (from its letters) and, where the title is
a course version's, that version's title in every language, so pages show the reader's."""

from django.db import migrations

KAZAKH = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"""
            UPDATE enrollment_trainingrecord SET title_language = CASE
                WHEN title ~ '[{KAZAKH}]' THEN 'kk' WHEN title ~ '[А-Яа-яЁё]' THEN 'ru'
                WHEN title ~ '[A-Za-z]' THEN 'en' ELSE '' END
            WHERE title_language = ''""")  # noqa: S608 -- a constant
        # Completions on the platform took the version's Russian title (else Kazakh, else English).
        for lang in ("ru", "kk", "en"):
            cursor.execute(f"""
                UPDATE enrollment_trainingrecord t
                   SET title_kk = v.title_kk, title_ru = v.title_ru, title_en = v.title_en
                  FROM (SELECT DISTINCT ON (title_{lang}) title_kk, title_ru, title_en
                          FROM courses_courseversion WHERE title_{lang} <> ''
                         ORDER BY title_{lang}, id DESC) v
                 WHERE t.title = v.title_{lang} AND t.title_kk = '' AND t.title_ru = '' AND t.title_en = ''
                   AND t.source = 'internal'""")  # noqa: S608 -- constants


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0008_training_record_titles_per_language"),
        ("courses", "__first__"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
