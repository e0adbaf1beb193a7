"""Files of the data directory readable by the server's account only.

The data directory and the key files are created 0700/0600 by the settings, stored attachments 0600 through
``FILE_UPLOAD_PERMISSIONS``. The SQLite database is created by SQLite itself when first opened (with the
process umask): :func:`restrict_sqlite_files` makes it 0600 as soon as Django opens it; SQLite creates its
``-wal`` and ``-shm`` files with the database file's mode, and those already there are restricted too.
"""

import os
import stat

PRIVATE_FILE = 0o600


def restrict(path, mode=PRIVATE_FILE):
    """``chmod`` ``path`` to ``mode`` when it exists, is ours and is more open than that."""
    try:
        st = os.stat(path)
    except OSError:
        return
    if st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) & ~mode:
        os.chmod(path, mode)


def restrict_sqlite_files(sender, connection, **kwargs):
    """``connection_created`` receiver: the SQLite database file (and its WAL and shared memory) 0600."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        restrict(name + suffix)
