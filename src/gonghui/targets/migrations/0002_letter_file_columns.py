"""The scanned letter takes the shared stored-file columns (gonghui.core.attachments.Attachment): attachment,
attachment_name and attachment_type are renamed file, file_name and file_type, and file_size is added. Change-log
entries written before keep reading: their ``attachment_name`` key is renamed too."""

from django.db import migrations, models

RENAMED = {"attachment_name": "file_name"}


def _rename_keys(apps, renames):
    AuditLog = apps.get_model("core", "AuditLog")
    entries = AuditLog.objects.filter(content_type__app_label="targets", content_type__model="responsibilityletter")
    for entry in entries.iterator():
        changed = False
        for side in ("before", "after"):
            data = getattr(entry, side)
            if isinstance(data, dict) and any(old in data for old in renames):
                setattr(entry, side, {renames.get(k, k): v for k, v in data.items()})
                changed = True
        if changed:
            entry.save(update_fields=["before", "after"])


def forwards(apps, schema_editor):
    _rename_keys(apps, RENAMED)


def backwards(apps, schema_editor):
    _rename_keys(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("targets", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="responsibilityletter", old_name="attachment", new_name="file"),
        migrations.RenameField(model_name="responsibilityletter", old_name="attachment_name", new_name="file_name"),
        migrations.RenameField(model_name="responsibilityletter", old_name="attachment_type", new_name="file_type"),
        migrations.AddField(
            model_name="responsibilityletter",
            name="file_size",
            field=models.PositiveIntegerField(default=0, verbose_name="size (bytes)"),
        ),
        migrations.RunPython(forwards, backwards, elidable=True),
    ]
