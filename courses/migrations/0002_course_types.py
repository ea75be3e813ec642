"""Default course types and their hours rules (DOMAIN.md). Advanced training 8-80 and retraining >= 120
academic hours come from the public training rules; the other bounds are assumptions an administrator may
change in the admin."""

from django.db import migrations

TYPES = [  # code, kk, ru, en, min, max, self_paced
    ("advanced_training", "Біліктілікті арттыру", "Повышение квалификации", "Advanced training", 8, 80, False),
    ("retraining", "Қайта даярлау", "Переподготовка", "Retraining", 120, None, False),
    ("management_course", "«А» корпусына арналған менеджмент курсы", "Курс менеджмента для корпуса «А»",
     "Corps A management course", 16, 80, False),
    ("seminar", "Семинар", "Семинар", "Seminar", 2, 16, False),
    ("master_class", "Шеберлік сыныбы", "Мастер-класс", "Master class", 1, 8, False),
    ("e_course", "Электрондық курс", "Электронный курс", "E-course (self-paced)", 1, 80, True),
]


def seed(apps, schema_editor):
    CourseType = apps.get_model("courses", "CourseType")
    for order, (code, kk, ru, en, lo, hi, self_paced) in enumerate(TYPES):
        CourseType.objects.get_or_create(code=code, defaults={
            "name_kk": kk, "name_ru": ru, "name_en": en, "min_hours": lo, "max_hours": hi,
            "self_paced": self_paced, "sort_order": order,
        })


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
