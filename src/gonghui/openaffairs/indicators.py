"""Open-affairs figures for dashboards, targets and the annual report (section "open_affairs").

- 建制率 (establishment rate): employers with the system established ÷ employers that should have it. Those that
  should are the employers with a union (the seeds: "已建立工会组织的...厂务公开制度建制率"); both are counted at
  the covering union, from the employer records, and split public / non-public sector by ownership.
- Disclosure rate: postings made on time (by the end of their period) ÷ postings due, over the periods that end
  in the dashboard's period; overdue postings: periods ended unposted.
- Open problems (now) and inspections held (in the period).

Every figure is a ``RecordIndicator``: one grouped query, its recount and the list it opens.
"""

import dataclasses

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.stats.registry import RatioIndicator, RecordIndicator, list_url, register, register_section

from .choices import PUBLIC_OWNERSHIPS, PostingStatus, ProblemStatus

register_section("open_affairs", _("Open affairs"))

UNITS = pgettext_lazy("figure", "employers")
POSTINGS = _("postings")

HAS_UNION = Q(union__isnull=False)
ESTABLISHED = Q(open_affairs__established=True)
SECTORS = (
    ("", Q(), {}),
    ("_public", Q(ownership__in=PUBLIC_OWNERSHIPS), {"sector": "public"}),
    ("_non_public", ~Q(ownership__in=PUBLIC_OWNERSHIPS), {"sector": "non_public"}),
)
SECTOR_NAMES = {
    "": (_("Employers that should have open affairs"), _("Employers with open affairs established"),
         _("Open-affairs establishment rate (建制率)")),
    "_public": (_("Public-sector employers that should have open affairs"),
                _("Public-sector employers with open affairs established"),
                _("Open-affairs establishment rate, public sector")),
    "_non_public": (_("Non-public employers that should have open affairs"),
                    _("Non-public employers with open affairs established"),
                    _("Open-affairs establishment rate, non-public sector")),
}

for suffix, where, params in SECTORS:
    required, established, rate = SECTOR_NAMES[suffix]
    register(RecordIndicator(
        f"openaffairs_required{suffix}", required, unit=UNITS, section="open_affairs", model="orgs.EmployerUnit",
        org_field="union", where=HAS_UNION & where, list_url_name="openaffairs:employer_list", list_params=params,
        help=_("Employers with a union, counted at their covering union.")))
    register(RecordIndicator(
        f"openaffairs_established{suffix}", established, unit=UNITS, section="open_affairs",
        model="orgs.EmployerUnit", org_field="union", where=HAS_UNION & ESTABLISHED & where,
        list_url_name="openaffairs:employer_list", list_params={**params, "established": "yes"}))
    register(RatioIndicator(
        f"openaffairs_rate{suffix}", rate, section="open_affairs", numerator=f"openaffairs_established{suffix}",
        denominator=f"openaffairs_required{suffix}", target=not suffix,
        lists=lambda v, s=suffix: v[f"openaffairs_required{s}"] - v[f"openaffairs_established{s}"],
        help=_("Employers with the open-affairs system established ÷ employers with a union."),
        drilldown=lambda org, p, params=params: _employers(org, established="no", **params)))


def _employers(org, **params):
    return list_url("openaffairs:employer_list", within=org.code, **params)


@dataclasses.dataclass(eq=False)
class _EndedIndicator(RecordIndicator):
    """Postings whose period ended before today (the records of ``where`` by their period's end)."""

    def records(self, period):
        return super().records(period).filter(period_end__lt=timezone.localdate())


DUE = {"period_params": ("due_from", "due_to")}
register(RecordIndicator(
    "openaffairs_postings_due", _("Open-affairs postings due"), unit=POSTINGS, section="open_affairs",
    model="openaffairs.Posting", date_field="period_end", list_url_name="openaffairs:posting_list",
    help=_("Postings of catalogue items whose period ends in the period."), **DUE))
register(RecordIndicator(
    "openaffairs_postings_on_time", _("Open-affairs postings made on time"), unit=POSTINGS, section="open_affairs",
    model="openaffairs.Posting", date_field="period_end",
    where=Q(status=PostingStatus.POSTED, posted_on__lte=F("period_end")), list_url_name="openaffairs:posting_list",
    list_params={"on_time": "yes"}, **DUE))
register(RatioIndicator(
    "openaffairs_disclosure_rate", _("Disclosure rate"), section="open_affairs",
    numerator="openaffairs_postings_on_time", denominator="openaffairs_postings_due", target=True,
    help=_("Postings made by the end of their period ÷ postings due in the period."),
    drilldown=lambda org, p: _postings(org, p, on_time="no")))
register(_EndedIndicator(
    "openaffairs_postings_overdue", _("Open-affairs postings overdue"), unit=POSTINGS, section="open_affairs",
    model="openaffairs.Posting", date_field="period_end", where=Q(status=PostingStatus.DUE),
    list_url_name="openaffairs:posting_list", list_params={"overdue": "yes"}, higher_is_better=False,
    help=_("Periods that ended in the period without a posting."), **DUE))
register(RecordIndicator(
    "openaffairs_problems_open", _("Open-affairs problems open"), unit=_("problems"), section="open_affairs",
    model="openaffairs.Problem", where=Q(status=ProblemStatus.OPEN), list_url_name="openaffairs:problem_list",
    list_params={"status": "open"}, higher_is_better=False,
    help=_("Problems found by inspections and not yet rectified.")))
register(RecordIndicator(
    "openaffairs_inspections", _("Open-affairs inspections held"), unit=_("inspections"), section="open_affairs",
    model="openaffairs.Inspection", date_field="inspected_on", list_url_name="openaffairs:inspection_list",
    target=True))


def _postings(org, period, **params):
    return list_url("openaffairs:posting_list", within=org.code, due_from=period.start.isoformat(),
                    due_to=period.end.isoformat(), **params)
