"""Members are counted at the ancestors of the union that holds them, not at the union itself (writes touch far
fewer rows; readers add a union's own members from the records): take the own member counts out of the rows."""

from django.db import migrations


def members_at_ancestors_only(apps, schema_editor):
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    table = qn("stats_orgcounter")
    key = qn("key")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET total = total - own, own = 0 WHERE {key} LIKE %s AND own <> 0", ["m.%"])
        cursor.execute(f"DELETE FROM {table} WHERE {key} LIKE %s AND own = 0 AND total = 0", ["m.%"])


class Migration(migrations.Migration):
    dependencies = [("stats", "0003_flows_by_month")]

    operations = [migrations.RunPython(members_at_ancestors_only, migrations.RunPython.noop)]
