"""Notices in the statistics: notices published in the period by the unions of a subtree, the reads of those notices
and the members they addressed; the read rate is reads ÷ members addressed (a ratio of the sums, never an average
of rates). Each figure opens the notices it counts."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import RatioIndicator, RecordIndicator, list_url, register, register_section

from .choices import NoticeStatus

SECTION = "communication"
PUBLISHED = Q(status__in=[NoticeStatus.PUBLISHED, NoticeStatus.WITHDRAWN])

register_section(SECTION, _("Notices and suggestions"))


def notices_url(org, period):
    return list_url("notices:notice_list", within=org.code, published_from=period.start.isoformat(),
                    published_to=period.end.isoformat())


register(RecordIndicator(
    "notices_published", _("Notices published"), unit=_("notices"), section=SECTION,
    help=_("Notices (通知公告) published in the period by the unions of the subtree."),
    model="notices.Notice", date_field="published_on", where=PUBLISHED, list_url_name="notices:notice_list",
    period_params=("published_from", "published_to")))
register(RecordIndicator(
    "notices_addressed", _("Members addressed by notices"), unit=_("person-times"), section=SECTION,
    help=_("Members holding membership in the targets of the notices published in the period, counted when "
           "each was published."),
    model="notices.Notice", date_field="published_on", where=PUBLISHED, sum_field="audience_size",
    list_url_name="notices:notice_list", period_params=("published_from", "published_to")))
register(RecordIndicator(
    "notices_reads", _("Notice reads"), unit=_("person-times"), section=SECTION,
    help=_("Members who opened the notices published in the period (one read per member and notice)."),
    model="notices.NoticeRead", org_field="notice__org", date_field="notice__published_on",
    where=Q(notice__status__in=[NoticeStatus.PUBLISHED, NoticeStatus.WITHDRAWN]), drilldown=notices_url))
register(RatioIndicator(
    "notices_read_rate", _("Notice read rate"), section=SECTION, numerator="notices_reads",
    denominator="notices_addressed", help=_("Reads ÷ members addressed, for the notices published in the period."),
    drilldown=notices_url))
