"""The daily round of honours: the yearly census reminder (each union once a year, for its model workers not yet
confirmed), from the census month on."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.notify import notify_org

from . import selectors
from .models import ModelWorker

DEFAULT_CENSUS_MONTH = 3


def run(now=None):
    today = timezone.localdate(now) if now is not None else timezone.localdate()
    if today.month < int(getattr(settings, "GONGHUI_HONOUR_CENSUS_MONTH", DEFAULT_CENSUS_MONTH)):
        return {"census_reminders": 0}
    year = today.year
    due = selectors.census_due(ModelWorker.objects.all(), year).exclude(census_reminded_for=year)
    by_org = {}
    for worker in due.select_related("org"):
        by_org.setdefault(worker.org, []).append(worker.pk)
    for org, pks in by_org.items():
        notify_org(org, _("Model-worker census %(year)d") % {"year": year},
                   _("%(n)d model worker(s) of your union are not yet confirmed in the census of %(year)d.")
                   % {"n": len(pks), "year": year})
        ModelWorker.objects.filter(pk__in=pks).update(census_reminded_for=year)
    return {"census_reminders": len(by_org)}
