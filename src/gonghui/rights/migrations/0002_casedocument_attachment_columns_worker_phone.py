"""Case documents take the stored-file columns every area shares (``gonghui.core.attachments.Attachment``:
file_name, file_type, file_size), renamed from name, content_type and size; a worker's phone is a PhoneField."""

from django.db import migrations, models

import gonghui.core.pii


class Migration(migrations.Migration):

    dependencies = [
        ("rights", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="casedocument", old_name="name", new_name="file_name"),
        migrations.RenameField(model_name="casedocument", old_name="content_type", new_name="file_type"),
        migrations.RenameField(model_name="casedocument", old_name="size", new_name="file_size"),
        migrations.AlterField(
            model_name="casedocument",
            name="file_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="file name"),
        ),
        migrations.AlterField(
            model_name="casedocument",
            name="file_type",
            field=models.CharField(blank=True, max_length=50, verbose_name="file type"),
        ),
        migrations.AlterField(
            model_name="casedocument",
            name="file_size",
            field=models.PositiveIntegerField(default=0, verbose_name="size (bytes)"),
        ),
        migrations.AlterField(
            model_name="caseworker",
            name="phone",
            field=gonghui.core.pii.PhoneField(blank=True, db_index=True, max_length=11, verbose_name="mobile phone"),
        ),
    ]
