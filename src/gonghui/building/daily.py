"""The daily round of organisation building: the census flags follow the rule (employers that reached a year since
their establishment), and a union whose term ends within 90 days is reminded once (its term's ``reminded_on``)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.notify import notify_org
from gonghui.orgs.services import refresh_census

from .selectors import REMIND_DAYS, ending_terms


def run(now=None) -> dict:
    today = timezone.localdate(now) if now else timezone.localdate()
    areas = refresh_census(today)
    reminded = 0
    for term in ending_terms(today, REMIND_DAYS).filter(reminded_on__isnull=True).select_related("org"):
        with transaction.atomic():
            if type(term).objects.filter(pk=term.pk, reminded_on__isnull=True).update(reminded_on=today):
                overdue = term.ends_on < today
                subject = (_("The term of %(org)s has ended: hold the election") if overdue
                           else _("The term of %(org)s ends on %(day)s: prepare the election")) % {
                    "org": term.org.name, "day": term.ends_on.isoformat()}
                notify_org(term.org, subject, _("Open an election under Organisation building → Elections: "
                                                "propose the candidates and submit them to the level above."))
                reminded += 1
    return {"census_areas_recounted": areas, "term_reminders": reminded}

