# The phones are personal-data fields (gonghui.core.pii.PhoneField): masked in lists and in the change log.

from django.db import migrations

import gonghui.core.pii


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='user',
            name='phone',
            field=gonghui.core.pii.PhoneField(blank=True, max_length=11, null=True, unique=True,
                                              verbose_name='mobile phone'),
        ),
    ]
