"""Read replicas (``DATABASE_REPLICA_URLS``): dashboards, reports, exports and list reads go to a PostgreSQL
streaming replica; everything else stays on the primary (``default``). See docs/operator/replicas.md.

Reads go to a replica only inside a "replica-ok" context: the middleware opens one for safe requests (GET, HEAD)
to views that declare ``replica_reads`` (list pages and their exports, dashboards, report workbooks, API lists),
and ``replica_reads()`` opens one for a job or command. Never in such a context:

- writes (always the primary), and reads after a write in the same context (they may depend on it);
- reads inside a transaction (they must see what it wrote and be consistent with it);
- accounts, roles, sessions, tokens and content types (sign-in and scope are never stale);
- a browser that wrote within ``GONGHUI_REPLICA_STICKY_SECONDS`` (a signed cookie: read your own writes);
- a replica that is down or more than ``GONGHUI_REPLICA_MAX_LAG_SECONDS`` behind (checked per process every
  ``GONGHUI_REPLICA_CHECK_SECONDS``). A replica that fails during a request is marked down and the view runs
  again on the primary, so a stopped replica never shows an error page.

When no replica is configured, neither the router nor the middleware is installed (settings.py).
"""

import contextvars
import logging
import random
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections

log = logging.getLogger("gonghui.replicas")

STICKY_COOKIE = "gh_primary"
_COOKIE_SALT = "gonghui.replicas.sticky"
_SAFE_METHODS = ("GET", "HEAD")
# Writes that never make the reads after them go to the primary: nothing reads them back in the same request.
_APPEND_ONLY = {"core.auditlog", "sessions.session"}


class _Reads:
    """What one request (or job) may read from a replica, and what it did."""

    __slots__ = ("enabled", "wrote", "alias")

    def __init__(self, enabled=False):
        self.enabled = enabled  # a replica-ok view or job
        self.wrote = False  # a write went to the primary: reads after it follow
        self.alias = None  # the replica chosen for this context (the primary once none is usable)


_reads = contextvars.ContextVar("gonghui_replica_reads", default=None)


def replicas():
    return getattr(settings, "GONGHUI_REPLICAS", ())


@contextmanager
def replica_reads(enabled=True):
    """Let the reads inside go to a replica (a job or command that only reads, e.g. an export)."""
    token = _reads.set(_Reads(enabled=enabled))
    try:
        yield
    finally:
        _reads.reset(token)


def current_alias():
    """The database the current context reads from ("default" outside a replica-ok context)."""
    reads = _reads.get()
    return (reads.alias or DEFAULT_DB_ALIAS) if reads is not None else DEFAULT_DB_ALIAS


# --- health: reachable and caught up, per process, cached ----------------------------------------------------

_health = {}  # alias -> (checked at, usable)
_health_lock = threading.Lock()


def _lag_seconds(alias, primary_lsn):
    """How far ``alias`` is behind the primary in seconds: 0 when it has replayed everything the primary had
    written a moment ago (an idle primary writes nothing, so its replica is not behind even though its last
    replayed transaction is old); otherwise the age of its last replayed transaction."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() >= %s::pg_lsn,"
            " EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())",
            [primary_lsn],
        )
        in_recovery, caught_up, age = cursor.fetchone()
    if not in_recovery:
        raise DatabaseError(f"{alias} is not a standby (promoted, or not a replica of the primary)")
    if caught_up:
        return 0.0
    return float(age) if age is not None else float("inf")


def _set_health(alias, usable, reason=""):
    with _health_lock:
        was = _health.get(alias, (0, True))[1]
        _health[alias] = (time.monotonic(), usable)
    if was and not usable:
        log.warning("replica %s not used, reading from the primary: %s", alias, reason)
    elif usable and not was:
        log.info("replica %s is back in use", alias)


def usable(alias):
    """Is ``alias`` up and within the allowed lag? Checked at most every GONGHUI_REPLICA_CHECK_SECONDS."""
    checked = _health.get(alias)
    if checked is not None and time.monotonic() - checked[0] < settings.GONGHUI_REPLICA_CHECK_SECONDS:
        return checked[1]
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:  # the primary's failure is no replica's
        cursor.execute("SELECT pg_current_wal_lsn()")
        primary_lsn = cursor.fetchone()[0]
    try:
        lag = _lag_seconds(alias, primary_lsn)
    except DatabaseError as e:
        _close(alias)
        _set_health(alias, False, f"{type(e).__name__}: {_first_line(e)}")
        return False
    ok = lag <= settings.GONGHUI_REPLICA_MAX_LAG_SECONDS
    _set_health(alias, ok, "" if ok else f"{lag:.1f} s behind")
    return ok


def _first_line(exception):
    return (str(exception).strip().splitlines() or [""])[0][:200]


def mark_down(alias, reason):
    _close(alias)
    _set_health(alias, False, reason)


def _close(alias):
    try:
        connections[alias].close()
    except DatabaseError:
        pass


def _choose():
    candidates = list(replicas())
    random.shuffle(candidates)  # spread the processes over the replicas
    for alias in candidates:
        if usable(alias):
            return alias
    return DEFAULT_DB_ALIAS


# --- the router ------------------------------------------------------------------------------------------------


class ReplicaRouter:
    """Writes to the primary; reads to a replica only in a replica-ok context (see the module's docstring)."""

    def __init__(self):
        primary_apps = {"auth", "sessions", "contenttypes", "authtoken", "admin"}
        for label in (settings.AUTH_USER_MODEL, getattr(settings, "GONGHUI_ROLE_ASSIGNMENT_MODEL", "")):
            if label:
                primary_apps.add(label.split(".")[0].lower())
        self.primary_apps = frozenset(primary_apps)

    def db_for_read(self, model, **hints):
        reads = _reads.get()
        # "default", never None: Django would otherwise read from the database the hinted instance came from.
        if reads is None or not reads.enabled or reads.wrote or model._meta.app_label in self.primary_apps:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        if reads.alias is None:
            reads.alias = _choose()
        return reads.alias

    def db_for_write(self, model, **hints):
        reads = _reads.get()
        if reads is not None and model._meta.label_lower not in _APPEND_ONLY:
            reads.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        pool = {DEFAULT_DB_ALIAS, *replicas()}
        return obj1._state.db in pool and obj2._state.db in pool  # replicas hold the same rows

    def allow_migrate(self, db, app_label, **hints):
        return False if db in replicas() else None


# --- the middleware --------------------------------------------------------------------------------------------


def replica_ok_view(view_func, method):
    """Does the view declare that its safe requests may read from a replica? ``replica_reads = True`` on a view
    class (or function), or ``"list"`` on an API viewset for its list action only."""
    if method not in _SAFE_METHODS:
        return False
    cls = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)
    flag = getattr(view_func, "replica_reads", None) or getattr(cls, "replica_reads", False)
    if flag == "list":
        actions = getattr(view_func, "actions", None) or {}
        return actions.get(method.lower()) == "list"
    return bool(flag)


class _InContext:
    """A streamed body (a CSV export) is produced after the middleware returned: read it in the request's
    context all the same."""

    def __init__(self, reads, iterable):
        self.reads, self.iterator = reads, iter(iterable)

    def __iter__(self):
        return self

    def __next__(self):
        token = _reads.set(self.reads)
        try:
            return next(self.iterator)
        finally:
            _reads.reset(token)


class ReplicaMiddleware:
    """Opens the replica-ok context for the views that declare it, keeps a browser that wrote on the primary
    for a while, and answers from the primary when a replica fails during a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reads = _Reads()
        request._replica_reads = reads
        token = _reads.set(reads)
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        wrote = reads.wrote or (request.method not in _SAFE_METHODS and response.status_code < 400)
        if wrote:
            seconds = settings.GONGHUI_REPLICA_STICKY_SECONDS
            response.set_signed_cookie(
                STICKY_COOKIE, "1", salt=_COOKIE_SALT, max_age=seconds, httponly=True, samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        generated = getattr(response, "streaming", False) and getattr(response, "file_to_stream", None) is None
        if reads.enabled and generated and reads.alias != DEFAULT_DB_ALIAS:  # a file needs no database
            response.streaming_content = _InContext(reads, response.streaming_content)
        return response

    def _sticky(self, request):
        if STICKY_COOKIE not in request.COOKIES:
            return False
        max_age = settings.GONGHUI_REPLICA_STICKY_SECONDS
        return request.get_signed_cookie(STICKY_COOKIE, default=None, salt=_COOKIE_SALT, max_age=max_age) is not None

    def process_view(self, request, view_func, view_args, view_kwargs):
        reads = getattr(request, "_replica_reads", None)
        if reads is not None and replica_ok_view(view_func, request.method) and not self._sticky(request):
            reads.enabled = True
            request._replica_view = (view_func, view_args, view_kwargs)
        return None

    def process_exception(self, request, exception):
        reads = getattr(request, "_replica_reads", None)
        if reads is None or reads.alias in (None, DEFAULT_DB_ALIAS):
            return None
        replica_failed = isinstance(exception, (OperationalError, InterfaceError)) and connections[
            reads.alias].errors_occurred
        if not replica_failed:
            return None  # not the replica's fault
        # The replica failed under this request (stopped, restarted, cut off): answer from the primary.
        mark_down(reads.alias, f"{type(exception).__name__} during a request: {_first_line(exception)}")
        reads.alias = DEFAULT_DB_ALIAS
        view_func, view_args, view_kwargs = request._replica_view
        token = _reads.set(reads)
        try:
            response = view_func(request, *view_args, **view_kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
        finally:
            _reads.reset(token)
        return response
