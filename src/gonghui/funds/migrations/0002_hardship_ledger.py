"""The hardship aid ledger becomes one fund of this area: every line mirrored into the organisation's hardship
fund, every balance checked to be the same before and after (the migration fails rather than lose a figure)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gonghui.funds.hardship_sync import mirror_hardship

    mirror_hardship(apps)


def backwards(apps, schema_editor):
    apps.get_model("funds", "LedgerEntry").objects.filter(hardship_entry_id__isnull=False).delete()
    apps.get_model("funds", "Fund").objects.filter(kind="hardship").delete()


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_initial"), ("hardship", "0002_phone_field_photo_attachment")]
    operations = [migrations.RunPython(forwards, backwards)]
