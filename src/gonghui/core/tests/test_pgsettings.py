import psycopg
import pytest
from django.db import connection

from gonghui.core import pgsettings


@pytest.mark.django_db(transaction=True)  # ALTER DATABASE is transactional: committed for a new connection to see
def test_jit_is_off_on_the_database_for_every_new_connection():
    if connection.vendor != "postgresql":
        assert pgsettings.apply(connection) is False and pgsettings.database_settings(connection) == {}
        return
    assert pgsettings.apply(connection) is True
    assert pgsettings.database_settings(connection)["jit"] == "off"
    # a new connection has it (the setting is the database's, not this session's)
    s = connection.settings_dict
    with psycopg.connect(dbname=s["NAME"], host=s["HOST"], port=s["PORT"] or 5432, user=s["USER"],
                         password=s["PASSWORD"] or None) as other:
        assert other.execute("SHOW jit").fetchone()[0] == "off"
