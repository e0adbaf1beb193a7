# The phones are personal-data fields (gonghui.core.pii.PhoneField): masked in lists and in the change log.

from django.db import migrations

import gonghui.core.pii


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0004_history_refs_without_constraints'),
    ]

    operations = [
        migrations.AlterField(
            model_name='joinapplication',
            name='phone',
            field=gonghui.core.pii.PhoneField(db_index=True, max_length=11, verbose_name='mobile phone'),
        ),
        migrations.AlterField(
            model_name='member',
            name='phone',
            field=gonghui.core.pii.PhoneField(db_index=True, max_length=11, verbose_name='mobile phone'),
        ),
    ]
