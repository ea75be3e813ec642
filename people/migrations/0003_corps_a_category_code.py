# Corps A posts may carry a category code (issue #12); corps B still must, political posts never.

import people.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0002_scholarship_roles'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='position',
            name='category_code_iff_corps_b',
        ),
        migrations.AlterField(
            model_name='position',
            name='category_code',
            field=models.CharField(blank=True, help_text='Required for corps B, optional for corps A, e.g. C-4, C-O-3, E-G-2.', max_length=8, validators=[people.validators.validate_category_code], verbose_name='category code'),
        ),
        migrations.AddConstraint(
            model_name='position',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('corps', 'B'), models.Q(('category_code', ''), _negated=True)), ('corps', 'A'), models.Q(('corps', 'political'), ('category_code', '')), _connector='OR'), name='category_code_b_required_a_optional'),
        ),
    ]
