"""The dashboard of a large subtree, kept in the cache until the data changes.

A province's dashboard folds a hundred and more figures, some of them grouped over every employer of the province
(cases, agreements, congresses...): seconds, where the counters give the member figures in milliseconds. Its
figures are kept in the cache under the data's *generation*, a number that every write moves on (a record saved
or deleted, the counters written): a dashboard is served from the cache only while nothing at all has been written
since it was computed, so it is never stale. A write moves it when it is made, before its transaction commits:
a dashboard computed meanwhile by another request would not see it, so none is kept until the generation has
stood still for ``GONGHUI_DASHBOARD_CACHE_SETTLE_SECONDS`` (longer than a transaction of ours lasts). Small
subtrees (under ``GONGHUI_DASHBOARD_CACHE_MIN_ORGS`` organisations: a township is a few hundred) are computed every
time.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import translation

from .models import NO_DAY, OrgCounter

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


def _size(org):
    """Live organisations in the subtree, from its counter (one row)."""
    return (OrgCounter.objects.filter(org=org, key="o.count", day=NO_DAY).values_list("total", flat=True).first()
            or 0)


def cached(org, period, compute):
    """``compute(org, period)``, from the cache when the subtree is large and nothing was written since."""
    seconds = getattr(settings, "GONGHUI_DASHBOARD_CACHE_SECONDS", 600)
    if not seconds or _size(org) < getattr(settings, "GONGHUI_DASHBOARD_CACHE_MIN_ORGS", 100):
        return compute(org, period)
    key = f"stats:dashboard:{generation()}:{org.pk}:{period.token}:{translation.get_language()}"
    data = cache.get(key)
    if data is None:
        data = compute(org, period)
        settle = getattr(settings, "GONGHUI_DASHBOARD_CACHE_SETTLE_SECONDS", 30)
        if time.time() - (cache.get(MOVED_AT_KEY) or 0) >= settle:  # no write may still be uncommitted
            cache.set(key, data, timeout=seconds)
    return data
