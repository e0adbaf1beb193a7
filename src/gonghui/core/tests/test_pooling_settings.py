"""``DATABASE_POOL``: what it changes in a ``DATABASES`` entry (the PgBouncer run itself: test_pgbouncer.py)."""

import dj_database_url
import pytest

from gonghui.core.pooling import configure


def test_pgbouncer_turns_off_what_outlives_a_transaction():
    db = configure(dj_database_url.parse("postgres://u@127.0.0.1:6432/gonghui", conn_max_age=60), "PgBouncer")
    assert db["DISABLE_SERVER_SIDE_CURSORS"] is True and db["OPTIONS"]["prepare_threshold"] is None
    assert db["GONGHUI_POOL"] == "pgbouncer" and db["CONN_HEALTH_CHECKS"] is True and db["CONN_MAX_AGE"] == 60
    plain = dj_database_url.parse("postgres://u@127.0.0.1:5432/gonghui")
    assert configure(dict(plain), "") == plain
    sqlite = dj_database_url.parse("sqlite:////tmp/x.sqlite3")
    assert configure(dict(sqlite), "pgbouncer") == sqlite
    with pytest.raises(ValueError, match="pgbouncer"):
        configure(dict(plain), "pgpool")


def test_backup_refuses_to_go_through_the_pooler(monkeypatch):
    from django.db import connection

    from gonghui.core import backup

    assert backup.engine() == connection.vendor
    monkeypatch.setitem(connection.settings_dict, "GONGHUI_POOL", "pgbouncer")
    with pytest.raises(backup.BackupError, match="PgBouncer"):
        backup.engine()
