"""The data's *generation*: a number that every write moves on, and values kept in the cache under it.

Figures that take long to work out (a large subtree's dashboard, the workbench's counts) are kept under the
generation: they are served from the cache only while nothing at all has been written since they were worked out,
so they are never stale. Every save and delete moves it (a model signal), and so does any write made in SQL that
a figure reads (the statistics' counters call :func:`bump`). A write moves it when it is made, before its
transaction commits: a value worked out meanwhile by another request would not see it, so none is kept until the
generation has stood still for ``GONGHUI_DASHBOARD_CACHE_SETTLE_SECONDS`` (longer than a transaction of ours lasts).
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

GENERATION_KEY = "stats:data-generation"
MOVED_AT_KEY = "stats:data-generation-moved-at"
# Writes no figure reads: sign-ins (last_login, sessions, tokens, roles), the change log, job claims. Under load
# every sign-in and export wrote one, and the large dashboards were computed again every few seconds.
_SKIP_APPS = {"sessions", "accounts", "authtoken", "admin", "contenttypes"}
_SKIP_MODELS = {("core", "auditlog"), ("core", "jobclaim")}


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def bump():
    cache.set(MOVED_AT_KEY, time.time(), timeout=None)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (a cleared cache): any new value will do
        cache.set(GENERATION_KEY, 1, timeout=None)


def data_changed(**kwargs):
    """Every write moves the generation on."""
    sender = kwargs.get("sender")
    if sender is not None and (sender._meta.app_label in _SKIP_APPS
                               or (sender._meta.app_label, sender._meta.model_name) in _SKIP_MODELS):
        return
    bump()


def connect():
    post_save.connect(data_changed, dispatch_uid="stats.dashcache.save")
    post_delete.connect(data_changed, dispatch_uid="stats.dashcache.delete")


def cached(name, compute):
    """``compute()``, kept in the cache under ``name`` (with the language and the day: figures that count what is
    overdue change with the date alone) until anything is written."""
    seconds = getattr(settings, "GONGHUI_DASHBOARD_CACHE_SECONDS", 86400)
    if not seconds:
        return compute()
    key = f"gen:{generation()}:{timezone.localdate().isoformat()}:{name}:{translation.get_language()}"
    data = cache.get(key)
    if data is None:
        data = compute()
        settle = getattr(settings, "GONGHUI_DASHBOARD_CACHE_SETTLE_SECONDS", 30)
        if time.time() - (cache.get(MOVED_AT_KEY) or 0) >= settle:  # no write may still be uncommitted
            cache.set(key, data, timeout=seconds)
    return data
