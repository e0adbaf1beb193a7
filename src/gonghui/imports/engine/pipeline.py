"""Writing member batches in a thread of their own, one batch behind the checking, and the session settings of
the connections an import uses."""

import queue
import threading

from django.conf import settings
from django.db import connection, connections
from django.utils import translation


def import_connection(cache_mb=160):
    """Session settings for this (worker) connection during a check or an import.

    SQLite: a page cache of ``cache_mb``, so that the member indexes stay in it when the table grows past a
    million rows (the default 2 MB makes every batch read them again). With a BatchWriter the writing
    connection gets it and the checking one, which only looks up ID hashes, a small one: an import of a
    million rows stays under 1 GB. Only ever set here, in the engine's import path, never for web requests.
    """
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        connection.connection.execute(f"PRAGMA cache_size = -{int(cache_mb) * 1000}")


def pipeline_enabled():
    """A second connection writes: not for an in-memory SQLite database (the tests' own), whose shared cache
    locks whole tables between connections; a file in WAL mode lets the checking read while the writer writes."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return False
    return bool(getattr(settings, "GONGHUI_IMPORT_PIPELINE", True))


class BatchWriter:
    """Writes checked batches in a thread of its own, with its own database connection, one batch behind the
    checking: the database (and the C code of the drivers, which release the GIL) works on batch k while
    Python checks batch k+1, so an import uses both cores. One batch waits at most; each is still one
    transaction. The first error stops the writing and is raised in the importing thread."""

    def __init__(self, write):
        self.write = write
        self.language = translation.get_language()  # the audit notes are written in the importer's language
        self.queue = queue.Queue(maxsize=1)
        self.error = None
        self.thread = threading.Thread(target=self._run, name="gonghui-import-writer", daemon=True)
        self.thread.start()

    def _run(self):
        try:
            translation.activate(self.language)
            import_connection(96)
            while (item := self.queue.get()) is not None:
                if self.error is None:  # after an error, only drain what was queued
                    try:
                        self.write(*item)
                    except BaseException as e:  # noqa: BLE001 (raised again in the importing thread)
                        self.error = e
        finally:
            connections.close_all()  # this thread's connections

    def put(self, *item):
        self.raise_error()
        self.queue.put(item)

    def close(self, raise_error=True):
        self.queue.put(None)
        self.thread.join()
        if raise_error:
            self.raise_error()

    def raise_error(self):
        if self.error is not None:
            raise self.error
