"""Flows are kept by month from now on: fold the day rows of every flow into rows for the first of their month."""

from django.db import migrations

NO_DAY = "1900-01-01"


def fold_days_into_months(apps, schema_editor):
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    table = qn("stats_orgcounter")
    key, day = qn("key"), qn("day")
    if connection.vendor == "sqlite":
        month = f"date({day}, 'start of month')"
    else:
        month = f"CAST(date_trunc('month', {day}) AS date)"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE stats_month_fold AS SELECT org_id, {key} AS k, {month} AS m, "
                       f"SUM(own) AS own, SUM(total) AS total FROM {table} WHERE {day} <> %s "
                       f"GROUP BY org_id, {key}, {month}", [NO_DAY])
        cursor.execute(f"DELETE FROM {table} WHERE {day} <> %s", [NO_DAY])
        cursor.execute(f"INSERT INTO {table} (org_id, {key}, {day}, own, total) "
                       f"SELECT org_id, k, m, own, total FROM stats_month_fold WHERE own <> 0 OR total <> 0")
        cursor.execute("DROP TABLE stats_month_fold")


class Migration(migrations.Migration):
    dependencies = [("stats", "0002_counter_read_index")]

    operations = [migrations.RunPython(fold_days_into_months, migrations.RunPython.noop)]
