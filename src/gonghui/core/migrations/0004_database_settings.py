from django.db import migrations


def apply_settings(apps, schema_editor):
    from gonghui.core import pgsettings

    pgsettings.apply(schema_editor.connection)


class Migration(migrations.Migration):
    """PostgreSQL: JIT off on the database (gonghui.core.pgsettings)."""

    dependencies = [
        ("core", "0003_job_claims"),
    ]

    operations = [
        migrations.RunPython(apply_settings, migrations.RunPython.noop, elidable=False),
    ]
